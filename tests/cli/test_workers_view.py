"""`--workers`: what a user can get wrong about it, and the terminal view of workers."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest

from harness.cli.progress import ProgressPrinter
from harness.cli.terminal import Terminal
from harness.errors import ShoshinError
from harness.record.model import RunRecord, ScenarioResult
from harness.report.writer import ReportWriter
from harness.run.events import (
    Event,
    RunFinished,
    RunStarted,
    ScenarioFinished,
    ScenarioStarted,
    WorkerBusy,
)
from harness.run.handlers import RecordWriter
from harness.run.workers import parse_workers
from harness.scenario.load import parse_scenario
from tests.conftest import ROOT

SHOSHIN = Path(sys.executable).parent / "shoshin"
SCENARIO = parse_scenario(
    "name: Sign up\nstart: /\nsteps:\n  - intent: Find the start\n    click: Get started\n",
    Path("signup.yaml"),
    {},
)
RECORD = RunRecord(
    run_id="20261201-000000-abcd",
    started_at="2026-12-01T00:00:00+00:00",
    base_url="http://127.0.0.1:8000",
    browser={"name": "chromium", "version": "156"},
    viewport={"width": 1280, "height": 800},
    harness_version="0.1.0",
)


@pytest.mark.parametrize("bad", ["0", "abc", "-1", "1.5"])
@pytest.mark.parametrize("command", ["run", "demo"])
def test_a_bad_number_of_workers_is_one_sentence_and_exit_2(command: str, bad: str) -> None:
    args = ["scenarios", "--base-url", "http://127.0.0.1:9"] if command == "run" else []
    done = subprocess.run(
        [str(SHOSHIN), command, *args, "--workers", bad],
        cwd=ROOT, capture_output=True, text=True, timeout=60,
        env={**os.environ, "NO_COLOR": "1"},
    )  # fmt: skip
    assert done.returncode == 2
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in done.stderr, done.stderr
    assert lines[0] == (
        f"shoshin: --workers {bad!r} is not a number of worker processes; pass a whole number "
        "of 1 or more (1: one walk at a time), or auto for one per core."
    )


def test_auto_is_the_cores_this_process_may_use() -> None:
    assert parse_workers("auto") == len(os.sched_getaffinity(0))
    assert parse_workers("3") == 3
    with pytest.raises(ShoshinError):
        parse_workers("")


def _events(workers: int) -> list[Event]:
    result = ScenarioResult("Sign up", "signup.yaml", None, "completed", 1200)
    step = SCENARIO.steps[0]
    events: list[Event] = [RunStarted(RECORD, Path("reports/r"), 2, workers)]
    if workers > 1:
        events += [
            WorkerBusy(1, 2, SCENARIO, 1, 2, step=step),
            WorkerBusy(2, 2, SCENARIO, 2, 2),
        ]
    events += [ScenarioStarted(SCENARIO, 1, 2, result), ScenarioFinished(SCENARIO, result)]
    if workers > 1:
        events += [WorkerBusy(1, 2)]
    events += [ScenarioStarted(SCENARIO, 2, 2, result), ScenarioFinished(SCENARIO, result)]
    return [*events, RunFinished(RECORD, Path("reports/r"))]


def _render(workers: int, term: Terminal) -> str:
    out = io.StringIO()
    printer = ProgressPrinter(out, term)
    for event in _events(workers):
        printer.handle(event)
    printer.shutdown()
    return out.getvalue()


def test_logs_get_the_serial_lines_and_nothing_of_the_workers() -> None:
    assert _render(2, Terminal()) == _render(1, Terminal())
    assert "worker" not in _render(2, Terminal())


def test_a_terminal_gets_one_line_per_worker_below_the_scenarios() -> None:
    screen = _render(2, Terminal(live=True, width=60))
    assert "  worker 1: [1/2] Sign up · 1. Find the start\n" in screen
    assert "  worker 2: [2/2] Sign up\n" in screen
    assert "  worker 1: done\n" in screen
    # before any line of the run, the two worker lines are taken back (up two, cleared)
    assert "\x1b[2F\x1b[J[1/2] Sign up\n" in screen
    # and drawn again below it
    block = screen.index("\x1b[2F\x1b[J  → completed")
    assert screen[block:].split("\n")[1].startswith("  worker 1:")
    # at the end nothing of them is left: the last thing written takes them back
    assert screen.rstrip("\n").endswith("\x1b[2F\x1b[J")
    long = Terminal(live=True, width=30)  # a worker line is one screen line, never wrapped
    drawn = [line for line in _render(2, long).split("\n") if line.startswith("  worker")]
    assert drawn and max(len(line) for line in drawn) == 29


def test_the_writers_ignore_what_workers_do() -> None:
    busy = WorkerBusy(1, 2, SCENARIO, 1, 2)
    for handler in (RecordWriter(), ReportWriter()):
        handler.handle(busy)
        handler.shutdown()
