"""The history of audits: every run directory under a reports folder, and trends per scenario.

Built only from what is on disk, so run directories can be deleted, or copied in from
another CI job, and the index is simply made again.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from harness.errors import ShoshinError
from harness.record.model import COMPLETED, RECORD_FILE, RunRecord, RunStatus, ScenarioOutcome
from harness.record.read import read_run


@dataclass
class RunSummary:
    run_id: str
    directory: str  # relative to the reports folder
    started_at: str
    status: RunStatus
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
    outcome: ScenarioOutcome
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
    runs: list[tuple[RunSummary, RunRecord]] = []
    skipped: list[str] = []
    for path in sorted(reports.glob(f"*/{RECORD_FILE}")):
        if path.parent.is_symlink() or path.parent.name == "latest":
            continue
        try:
            record = read_run(path.parent)
        except ShoshinError:
            skipped.append(path.parent.name)
            continue
        runs.append((_summary(record, path.parent.name), record))
    runs.sort(key=lambda r: (r[0].started_at, r[0].run_id))
    trends: dict[str, Trend] = {}
    previous: dict[str, str] = {}
    for summary, record in runs:
        for result in record.results:
            name = result.scenario
            trends.setdefault(name, Trend(name)).points.append(
                Point(
                    run_id=summary.run_id,
                    started_at=summary.started_at,
                    duration_ms=result.newcomer_ms,
                    dead_ends=len(result.dead_end_steps),
                    words=sum(s.text.words for s in result.steps if s.text),
                    outcome=result.outcome,
                    completion_rate=(
                        completion(name, previous.get(name), summary.started_at)
                        if completion
                        else None
                    ),
                )
            )
            previous[name] = summary.started_at
    return History([r for r, _ in reversed(runs)], list(trends.values()), skipped)


def _summary(record: RunRecord, directory: str) -> RunSummary:
    results = record.results
    return RunSummary(
        run_id=record.run_id or directory,
        directory=directory,
        started_at=record.started_at,
        status=record.status,
        base_url=record.base_url,
        scenarios=len(results),
        completed=sum(1 for r in results if r.outcome == COMPLETED),
        dead_ends=sum(len(r.dead_end_steps) for r in results),
        duration_ms=sum(r.newcomer_ms for r in results),
    )
