"""Observer sessions beside the scripted run: figures with known answers, rebuilt offline."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from harness.scenario.load import load_scenario
from harness.session.log import SessionLog
from tests.conftest import ROOT

SCENARIO = ROOT / "scenarios/01-first-project.yaml"
NAME = "Sign up and create a first project"


def scripted_run(reports: Path) -> Path:
    """A finished run of the happy path, as `run.json` alone (no browser needed)."""
    steps: list[dict[str, Any]] = []
    for i, intent in enumerate(
        [
            "Find out how to start",
            "Create an account",
            "Confirm my email address",
            "Set up a place for my team",
            "Invite a colleague",
            "Create my first project",
        ],
        start=1,
    ):
        steps.append(
            {
                "index": i,
                "intent": intent,
                "outcome": "dead_end" if i == 4 else "passed" if i < 4 else "skipped",
                "duration_ms": 500,
                "dead_end": {"kind": "missing-target", "looked_for": "Next", "message": "m",
                             "seen": ["Provision tenant"], "errors_on_screen": []}
                if i == 4 else None,
            }
        )  # fmt: skip
    record = {
        "run_id": "20261122-100000-aaaa",
        "started_at": "2026-11-22T10:00:00+00:00",
        "status": "finished",
        "base_url": "http://127.0.0.1:1",
        "browser": {"name": "chromium", "version": "1"},
        "results": [{"scenario": NAME, "file": str(SCENARIO), "outcome": "dead_end",
                     "duration_ms": 4000, "steps": steps}],
    }  # fmt: skip
    run_dir = reports / record["run_id"]
    run_dir.mkdir(parents=True)
    (run_dir / "run.json").write_text(json.dumps(record))
    return run_dir


def observe(sessions: Path, tester: str, events: list[tuple[float, str, Any]], seq: int) -> None:
    """Write a real session file through the same writer `shoshin observe` uses."""
    log = SessionLog.create(
        sessions, load_scenario(SCENARIO), tester, observer="Mo",
        now=datetime(2026, 11, 21, 9, 0, tzinfo=UTC),
    )  # fmt: skip
    for t, kind, value in events:
        if kind == "step":
            log.mark_step(value, t=t)
        elif kind == "assist":
            log.assist(value, t=t)
        elif kind == "end":
            log.end(value, t=t)
        else:
            log.note(kind, value, t=t)
    log.rate_seq(seq)
    log.close()


@pytest.fixture
def reports(tmp_path: Path) -> Path:
    reports = tmp_path / "reports"
    scripted_run(reports)
    sessions = reports / "sessions"
    # Ana and Ben finish alone; Cy needs help on step 4. Step 2 times: 30 s, 50 s, 70 s.
    observe(sessions, "Ana", [(0, "step", 1), (10, "step", 2), (40, "step", 3),
                              (45, "quote", "What is a tenant?"), (50, "step", 4),
                              (60, "confusion", "unsure what a slug is"), (90, "step", 5),
                              (100, "step", 6), (120, "end", "done")], seq=6)  # fmt: skip
    observe(sessions, "Ben", [(0, "step", 1), (5, "step", 2), (55, "step", 3),
                              (60, "step", 4), (70, "stuck", "stuck on the tenant slug"),
                              (100, "step", 5), (110, "step", 6), (130, "end", "done")],
            seq=5)  # fmt: skip
    observe(sessions, "Cy", [(0, "step", 1), (20, "step", 2), (90, "step", 3),
                             (95, "step", 4), (100, "stuck", "no idea what provision means"),
                             (150, "assist", "explained the slug"), (170, "step", 5),
                             (180, "step", 6), (190, "delight", "likes the board"),
                             (200, "end", "done")], seq=3)  # fmt: skip
    return reports


def test_report_rebuilds_offline_with_people_beside_the_script(reports: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "harness.cli", "report", "--out", str(reports)],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    html = (reports / "20261122-100000-aaaa/index.html").read_text()
    text = re.sub(r"<[^>]+>", " ", html)
    text = re.sub(r"\s+", " ", text)
    # Task success: 2 unassisted completions of 3 sessions; 1 completed with help.
    assert "2 of 3 completed unassisted (67%)" in text
    assert "1 completed with help" in text
    # SEQ mean of 6, 5 and 3.
    assert "4.7 SEQ mean" in text
    # Step 2: everyone got there alone; times 30, 50, 70 s → median 0:50 (0:30–1:10).
    assert "3 of 3 got here unassisted" in text
    assert "Their time: 00:50 median (00:30–01:10) · script 0.5 s" in text
    # People are 10–20× slower than the script on other steps, 100× here: it stands out.
    assert "People took 100× as long as the script here, against 20× on a typical step" in text
    assert text.count("as long as the script here") == 1
    # Step 5 was reached with help by Cy: 2 unassisted, 1 with help.
    assert "2 of 3 got here unassisted, 1 with help" in text
    # Step 4: where people and the script both got stuck.
    assert "2 stuck · 1 needed help here — and the script hit a dead end here too." in text
    # Quotes set apart, with tester and time.
    assert "“What is a tenant?” Ana · 00:45" in text
    assert "unsure what a slug is — Ana, 01:00" in text
    assert "likes the board — Cy, 03:10" in text


def test_hostile_notes_are_escaped(reports: Path) -> None:
    observe(reports / "sessions", "<b>Eve</b>", [(1, "quote", "<script>alert(1)</script>"),
                                                 (2, "end", "gaveup")], seq=1)  # fmt: skip
    subprocess.run(
        [sys.executable, "-m", "harness.cli", "report", "--out", str(reports)],
        cwd=ROOT, capture_output=True, text=True, timeout=120, check=True,
    )  # fmt: skip
    html = (reports / "20261122-100000-aaaa/index.html").read_text()
    assert "<script>alert(1)</script>" not in html and "&lt;script&gt;" in html
    assert "<b>Eve</b>" not in html


def test_a_damaged_session_file_is_read_with_a_warning(reports: Path) -> None:
    (reports / "sessions" / "zz-cut.jsonl").write_text('{"type": "session", "scena')
    result = subprocess.run(
        [sys.executable, "-m", "harness.cli", "report", "--out", str(reports)],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert result.returncode == 0
    assert "warning:" in result.stderr and "zz-cut.jsonl" in result.stderr


def test_history_shows_the_observed_completion_rate(reports: Path) -> None:
    subprocess.run(
        [sys.executable, "-m", "harness.cli", "report", "--out", str(reports)],
        cwd=ROOT, capture_output=True, text=True, timeout=120, check=True,
    )  # fmt: skip
    index = (reports / "index.html").read_text()
    assert "Observed completion" in index and "67%" in index
