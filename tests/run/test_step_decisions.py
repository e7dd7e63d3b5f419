"""A step's decisions, without a browser: outcomes, the arrival visit, skipping, keeping."""

from __future__ import annotations

import pytest

from harness.record.model import StepResult
from harness.run.expect import url_matches
from harness.run.step import (
    action_record,
    actions_of,
    goes_offline_after,
    keeps,
    last_targeted,
    scenario_outcome,
    skipped,
    step_outcome,
    stops_the_walk,
)
from harness.scenario.actions import SECRET_MASK
from harness.scenario.model import Action, Expectation, Step, Target


def a_step(index: int = 1, *actions: Action, budget: float | None = None) -> Step:
    return Step(index, "Sign up", tuple(actions), (Expectation("text", "Welcome"),), 10.0, budget)


@pytest.mark.parametrize(
    ("error", "dead_end", "duration_ms", "budget_s", "expected"),
    [
        (None, False, 900, None, "passed"),
        (None, False, 900, 1.0, "passed"),
        (None, False, 1000, 1.0, "passed"),  # exactly on budget is not over it
        (None, False, 1001, 1.0, "slow"),
        (None, True, 1001, 1.0, "dead_end"),
        ("TimeoutError: late", True, 1001, 1.0, "error"),
    ],
)
def test_an_error_beats_a_dead_end_beats_slowness(
    error: str | None, dead_end: bool, duration_ms: int, budget_s: float | None, expected: str
) -> None:
    assert (
        step_outcome(error=error, dead_end=dead_end, duration_ms=duration_ms, budget_s=budget_s)
        == expected
    )


@pytest.mark.parametrize(
    ("outcomes", "error", "expected"),
    [
        (["passed", "slow"], None, "completed"),
        ([], None, "completed"),
        (["passed", "dead_end", "skipped"], None, "dead_end"),
        (["dead_end", "error"], None, "error"),
        (["passed"], "Error: the browser closed", "error"),
    ],
)
def test_a_scenario_is_as_bad_as_its_worst_step(
    outcomes: list[str], error: str | None, expected: str
) -> None:
    assert scenario_outcome(outcomes, error) == expected


def test_only_dead_ends_and_errors_stop_the_walk() -> None:
    assert [stops_the_walk(o) for o in ("passed", "slow", "dead_end", "error")] == [
        False,
        False,
        True,
        True,
    ]


def test_the_newcomer_arrives_at_the_start_before_the_first_step() -> None:
    click = Action("click", Target("Get started"))
    (arrive, first) = actions_of(a_step(1, click), "/welcome")
    assert (arrive.kind, arrive.value, first) == ("visit", "/welcome", click)
    assert actions_of(a_step(1), None) == (Action("visit", value="/"),)


def test_no_arrival_when_the_first_step_visits_or_for_later_steps() -> None:
    visit = Action("visit", value="/signup")
    click = Action("click", Target("Next"))
    assert actions_of(a_step(1, visit, click), "/welcome") == (visit, click)
    assert actions_of(a_step(2, click), "/welcome") == (click,)


def test_the_last_action_on_a_target_is_the_one_shot_before() -> None:
    fill = Action("fill", Target("Email"), "a@example.com")
    click = Action("click", Target("Next"))
    press = Action("press", value="Enter")
    assert last_targeted(a_step(1, fill, click, press)) is click
    assert last_targeted(a_step(1, press)) is None


def test_offline_after_the_first_page_only() -> None:
    assert goes_offline_after(a_step(1), "offline-after-load")
    assert not goes_offline_after(a_step(2), "offline-after-load")
    assert not goes_offline_after(a_step(1), "slow-3g")


@pytest.mark.parametrize(
    ("mode", "failed", "kept"),
    [
        ("on", False, True),
        ("on", True, True),
        ("retain-on-failure", False, False),
        ("retain-on-failure", True, True),
        ("off", True, False),
    ],
)
def test_traces_and_videos_are_kept_by_mode(mode: str, failed: bool, kept: bool) -> None:
    assert keeps(mode, failed) is kept


def test_a_recorded_action_masks_its_secret_and_fills_in_the_run_id() -> None:
    password = Action("fill", Target("Password"), "pw-{run_id}", secret=True)
    record = action_record(password, "pw-r42", {"x": 1.0, "y": 2.0, "width": 3.0, "height": 4.0})
    assert (record.kind, record.target, record.value) == ("fill", "Password", SECRET_MASK)
    assert "pw-r42" not in record.description and SECRET_MASK in record.description
    assert record.box == {"x": 1.0, "y": 2.0, "width": 3.0, "height": 4.0}
    email = action_record(Action("fill", Target("Email"), "{run_id}@x.io"), "r42@x.io", None)
    assert (email.value, email.description, email.box) == (
        "r42@x.io",
        "fill “Email” with “r42@x.io”",
        None,
    )


def test_a_skipped_step_shows_where_the_newcomer_was_stuck() -> None:
    stuck_at = StepResult(
        index=1,
        intent="Sign up",
        actions=[],
        expect=[],
        outcome="dead_end",
        started_ms=0,
        duration_ms=10_000,
        patience_s=10.0,
        budget_s=None,
        url="http://localhost/signup",
        title="Sign up",
        screenshot="screenshots/01-x/step-01.png",
    )
    result = skipped(a_step(2, Action("click", Target("Next"))), stuck_at, started_ms=12_345)
    assert (result.index, result.outcome, result.duration_ms, result.started_ms) == (
        2,
        "skipped",
        0,
        12_345,
    )
    assert (result.url, result.title, result.screenshot) == (
        stuck_at.url,
        stuck_at.title,
        stuck_at.screenshot,
    )
    assert [a.description for a in result.actions] == ["click “Next”"]
    assert result.expect == ["Welcome"]


@pytest.mark.parametrize(
    ("url", "expected", "matches"),
    [
        ("http://h/done", "/done", True),
        ("http://h/done/", "/done", True),
        ("http://h/done?x=1", "/done", True),
        ("http://h/done?x=1", "/done?x=*", True),
        ("http://h/other", "/done", False),
        ("http://h/a/done", "*/done", True),
        ("http://h/done", "done", True),  # relative to the base URL
    ],
)
def test_url_expectations(url: str, expected: str, matches: bool) -> None:
    assert url_matches(url, expected, "http://h/") is matches
