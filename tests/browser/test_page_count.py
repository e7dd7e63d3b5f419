"""Pages are the screens a newcomer sees: a chain of redirects, HTTP or client-side, is one."""

from __future__ import annotations

import http.server
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from harness.browser.launch import BrowserChoice
from tests.conftest import Walker, fixture_pages, serve_on_loopback

pytestmark = pytest.mark.browser

# Two HTTP redirects before the client-side ones of the fixture pages.
HOPS = {"/go/start": "/go/hop", "/go/hop": "/screen-redirect-script.html"}


class _RedirectingHandler(http.server.SimpleHTTPRequestHandler):
    def do_GET(self) -> None:
        if self.path in HOPS:
            self.send_response(302)
            self.send_header("Location", HOPS[self.path])
            self.end_headers()
            return
        super().do_GET()

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def redirecting_server() -> Iterator[str]:
    with serve_on_loopback(fixture_pages(_RedirectingHandler)) as url:
        yield url


def pages_of(data: dict[str, Any]) -> list[int]:
    steps = data["results"][0]["steps"]
    assert [s["outcome"] for s in steps] == ["passed"] * len(steps), steps
    return [s["cost"]["pages_visited"] for s in steps]


def test_a_redirect_chain_is_one_page_and_each_screen_counts_once(
    redirecting_server: str, browser_choice: BrowserChoice, tmp_path: Path
) -> None:
    _, _, data = Walker(redirecting_server, browser_choice, tmp_path).yaml(
        """
        name: Redirects
        start: /go/start
        steps:
          - intent: Arrive through two HTTP redirects, a script and a meta refresh
            expect: Welcome aboard
          - intent: A button whose script opens the tour, which redirects once more
            click: Take the tour
            expect: The tour
          - intent: A plain link back
            click: Back to the start
            expect: Welcome aboard
          - intent: A route change inside the page
            click: Open the tour here
            expect: Your tour
          - intent: A link into a redirect
            click: Read the guide
            expect: The tour
        """
    )
    assert pages_of(data) == [1, 1, 1, 1, 1]
