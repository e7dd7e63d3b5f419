"""Scenario paths are relative to `--base-url`, also when the product lives under a path."""

from __future__ import annotations

import http.server
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from harness.browser.launch import BrowserChoice
from harness.scenario.urls import base_folder, resolve, url_matches
from tests.conftest import Walker, serve_on_loopback

SEGMENT = st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789-_.~", min_size=1, max_size=8)
SEGMENTS = st.lists(SEGMENT.filter(lambda s: s not in (".", "..")), max_size=3)
ORIGIN = "http://h:3000"


@pytest.mark.parametrize("base", ["http://h:3000/app/", "http://h:3000/app"])
@pytest.mark.parametrize(
    ("path", "url"),
    [
        ("/", "http://h:3000/app/"),
        ("", "http://h:3000/app/"),
        ("/signup", "http://h:3000/app/signup"),
        ("signup", "http://h:3000/app/signup"),
        ("/signup?plan=free#top", "http://h:3000/app/signup?plan=free#top"),
        ("/a/b/", "http://h:3000/app/a/b/"),
        ("https://elsewhere.test/x", "https://elsewhere.test/x"),
        ("//cdn.test/x", "http://cdn.test/x"),
    ],
)
def test_paths_go_below_the_base_url_with_or_without_its_slash(
    base: str, path: str, url: str
) -> None:
    assert resolve(base, path) == url


@pytest.mark.parametrize("base", ["http://h:3000", "http://h:3000/"])
def test_at_the_root_a_path_goes_where_it_always_did(base: str) -> None:
    assert resolve(base, "/") == "http://h:3000/"
    assert resolve(base, "/signup") == "http://h:3000/signup"


def test_the_base_urls_query_and_fragment_are_not_part_of_its_folder() -> None:
    assert base_folder("http://h/app?x=1#y") == "http://h/app/"
    assert resolve("http://h/app?x=1", "/signup") == "http://h/app/signup"


@given(base=SEGMENTS, path=SEGMENTS, slash=st.booleans())
def test_every_path_lands_below_the_base_and_matches_itself(
    base: list[str], path: list[str], slash: bool
) -> None:
    prefix = "".join(f"/{s}" for s in base)
    base_url = ORIGIN + prefix + ("/" if slash or not prefix else "")
    written = "/" + "/".join(path)
    url = resolve(base_url, written)
    assert url == ORIGIN + prefix + written
    assert url_matches(url, written, base_url)
    assert url_matches(url, written.lstrip("/") or "/", base_url)


@given(base=SEGMENTS.filter(bool), path=SEGMENTS)
def test_a_page_outside_the_base_path_does_not_meet_a_path_expectation(
    base: list[str], path: list[str]
) -> None:
    base_url = ORIGIN + "".join(f"/{s}" for s in base) + "/"
    written = "/" + "/".join(path)
    assert not url_matches(ORIGIN + written, written, base_url)


@given(
    scheme=st.sampled_from(["http", "https"]),
    host=SEGMENT,
    path=SEGMENTS,
    base=SEGMENTS,
)
def test_a_full_url_is_used_as_written(
    scheme: str, host: str, path: list[str], base: list[str]
) -> None:
    url = f"{scheme}://{host}.test/" + "/".join(path)
    assert resolve(ORIGIN + "".join(f"/{s}" for s in base), url) == url


@pytest.mark.parametrize(
    ("url", "expected", "matches"),
    [
        ("http://h/app/done", "/done", True),
        ("http://h/app/done/", "/done", True),
        ("http://h/app/done?x=1", "/done?x=*", True),
        ("http://h/app/projects/7", "/projects/*", True),
        ("http://h/app/", "/", True),
        ("http://h/app", "/", True),
        ("http://h/done", "/done", False),  # the base path dropped: not the product's page
        ("http://h/projects/7", "/projects/*", False),
        ("http://h/app/done", "done", True),
        ("http://h/app/done", "*/done", True),
        ("http://h/app/done", "http://h/app/done", True),
    ],
)
def test_url_expectations_below_a_base_path(url: str, expected: str, matches: bool) -> None:
    assert url_matches(url, expected, "http://h/app") is matches


def test_glob_characters_in_the_base_path_are_taken_literally() -> None:
    assert url_matches("http://h/[x]/done", "/done", "http://h/[x]/")
    assert not url_matches("http://h/x/done", "/done", "http://h/[x]/")


# --- end to end: a product served under /app/ only -------------------------------------

PAGES = {
    "/app/": "<title>Home</title><h1>Pebble</h1><a href='signup'>Sign up</a>",
    "/app/signup": (
        "<title>Sign up</title><form action='/app/done'>"
        "<label for=e>Email</label><input id=e name=email><button>Create account</button>"
        "</form>"
    ),
    "/app/done": "<title>Done</title><p>Welcome aboard</p>",
    "/app/pricing": "<title>Pricing</title><p>Free for teams</p>",
}


class _UnderApp(http.server.BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        path = self.path.split("?")[0]
        if path == "/app":
            self.send_response(301)
            self.send_header("Location", "/app/")
            self.end_headers()
            return
        body = PAGES.get(path)
        self.send_response(200 if body else 404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.end_headers()
        self.wfile.write((body or "<title>Not found</title>").encode())

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def under_app() -> Iterator[str]:
    with serve_on_loopback(_UnderApp) as url:
        yield url


SCENARIO = """
name: Signing up under /app/
start: /
patience: 30  # passes even on a loaded machine
steps:
  - intent: Find where to sign up
    click: Sign up
    expect: { url: /signup }
  - intent: Make an account
    fill: { Email: ada@example.com }
    click: Create account
    expect: [{ url: /done }, Welcome aboard]
  - intent: See what it costs
    visit: /pricing
    expect: Free for teams
"""


@pytest.mark.browser
@pytest.mark.parametrize("suffix", ["/app/", "/app"])
def test_a_product_under_a_path_is_walked_below_it(
    under_app: str, suffix: str, browser_choice: BrowserChoice, tmp_path: Path
) -> None:
    record, _, _ = Walker(under_app + suffix, browser_choice, tmp_path).yaml(SCENARIO)
    (scenario,) = record.results
    assert [(s.outcome, s.dead_end) for s in scenario.steps] == [("passed", None)] * 3
    assert [s.url for s in scenario.steps] == [
        f"{under_app}/app/signup",
        f"{under_app}/app/done?email=ada%40example.com",
        f"{under_app}/app/pricing",
    ]
