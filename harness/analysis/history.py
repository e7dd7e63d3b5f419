"""The history of audits: every run directory under a reports folder, and trends per scenario.

Built only from what is on disk, so run directories can be deleted, or copied in from
another CI job, and the index is simply made again.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


@dataclass
class RunSummary:
    run_id: str
    directory: str  # relative to the reports folder
    started_at: str
    status: str
    base_url: str
    scenarios: int
    completed: int
    dead_ends: int
    duration_ms: int


@dataclass
class Point:
    run_id: str
    started_at: str
    duration_ms: int | None
    dead_ends: int
    words: int
    outcome: str
    completion_rate: float | None = None  # observed: unassisted completions / sessions


@dataclass
class Trend:
    scenario: str
    points: list[Point] = field(default_factory=list)

    def series(self, name: str) -> list[float | None]:
        return [getattr(p, name) for p in self.points]


@dataclass
class History:
    runs: list[RunSummary]
    trends: list[Trend]
    skipped: list[str]  # folders that look like runs but could not be read


# (scenario, since, until) -> observed completion rate of sessions in that period, or None.
Completion = Callable[[str, str | None, str], float | None]


def load_history(reports: Path, completion: Completion | None = None) -> History:
    """Read every `*/run.json` under `reports` (not following `latest`), oldest first.

    The observed completion rate of a point counts the sessions held since the previous
    run of that scenario, up to this one: the testers of that audit.
    """
    runs: list[tuple[RunSummary, Mapping[str, Any]]] = []
    skipped: list[str] = []
    for path in sorted(reports.glob("*/run.json")):
        if path.parent.is_symlink() or path.parent.name == "latest":
            continue
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            runs.append((_summary(data, path.parent.name), data))
        except (OSError, ValueError, TypeError, AttributeError):
            skipped.append(path.parent.name)
    runs.sort(key=lambda r: (r[0].started_at, r[0].run_id))
    trends: dict[str, Trend] = {}
    previous: dict[str, str] = {}
    for summary, data in runs:
        for result in data.get("results") or []:
            name = str(result.get("scenario"))
            steps = result.get("steps") or []
            trends.setdefault(name, Trend(name)).points.append(
                Point(
                    run_id=summary.run_id,
                    started_at=summary.started_at,
                    duration_ms=result.get("duration_ms"),
                    dead_ends=sum(1 for s in steps if s.get("dead_end")),
                    words=sum(int((s.get("text") or {}).get("words") or 0) for s in steps),
                    outcome=str(result.get("outcome")),
                    completion_rate=(
                        completion(name, previous.get(name), summary.started_at)
                        if completion
                        else None
                    ),
                )
            )
            previous[name] = summary.started_at
    return History([r for r, _ in reversed(runs)], list(trends.values()), skipped)


def _summary(data: Mapping[str, Any], directory: str) -> RunSummary:
    results = data.get("results") or []
    return RunSummary(
        run_id=str(data.get("run_id") or directory),
        directory=directory,
        started_at=str(data.get("started_at") or ""),
        status=str(data.get("status") or "unknown"),
        base_url=str(data.get("base_url") or ""),
        scenarios=len(results),
        completed=sum(1 for r in results if r.get("outcome") == "completed"),
        dead_ends=sum(1 for r in results for s in r.get("steps") or [] if s.get("dead_end")),
        duration_ms=sum(int(r.get("duration_ms") or 0) for r in results),
    )
