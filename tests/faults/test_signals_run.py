"""Ctrl-C and SIGTERM mid-run: what was walked is written, and a second signal stops at once.

Real signals to a real `shoshin run`, sent while a step waits on a page that never answers.
Ctrl-C is sent as a terminal sends it, to the whole process group (Playwright's driver
included); SIGTERM as `kill` does, to shoshin alone.
"""

from __future__ import annotations

import functools
import os
import random
import signal
import subprocess
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from harness.record.model import read_record
from tests.conftest import write_scenario
from tests.faults.crash_tools import finish, product, run_dirs, shoshin, wait_for

pytestmark = pytest.mark.browser

WAITING = """
name: Stopped while waiting
start: /crash-door.html
steps:
  - intent: Arrive
    expect: The front door
  - intent: Go on to a page that takes its time
    click: Go on
    expect: Never shown
    patience: 60
"""


def _record(out: Path) -> dict[str, Any] | None:
    """The run's record as it is on disk now; None before there is one."""
    found = run_dirs(out)
    return read_record(found[0]) if found else None


@pytest.fixture
def walking(tmp_path: Path) -> Iterator[Callable[[], tuple[subprocess.Popen[str], Path]]]:
    """Start `shoshin run` (in a session of its own, as a terminal's job) and return once
    its second step waits on the page that never answers."""
    started: list[subprocess.Popen[str]] = []
    with product() as pages:

        def start() -> tuple[subprocess.Popen[str], Path]:
            scenario = write_scenario(tmp_path, WAITING)
            out = tmp_path / "reports"
            args = ["run", str(scenario), "--base-url", pages.base_url, "--out", str(out)]
            proc = shoshin(*args, start_new_session=True)
            started.append(proc)
            wait_for(pages.hung.is_set, "the step waiting on the slow page")
            return proc, out

        yield start
    for proc in started:
        if proc.poll() is None:
            proc.kill()
            proc.wait()


def _stderr_line(err: str) -> str:
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1, err
    return lines[0]


@pytest.mark.parametrize(
    ("signum", "code", "to_group"),
    [(signal.SIGINT, 130, True), (signal.SIGTERM, 143, False)],
    ids=["ctrl-c", "sigterm"],
)
def test_a_stopped_run_writes_what_it_walked(
    walking: Callable[[], tuple[subprocess.Popen[str], Path]],
    signum: int,
    code: int,
    to_group: bool,
) -> None:
    proc, out = walking()
    if to_group:
        os.killpg(proc.pid, signum)
    else:
        os.kill(proc.pid, signum)
    exit_code, _, err = finish(proc)

    assert exit_code == code, err
    line = _stderr_line(err)
    assert "interrupted" in line and signal.Signals(signum).name in line, line
    record = _record(out)
    assert record is not None
    (run_dir,) = run_dirs(out)
    report = run_dir / "index.html"
    assert str(report) in line  # where the partial report is
    assert record["status"] == "interrupted" and record["finished_at"]
    (scenario,) = record["results"]
    assert scenario["outcome"] == "running"  # it did not end: not "completed"
    assert [s["outcome"] for s in scenario["steps"]] == ["passed"]
    assert (run_dir / scenario["steps"][0]["screenshot"]).is_file()
    assert "interrupted" in report.read_text(encoding="utf-8")


def test_a_second_ctrl_c_during_the_wrap_up_stops_at_once_and_keeps_the_record(
    walking: Callable[[], tuple[subprocess.Popen[str], Path]], tmp_path: Path
) -> None:
    """The reports read the observer sessions; a session file that is a FIFO nobody writes
    to makes writing them wait forever: only stopping at once ends this run."""
    sessions = tmp_path / "reports" / "sessions"
    sessions.mkdir(parents=True)
    os.mkfifo(sessions / "20261201-000000-p1-abcd.jsonl")
    proc, out = walking()
    os.killpg(proc.pid, signal.SIGINT)
    # The record is written before the reports are begun.
    interrupted = lambda: (_record(out) or {}).get("status") == "interrupted"  # noqa: E731
    try:
        wait_for(interrupted, "run.json interrupted")
    except AssertionError as missing:
        proc.kill()
        _, err = proc.communicate()
        raise AssertionError(f"{missing}; run.json: {_record(out)}; stderr: {err}") from None
    os.killpg(proc.pid, signal.SIGINT)
    exit_code, _, err = finish(proc)

    assert exit_code == 130, err
    line = _stderr_line(err)
    assert "stopped at once" in line and "run.json" in line, line
    record = _record(out)
    assert record is not None and record["status"] == "interrupted"
    assert [s["outcome"] for s in record["results"][0]["steps"]] == ["passed"]
    (run_dir,) = run_dirs(out)
    assert not (run_dir / "index.html").exists()  # the reports were left, as said


WALKING_ABOUT = """
name: Walking about
start: /crash-door.html
steps:
  - expect: The front door
  - click: Next room
    expect: Welcome to the next room
  - click: Back to the door
    expect: The front door
  - click: Next room
    expect: Welcome to the next room
"""


def test_a_signal_at_any_moment_of_a_run_leaves_a_readable_record(
    tmp_path: Path, trials: int
) -> None:
    """Ctrl-C or SIGTERM at a random moment of a run: whatever Playwright was doing, the run
    ends with its code and one line, and run.json is whole. (`--trials`, divided by 5: each
    trial starts a browser.)"""
    chance = random.Random(trials)
    with product() as pages:
        for trial in range(max(2, trials // 5)):
            folder = tmp_path / str(trial)
            folder.mkdir()
            scenarios = [str(write_scenario(folder, WALKING_ABOUT, f"{n}.yaml")) for n in range(2)]
            out = folder / "reports"
            args = ["run", *scenarios, "--base-url", pages.base_url, "--out", str(out)]
            proc = shoshin(*args, start_new_session=True)
            signum = (signal.SIGINT, signal.SIGTERM)[trial % 2]
            try:
                wait_for(functools.partial(_record, out), "the run's start")
                stop_at = time.monotonic() + chance.uniform(0, 3)
                while time.monotonic() < stop_at and proc.poll() is None:  # a random moment
                    time.sleep(0.01)
                if proc.poll() is None:
                    os.killpg(proc.pid, signum)
                code, _, err = finish(proc)
            finally:
                if proc.poll() is None:
                    proc.kill()
                    proc.wait()
            record = _record(out)
            assert record is not None, err
            assert "Traceback" not in err, err
            if record["status"] == "finished" and code == 128 + signum:
                # it came during the wrap-up, after the last scenario: the record is whole
                assert "as the run was ending; every scenario was walked" in err, err
                continue
            if record["status"] == "finished" and code in (0, 1, -signum):
                # The run ended before the signal came; or it came as Python was exiting,
                # after everything was written, when signals take their default action (a
                # shell then says 128 + signum, as for a stopped run): nothing was lost.
                assert "Traceback" not in err and "interrupted" not in err, err
                continue
            assert (code, record["status"]) == (128 + signum, "interrupted"), (trial, err)
            assert "interrupted" in _stderr_line(err)
