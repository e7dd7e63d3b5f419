"""The run record: its contract field names, atomic writes, and the `latest` pointer."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from harness.record.model import (
    RunRecord,
    ScenarioResult,
    StepResult,
    TextMetrics,
    new_run_id,
    point_latest,
    write_json_atomic,
    write_record,
)


def sample_record() -> RunRecord:
    record = RunRecord(
        run_id="20261122-000000-abcd",
        started_at="2026-11-22T00:00:00+00:00",
        base_url="http://127.0.0.1:1",
        browser={"name": "chromium", "version": "1"},
        viewport={"width": 1280, "height": 800},
        harness_version="0.1.0",
    )
    result = ScenarioResult(scenario="S", file="s.yaml", persona=None)
    result.steps.append(
        StepResult(
            index=1,
            intent="Start",
            actions=[],
            expect=["Hello"],
            outcome="passed",
            started_ms=0,
            duration_ms=10,
            patience_s=10.0,
            text=TextMetrics(words=1, reading_seconds=0.3, grade=1.0),
        )
    )
    record.results.append(result)
    return record


def test_run_json_keeps_the_contract_field_names(tmp_path: Path) -> None:
    data = json.loads(write_record(tmp_path, sample_record()).read_text())
    for key in ("schema_version", "run_id", "started_at", "harness_version", "base_url"):
        assert key in data
    assert set(data["browser"]) == {"name", "version"}
    result = data["results"][0]
    assert {"scenario", "file", "outcome", "duration_ms", "steps"} <= set(result)
    step = result["steps"][0]
    contract = {
        "index", "intent", "outcome", "started_ms", "duration_ms", "url", "title",
        "screenshot", "dead_end", "console_errors", "failed_requests", "text",
    }  # fmt: skip
    assert contract <= set(step)
    assert set(step["text"]) >= {"words", "reading_seconds", "grade", "jargon", "acronyms"}


def test_atomic_write_leaves_the_old_file_when_serialising_fails(tmp_path: Path) -> None:
    path = tmp_path / "run.json"
    write_json_atomic(path, {"ok": True})
    with pytest.raises(TypeError):
        write_json_atomic(path, {"bad": object()})
    assert json.loads(path.read_text()) == {"ok": True}
    assert [p.name for p in tmp_path.iterdir()] == ["run.json"]


def test_latest_points_at_the_newest_run(tmp_path: Path) -> None:
    for run_id in ("one", "two"):
        (tmp_path / run_id).mkdir()
        point_latest(tmp_path, run_id)
    assert os.readlink(tmp_path / "latest") == "two"
    assert (tmp_path / "latest").resolve() == (tmp_path / "two").resolve()


def test_run_ids_sort_by_time_and_do_not_collide() -> None:
    ids = {new_run_id() for _ in range(50)}
    assert len(ids) == 50
    assert all(len(i.split("-")) == 3 for i in ids)
