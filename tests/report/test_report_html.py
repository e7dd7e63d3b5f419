"""The HTML report of a run: what it says, and what it never lets through."""

from __future__ import annotations

import copy
import json
import os
import shutil
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from PIL import Image

from harness.report.html import render_html, write_html_report
from harness.report.images import make_images
from harness.report.views import action_phrase, safe_relative_href
from tests.conftest import ROOT

FIXTURE = ROOT / "tests" / "fixtures" / "sample_run"
HOSTILE = "<script>alert(1)</script>"


class Page(HTMLParser):
    """The parts of a page the tests look at: text in reading order, tags and attributes."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.texts: list[str] = []
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self._in_style = False
        self.feed(html)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        self._in_style = tag == "style"

    def handle_endtag(self, tag: str) -> None:
        self._in_style = False

    def handle_data(self, data: str) -> None:
        if data.strip() and not self._in_style:
            self.texts.append(" ".join(data.split()))

    @property
    def text(self) -> str:
        return " ".join(self.texts)

    def attrs(self, tag: str, name: str) -> list[str]:
        return [a[name] or "" for t, a in self.tags if t == tag and name in a]


def load_record() -> dict[str, Any]:
    record: dict[str, Any] = json.loads((FIXTURE / "run.json").read_text(encoding="utf-8"))
    return record


@pytest.fixture(scope="session")
def sample_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample run with a real PNG per screenshot path and its images made, built once."""
    target = tmp_path_factory.mktemp("sample") / "20261122-084512-3f9a"
    shutil.copytree(FIXTURE, target)
    for result in load_record()["results"]:
        for step in result["steps"]:
            for shot in (step["screenshot"], step.get("action_screenshot")):
                if shot and safe_relative_href(shot):
                    path = target / shot
                    path.parent.mkdir(parents=True, exist_ok=True)
                    Image.new("RGB", (1280, 800), (240, 240, 245)).save(path)
    make_images(target, load_record())
    return target


@pytest.fixture
def run_dir(sample_dir: Path, tmp_path: Path) -> Path:
    """A fresh copy of the sample run directory (times kept, so its images stay current)."""
    target = tmp_path / sample_dir.name
    shutil.copytree(sample_dir, target)
    return target


@pytest.fixture
def page(run_dir: Path) -> Page:
    index = write_html_report(run_dir, load_record())
    return Page(index.read_text(encoding="utf-8"))


def test_the_report_is_written_as_index_html_in_the_run_directory(run_dir: Path) -> None:
    index = write_html_report(run_dir, load_record())

    assert index == run_dir / "index.html"
    assert index.read_text(encoding="utf-8").startswith("<!doctype html>")


def test_the_verdict_comes_first_and_counts_what_matters(page: Page) -> None:
    text = page.text
    assert "1 of 2 scenarios completed" in text
    assert "1 dead end · 1 slow step" in text
    assert text.index("1 of 2 scenarios completed") < text.index("Sign up and create a first")
    assert "Incomplete run" not in text


def test_the_header_names_the_run_and_where_it_ran(page: Page) -> None:
    text = page.text
    for expected in (
        "shoshin",
        "first-run report",
        "20261122-084512-3f9a",
        "22 Nov 2026, 08:45 UTC",
        "http://127.0.0.1:43121",
        "chromium 156.0.8078.73",
        "1280 × 800",
    ):
        assert expected in text


def test_every_scenario_has_its_section_with_persona_and_file(page: Page) -> None:
    text = page.text
    assert "Sign up and create a first project" in text
    assert "Invite a teammate" in text
    assert "A team lead who has never heard of Pebble" in text
    assert "scenarios/02-invite.yaml" in text
    ids = page.attrs("section", "id")
    assert ids == ["scenario-1", "scenario-2"]


def test_steps_read_as_intent_actions_expectation_and_time(page: Page) -> None:
    text = page.text
    assert "Find out how to start" in text
    assert "click “Get started”" in text
    assert "fill “Work email” with “newcomer+20261122-084512-3f9a@example.com”" in text
    assert "fill “Password” with “••••••”" in text
    assert "text: Create your account" in text
    assert "0.3 s of 10 s patience" in text
    assert "3.4 s of 15 s patience · budget 2 s" in text
    assert "tenant" in page.texts and "RBAC" in page.texts


