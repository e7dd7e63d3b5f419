"""A newcomer who tries something else: the `or:` ways of a step, without a browser.

The walk tries a step's ways in order while each ends in a dead end. The step is then
told as one: its outcome and screen from the last way tried, every earlier way's dead end
kept as friction on it, the actions done in every way. Its time is the newcomer's, every
way together.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from harness.record.model import DEAD_END, DeadEnd, InteractionCost, StepResult
from harness.run.step import step_outcome
from harness.scenario.model import Step


def walk_ways(step: Step, walk_way: Callable[[Step, bool], StepResult]) -> StepResult:
    """Walk the step's ways in turn while each ends in a dead end; `walk_way(way, arriving)`
    walks one (`arriving` for the first: it opens `start` before step 1)."""
    tried, tries = [step], [walk_way(step, True)]
    for way in later_ways(step):
        if not tries_another(tries[-1]):
            break
        tried.append(way)
        tries.append(walk_way(way, False))
    return combine(tried, tries, 1 + len(step.alternatives))


def later_ways(step: Step) -> list[Step]:
    """The step as each of its `or:` ways after the first, to try in order."""
    return [replace(step, actions=way, alternatives=()) for way in step.alternatives]


def tries_another(result: StepResult) -> bool:
    """A dead end sends the newcomer to the next way; success, or an error, ends the step."""
    return result.outcome == DEAD_END


def way_friction(way: Step, number: int, total: int, dead_end: DeadEnd) -> DeadEnd:
    """A way that ended in a dead end, as friction on the step the newcomer went on with.

    Its outline is left out: it marked a screen that the step's screenshot no longer shows.
    """
    tried = ", then ".join(action.describe() for action in way.actions)
    return replace(
        dead_end,
        message=f"Way {number} of {total} ({tried}) was a dead end: {dead_end.message} "
        "The newcomer tried another way.",
        box=None,
        box_label=None,
    )


def combine(ways: list[Step], tries: list[StepResult], total: int) -> StepResult:
    """One step result from the ways tried (`tries[i]` walked `ways[i]`)."""
    last = tries[-1]
    if len(tries) == 1:
        return last
    friction: list[DeadEnd] = []
    for number, (way, tried) in enumerate(zip(ways, tries, strict=True), start=1):
        friction.extend(tried.friction)
        if tried is not last and tried.dead_end is not None:
            friction.append(way_friction(way, number, total, tried.dead_end))
    duration_ms = sum(max(t.duration_ms, 0) for t in tries)
    outcome = last.outcome
    if outcome in ("passed", "slow"):  # slow or not, over the time of every way
        outcome = step_outcome(
            error=None, dead_end=False, duration_ms=duration_ms, budget_s=last.budget_s
        )
    return replace(
        last,
        started_ms=tries[0].started_ms,
        duration_ms=duration_ms,
        outcome=outcome,
        actions=[a for t in tries for a in t.actions],  # everything the newcomer did
        friction=friction,
        cost=_cost(tries),
        console_errors=[m for t in tries for m in t.console_errors],
        page_errors=[m for t in tries for m in t.page_errors],
        failed_requests=[m for t in tries for m in t.failed_requests],
        dialogs=[m for t in tries for m in t.dialogs],
        invisible_focus=list(dict.fromkeys(n for t in tries for n in t.invisible_focus)),
        http_status=next((t.http_status for t in reversed(tries) if t.http_status), None),
    )


def _cost(tries: list[StepResult]) -> InteractionCost | None:
    costs = [t.cost for t in tries if t.cost is not None]
    if not costs:
        return None
    return InteractionCost(
        clicks=sum(c.clicks for c in costs),
        fields_filled=sum(c.fields_filled for c in costs),
        required_fields=costs[-1].required_fields,
        pages_visited=sum(c.pages_visited for c in costs),
        tab_presses=sum(c.tab_presses for c in costs),
    )
