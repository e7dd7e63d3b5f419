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
from typing import Any

from shared import ROOT  # noqa: F401  (puts the repository on the path, for tests.record)

from harness.record.model import StepResult, write_record
from harness.run.events import StepFinished
from tests.record.synthetic import SyntheticRun, a_step

STEPS = 200
SHOWN = (2, 50, 100, 200)
Cost = tuple[int | None, int, float]  # bytes written, fsyncs, seconds


def written() -> int | None:
    try:
        lines = Path("/proc/self/io").read_text().splitlines()
    except OSError:
        return None
    return next((int(line.split()[1]) for line in lines if line.startswith("wchar:")), None)


def by_journal(run: SyntheticRun, step: StepResult) -> None:
    """Now: the record writer appends the step to the journal."""
    run.writer.handle(StepFinished(run.scenario, run.scenario.steps[step.index - 1], step))


def by_rewrite(run: SyntheticRun, step: StepResult) -> None:
    """Before: run.json rewritten whole, atomically, after every step."""
    write_record(run.run_dir, run.record)


def measure(
    run_dir: Path, record_step: Callable[[SyntheticRun, StepResult], None]
) -> dict[int, Cost]:
    syncs = 0
    real_fsync = os.fsync

    def counting(fd: Any) -> None:  # counts, and still syncs
        nonlocal syncs
        syncs += 1
        real_fsync(fd)

    os.fsync = counting
    costs: dict[int, Cost] = {}
    try:
        run = SyntheticRun(run_dir, STEPS)
        run.start()
        result = run.start_scenario()
        for index in range(1, STEPS + 1):
            step = a_step(index)
            result.steps.append(step)
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
    screen = len(a_step(1).screen_text or "")
    print(f"{STEPS} steps, each with {screen:,} characters of screen text\n")
    ways = (("journal line per step (now)", by_journal), ("run.json per step (before)", by_rewrite))
    with tempfile.TemporaryDirectory() as tmp:
        for number, (label, way) in enumerate(ways):
            run_dir = Path(tmp) / f"run-{number}"
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