def test_outcomes_are_told_in_words_not_only_colour(page: Page) -> None:
    for word in ("Passed", "Slow", "Dead end", "Skipped", "Completed"):
        assert word in page.texts


def test_a_dead_end_says_what_was_looked_for_and_what_was_seen_instead(page: Page) -> None:
    texts = page.texts
    assert "Couldn't find it" in texts
    assert "The newcomer looked for “Continue” for 8 s and did not find it." in texts
    at = texts.index("Saw instead:")
    assert texts[at + 1 : at + 4] == ["Skip for now", "Send invites", HOSTILE]
    assert texts[at - 2 : at] == ["Looked for:", "“Continue”"]
    errors_at = texts.index("Errors on screen:")
    assert texts[errors_at + 1] == "Password must be at least 8 characters."


def test_console_errors_and_failed_requests_are_listed(page: Page) -> None:
    assert "Console errors" in page.texts
    assert "GET http://127.0.0.1:43121/api/avatar → 404" in page.texts
    assert "POST http://127.0.0.1:43121/api/team → 500" in page.texts


def test_text_from_the_product_is_escaped_never_run(run_dir: Path) -> None:
    html = (write_html_report(run_dir, load_record())).read_text(encoding="utf-8")

    assert "<script" not in html.lower()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    page = Page(html)
    assert not [tag for tag, _ in page.tags if tag in ("script", "iframe", "object", "embed")]
    assert f"{HOSTILE} Create your account · Pebble" in page.texts
    assert f"Uncaught TypeError: {HOSTILE} is not a function" in page.texts


def test_a_hostile_screenshot_path_is_never_linked(page: Page) -> None:
    sources = page.attrs("img", "src")
    links = [h for h in page.attrs("a", "href") if not h.startswith("#")]

    assert sources and links
    assert all(src.startswith("screenshots/") for src in sources)
    assert all(href.startswith("screenshots/") for href in links)
    every_value = [v or "" for _, attrs in page.tags for v in attrs.values()]
    assert not any("javascript:" in v.lower() for v in every_value)
    assert "Screenshot not shown: its recorded path does not stay inside the run directory." in (
        page.texts
    )


def test_the_page_needs_nothing_from_outside_the_run_directory(page: Page) -> None:
    assert not [tag for tag, _ in page.tags if tag == "link"]
    urls = page.attrs("img", "src") + page.attrs("a", "href")
    assert not [u for u in urls if "//" in u or ":" in u]


def test_a_running_record_says_the_run_is_incomplete(run_dir: Path) -> None:
    record = load_record()
    record["status"] = "running"
    record["finished_at"] = None

    page = Page(write_html_report(run_dir, record).read_text(encoding="utf-8"))

    assert "Incomplete run (running)." in page.texts
    assert any("still in progress" in t for t in page.texts)


@pytest.mark.parametrize(
    ("status", "said"), [("interrupted", "1 stopped mid-walk"), ("running", "1 still running")]
)
def test_a_scenario_cut_short_is_told_as_stopped_when_the_run_was(status: str, said: str) -> None:
    record = load_record()
    record["status"] = status
    record["results"] = record["results"][:1]
    record["results"][0]["outcome"] = "running"

    verdict = next(t for t in Page(render_html(record)).texts if "friction point" in t)

    assert verdict.endswith(said)


def test_an_all_green_run_has_a_green_verdict() -> None:
    record = load_record()
    record["results"] = record["results"][:1]
    record["results"][0]["steps"][1]["outcome"] = "passed"

    page = Page(render_html(record))

    assert "1 of 1 scenario completed" in page.texts
    assert "no dead ends · 2 friction points" in page.texts
    verdict = next(a.get("class") or "" for t, a in page.tags if t == "section")
    assert "tone-good" in verdict


def test_rendering_is_a_pure_function_of_the_record() -> None:
    record = load_record()
    untouched = copy.deepcopy(record)

    assert render_html(record) == render_html(record)
    assert record == untouched


