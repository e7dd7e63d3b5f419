"""How much time shoshin adds around each step, and how long reports take to build.

Run on demand: `make bench` (or `.venv/bin/python benchmarks/harness_overhead.py`).
Prints figures; asserts nothing. Step timings themselves exclude this overhead.
"""

from __future__ import annotations

import statistics
import tempfile
import time
from pathlib import Path

from shared import Figure

from harness.demo import DemoServer
from harness.record.model import read_record
from harness.report.build import write_run_reports
from harness.run.config import RunConfig
from harness.run.handlers import RecordWriter
from harness.run.runner import run_scenarios
from harness.scenario.load import load_scenarios

ROOT = Path(__file__).resolve().parent.parent
ROUNDS = 3


def measure() -> list[Figure]:
    scenarios = load_scenarios([ROOT / "scenarios"])
    with tempfile.TemporaryDirectory() as tmp, DemoServer(slow_seconds=0) as server:
        walls, step_sums, reports = [], [], []
        for _ in range(ROUNDS):
            config = RunConfig(base_url=server.base_url, out_dir=Path(tmp))
            began = time.perf_counter()
            record = run_scenarios(scenarios, config, [RecordWriter()])
            walls.append(time.perf_counter() - began)
            steps = [s for r in record.results for s in r.steps if s.outcome != "skipped"]
            step_sums.append((sum(s.duration_ms for s in steps), len(steps)))
            run_dir = Path(tmp) / record.run_id
            began = time.perf_counter()
            write_run_reports(run_dir, read_record(run_dir), self_contained=True)
            reports.append(time.perf_counter() - began)
    print(f"rounds: {ROUNDS}, scenarios: {len(scenarios)}")
    print(f"run wall time, median: {statistics.median(walls):.2f} s")
    # Everything the run took that no step's own time accounts for: browser start,
    # fresh contexts, screenshots, reading the screen, writing the record.
    overheads = [
        (wall * 1000 - timed_ms) / count
        for wall, (timed_ms, count) in zip(walls, step_sums, strict=True)
    ]
    print(
        "harness time per walked step (outside step timings), median: "
        f"{statistics.median(overheads):.0f} ms"
    )
    report = statistics.median(reports)
    print(f"reports (HTML + single file + images), median: {report:.2f} s")
    name = f"harness overhead (demo, {len(scenarios)} scenarios)"
    return [
        Figure(name, "run wall time, median", f"{statistics.median(walls):.2f} s"),
        Figure(
            name,
            "harness time per walked step, outside step timings",
            f"{statistics.median(overheads):.0f} ms",
        ),
        Figure(name, "reports (HTML + single file + images), median", f"{report:.2f} s"),
    ]


def main() -> None:
    measure()


if __name__ == "__main__":
    main()
