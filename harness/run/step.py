"""A step's decisions, without a browser: its outcome, what it does, what is kept of it.

Everything here is pure, so it is tested directly (tests/run/test_step_decisions.py).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import replace

from harness.record.model import (
    ActionRecord,
    DeadEndKind,
    ScenarioOutcome,
    StepOutcome,
    StepResult,
)
from harness.run.conditions import OFFLINE_AFTER_LOAD
from harness.scenario.actions import SECRET_MASK
from harness.scenario.model import Action, Step, with_run_id


class Stuck(Exception):
    """The newcomer is stuck: becomes a dead end once the screen has been read."""

    def __init__(
        self,
        kind: DeadEndKind,
        looked_for: str,
        message: str,
        box: Mapping[str, float] | None = None,
        seen: list[str] | None = None,
    ) -> None:
        super().__init__(message)
        self.kind, self.looked_for, self.message, self.box = kind, looked_for, message, box
        self.seen = seen  # what was seen instead, when the screen's actions would not say it


def step_outcome(
    *, error: str | None, dead_end: bool, duration_ms: int, budget_s: float | None
) -> StepOutcome:
    """An error beats a dead end beats being over the step's time budget."""
    if error:
        return "error"
    if dead_end:
        return "dead_end"
    if budget_s is not None and duration_ms > budget_s * 1000:
        return "slow"
    return "passed"


def scenario_outcome(step_outcomes: Iterable[str], error: str | None) -> ScenarioOutcome:
    """`error` if the browser or any step failed, else `dead_end` if stuck, else `completed`."""
    outcomes = set(step_outcomes)
    if error or "error" in outcomes:
        return "error"
    return "dead_end" if "dead_end" in outcomes else "completed"


def stops_the_walk(outcome: str) -> bool:
    """After a dead end or an error the newcomer cannot go on: later steps are skipped."""
    return outcome in ("dead_end", "error")


def actions_of(step: Step, start: str | None) -> tuple[Action, ...]:
    """The newcomer arrives at `start` before the first step, unless it visits itself."""
    if step.index == 1 and not (step.actions and step.actions[0].kind == "visit"):
        return (Action("visit", value=start or "/"), *step.actions)
    return step.actions


def last_targeted(step: Step) -> Action | None:
    """The step's last action on a target: the screen is shot just before it."""
    targeted = [a for a in step.actions if a.target is not None]
    return targeted[-1] if targeted else None


def goes_offline_after(step: Step, network: str | None) -> bool:
    """Offline-after-load: the first page loads, then the network is gone."""
    return step.index == 1 and network == OFFLINE_AFTER_LOAD


def keeps(mode: str, failed: bool) -> bool:
    """Whether a trace or video recorded in `mode` is kept (`off` records none)."""
    return mode == "on" or (mode != "off" and failed)


def action_record(
    action: Action, value: str | None, box: Mapping[str, float] | None
) -> ActionRecord:
    """The action as done, with `{run_id}` filled in and secrets masked."""
    done = replace(action, value=value)
    target = action.target.describe() if action.target else None
    shown = SECRET_MASK if action.secret else value
    return ActionRecord(action.kind, target, shown, done.describe(), dict(box) if box else None)


def attempted(action: Action, run_id: str) -> ActionRecord:
    """An action the newcomer set out to do and got stuck on (or that failed)."""
    value = with_run_id(action.value, run_id) if action.value is not None else None
    return action_record(action, value, None)


def skipped(step: Step, stuck_at: StepResult, started_ms: int) -> StepResult:
    """A step after the newcomer got stuck: not walked, shown on the screen they were stuck on."""
    return StepResult(
        index=step.index,
        intent=step.intent,
        actions=[action_record(a, a.value, None) for a in step.actions],
        expect=[e.describe() for e in step.expect],
        outcome="skipped",
        started_ms=started_ms,
        duration_ms=0,
        patience_s=step.patience,
        budget_s=step.budget,
        url=stuck_at.url,
        title=stuck_at.title,
        screenshot=stuck_at.screenshot,
    )