def test_a_partial_record_still_renders() -> None:
    html = render_html({"schema_version": 1, "run_id": "r1", "status": "running", "results": []})

    assert "No scenarios ran" in Page(html).texts


def test_the_write_is_atomic_and_leaves_no_temporary_files(run_dir: Path) -> None:
    write_html_report(run_dir, load_record())
    write_html_report(run_dir, load_record())

    assert sorted(p.name for p in run_dir.iterdir()) == ["index.html", "run.json", "screenshots"]


def test_a_failed_write_keeps_the_previous_report_and_no_temporary_file(
    run_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    index = run_dir / "index.html"
    index.write_text("previous", encoding="utf-8")

    def refuse(src: str, dst: str) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", refuse)
    with pytest.raises(OSError, match="disk full"):
        write_html_report(run_dir, load_record())

    assert index.read_text(encoding="utf-8") == "previous"
    assert sorted(p.name for p in run_dir.iterdir()) == ["index.html", "run.json", "screenshots"]


@pytest.mark.parametrize(
    "path",
    [
        "javascript:alert(1)",
        "JavaScript:alert(1)",
        " javascript:alert(1)",
        "java\nscript:alert(1)",
        "data:image/png;base64,AAAA",
        "https://evil.example/x.png",
        "//evil.example/x.png",
        "/etc/passwd",
        "../outside.png",
        "screenshots/../../outside.png",
        "screenshots/./x.png",
        "screenshots//x.png",
        "C:\\shots\\x.png",
        "screenshots\\x.png",
        "",
    ],
)
def test_unsafe_screenshot_paths_are_refused(path: str) -> None:
    assert safe_relative_href(path) is None


def test_safe_screenshot_paths_are_quoted_for_use_as_urls() -> None:
    assert safe_relative_href("screenshots/01/step-01.png") == "screenshots/01/step-01.png"
    assert safe_relative_href("screenshots/a b#1.png") == "screenshots/a%20b%231.png"


@pytest.mark.parametrize(
    ("action", "words"),
    [
        ({"kind": "click", "target": "Get started", "value": None}, "click “Get started”"),
        ({"kind": "fill", "target": "Email", "value": "a@b.c"}, "fill “Email” with “a@b.c”"),
        ({"kind": "select", "target": "Plan", "value": "Team"}, "choose “Team” in “Plan”"),
        ({"kind": "check", "target": "I agree", "value": None}, "tick “I agree”"),
        ({"kind": "press", "target": None, "value": "Enter"}, "press “Enter”"),
        ({"kind": "visit", "target": "/start", "value": None}, "go to “/start”"),
        ({"kind": "scroll", "target": None, "value": None}, "scroll"),
    ],
)
def test_actions_are_told_in_plain_words(action: dict[str, Any], words: str) -> None:
    phrase = action_phrase(action)
    told = " ".join(f"“{text}”" if quoted else text for text, quoted in phrase.parts)
    assert told == words


def test_an_unknown_outcome_is_shown_but_never_becomes_markup() -> None:
    record = load_record()
    record["results"][0]["steps"][0]["outcome"] = 'x" onmouseover="alert(1)'

    page = Page(render_html(record))

    classes = [a.get("class") or "" for _, a in page.tags]
    assert not [c for c in classes if "alert" in c or "onmouseover" in c]
    assert not [a for _, a in page.tags if "onmouseover" in a]


# ---------------------------------------------------------------- images, timeline, signals


def urls(page: Page) -> list[str]:
    """Every address the page would load or follow."""
    found = page.attrs("img", "src") + page.attrs("a", "href") + page.attrs("link", "href")
    return found + page.attrs("source", "srcset") + page.attrs("image", "href")


def test_cards_show_thumbnails_that_enlarge_to_the_outlined_screenshot(page: Page) -> None:
    cards = page.attrs("img", "src")
    assert "screenshots/02-invite/step-02.thumb.jpg" in cards
    assert "screenshots/02-invite/step-02.annotated.png" in cards  # the enlarged view
    assert "#s2-step-2-after" in page.attrs("a", "href")
    assert "s2-step-2-after" in page.attrs("div", "id")
    assert "looked for “Continue” — nearest: “Skip for now”" in page.texts
    # The untouched screenshot stays one click away.
    assert "screenshots/02-invite/step-02.png" in page.attrs("a", "href")


def test_where_they_clicked_is_shown_beside_the_screen_after(page: Page) -> None:
    assert "screenshots/01-first-project/step-02.before.action.thumb.jpg" in page.attrs(
        "img", "src"
    )
    assert "Where they clicked: “Create account”" in page.texts


def test_the_derived_images_exist_beside_the_originals(run_dir: Path) -> None:
    write_html_report(run_dir, load_record())

    shots = run_dir / "screenshots"
    for name in (
        "01-first-project/step-01.thumb.jpg",
        "01-first-project/step-02.before.action.jpg",
        "01-first-project/step-03.annotated.png",
        "01-first-project/filmstrip.png",
        "02-invite/step-02.annotated.png",
        "02-invite/filmstrip.png",
    ):
        assert (shots / name).is_file(), name
    assert not [p for p in run_dir.rglob("*") if p.name.startswith(".")]


def test_the_filmstrip_can_be_downloaded(page: Page) -> None:
    downloads = [a.get("href") for t, a in page.tags if t == "a" and "download" in a]
    assert downloads == [
        "screenshots/01-first-project/filmstrip.png",
        "screenshots/02-invite/filmstrip.png",
    ]
    assert "Download filmstrip (PNG)" in page.texts


def test_the_timeline_draws_a_bar_per_step_against_its_patience(run_dir: Path) -> None:
    html = write_html_report(run_dir, load_record()).read_text(encoding="utf-8")
    page = Page(html)

    assert [a.get("class") for t, a in page.tags if t == "svg" and "role" in a] == ["tl", "tl"]
    classes = [a.get("class") or "" for t, a in page.tags if t == "rect"]
    assert classes.count("tl-track") == 7  # every step
    assert classes.count("tl-bar") == 5  # every step walked
    widths = [a.get("width") for t, a in page.tags if t == "rect" and a.get("class") == "tl-bar"]
    assert widths[1] == "22.8%"  # 3.4 s on a 15 s scale
    assert "Step 2: Create an account — 3.4 s of 15 s patience, budget 2 s" in page.texts
    assert "not reached" in page.texts
    assert [a.get("href") for t, a in page.tags if t == "a" and "tl-row" in (a.get("class") or "")][
        :2
    ] == ["#s1-step-1", "#s1-step-2"]


def test_timeline_text_from_the_record_is_escaped() -> None:
    record = load_record()
    record["results"][0]["steps"][0]["intent"] = HOSTILE + ' & "quotes"'

    html = render_html(record)

    assert "<script" not in html.lower()
    page = Page(html)
    assert f'{HOSTILE} & "quotes"' in page.texts
    assert f'Step 1: {HOSTILE} & "quotes" — 0.3 s of 10 s patience' in page.texts


def test_flagged_signals_say_why_and_the_rest_stay_quiet(page: Page) -> None:
    text = page.text
    for line in (
        "flagged Reading load : 35 s to read (over 30 s)",
        "flagged Hard to read : reading grade 9.4 (over 8)",
        "flagged Jargon : 2 words from the team's jargon list",
        "flagged Unexplained acronyms : 2 acronyms not spelled out",
        "flagged Vague labels : “Click here”, “Submit”",
        "flagged Competing actions : 3 primary actions in view (over 2)",
        "flagged Interaction cost : 10 clicks and fields in one step (over 6)",
    ):
        assert line in text
    # The record's jargon holds the rare words too: each is shown once, where it belongs.
    assert "Jargon tenant provision Rare words ephemeral Acronyms SSO RBAC" in text
    assert "Asked of them 1 click 2 fields filled 2 required 1 page" in text
    # A step with nothing over threshold has its figures, quietly, and no flag.
    assert "Pebble http://127.0.0.1:43121/signup 64 words 16 s to read grade 7.2 ⤢" in text
    assert text.count("flagged") == 7


def test_friction_is_told_in_amber_and_page_errors_and_dialogs_are_listed(page: Page) -> None:
    boxes = [
        a.get("class") for t, a in page.tags if t == "div" and "deadend" in (a.get("class") or "")
    ]
    assert boxes == ["deadend is-friction", "deadend is-friction", "deadend"]
    texts = page.texts
    assert "A dialog got in the way" in texts
    assert "Several things matched" in texts
    for label, item in (
        ("Page errors", "ReferenceError: analytics is not defined"),
        ("Dialogs", "alert: Welcome <b>aboard</b>"),
    ):
        assert texts[texts.index(label) + 1] == item


def test_older_records_without_the_new_fields_still_render() -> None:
    record = load_record()
    for result in record["results"]:
        for step in result["steps"]:
            for key in ("friction", "action_screenshot", "action_box", "cost", "page_errors"):
                step.pop(key, None)
            if step["dead_end"]:
                step["dead_end"].pop("box", None)
            if step["text"]:
                old = ("words", "reading_seconds", "grade", "jargon", "acronyms")
                step["text"] = {k: v for k, v in step["text"].items() if k in old}

    page = Page(render_html(record))

    assert "Couldn't find it" in page.texts
    assert "flagged" not in page.texts
    assert "Asked of them" not in page.texts
    assert "Time against patience" in page.texts


def test_a_self_contained_report_points_at_nothing_but_itself(run_dir: Path) -> None:
    written = write_html_report(run_dir, load_record(), self_contained=True)

    assert written == run_dir / "report.html"
    assert (run_dir / "index.html").is_file()
    page = Page(written.read_text(encoding="utf-8"))
    addresses = urls(page)
    assert addresses
    assert all(u.startswith(("data:image/", "#")) for u in addresses), [
        u[:40] for u in addresses if not u.startswith(("data:image/", "#"))
    ]
    embedded = [u for u in page.attrs("img", "src") if u.startswith("data:image/")]
    assert len(embedded) >= 10
    assert all(u.startswith("data:image/") for u in page.attrs("a", "href") if "download" in u)
    every_value = [v or "" for _, attrs in page.tags for v in attrs.values()]
    assert not any("screenshots/" in v for v in every_value)
    # Withheld and same-as-before screenshots are still explained, in words.
    assert "Screenshot not shown: its recorded path does not stay inside the run directory." in (
        page.texts
    )


def test_a_self_contained_report_leaves_out_what_it_cannot_embed(run_dir: Path) -> None:
    (run_dir / "screenshots/02-invite/step-01.png").write_bytes(b"not an image")
    for made in (run_dir / "screenshots/02-invite").glob("step-01.*.jpg"):
        made.unlink()

    page = Page(
        write_html_report(run_dir, load_record(), self_contained=True).read_text(encoding="utf-8")
    )

    assert "Screenshot missing or unreadable." in page.texts
    assert all(u.startswith(("data:image/", "#")) for u in urls(page))


def test_the_images_given_to_the_page_are_the_only_ones_it_embeds(run_dir: Path) -> None:
    record = load_record()
    images = make_images(run_dir, record)

    html = render_html(record, images, inline={})

    page = Page(html)
    assert page.attrs("img", "src") == []
    assert "Screenshot missing or unreadable." in page.texts


def test_the_report_says_which_conditions_the_run_had() -> None:
    from harness.report.html import render_html

    record = {
        "run_id": "r",
        "status": "finished",
        "conditions": {
            "device": "iPhone 13",
            "locale": "de-DE",
            "timezone": None,
            "network": "slow-3g",
            "network_detail": "2 s latency, 400 kbit/s each way",
            "repeat": 3,
        },
        "results": [
            {"scenario": "S", "outcome": "completed", "trace": "traces/01-s.zip",
             "repeats": [{}, {}, {}], "steps": []},
        ],
    }  # fmt: skip
    html = render_html(record)
    assert "<dt>Device</dt><dd>iPhone 13</dd>" in html
    assert "<dt>Language</dt><dd>de-DE</dd>" in html and "Time zone" not in html
    assert "<dt>Network</dt><dd>slow-3g (2 s latency, 400 kbit/s each way)</dd>" in html
    assert "<dt>Walks</dt><dd>each scenario 3 times</dd>" in html
    assert '<a href="traces/01-s.zip">Playwright trace</a>' in html
    assert "walked 3 times" in html
