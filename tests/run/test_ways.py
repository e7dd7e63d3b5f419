"""The `or:` ways of a step told as one step, without a browser."""

from __future__ import annotations

from harness.record.model import ActionRecord, DeadEnd, InteractionCost, StepResult
from harness.run.ways import combine, later_ways, tries_another, walk_ways
from harness.scenario.model import Action, Expectation, Step, Target

STEP = Step(
    index=2,
    intent="Group the rows",
    actions=(Action("click", Target("Group by")),),
    expect=(Expectation("text", "Grouped"),),
    patience=2,
    budget=3,
    alternatives=(
        (Action("click", Target("Facets")),),
        (Action("fill", Target("Search"), "pw", secret=True), Action("press", value="Enter")),
    ),
)


def tried(
    outcome: str, started: int, took: int, dead: str | None = None, **more: object
) -> StepResult:
    return StepResult(
        index=2,
        intent="Group the rows",
        actions=[ActionRecord("click", "x", None, f"click at {started}")],
        expect=["Grouped"],
        outcome=outcome,  # type: ignore[arg-type]
        started_ms=started,
        duration_ms=took,
        patience_s=2,
        budget_s=3,
        dead_end=DeadEnd("missing-target", dead, f"No {dead}.", ["Facets"], box={"x": 1.0})
        if dead
        else None,
        cost=InteractionCost(clicks=1, required_fields=started),
        **more,  # type: ignore[arg-type]
    )


def test_later_ways_are_the_step_with_each_way_as_its_actions() -> None:
    second, third = later_ways(STEP)
    assert second.actions == STEP.alternatives[0] and second.alternatives == ()
    assert third.actions == STEP.alternatives[1]
    assert (second.index, second.expect, second.patience) == (2, STEP.expect, 2)
    assert later_ways(later_ways(STEP)[0]) == []


def test_only_a_dead_end_sends_the_newcomer_to_the_next_way() -> None:
    assert tries_another(tried("dead_end", 0, 2000, "Group by"))
    assert not tries_another(tried("passed", 0, 100))
    assert not tries_another(tried("slow", 0, 100))
    assert not tries_another(tried("error", 0, 100))


def test_one_way_tried_is_the_step_as_it_was() -> None:
    only = tried("passed", 10, 100)
    assert combine([STEP], [only], 3) is only


def test_earlier_dead_ends_become_friction_and_the_time_is_every_ways() -> None:
    ambiguous = DeadEnd("ambiguous-target", "Facets", "Two things.")
    ways = [STEP, *later_ways(STEP)[:1]]
    first = tried("dead_end", 100, 2000, "Group by")
    second = tried("passed", 2500, 400, friction=[ambiguous], console_errors=["boom"])
    step = combine(ways, [first, second], 3)
    assert step.outcome == "passed" and step.dead_end is None
    assert (step.started_ms, step.duration_ms) == (100, 2400)
    way_one, kept = step.friction
    assert kept is ambiguous
    assert way_one.kind == "missing-target" and way_one.looked_for == "Group by"
    assert way_one.message == (
        "Way 1 of 3 (click “Group by”) was a dead end: No Group by. The newcomer tried another way."
    )
    assert way_one.seen == ["Facets"] and way_one.box is None  # its screen is gone
    assert [a.description for a in step.actions] == ["click at 100", "click at 2500"]
    assert step.cost == InteractionCost(clicks=2, required_fields=2500)
    assert step.console_errors == ["boom"]


def test_a_way_that_works_late_can_make_the_step_slow() -> None:
    ways = [STEP, *later_ways(STEP)[:1]]
    step = combine(ways, [tried("dead_end", 0, 2000, "Group by"), tried("passed", 2100, 1500)], 2)
    assert step.outcome == "slow"  # 3.5 s over the step's budget of 3 s, every way together


def test_when_every_way_fails_the_last_dead_end_is_the_steps() -> None:
    ways = [STEP, *later_ways(STEP)]
    tries = [
        tried("dead_end", 0, 2000, "Group by"),
        tried("dead_end", 2000, 2000, "Facets"),
        tried("dead_end", 4000, 2000, "Search"),
    ]
    step = combine(ways, tries, 3)
    assert step.outcome == "dead_end"
    assert step.dead_end is not None and step.dead_end.looked_for == "Search"
    assert [f.looked_for for f in step.friction] == ["Group by", "Facets"]
    assert step.friction[1].message.startswith("Way 2 of 3 (click “Facets”) was a dead end")
    masked = combine([ways[2], ways[0]], [tries[2], tries[0]], 3).friction[0].message
    assert "••••••" in masked and "“pw”" not in masked  # secrets stay masked


def test_walk_ways_tries_each_way_while_it_ends_in_a_dead_end_arriving_only_first() -> None:
    walked: list[tuple[str, bool]] = []
    outcomes = iter(
        [tried("dead_end", 0, 2000, "Group by"), tried("passed", 2000, 300), tried("passed", 0, 1)]
    )

    def walk_way(way: Step, arriving: bool) -> StepResult:
        assert way.actions[0].target is not None
        walked.append((way.actions[0].target.text, arriving))
        return next(outcomes)

    step = walk_ways(STEP, walk_way)
    assert walked == [("Group by", True), ("Facets", False)]  # the third way is not needed
    assert step.outcome == "passed" and [f.looked_for for f in step.friction] == ["Group by"]
