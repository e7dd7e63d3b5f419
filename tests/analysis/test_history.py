"""The history index: every run on disk, trends per scenario, rebuilt from what is there."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

from harness.analysis.history import load_history
from harness.report.history_html import sparkline, write_history

HOSTILE = "<script>alert(1)</script>"


def make_run(reports: Path, run_id: str, started: str, seconds: float, dead: bool) -> Path:
    steps: list[dict[str, Any]] = [
        {
            "index": 1,
            "outcome": "passed",
            "duration_ms": int(seconds * 1000),
            "dead_end": None,
            "text": {"words": 40},
        },
        {
            "index": 2,
            "outcome": "dead_end" if dead else "passed",
            "dead_end": {"kind": "missing-target"} if dead else None,
            "text": {"words": 60},
        },
    ]
    record = {
        "run_id": run_id,
        "started_at": started,
        "status": "finished",
        "base_url": "http://127.0.0.1:1",
        "results": [
            {
                "scenario": f"Sign up {HOSTILE}",
                "outcome": "dead_end" if dead else "completed",
                "duration_ms": int(seconds * 1000),
                "wall_ms": int(seconds * 1000) + 7000,  # the harness's own work: not the trend
                "steps": steps,
            }
        ],
    }
    run_dir = reports / run_id
    run_dir.mkdir(parents=True)
    (run_dir / "run.json").write_text(json.dumps(record))
    return run_dir


def test_trends_follow_the_runs_in_time_order(tmp_path: Path) -> None:
    make_run(tmp_path, "b-run", "2026-11-02T10:00:00+00:00", 5.0, dead=False)
    make_run(tmp_path, "a-run", "2026-11-01T10:00:00+00:00", 9.0, dead=True)
    (tmp_path / "latest").symlink_to("b-run")
    history = load_history(tmp_path)
    assert [r.run_id for r in history.runs] == ["b-run", "a-run"]  # newest first
    (trend,) = history.trends
    assert trend.series("duration_ms") == [9000, 5000]
    assert trend.series("dead_ends") == [1, 0]
    assert trend.series("words") == [100, 100]


def test_index_rebuilds_after_a_run_is_deleted_or_copied_in(tmp_path: Path) -> None:
    reports = tmp_path / "reports"
    first = make_run(reports, "r1", "2026-11-01T10:00:00+00:00", 9.0, dead=True)
    make_run(reports, "r2", "2026-11-02T10:00:00+00:00", 5.0, dead=False)
    html = write_history(reports).read_text()
    assert 'href="r1/index.html"' in html and 'href="r2/index.html"' in html
    shutil.rmtree(first)
    html = write_history(reports).read_text()
    assert "r1" not in html and 'href="r2/index.html"' in html
    elsewhere = make_run(tmp_path / "ci-job", "r3", "2026-11-03T10:00:00+00:00", 4.0, dead=False)
    shutil.copytree(elsewhere, reports / "r3")
    html = write_history(reports).read_text()
    assert html.index('href="r3/index.html"') < html.index('href="r2/index.html"')
    assert "2 runs in this folder" in html


def test_unreadable_runs_are_named_not_fatal(tmp_path: Path) -> None:
    make_run(tmp_path, "good", "2026-11-01T10:00:00+00:00", 3.0, dead=False)
    (tmp_path / "broken").mkdir()
    (tmp_path / "broken" / "run.json").write_text('{"run_id": "broken", "results": [')
    history = load_history(tmp_path)
    assert [r.run_id for r in history.runs] == ["good"] and history.skipped == ["broken"]
    assert "1 unreadable: broken" in write_history(tmp_path, history).read_text()


def test_product_text_is_escaped_and_charts_are_svg(tmp_path: Path) -> None:
    make_run(tmp_path, "r1", "2026-11-01T10:00:00+00:00", 9.0, dead=True)
    make_run(tmp_path, "r2", "2026-11-02T10:00:00+00:00", 5.0, dead=False)
    html = write_history(tmp_path).read_text()
    assert HOSTILE not in html and "&lt;script&gt;" in html
    assert html.count("<polyline") == 3  # time, dead ends, words (no sessions: no completion)


def test_sparkline_scales_into_the_box_and_leaves_gaps() -> None:
    line = sparkline([1.0, None, 3.0, 2.0])
    assert line["min"] == 1.0 and line["max"] == 3.0 and line["last"] == 2.0
    assert line["segments"] == ["145.3,4.0 216.0,24.0"]  # the gap splits the line
    assert sparkline([None, None])["last"] is None
