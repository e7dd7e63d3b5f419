"""SIGTERM stops an exploration as it stops a run: the record so far, one line, exit 143."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from harness.record.read import read_run
from tests.conftest import ROOT

pytestmark = pytest.mark.browser


def test_sigterm_keeps_what_was_explored(pages_server: str, tmp_path: Path) -> None:
    command = [sys.executable, "-m", "harness.cli", "explore", "--goal", "Create a project"]
    command += ["--done", "You're all set", "--base-url", pages_server]
    command += ["--start", "/explore-jargon.html", "--out", str(tmp_path)]
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    proc = subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    try:
        assert proc.stdout is not None and proc.stderr is not None
        for line in proc.stdout:  # the second step finished: the exploration is under way
            if " 2. " in line:
                break
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=60) == 143
        said = proc.stderr.read()
    finally:
        proc.kill()
        proc.wait()
    assert "shoshin: the run was interrupted" in said and "Traceback" not in said
    record = read_run((tmp_path / "latest").resolve())
    assert record.status == "interrupted" and len(record.results[0].steps) >= 2
