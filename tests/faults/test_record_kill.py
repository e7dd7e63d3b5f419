"""The run record, faulted for real: a `shoshin run` killed with SIGKILL mid-scenario.

Every finished step of the killed run is read back by `shoshin report`.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from harness.record.model import read_record
from harness.record.read import read_run
from tests.conftest import ROOT, write_scenario

_INSTALLED = Path(sys.executable).parent / "shoshin"
SHOSHIN = [str(_INSTALLED)] if _INSTALLED.is_file() else [sys.executable, "-m", "harness.cli"]
STEPS = 40
KILL_AFTER = 3


def _steps_so_far(out: Path) -> tuple[Path | None, list[dict[str, Any]]]:
    """The run folder and the steps a reader sees in it now (run.json and its journal)."""
    found = sorted(out.glob("*/run.json"))
    if not found:
        return None, []
    data = read_record(found[0].parent)
    results = data.get("results") or [{}]
    return found[0].parent, list(results[0].get("steps") or [])


def _many_steps(directory: Path) -> Path:
    steps = "".join(
        f"  - intent: Press on ({n})\n    click: Next\n    expect: Reached step {n}\n"
        for n in range(1, STEPS + 1)
    )
    return write_scenario(
        directory, f"name: Many steps\nstart: /record-steps.html\nsteps:\n{steps}", "many.yaml"
    )


@pytest.mark.browser
def test_a_run_killed_mid_scenario_keeps_every_finished_step_for_the_report(
    pages_server: str, tmp_path: Path
) -> None:
    out = tmp_path / "reports"
    scenario = _many_steps(tmp_path)
    proc = subprocess.Popen(
        [*SHOSHIN, "run", str(scenario), "--base-url", pages_server, "--out", str(out)],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,  # its own process group: the kill takes its driver too
    )
    try:
        deadline = time.monotonic() + 120  # generous: a shared 2-core machine, Chromium start
        run_dir, seen = None, []
        while time.monotonic() < deadline and len(seen) < KILL_AFTER:
            run_dir, seen = _steps_so_far(out)
            time.sleep(0.05)  # polling, not a proof: the condition is the steps on disk
        assert run_dir is not None and len(seen) >= KILL_AFTER, f"only {len(seen)} steps"
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
    assert proc.returncode == -signal.SIGKILL
    _, after = _steps_so_far(out)
    assert len(after) < STEPS, "the run finished before it was killed: nothing was proved"
    assert after[: len(seen)] == seen  # every step seen before the kill, unchanged
    assert [s["index"] for s in after] == list(range(1, len(after) + 1))
    assert all(s["outcome"] == "passed" for s in after)

    report = subprocess.run(
        [*SHOSHIN, "report", str(run_dir)], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert report.returncode == 0, report.stderr
    record = read_run(run_dir)
    assert record.status == "interrupted"  # its process is gone: no longer "running"
    assert [s.index for s in record.results[0].steps] == [s["index"] for s in after]
    html = (run_dir / "index.html").read_text(encoding="utf-8")
    for step in after:
        assert step["intent"] in html
