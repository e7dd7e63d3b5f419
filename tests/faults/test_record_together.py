"""Two `shoshin run`s into one `--out`, started together: neither overwrites the other.

Real processes against the demo server, started at the same moment, again and again: each
gets its own run folder, `latest` points at one of them whole, and `reports/index.html`
lists every run, each as finished.
"""

from __future__ import annotations

import html.parser
import os
import subprocess
import sys
from pathlib import Path

import pytest

from harness.demo import DemoServer
from harness.record.read import read_run
from tests.conftest import ROOT, write_scenario

_INSTALLED = Path(sys.executable).parent / "shoshin"
SHOSHIN = [str(_INSTALLED)] if _INSTALLED.is_file() else [sys.executable, "-m", "harness.cli"]


class _Rows(html.parser.HTMLParser):
    """The run folders `reports/index.html` links to, and the text of the page."""

    def __init__(self) -> None:
        super().__init__()
        self.runs: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        href = dict(attrs).get("href") or ""
        if tag == "a" and href.endswith("/index.html"):
            self.runs.append(href.removesuffix("/index.html"))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


@pytest.mark.browser
def test_two_runs_started_together_into_one_out_keep_both(
    demo_server: DemoServer, tmp_path: Path, trials: int
) -> None:
    out = tmp_path / "reports"
    scenario = write_scenario(
        tmp_path,
        """
        name: Quick start
        steps:
          - click: Get started
            expect: Create your account
        """,
    )
    command = [*SHOSHIN, "run", str(scenario), "--base-url", demo_server.base_url]
    env = {**os.environ, "NO_COLOR": "1"}
    for trial in range(1, min(trials, 5) + 1):
        pair = [
            subprocess.Popen(
                [*command, "--out", str(out)],
                cwd=ROOT,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
                env=env,
            )
            for _ in range(2)
        ]
        for proc in pair:
            stdout, stderr = proc.communicate(timeout=180)
            assert proc.returncode == 0, (trial, stdout, stderr)

        runs = sorted(p for p in out.iterdir() if p.is_dir() and not p.is_symlink())
        assert len(runs) == 2 * trial, (trial, [p.name for p in runs])
        for run_dir in runs:
            record = read_run(run_dir)
            assert record.run_id == run_dir.name
            assert record.status == "finished"
            assert [r.outcome for r in record.results] == ["completed"]
        assert (out / "latest").resolve() in {p.resolve() for p in runs}
        assert read_run(out / "latest").status == "finished"
        assert not list(out.rglob("*.tmp")), "a temporary file was left behind"

        page = _Rows()
        page.feed((out / "index.html").read_text(encoding="utf-8"))
        page.close()
        assert sorted(page.runs) == [p.name for p in runs]
        # Rebuilt last by a run that saw every run's end: none is left "running".
        assert "running" not in " ".join(page.text)
