"""`--workers N --browser-endpoint URL`: each worker walks in the browser elsewhere, through
`runner.start_browser`, never in a Chromium of its own."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from harness.record.model import read_record
from tests.faults.crash_tools import finish, run_dirs, shoshin
from tests.remote.servers import Remote, pages

pytestmark = pytest.mark.browser


def test_workers_walk_in_the_browser_elsewhere(
    devtools: Remote, scenarios: Path, pages_server: str, tmp_path: Path
) -> None:
    # a local Chromium cannot start: a worker that launched one would fail
    broken = tmp_path / "chromium-that-fails"
    broken.write_text("#!/bin/sh\nexit 1\n")
    broken.chmod(0o755)
    before = pages(devtools.endpoint)
    out = tmp_path / "reports"
    code, stdout, stderr = finish(
        shoshin("run", str(scenarios), "--base-url", pages_server, "--out", str(out),
                "--workers", "2", "--browser-endpoint", devtools.endpoint,
                env={**os.environ, "SHOSHIN_CHROMIUM": str(broken)})
    )  # fmt: skip
    assert code == 1, (stdout, stderr)  # the dead end, on purpose
    (run_dir,) = run_dirs(out)
    record = read_record(run_dir)
    assert record["browser"]["endpoint"]
    assert [r["outcome"] for r in record["results"]] == ["completed", "dead_end"]
    assert pages(devtools.endpoint) == before  # left as it was found
