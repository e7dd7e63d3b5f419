"""What a report shows of a run record: small view models, built once from the typed record.

Pure and free of jinja2 and pillow, so every writer (HTML, Markdown) tells a run the same
way. Text from the product under test is kept as is here; escaping is the writer's job.
Scenarios and steps are told in `step_views`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from harness.record.model import (
    COMPLETED,
    DEAD_END,
    ERROR,
    FINISHED,
    INTERRUPTED,
    RUNNING,
    SLOW,
    RunRecord,
)
from harness.record.read import as_record
from harness.report.fmt import as_date, duration, pct, plural, safe_relative_href
from harness.report.phrases import action_phrase
from harness.report.step_views import Links, ScenarioView, scenario_view
from harness.run.conditions import in_words
from harness.session.model import Session

if TYPE_CHECKING:
    from harness.report.images import ImageSet

__all__ = ["Figure", "ReportView", "action_phrase", "report_view", "safe_relative_href"]

INCOMPLETE_NOTES = {
    "running": "This run is still in progress: the report shows what was recorded so far.",
    "interrupted": (
        "This run was interrupted before it finished: the report shows what was recorded "
        "before it stopped."
    ),
}


@dataclass(frozen=True)
class Figure:
    value: str
    label: str
    tone: str


@dataclass(frozen=True)
class ReportView:
    run_id: str
    date: str
    base_url: str
    browser: str
    viewport: str
    conditions: tuple[tuple[str, str], ...]  # the newcomer's device, language, network
    harness_version: str
    status: str
    incomplete_note: str | None
    verdict: str
    verdict_detail: str
    tone: str
    figures: tuple[Figure, ...]
    scenarios: tuple[ScenarioView, ...]
    shot_ratio: str
    self_contained: bool


def report_view(
    record: RunRecord | Mapping[str, Any],
    images: ImageSet | None = None,
    *,
    inline: Mapping[str, str] | None = None,
    sessions: Sequence[Session] = (),
) -> ReportView:
    """What the report shows of a run record, ready to lay out; missing fields are tolerated.

    `images` are the derived images to show instead of raw screenshots; `inline` maps
    image paths to `data:` URIs for a page that must not point at any file.
    """
    run = as_record(record)
    links = Links(images, inline)
    scenarios = tuple(
        scenario_view(n, r, links, sessions) for n, r in enumerate(run.results, start=1)
    )
    longest = max((s.duration_ms for s in scenarios), default=0.0)
    if longest > 0:
        scenarios = tuple(
            replace(s, timeline_width=pct(max(s.duration_ms / longest, 0.04))) for s in scenarios
        )
    results = run.results
    all_steps = [step for r in results for step in r.steps]
    total = len(results)
    completed = sum(r.outcome == COMPLETED for r in results)
    dead_ends = sum(st.outcome == DEAD_END for st in all_steps)
    errors = sum(r.outcome == ERROR for r in results)
    slow = sum(st.outcome == SLOW for st in all_steps)
    friction = sum(len(st.friction) for st in all_steps)
    running = sum(r.outcome == RUNNING for r in results)
    total_ms = sum(r.newcomer_ms for r in results)

    verdict = (
        f"{completed} of {plural(total, 'scenario')} completed" if total else "No scenarios ran"
    )
    details = [
        plural(n, word)
        for n, word in (
            (dead_ends, "dead end"),
            (errors, "error"),
            (slow, "slow step"),
            (friction, "friction point"),
            (running, "stopped mid-walk" if run.status == INTERRUPTED else "still running"),
        )
        if n
    ]
    if total and not dead_ends and not errors:
        details.insert(0, "no dead ends")
    if dead_ends or errors:
        tone = "bad"
    elif total == 0 or completed < total or slow or run.status != FINISHED:
        tone = "warn"
    else:
        tone = "good"

    reached = sum(st.reached for s in scenarios for st in s.steps)
    figures = (
        Figure(str(total), "scenarios" if total != 1 else "scenario", "plain"),
        Figure(f"{reached}", "step walked" if reached == 1 else "steps walked", "plain"),
        Figure(
            str(dead_ends),
            "dead end" if dead_ends == 1 else "dead ends",
            "bad" if dead_ends else "good",
        ),
        Figure(duration(total_ms), "newcomer time", "plain"),
    )

    width, height = run.viewport.get("width"), run.viewport.get("height")
    browser = (run.browser.get("name"), run.browser.get("version"))
    return ReportView(
        run_id=run.run_id or "unnamed run",
        date=as_date(run.started_at),
        base_url=run.base_url,
        browser=" ".join(p for p in browser if p),
        viewport=f"{width} × {height}" if width and height else "",
        conditions=tuple(in_words(run.conditions)),
        harness_version=run.harness_version,
        status=run.status,
        incomplete_note=INCOMPLETE_NOTES.get(run.status),
        verdict=verdict,
        verdict_detail=" · ".join(details) if details else "nothing to report",
        tone=tone,
        figures=figures,
        scenarios=scenarios,
        shot_ratio=f"{width} / {height}" if width and height else "16 / 10",
        self_contained=inline is not None,
    )
