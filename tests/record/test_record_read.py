"""The one reader of `run.json`: typed records from whole, partial, old and damaged files."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from harness.errors import ShoshinError
from harness.files import contained, write_bytes_atomic, write_json_atomic
from harness.record.model import (
    DEAD_END_KINDS,
    SCENARIO_OUTCOMES,
    STEP_OUTCOMES,
    DeadEnd,
    RunRecord,
    ScenarioResult,
    StepResult,
    write_record,
)
from harness.record.outcomes import DEAD_END_TITLES, SCENARIO_ROWS, STEP_ROWS
from harness.record.read import RecordError, as_record, read_run, record_from_dict
from tests.conftest import ROOT

SAMPLE = ROOT / "tests" / "fixtures" / "sample_run"


def test_the_sample_run_reads_into_typed_results() -> None:
    record = read_run(SAMPLE)

    assert record.run_id == "20261122-084512-3f9a"
    assert record.status == "finished"
    assert record.viewport == {"width": 1280, "height": 800}
    first = record.results[0]
    assert first.outcome == "completed"
    assert [s.outcome for s in first.steps][:2] == ["passed", "slow"]
    assert first.steps[1].text is not None and first.steps[1].text.acronyms == ["SSO", "RBAC"]
    stuck = [s for r in record.results for s in r.steps if s.dead_end]
    assert stuck and all(isinstance(s.dead_end, DeadEnd) for s in stuck)
    assert all(s.dead_end and s.dead_end.kind in DEAD_END_KINDS for s in stuck)


def test_a_written_record_reads_back_as_it_was(tmp_path: Path) -> None:
    step = StepResult(
        index=1,
        intent="Start",
        actions=[],
        expect=["text: Hello"],
        outcome="dead_end",
        started_ms=0,
        duration_ms=812,
        patience_s=10.0,
        dead_end=DeadEnd("missing-target", "Go", "No “Go”.", seen=["Start"]),
    )
    written = RunRecord(
        run_id="r1",
        started_at="2026-11-22T00:00:00+00:00",
        base_url="http://127.0.0.1:1",
        browser={"name": "chromium", "version": "1"},
        viewport={"width": 1280, "height": 800},
        harness_version="0.1.0",
        status="finished",
        results=[ScenarioResult("S", "s.yaml", None, "dead_end", 812, steps=[step])],
    )
    write_record(tmp_path, written)

    assert read_run(tmp_path) == written


def test_a_partial_record_left_by_a_crash_reads_with_defaults(tmp_path: Path) -> None:
    (tmp_path / "run.json").write_text(
        json.dumps(
            {
                "run_id": "r2",
                "status": "running",
                "results": [{"scenario": "S", "steps": [{"index": 1, "outcome": "passed"}]}],
            }
        )
    )

    record = read_run(tmp_path)

    assert record.status == "running"
    (scenario,) = record.results
    assert scenario.outcome == "running" and scenario.duration_ms == 0
    (step,) = scenario.steps
    assert step.outcome == "passed" and step.patience_s == 10.0
    assert step.actions == [] and step.friction == [] and step.dead_end is None


def test_an_old_or_hand_edited_record_keeps_what_it_can() -> None:
    record = record_from_dict(
        {
            "results": [
                {
                    "outcome": "abandoned",
                    "steps": [
                        {"outcome": "teleported", "duration_ms": "fast", "text": "nope"},
                        {"dead_end": {"kind": "lost-in-space", "box": {"x": 1}}, "intent": 7},
                    ],
                }
            ],
            "viewport": {"width": True, "height": 800},
        }
    )

    (scenario,) = record.results
    assert scenario.outcome == "unknown"
    first, second = scenario.steps
    assert (first.outcome, first.duration_ms, first.text) == ("unknown", 0, None)
    assert second.index == 2 and second.intent == "7"
    assert second.dead_end is not None and second.dead_end.kind == "unknown"
    assert second.dead_end.box is None  # an incomplete box loses its outline only
    assert record.status == "unknown" and record.viewport == {"height": 800}


@pytest.mark.parametrize(
    ("content", "words"),
    [(b'{"run_id": "r', "is damaged (not JSON"), (b"[1, 2]", "holds no run record")],
)
def test_a_damaged_file_is_a_clear_error(tmp_path: Path, content: bytes, words: str) -> None:
    write_bytes_atomic(tmp_path / "run.json", content)

    with pytest.raises(RecordError, match=r"run\.json") as caught:
        read_run(tmp_path)

    assert words in str(caught.value) and isinstance(caught.value, ShoshinError)


def test_a_missing_file_names_the_folder(tmp_path: Path) -> None:
    with pytest.raises(RecordError, match="no such file"):
        read_run(tmp_path)


def test_a_typed_record_passes_through_as_is() -> None:
    record = read_run(SAMPLE)
    assert as_record(record) is record


def test_every_outcome_and_kind_has_a_row() -> None:
    assert set(STEP_ROWS) == {*STEP_OUTCOMES, "unknown"}
    assert set(SCENARIO_ROWS) == {*SCENARIO_OUTCOMES, "unknown"}
    assert set(DEAD_END_TITLES) == {*DEAD_END_KINDS, "unknown"}


def test_containment_refuses_paths_and_links_that_leave_the_folder(tmp_path: Path) -> None:
    root = tmp_path / "run"
    write_json_atomic(root / "shots" / "a.json", {})
    write_json_atomic(tmp_path / "secret.json", {})
    (root / "out").symlink_to(tmp_path / "secret.json")

    assert contained("shots/a.json", root) == (root / "shots" / "a.json").resolve()
    assert contained("../secret.json", root) is None
    assert contained(str(tmp_path / "secret.json"), root) is None
    assert contained("out", root) is None
    assert contained("shots", root) is None  # a folder is not a file


def test_the_report_views_load_neither_jinja2_nor_pillow() -> None:
    code = (
        "import harness.report.views, harness.report.step_views, sys; "
        "assert 'PIL' not in sys.modules and 'jinja2' not in sys.modules, "
        "sorted(m for m in sys.modules if m.startswith(('PIL', 'jinja2')))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
