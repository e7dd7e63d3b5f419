"""The step journal, `journal.jsonl` beside `run.json`: each finished step, one line.

`run.json` is rewritten whole at the run's start, at each scenario's start and end, and at
the run's end. Between those, each finished step is appended to the journal as one JSON line
(one write, one fsync), so that recording step 200 costs what recording step 2 did, where
rewriting `run.json` after every step cost more with every step. Readers fold the journal
into `run.json` (`fold_journal`): a run that died mid-scenario still shows every step it
finished. A line is

    {"scenario_index": 0, "scenario": {...}, "position": 3, "step": {...}}

`scenario_index` is the scenario's place in `results`, `position` the step's place in its
`steps` (both from 0), `scenario` the scenario's fields but `steps` as they were when the
step finished, and `step` the step as `run.json` holds it. A line whose step `run.json`
already holds (an older line, left when a run died just after rewriting `run.json`) changes
nothing, so folding is safe whatever the order of the two writes.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from harness.files import left_behind

__all__ = ["JOURNAL_FILE", "fold_journal", "journal_line", "scenario_header"]

JOURNAL_FILE = "journal.jsonl"


def scenario_header(result: Any) -> dict[str, Any]:
    """A scenario result's fields as JSON, all but `steps` (whose size grows with the walk)."""
    return {
        f.name: _plain(getattr(result, f.name))
        for f in dataclasses.fields(result)
        if f.name != "steps"
    }


def journal_line(scenario_index: int, header: dict[str, Any], position: int, step: Any) -> bytes:
    """One journal line for a finished step (a `StepResult` or its dict)."""
    entry = {
        "scenario_index": scenario_index,
        "scenario": header,
        "position": position,
        "step": _plain(step),
    }
    return (json.dumps(entry, ensure_ascii=False) + "\n").encode("utf-8")


def fold_journal(run_dir: Path, data: dict[str, Any]) -> dict[str, Any]:
    """`run.json`'s data with the steps only the journal holds, in place.

    A run still `running` whose journal its process left behind (killed, crashed, the power
    cut) reads as `interrupted`, `finished_at` the journal's last write. A line cut short by
    the crash, or damaged, is left out.
    """
    path = Path(run_dir) / JOURNAL_FILE
    try:
        raw = path.read_bytes()
    except OSError:
        return data  # no journal: run.json is the whole record
    results = data.get("results")
    if not isinstance(results, list):
        results = data["results"] = []
    for line in raw.split(b"\n"):
        entry = _entry(line)
        if entry is None:
            continue
        index, header, position, step = entry
        if index == len(results):  # a scenario run.json does not have yet
            results.append({**header, "steps": []})
        if not 0 <= index < len(results) or not isinstance(results[index], dict):
            continue
        scenario = results[index]
        steps = scenario.get("steps")
        if not isinstance(steps, list):
            steps = scenario["steps"] = []
        if position != len(steps):  # already in run.json (or a line is missing before it)
            continue
        scenario.update(header)
        steps.append(step)
    if data.get("status") == "running" and left_behind(path):
        data["status"] = "interrupted"
        data["finished_at"] = data.get("finished_at") or _modified(path)
    return data


def _entry(line: bytes) -> tuple[int, dict[str, Any], int, dict[str, Any]] | None:
    if not line.strip():
        return None
    try:
        entry = json.loads(line)
    except ValueError:
        return None
    if not isinstance(entry, Mapping):
        return None
    index, header = entry.get("scenario_index"), entry.get("scenario")
    position, step = entry.get("position"), entry.get("step")
    if not isinstance(index, int) or not isinstance(position, int):
        return None
    if isinstance(index, bool) or isinstance(position, bool) or min(index, position) < 0:
        return None
    if not isinstance(header, dict) or not isinstance(step, dict):
        return None
    return index, {k: v for k, v in header.items() if k != "steps"}, position, step


def _modified(path: Path) -> str | None:
    try:
        stamp = path.stat().st_mtime
    except OSError:
        return None
    return datetime.fromtimestamp(stamp, UTC).isoformat(timespec="seconds")


def _plain(value: Any) -> Any:
    """Dataclasses as dicts, as `dataclasses.asdict` writes them into run.json."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return dataclasses.asdict(value)
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value
