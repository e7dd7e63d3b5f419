"""What the product does is a dead end of a named kind, never a harness error.

Each trap is a purpose-built page (tests/fixtures/pages) walked in a real Chromium; a route
that never answers is served by a server of this module.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from harness.browser.launch import BrowserChoice
from tests.cli.test_cli import shoshin
from tests.conftest import (
    Walker,
    _QuietHandler,
    fixture_pages,
    serve_on_loopback,
    write_scenario,
)

pytestmark = pytest.mark.browser


class _HangingHandler(_QuietHandler):
    """The fixture pages, and `/hang`, which never answers (until the server stops)."""

    release: threading.Event

    def do_GET(self) -> None:
        if self.path.startswith("/hang"):
            self.release.wait(60)
            return
        super().do_GET()


@pytest.fixture(scope="module")
def hanging_server() -> Iterator[str]:
    release = threading.Event()
    handler = fixture_pages(type("Handler", (_HangingHandler,), {"release": release}))
    with serve_on_loopback(handler) as url:
        yield url
        release.set()


@pytest.fixture
def hang_walker(hanging_server: str, browser_choice: BrowserChoice, tmp_path: Path) -> Walker:
    return Walker(hanging_server, browser_choice, tmp_path)


def walked(data: dict[str, Any]) -> tuple[str, list[dict[str, Any]]]:
    result = data["results"][0]
    return result["outcome"], result["steps"]


def the_dead_end(data: dict[str, Any]) -> dict[str, Any]:
    outcome, steps = walked(data)
    assert outcome == "dead_end", (data["results"][0]["error"], [s["error"] for s in steps])
    (stuck,) = [s for s in steps if s["outcome"] != "passed"][:1]
    assert stuck["outcome"] == "dead_end" and stuck["error"] is None
    return stuck  # type: ignore[no-any-return]


COOKIE_WALL = """
    name: Cookie wall
    start: /cookie-wall.html
    patience: 30  # long, so that "told before half of it" holds on a loaded machine
    steps:
      - intent: Find out how to start
        click: Get started
        expect: Create your account
    """


def test_a_cookie_wall_over_the_button_is_a_covered_target(pages_walker: Walker) -> None:
    step = the_dead_end(pages_walker.yaml(COOKIE_WALL)[2])
    dead_end = step["dead_end"]
    assert dead_end["kind"] == "covered-target"
    assert dead_end["looked_for"] == "Get started"
    assert dead_end["seen"][:2] == ["Accept all", "Manage choices"]
    assert dead_end["box"] is not None and "covered" in dead_end["box_label"]
    # A wall that offers buttons is told as soon as it is seen to stay, not after patience.
    assert step["duration_ms"] < step["patience_s"] * 1000 / 2


def test_once_the_wall_is_dismissed_the_button_works(pages_walker: Walker) -> None:
    _, _, data = pages_walker.yaml(
        """
        name: Cookie wall, dismissed
        start: /cookie-wall.html
        patience: 30  # passes even on a loaded machine
        steps:
          - click: Accept all
          - click: Get started
            expect: Create your account
        """
    )
    assert walked(data)[0] == "completed"


def test_the_cli_exits_1_for_a_covered_target_not_2(pages_server: str, tmp_path: Path) -> None:
    scenario = write_scenario(tmp_path, COOKIE_WALL)
    done = shoshin("run", str(scenario), "--base-url", pages_server, "--out", str(tmp_path / "r"))
    assert done.returncode == 1, done.stdout + done.stderr


def test_a_select_without_the_option_names_the_options_within_one_patience(
    pages_walker: Walker,
) -> None:
    _, _, data = pages_walker.yaml(
        """
        name: Plan
        start: /plan.html
        patience: 4  # the dead end's: room for one patience plus a loaded machine, not two
        steps:
          - select: {Plan: Team}
            expect: Plan chosen
            patience: 30  # passes even on a loaded machine
          - select: {Plan: Enterprise}
            expect: Plan chosen
        """
    )
    step = the_dead_end(data)
    assert step["index"] == 2
    dead_end = step["dead_end"]
    assert dead_end["kind"] == "missing-target"
    assert "Enterprise" in dead_end["looked_for"] and "Plan" in dead_end["looked_for"]
    assert dead_end["seen"] == ["Team", "Pick one", "Free"] or set(dead_end["seen"]) == {
        "Pick one",
        "Free",
        "Team",
    }
    assert step["duration_ms"] < step["patience_s"] * 1000 * 1.5  # one patience, not two


@pytest.mark.parametrize("missing", ["Annual", "Subscribe to the newsletter"])
def test_a_radio_or_checkbox_not_offered_names_those_that_are(
    pages_walker: Walker, missing: str
) -> None:
    _, _, data = pages_walker.yaml(
        f"""
        name: Billing
        start: /plan.html
        patience: 1
        steps:
          - check: {missing}
        """
    )
    dead_end = the_dead_end(data)["dead_end"]
    assert dead_end["kind"] == "missing-target" and dead_end["looked_for"] == missing
    assert sorted(dead_end["seen"]) == ["Monthly", "Send me tips", "Yearly"]


def test_a_page_that_never_answers_is_no_response_within_patience(hang_walker: Walker) -> None:
    _, _, data = hang_walker.yaml(
        """
        name: Hangs
        start: /next.html
        patience: 2
        steps:
          - visit: /hang
            expect: Anything
        """
    )
    step = the_dead_end(data)
    assert step["dead_end"]["kind"] == "no-response"
    # Within patience plus a look, with 10 s of slack for a loaded machine: still far under
    # Playwright's default 30 s navigation timeout, which patience stands in for.
    assert step["duration_ms"] < (step["patience_s"] + 3 + 10) * 1000


def test_a_url_expectation_waits_for_the_navigation_to_commit(hang_walker: Walker) -> None:
    # The URL matches before the click; the navigation it starts never answers.
    _, _, data = hang_walker.yaml(
        """
        name: Reports
        start: /dashboard.html
        patience: 2
        steps:
          - click: Open reports
            expect: {url: /dashboard.html}
        """
    )
    step = the_dead_end(data)
    assert step["dead_end"]["kind"] == "no-response"
    assert "/hang" in step["dead_end"]["looked_for"]


@pytest.mark.parametrize("expect", ["Your dashboard", "Saved"])
def test_a_save_button_that_does_nothing_is_no_effect(pages_walker: Walker, expect: str) -> None:
    # Already on screen ("Your dashboard") or never shown ("Saved"): nothing changed.
    _, _, data = pages_walker.yaml(
        f"""
        name: Save
        start: /dashboard.html
        patience: 1
        steps:
          - expect: Your dashboard
            patience: 30  # passes even on a loaded machine; the dead end keeps 1 s
          - click: Save
            expect: {expect}
        """
    )
    step = the_dead_end(data)
    assert step["dead_end"]["kind"] == "no-effect"
    assert "Save" in step["dead_end"]["message"]
    assert "Save" in step["dead_end"]["seen"]


def test_an_expectation_met_before_the_step_passes_when_the_page_changed(
    pages_walker: Walker,
) -> None:
    _, _, data = pages_walker.yaml(
        """
        name: Rename
        start: /dashboard.html
        patience: 30  # passes even on a loaded machine
        steps:
          - expect: Your dashboard
          - click: Rename
            expect: Your dashboard
        """
    )
    outcome, steps = walked(data)
    assert outcome == "completed"
    assert steps[1]["outcome"] == "passed" and steps[1]["expect_met_before"] is True
    assert steps[0]["expect_met_before"] is False  # no actions of its own: judged as before


def test_a_renderer_crash_is_a_page_crash_dead_end(pages_walker: Walker) -> None:
    _, _, data = pages_walker.yaml(
        """
        name: Crash
        start: /next.html
        patience: 2
        steps:
          - visit: chrome://crash
            expect: Anything
          - expect: Next page
        """
    )
    step = the_dead_end(data)
    assert step["dead_end"]["kind"] == "page-crash"
    assert walked(data)[1][1]["outcome"] == "skipped"
