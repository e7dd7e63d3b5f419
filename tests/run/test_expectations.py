"""Expectations read the screen honestly: what they prove, what they cannot see, and what
counts against a step's patience. Real Chromium, purpose-built pages (expect-*.html)."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from harness.browser.launch import BrowserChoice
from tests.conftest import ROOT, Walker, _QuietHandler, fixture_pages, serve_on_loopback

pytestmark = pytest.mark.browser


def walked(data: dict[str, Any]) -> tuple[str, list[dict[str, Any]]]:
    result = data["results"][0]
    return result["outcome"], result["steps"]


# --- what a text expectation proves -------------------------------------------------------


def test_a_digit_on_a_page_that_failed_is_not_the_answer(pages_walker: Walker) -> None:
    """“2” is on screen as “Cell 2/2” and “In [2]:”, above a SyntaxError: not met."""
    _, _, data = pages_walker.yaml(
        """
        name: Run a cell
        patience: 1.5
        steps:
          - visit: /expect-cell.html
            expect: "2"
        """
    )
    outcome, steps = walked(data)
    assert outcome == "dead_end"
    dead_end = steps[0]["dead_end"]
    assert dead_end["kind"] == "expectation-unmet"
    assert "whole text of something on screen" in dead_end["message"]
    assert "canvas" not in dead_end["message"]


def test_a_digit_that_is_the_whole_answer_is_met(pages_walker: Walker) -> None:
    _, _, data = pages_walker.yaml(
        """
        name: Run a fixed cell
        patience: 30  # passes even on a loaded machine
        steps:
          - visit: /expect-cell.html#fixed
            expect: "2"
        """
    )
    outcome, steps = walked(data)
    assert outcome == "completed", steps[0]["dead_end"]


@pytest.mark.parametrize(
    ("expected", "met"),
    [
        ("Saved to your workspace", True),  # whole words of a longer text
        ("saved   TO your Workspace", True),  # case and spacing aside
        ("Save", False),  # only inside “Saved”
        ("ago. Saved", True),
        ("minute", False),  # only inside “minutes”
        ("SyntaxError: invalid", True),
        ("Error", False),  # only inside “SyntaxError”
    ],
)
def test_words_count_whole_never_inside_a_longer_word(
    pages_walker: Walker, expected: str, met: bool
) -> None:
    _, _, data = pages_walker.yaml(
        f"""
        name: Read the notebook
        patience: {30 if met else 1}  # a met one passes even on a loaded machine
        steps:
          - visit: /expect-cell.html
            expect: {{ text: "{expected}" }}
        """
    )
    outcome, steps = walked(data)
    assert (outcome == "completed") is met, steps[0]["dead_end"]


def test_typography_is_read_as_a_reader_reads_it(pages_walker: Walker) -> None:
    """“Loading...” typed with three dots is the “Loading…” on screen."""
    _, _, data = pages_walker.yaml(
        """
        name: See the spinner
        patience: 30  # passes even on a loaded machine
        steps:
          - visit: /expect-loading.html?ms=never
            expect: Loading...
        """
    )
    assert walked(data)[0] == "completed"


# --- text drawn on a canvas ----------------------------------------------------------------


def test_text_on_a_canvas_is_said_to_be_unreadable(pages_walker: Walker) -> None:
    _, _, data = pages_walker.yaml(
        """
        name: Use the terminal
        patience: 1
        steps:
          - visit: /expect-terminal.html
            expect: hello
        """
    )
    outcome, steps = walked(data)
    assert outcome == "dead_end"
    dead_end = steps[0]["dead_end"]
    assert dead_end["kind"] == "expectation-unmet"
    assert "draws text on a canvas, which shoshin cannot read" in dead_end["message"]


def test_keys_drawn_on_a_canvas_are_not_said_to_change_nothing(pages_walker: Walker) -> None:
    # The terminal draws what is typed, and nothing else in the page changes: shoshin
    # cannot see the change, so it must not say there was none.
    _, _, data = pages_walker.yaml(
        """
        name: Type in the terminal
        patience: 1
        steps:
          - visit: /expect-terminal.html
            expect: New tab
            patience: 30  # passes even on a loaded machine; the dead end keeps 1 s
          - type: echo hi
            press: Enter
            expect: hi there
        """
    )
    outcome, steps = walked(data)
    assert outcome == "dead_end"
    dead_end = steps[1]["dead_end"]
    assert dead_end["kind"] == "expectation-unmet", dead_end
    assert "draws text on a canvas" in dead_end["message"]


# --- gone ----------------------------------------------------------------------------------


def test_gone_waits_until_the_text_goes_away(pages_walker: Walker) -> None:
    _, _, data = pages_walker.yaml(
        """
        name: Wait for the report
        patience: 30  # passes even on a loaded machine
        steps:
          - visit: /expect-loading.html?ms=800
            expect: [{ gone: "Loading…" }]
        """
    )
    outcome, steps = walked(data)
    assert outcome == "completed", steps[0]["dead_end"]
    assert steps[0]["expect"] == ["gone: Loading…"]
    assert "Report ready" in steps[0]["screen_text"]
    assert "Loading" not in steps[0]["screen_text"]


def test_gone_text_that_stays_is_unmet(pages_walker: Walker) -> None:
    _, _, data = pages_walker.yaml(
        """
        name: Wait for the report
        patience: 1.5
        steps:
          - visit: /expect-loading.html?ms=never
            expect: { gone: "Loading..." }
        """
    )
    outcome, steps = walked(data)
    assert outcome == "dead_end"
    dead_end = steps[0]["dead_end"]
    assert dead_end["kind"] == "expectation-unmet"
    assert dead_end["looked_for"] == "gone: Loading..."
    assert "to go away, and it stayed" in dead_end["message"]


# --- download ------------------------------------------------------------------------------


def test_a_link_that_becomes_a_download_is_no_failed_request(pages_walker: Walker) -> None:
    # The server answers with an attachment: the browser ends the navigation as aborted.
    _, _, data = pages_walker.yaml(
        """
        name: Export as a file
        patience: 30  # passes even on a loaded machine
        steps:
          - visit: /expect-download.html
          - click: Export as a file
            expect: { download: "*.csv" }
        """
    )
    outcome, steps = walked(data)
    assert outcome == "completed", steps[1]["dead_end"]
    assert [d["name"] for d in steps[1]["downloads"]] == ["expect-data.csv"]
    assert steps[1]["failed_requests"] == []


def test_a_download_is_kept_with_its_name_and_size(pages_walker: Walker) -> None:
    _, run_dir, data = pages_walker.yaml(
        """
        name: Export sign-ups
        patience: 30  # passes even on a loaded machine
        steps:
          - visit: /expect-download.html
          - click: Download sign-ups
            expect: { download: "*.CSV" }
        """
    )
    outcome, steps = walked(data)
    assert outcome == "completed", steps[1]["dead_end"]
    (download,) = steps[1]["downloads"]
    original = ROOT / "tests/fixtures/pages/expect-data.csv"
    assert download["name"] == "signups.csv"
    assert download["size"] == original.stat().st_size
    assert download["file"].startswith("downloads/") and download["file"].endswith("signups.csv")
    assert (run_dir / download["file"]).read_bytes() == original.read_bytes()
    assert steps[0]["downloads"] == []


def test_a_download_of_another_name_is_unmet(pages_walker: Walker) -> None:
    _, _, data = pages_walker.yaml(
        """
        name: Export sign-ups
        patience: 1.5
        steps:
          - visit: /expect-download.html
            patience: 30  # passes even on a loaded machine; the dead end keeps 1.5 s
          - click: Download notes
            expect: { download: "*.csv" }
        """
    )
    outcome, steps = walked(data)
    assert outcome == "dead_end"
    dead_end = steps[1]["dead_end"]
    assert dead_end["kind"] == "expectation-unmet", dead_end
    assert "only “notes.txt” started" in dead_end["message"]
    assert steps[1]["downloads"] == []


# --- what a dead-end step tried ------------------------------------------------------------


def test_a_dead_end_step_keeps_the_actions_tried(pages_walker: Walker) -> None:
    _, _, data = pages_walker.yaml(
        """
        name: Export sign-ups
        patience: 1
        steps:
          - visit: /expect-download.html
            patience: 30  # passes even on a loaded machine; the dead end keeps 1 s
          - intent: Export as a spreadsheet
            actions:
              - scroll: down
              - click: Export to Excel
              - click: Download sign-ups
            expect: Done
        """
    )
    outcome, steps = walked(data)
    assert outcome == "dead_end"
    assert steps[1]["dead_end"]["kind"] == "missing-target"
    assert [a["description"] for a in steps[1]["actions"]] == [
        "scroll down",
        "click “Export to Excel”",
    ]


def test_a_first_step_stuck_keeps_its_arrival(pages_walker: Walker) -> None:
    _, _, data = pages_walker.yaml(
        """
        name: Export
        start: /expect-download.html
        patience: 1
        steps:
          - click: Export to Excel
        """
    )
    steps = walked(data)[1]
    assert [a["kind"] for a in steps[0]["actions"]] == ["visit", "click"]
    assert steps[0]["actions"][1]["target"] == "Export to Excel"


# --- still loading is no answer yet --------------------------------------------------------


class _DelayingHandler(_QuietHandler):
    """The fixture pages; `/delay/<ms>/<path>` answers `<path>` after that many ms."""

    def do_GET(self) -> None:
        found = re.match(r"/delay/(\d+)(/.*)", self.path)
        if found:
            time.sleep(int(found.group(1)) / 1000)
            self.path = found.group(2)
        super().do_GET()


@pytest.fixture(scope="module")
def delaying_server() -> Iterator[str]:
    with serve_on_loopback(fixture_pages(_DelayingHandler)) as url:
        yield url


@pytest.fixture
def slow_walker(delaying_server: str, browser_choice: BrowserChoice, tmp_path: Path) -> Walker:
    return Walker(delaying_server, browser_choice, tmp_path)


def test_the_page_load_counts_against_the_steps_patience(slow_walker: Walker) -> None:
    """The document takes 2 s, then the app 2 s more: with 3 s of patience the newcomer
    never sees it (given 3 s after the document came, they would have, at 4 s)."""
    _, _, data = slow_walker.yaml(
        """
        name: Arrive
        patience: 3
        steps:
          - visit: /expect-slow.html?app=2000
            expect: Welcome aboard
        """
    )
    outcome, steps = walked(data)
    assert outcome == "dead_end"
    dead_end = steps[0]["dead_end"]
    assert dead_end["kind"] == "no-response", dead_end
    assert "still loading" in dead_end["message"]
    assert dead_end["looked_for"].endswith("/expect-slow.html?app=2000")


def test_a_blank_page_still_loading_is_no_response_not_no_way_forward(
    slow_walker: Walker,
) -> None:
    _, _, data = slow_walker.yaml(
        """
        name: Start the tour
        start: /expect-slow.html?app=15000
        patience: 3
        steps:
          - click: Start the tour
            expect: Step 1 of 3
        """
    )
    outcome, steps = walked(data)
    assert outcome == "dead_end"
    dead_end = steps[0]["dead_end"]
    assert dead_end["kind"] == "no-response", dead_end
    assert "offers nothing" not in dead_end["message"]
    assert [a["kind"] for a in steps[0]["actions"]] == ["visit", "click"]


def test_looking_for_a_target_gets_what_the_page_load_left(slow_walker: Walker) -> None:
    """The button arrives at 4 s: within 3 s after the document (2 s), not within 3 s."""
    _, _, data = slow_walker.yaml(
        """
        name: Start the tour
        start: /expect-slow.html?app=2000
        patience: 3
        steps:
          - click: Start the tour
        """
    )
    outcome, steps = walked(data)
    assert outcome == "dead_end"
    assert steps[0]["dead_end"]["kind"] == "no-response", steps[0]["dead_end"]


def test_a_slow_page_within_patience_passes(slow_walker: Walker) -> None:
    _, _, data = slow_walker.yaml(
        """
        name: Arrive
        patience: 30  # passes even on a loaded machine
        steps:
          - visit: /expect-slow.html?app=500
            expect: Welcome aboard
        """
    )
    outcome, steps = walked(data)
    assert outcome == "completed", steps[0]["dead_end"]
