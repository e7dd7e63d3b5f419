"""A run that cannot start leaves nothing behind: a browser that will not launch, or a
`latest` that cannot be pointed at the new run, leave no run folder, do not move `latest`,
and are told in one sentence with exit code 2."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from harness.demo import DemoServer
from tests.conftest import ROOT, write_scenario

_INSTALLED = Path(sys.executable).parent / "shoshin"
SHOSHIN = [str(_INSTALLED)] if _INSTALLED.is_file() else [sys.executable, "-m", "harness.cli"]
OLDER = "20261130-120000-0123456789ab"


def run_into(
    out: Path, base_url: str, tmp_path: Path, **env: str
) -> subprocess.CompletedProcess[str]:
    scenario = write_scenario(tmp_path, "name: Quick\nsteps:\n  - click: Get started\n")
    return subprocess.run(
        [*SHOSHIN, "run", str(scenario), "--base-url", base_url, "--out", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "NO_COLOR": "1", **env},
    )


def one_sentence(done: subprocess.CompletedProcess[str]) -> str:
    assert done.returncode == 2, (done.stdout, done.stderr)
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in done.stderr, done.stderr
    return lines[0]


@pytest.mark.browser
def test_a_browser_that_fails_to_launch_leaves_no_run_folder(
    demo_server: DemoServer, tmp_path: Path
) -> None:
    out = tmp_path / "reports"
    (out / OLDER).mkdir(parents=True)
    os.symlink(OLDER, out / "latest")
    before = sorted(p.name for p in out.iterdir())
    broken = tmp_path / "chromium-that-fails"
    broken.write_text("#!/bin/sh\necho 'no display, no luck' >&2\nexit 1\n")
    broken.chmod(0o755)
    done = run_into(out, demo_server.base_url, tmp_path, SHOSHIN_CHROMIUM=str(broken))
    sentence = one_sentence(done)
    assert str(broken) in sentence and "would not start" in sentence
    assert sorted(p.name for p in out.iterdir()) == before  # no run folder, nothing else
    assert os.readlink(out / "latest") == OLDER


@pytest.mark.browser
def test_a_latest_that_cannot_be_replaced_leaves_no_run_folder(
    demo_server: DemoServer, tmp_path: Path
) -> None:
    """The browser is up and the run folder made when `latest` fails: the folder goes again."""
    out = tmp_path / "reports"
    (out / "latest" / "kept").mkdir(parents=True)  # a folder where the link would go
    sentence = one_sentence(run_into(out, demo_server.base_url, tmp_path))
    assert f"{out / 'latest'} could not be pointed at the new run" in sentence
    assert sorted(p.name for p in out.iterdir()) == ["latest"]
    assert [p.name for p in (out / "latest").iterdir()] == ["kept"]
