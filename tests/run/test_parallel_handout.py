"""What the main process makes of its workers' messages, with no process and no browser:
the events a serial run gives, on results that are the record's own."""

from __future__ import annotations

import pickle
from dataclasses import replace
from pathlib import Path
from typing import Any

from harness.record.model import RunRecord, ScenarioResult, StepResult
from harness.run.conditions import Conditions
from harness.run.config import RunConfig
from harness.run.events import ScenarioFinished, ScenarioStarted, StepFinished, StepStarted
from harness.run.parallel import ParallelRun
from harness.run.runner import execute
from harness.run.workers import header
from harness.scenario.load import parse_scenario

SCENARIO = parse_scenario(
    "name: Sign up\nstart: /\nsteps:\n"
    "  - intent: Find the start\n    click: Get started\n"
    "  - intent: Say who I am\n    click: Continue\n",
    Path("signup.yaml"),
    {},
)


def record() -> RunRecord:
    return RunRecord("r", "2026-12-01T00:00:00+00:00", "http://x", {}, {}, "0")


def step(index: int, outcome: str = "passed", ms: int = 100) -> StepResult:
    return StepResult(
        index=index,
        intent=SCENARIO.steps[index - 1].intent,
        actions=[],
        expect=[],
        outcome=outcome,  # type: ignore[arg-type]
        started_ms=0,
        duration_ms=ms,
        patience_s=10.0,
    )


def run(repeat: int = 1, workers: int = 2, scenarios: int = 2) -> ParallelRun:
    config = RunConfig("http://x", Path("out"), conditions=Conditions(repeat=repeat))
    parallel = ParallelRun([SCENARIO] * scenarios, replace(config, workers=workers))
    parallel.record = record()
    return parallel


def travelled(message: tuple[Any, ...]) -> tuple[Any, ...]:
    """As it comes out of a pipe: a copy, never the worker's object."""
    return pickle.loads(pickle.dumps(message))


def walk(unit: int, outcome: str = "completed", steps: int = 2) -> list[tuple[Any, ...]]:
    """The messages of a worker walking `unit`, as they travel."""
    result = ScenarioResult("Sign up", "signup.yaml", None)
    messages = [("started", unit, header(result))]
    for index in range(1, steps + 1):
        messages.append(("step", unit, index - 1))
        done = step(index, "dead_end" if outcome == "dead_end" and index == steps else "passed")
        result.steps.append(done)
        messages.append(("stepped", unit, index - 1, done, header(result)))
    result.outcome, result.duration_ms = outcome, result.newcomer_ms  # type: ignore[assignment]
    return [travelled(m) for m in [*messages, ("finished", unit, header(result))]]


def hand_out(parallel: ParallelRun, messages: list[tuple[Any, ...]]) -> list[Any]:
    events: list[Any] = []
    for message in messages:
        if message[0] == "started":  # as taking it in from a pipe marks it
            parallel.units[message[1]].started = True
        parallel._queue(parallel.units[message[1]], message)
        while parallel.ready:
            events.extend(parallel._hand_out(parallel.ready.popleft()))
    return events


def test_events_come_in_the_serial_order_on_the_records_own_results() -> None:
    parallel = run()
    second, first = walk(1), walk(0)
    events = hand_out(parallel, second[:3] + first + second[3:])  # unit 1 ran ahead
    kinds = [type(e).__name__ for e in events]
    one = ["ScenarioStarted", "StepStarted", "StepFinished", "StepStarted", "StepFinished"]
    assert kinds == [*one, "ScenarioFinished"] * 2
    assert parallel.record is not None
    starts = [e for e in events if isinstance(e, ScenarioStarted)]
    assert [s.result for s in starts] == parallel.record.results
    assert all(
        a is b for a, b in zip([s.result for s in starts], parallel.record.results, strict=True)
    )
    for started in starts:  # each finished step is the very object in its result's steps
        mine = [
            e
            for e in events
            if isinstance(e, StepFinished) and any(e.result is s for s in started.result.steps)
        ]
        assert len(mine) == 2
    finished = [e for e in events if isinstance(e, ScenarioFinished)]
    assert [f.result for f in finished] == [s.result for s in starts]
    assert all(f.result is s.result for f, s in zip(finished, starts, strict=True))
    assert starts[0].result.outcome == "completed" and len(starts[0].result.steps) == 2
    assert all(
        isinstance(e.step, type(SCENARIO.steps[0])) for e in events if isinstance(e, StepStarted)
    )
    assert [e.step for e in events if isinstance(e, StepStarted)][:2] == list(SCENARIO.steps)


def test_repeats_keep_the_walk_that_went_wrong_as_serial_does() -> None:
    parallel = run(repeat=2, scenarios=1)
    hand_out(parallel, walk(1, "dead_end") + walk(0))
    assert parallel.record is not None
    [kept] = parallel.record.results
    assert kept.outcome == "dead_end"
    assert [r["outcome"] for r in kept.repeats] == ["completed", "dead_end"]


def test_a_walk_given_up_keeps_its_steps_and_is_an_error() -> None:
    parallel = run()
    started = walk(0)[:3]  # it walked one step, then its worker was gone
    hand_out(parallel, started)
    parallel._give_up(parallel.units[0], "The worker process walking this scenario stopped.")
    parallel._give_up(parallel.units[1], "Never began.")  # its worker was gone at once
    events = []
    while parallel.ready:
        events.extend(parallel._hand_out(parallel.ready.popleft()))
    assert parallel.record is not None
    first, second = parallel.record.results
    assert first.outcome == "error" and first.error is not None
    assert [s.outcome for s in first.steps] == ["passed"]
    assert second.outcome == "error" and second.error == "Never began." and second.steps == []


def test_no_more_workers_than_walks_and_one_walk_is_the_serial_path() -> None:
    assert run(workers=8, scenarios=3).count == 3
    assert run(repeat=2, workers=8, scenarios=3).count == 6
    config = RunConfig("http://x", Path("out"), workers=4)
    assert not isinstance(execute([SCENARIO], config), ParallelRun)
    assert isinstance(execute([SCENARIO, SCENARIO], config), ParallelRun)
    assert not isinstance(execute([SCENARIO, SCENARIO], replace(config, workers=1)), ParallelRun)
