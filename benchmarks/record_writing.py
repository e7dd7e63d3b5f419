"""What recording one step costs at step 2 and at step 200 of a long scenario.

Run on demand: `.venv/bin/python benchmarks/record_writing.py`. Prints figures; asserts
nothing. A synthetic 200-step scenario (each step with the full 20,000 characters of screen
text) is fed through the real `RecordWriter` into real files, and each step's cost is
measured: bytes written (the kernel's count in /proc/self/io, on Linux), fsyncs, and time.
For comparison, the same steps written the way the record was before the journal:
`run.json` rewritten whole after every step.
"""

from __future__ import annotations

import os
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from harness.record.model import RunRecord, ScenarioResult, StepResult, TextMetrics, write_record
from harness.run.events import RunStarted, ScenarioStarted, StepFinished
from harness.run.handlers import RecordWriter
from harness.scenario.model import Scenario, Step

STEPS = 200
SCREEN_TEXT = ("A newcomer reads every word on this screen. " * 460)[:20_000]
SHOWN = (2, 50, 100, 200)
Cost = tuple[int | None, int, float]  # bytes written, fsyncs, seconds


def written() -> int | None:
    try:
        lines = Path("/proc/self/io").read_text().splitlines()
    except OSError:
        return None
    return next((int(line.split()[1]) for line in lines if line.startswith("wchar:")), None)


def a_step(index: int) -> StepResult:
    return StepResult(
        index=index,
        intent=f"Step {index}",
        actions=[],
        expect=[f"Reached step {index}"],
        outcome="passed",
        started_ms=index * 100,
        duration_ms=90,
        patience_s=10.0,
        text=TextMetrics(words=1000, reading_seconds=250.0, grade=5.0),
        screen_text=SCREEN_TEXT,
    )


class Run:
    def __init__(self, run_dir: Path) -> None:
        self.run_dir = run_dir
        self.record = RunRecord("bench", "2026-12-01T00:00:00+00:00", "http://x", {}, {}, "0")
        self.result = ScenarioResult(scenario="Long", file="long.yaml", persona=None)
        self.plan = tuple(Step(i, None, (), (), 10.0) for i in range(1, STEPS + 1))
        self.scenario = Scenario("Long", Path("long.yaml"), self.plan)
        self.writer = RecordWriter()
        self.writer.handle(RunStarted(self.record, run_dir, 1))
        self.record.results.append(self.result)
        self.writer.handle(ScenarioStarted(self.scenario, 1, 1, self.result))


def by_journal(run: Run, step: StepResult) -> None:
    """Now: the record writer appends the step to the journal."""
    run.writer.handle(StepFinished(run.scenario, run.plan[step.index - 1], step))


def by_rewrite(run: Run, step: StepResult) -> None:
    """Before: run.json rewritten whole, atomically, after every step."""
    write_record(run.run_dir, run.record)


def measure(run_dir: Path, record_step: Callable[[Run, StepResult], None]) -> dict[int, Cost]:
    syncs = 0
    real_fsync = os.fsync

    def counting(fd: int) -> None:  # counts, and still syncs
        nonlocal syncs
        syncs += 1
        real_fsync(fd)

    os.fsync = counting
    costs: dict[int, Cost] = {}
    try:
        run = Run(run_dir)
        for index in range(1, STEPS + 1):
            step = a_step(index)
            run.result.steps.append(step)
            before, synced, began = written(), syncs, time.perf_counter()
            record_step(run, step)
            elapsed, after = time.perf_counter() - began, written()
            spent = None if before is None or after is None else after - before
            costs[index] = (spent, syncs - synced, elapsed)
        run.writer.shutdown()
    finally:
        os.fsync = real_fsync
    return costs


def main() -> None:
    print(f"{STEPS} steps, each with {len(SCREEN_TEXT):,} characters of screen text\n")
    ways = (("journal line per step (now)", by_journal), ("run.json per step (before)", by_rewrite))
    with tempfile.TemporaryDirectory() as tmp:
        for number, (label, way) in enumerate(ways):
            run_dir = Path(tmp) / f"run-{number}"
            run_dir.mkdir()
            costs = measure(run_dir, way)
            print(label)
            for index in SHOWN:
                spent, syncs, elapsed = costs[index]
                size = "n/a" if spent is None else f"{spent:>11,} bytes"
                print(f"  step {index:>3}: {size}, {syncs} fsync(s), {elapsed * 1000:7.2f} ms")
            total = sum(c[2] for c in costs.values())
            median = statistics.median(c[2] for c in costs.values()) * 1000
            print(f"  all {STEPS} steps: {total:.2f} s (median {median:.2f} ms a step)\n")


if __name__ == "__main__":
    main()
