"""The browser killed mid-step: that scenario is an error that says so, the next one walks.

The Chromium of a real `shoshin run` (found below its process, through Playwright's driver)
is killed with SIGKILL while a step waits on a page that never answers.
"""

from __future__ import annotations

import contextlib
import functools
import os
import random
import signal
import time
from pathlib import Path

import pytest

from harness.record.model import read_record
from tests.conftest import write_scenario
from tests.faults.crash_tools import (
    chromium_pids,
    finish,
    product,
    run_dirs,
    shoshin,
    wait_for,
)

pytestmark = pytest.mark.browser

KILLED = """
name: Killed mid-step
start: /crash-door.html
steps:
  - intent: Arrive
    expect: The front door
  - intent: Go on to a page that takes its time
    click: Go on
    expect: Never shown
    patience: 60
  - intent: Try the other way
    click: Next room
    expect: Welcome to the next room
"""

NEXT = """
name: The next scenario
start: /crash-door.html
steps:
  - intent: Arrive
    expect: The front door
  - click: Next room
    expect: Welcome to the next room
"""


def test_a_browser_killed_mid_step_is_that_scenarios_error_and_the_next_gets_a_new_one(
    tmp_path: Path,
) -> None:
    first = write_scenario(tmp_path, KILLED, "01-killed.yaml")
    second = write_scenario(tmp_path, NEXT, "02-next.yaml")
    out = tmp_path / "reports"
    with product() as pages:
        proc = shoshin(
            "run", str(first), str(second), "--base-url", pages.base_url, "--out", str(out)
        )
        try:
            wait_for(pages.hung.is_set, "the step waiting on the slow page")
            browser = wait_for(lambda: chromium_pids(proc.pid), "Chromium below shoshin")
            for pid in browser:  # the browser process first, then the rest
                with contextlib.suppress(ProcessLookupError):
                    os.kill(pid, signal.SIGKILL)
            code, out_text, err = finish(proc)
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
    (run_dir,) = run_dirs(out)
    record = read_record(run_dir)
    killed, walked = record["results"]

    assert code == 2, err  # infrastructure: the run could not judge one scenario
    assert record["status"] == "finished"
    assert killed["outcome"] == "error"
    assert [s["outcome"] for s in killed["steps"]] == ["passed", "error", "skipped"]
    died = killed["steps"][1]["error"]
    assert "browser" in died and "died" in died, died
    assert "Error" not in died and "Target" not in died  # a sentence, not Python's words
    assert (run_dir / killed["steps"][0]["screenshot"]).is_file()  # what was walked is kept
    # The next scenario got a new browser and walked to its end.
    assert walked["outcome"] == "completed", walked
    assert all((run_dir / s["screenshot"]).is_file() for s in walked["steps"])
    assert (run_dir / "index.html").is_file()
    assert "died" in err and "Traceback" not in err
    assert "1 of 2 scenarios completed" in out_text


WALKING_ABOUT = """
name: Walking about {n}
start: /crash-door.html
steps:
  - expect: The front door
  - click: Next room
    expect: Welcome to the next room
  - click: Back to the door
    expect: The front door
"""


def _started(out: Path) -> list[Path]:
    return run_dirs(out) if out.exists() else []


def test_a_browser_killed_at_any_moment_costs_one_scenario_at_most(
    tmp_path: Path, trials: int
) -> None:
    """Chromium killed at a random moment of a run (opening a context, mid-step, closing
    one): the run ends, exit 2 or 0, and every scenario after the killed one completes.
    (`--trials`, divided by 10: each trial starts browsers.)"""
    chance = random.Random(trials)
    with product() as pages:
        for trial in range(max(1, trials // 10)):
            folder = tmp_path / str(trial)
            folder.mkdir()
            files = [
                str(write_scenario(folder, WALKING_ABOUT.format(n=n), f"{n}.yaml"))
                for n in range(3)
            ]
            out = folder / "reports"
            proc = shoshin("run", *files, "--base-url", pages.base_url, "--out", str(out))
            try:
                wait_for(functools.partial(_started, out), "the run's start")
                kill_at = time.monotonic() + chance.uniform(0, 2.5)
                while time.monotonic() < kill_at and proc.poll() is None:  # a random moment
                    time.sleep(0.01)
                for pid in chromium_pids(proc.pid):
                    with contextlib.suppress(ProcessLookupError):
                        os.kill(pid, signal.SIGKILL)
                code, _, err = finish(proc)
            finally:
                if proc.poll() is None:
                    proc.kill()
                    proc.wait()
            (run_dir,) = run_dirs(out)
            record = read_record(run_dir)
            outcomes = [r["outcome"] for r in record["results"]]
            assert "Traceback" not in err, err
            assert record["status"] == "finished" and len(outcomes) == 3, (trial, err)
            assert code == (2 if "error" in outcomes else 0), (trial, err)
            killed = outcomes.index("error") if "error" in outcomes else len(outcomes)
            assert outcomes[killed + 1 :] == ["completed"] * (2 - killed), (trial, outcomes)
            assert (run_dir / "index.html").is_file()
