"""Every kind of dead end, provoked on a real page, and what the newcomer saw instead."""

from __future__ import annotations

from typing import Any

import pytest

from harness.analysis.dead_ends import Seen, classify, rank_seen, similarity
from tests.conftest import Walker


def only_step(data: dict[str, Any], index: int = 0) -> dict[str, Any]:
    step: dict[str, Any] = data["results"][0]["steps"][index]
    return step


# --- pure: ranking and classifying ------------------------------------------------------------


def test_synonyms_rank_above_unrelated_names() -> None:
    seen = [Seen("link", "Pricing"), Seen("link", "Blog"), Seen("button", "Start free trial")]
    assert rank_seen("Get started", seen)[0].name == "Start free trial"
    assert similarity("Continue", "Next") > similarity("Continue", "Pricing")
    assert similarity("Log in", "Sign in") >= 0.8


def test_typos_rank_first() -> None:
    seen = [Seen("button", "Sign in"), Seen("button", "Get started")]
    assert rank_seen("Get startd", seen)[0].name == "Get started"


def test_nothing_enabled_on_screen_is_no_way_forward() -> None:
    screen = {"actions": [{"role": "button", "name": "Next", "disabled": True}], "errors": []}
    dead_end = classify("expectation-unmet", "Done", "Waited.", screen)
    assert dead_end.kind == "no-way-forward"
    assert dead_end.seen == ["Next"]


def test_a_page_error_turns_a_stuck_step_into_a_page_crash() -> None:
    screen = {"actions": [{"role": "button", "name": "Save"}], "errors": []}
    dead_end = classify("expectation-unmet", "Saved", "Waited.", screen, page_errors=["boom"])
    assert dead_end.kind == "page-crash" and "boom" in dead_end.message


def test_missing_target_points_at_the_nearest_candidate() -> None:
    box = {"x": 10.0, "y": 900.0, "width": 120.0, "height": 40.0}
    screen = {
        "actions": [
            {"role": "link", "name": "Pricing", "box": {"x": 0, "y": 0, "width": 5, "height": 5}},
            {"role": "button", "name": "Start free trial", "box": box},
        ]
    }
    dead_end = classify("missing-target", "Get started", "Not found.", screen)
    assert dead_end.box == box
    assert dead_end.box_label == "looked for “Get started” — nearest: “Start free trial”"


# --- real pages in a real browser ---------------------------------------------------------------


@pytest.mark.browser
def test_missing_target_with_a_synonym_on_screen(pages_walker: Walker) -> None:
    _, _, data = pages_walker.yaml(
        """
        name: Trial
        start: /trial.html
        patience: 1
        steps:
          - intent: Start using it
            click: Get started
            expect: Welcome
        """
    )
    dead_end = only_step(data)["dead_end"]
    assert dead_end["kind"] == "missing-target"
    assert dead_end["seen"][0] == "Start free trial"
    # The button sits 900 px down the page: the box is in full-page coordinates.
    assert dead_end["box"]["y"] > 800


@pytest.mark.browser
def test_disabled_target_on_the_demo(walker: Walker) -> None:
    _, _, data = walker.yaml(
        """
        name: Import
        start: /project
        patience: 1
        steps:
          - expect: Create project
            patience: 30  # arrives even on a loaded machine; the dead end keeps 1 s
          - click: Import from Trello
            expect: Imported
        """
    )
    dead_end = only_step(data, 1)["dead_end"]
    assert dead_end["kind"] == "disabled-target"
    assert dead_end["box"]["width"] > 0 and "stays disabled" in dead_end["box_label"]


@pytest.mark.browser
def test_ambiguous_target_is_friction_and_the_run_goes_on(pages_walker: Walker) -> None:
    _, _, data = pages_walker.yaml(
        """
        name: Two saves
        start: /ambiguous.html
        patience: 30  # passes even on a loaded machine
        steps:
          - intent: Save my profile
            click: Save
            expect: Profile saved
        """
    )
    step = only_step(data)
    assert step["outcome"] == "passed" and step["dead_end"] is None
    (friction,) = step["friction"]
    assert friction["kind"] == "ambiguous-target"
    assert friction["seen"] == ["button “Save”", "button “Save”"]
    assert data["results"][0]["outcome"] == "completed"  # type: ignore[index]


@pytest.mark.browser
def test_uncaught_error_and_no_result_is_a_page_crash(pages_walker: Walker) -> None:
    _, _, data = pages_walker.yaml(
        """
        name: Crash
        start: /crash.html
        patience: 1
        steps:
          - click: Save
            expect: Saved
        """
    )
    step = only_step(data)
    assert step["dead_end"]["kind"] == "page-crash"
    assert any("TypeError" in e or "null" in e for e in step["page_errors"])


@pytest.mark.browser
def test_dialogs_are_answered_and_recorded_as_friction(pages_walker: Walker) -> None:
    _, _, data = pages_walker.yaml(
        """
        name: Delete
        start: /dialog.html
        patience: 30  # passes even on a loaded machine
        steps:
          - click: Delete project
            expect: Project deleted
        """
    )
    step = only_step(data)
    assert step["outcome"] == "passed"
    assert step["dialogs"] == ["confirm: Really delete this project?"]
    assert [f["kind"] for f in step["friction"]] == ["dialog"]


@pytest.mark.browser
def test_console_errors_and_failed_requests_are_recorded(pages_walker: Walker) -> None:
    _, _, data = pages_walker.yaml(
        """
        name: Noisy
        start: /noisy.html
        patience: 30  # passes even on a loaded machine
        steps:
          - expect: Welcome aboard
          - click: Next
            expect: Next page
        """
    )
    first = only_step(data)
    assert "widget failed to load" in first["console_errors"]
    second = only_step(data, 1)
    # The page's fetch may answer once its first step has passed (a busy machine): then it
    # is the next step's failed request. Recorded either way, once.
    failed = " ".join(first["failed_requests"] + second["failed_requests"])
    assert failed.count("/missing.json → 404") == 1 and failed.count("/missing.png → 404") == 1
    assert second["cost"]["clicks"] == 1 and second["cost"]["pages_visited"] == 1


@pytest.mark.browser
def test_http_error_from_a_link(pages_walker: Walker) -> None:
    _, _, data = pages_walker.yaml(
        """
        name: Gone
        start: /next.html
        patience: 2
        steps:
          - visit: /no-such-page.html
            expect: Anything
        """
    )
    dead_end = only_step(data)["dead_end"]
    assert dead_end["kind"] == "http-error" and "404" in dead_end["message"]
