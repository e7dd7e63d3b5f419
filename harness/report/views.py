"""What a report shows of a run record: small view models, built once from the loose record.

Pure and free of jinja2, so every writer (HTML, Markdown) tells a run the same way. Text
from the product under test is kept as is here; escaping is the writer's job.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any
from urllib.parse import quote

__all__ = ["ReportView", "action_phrase", "report_view", "safe_relative_href"]

STEP_LABELS = {
    "passed": "Passed",
    "slow": "Slow",
    "dead_end": "Dead end",
    "error": "Error",
    "skipped": "Skipped",
    "running": "Running",
}
STEP_ICONS = {
    "passed": "✓",
    "slow": "◷",
    "dead_end": "✕",
    "error": "!",
    "skipped": "–",
    "running": "…",
}
SCENARIO_LABELS = {
    "completed": "Completed",
    "dead_end": "Dead end",
    "error": "Error",
    "running": "Running",
}
SCENARIO_ICONS = {"completed": "✓", "dead_end": "✕", "error": "!", "running": "…"}
DEAD_END_TITLES = {
    "missing-target": "Couldn't find it",
    "disabled-target": "It stayed disabled",
    "ambiguous-target": "Several things matched",
    "expectation-unmet": "Didn't get where they expected",
    "http-error": "The page failed",
    "page-crash": "The page crashed",
    "no-way-forward": "Nothing to do next",
}
INCOMPLETE_NOTES = {
    "running": "This run is still in progress: the report shows what was recorded so far.",
    "interrupted": (
        "This run was interrupted before it finished: the report shows what was recorded "
        "before it stopped."
    ),
}
DEFAULT_PATIENCE_S = 10.0
# Keeps a very short step visible as a sliver of the scenario's timeline.
MIN_SEGMENT_PCT = 1.5


# ---------------------------------------------------------------- view models


@dataclass(frozen=True)
class Phrase:
    """A sentence in parts; quoted parts are names or values the newcomer saw or typed."""

    parts: tuple[tuple[str, bool], ...]


@dataclass(frozen=True)
class Shot:
    href: str | None  # None when the recorded path is unsafe to link to
    raw: str
    same_as_previous: bool


@dataclass(frozen=True)
class DeadEndView:
    kind: str
    title: str
    message: str | None
    looked_for: str | None
    seen_label: str
    seen: tuple[str, ...]
    errors_on_screen: tuple[str, ...]
    blocking: bool  # False for friction recorded on a step that still went on


@dataclass(frozen=True)
class TextView:
    words: int | None
    reading: str | None
    grade: str | None
    jargon: tuple[str, ...]
    acronyms: tuple[str, ...]


@dataclass(frozen=True)
class StepView:
    anchor: str
    index: int
    intent: str
    actions: tuple[Phrase, ...]
    expect: tuple[str, ...]
    outcome: str
    label: str
    icon: str
    reached: bool
    duration: str
    patience: str
    bar_pct: str
    over_patience: bool
    budget: str | None
    budget_pct: str | None
    url: str | None
    title: str | None
    http_status: int | None
    shot: Shot | None
    dead_end: DeadEndView | None
    console_errors: tuple[str, ...]
    failed_requests: tuple[str, ...]
    error: str | None
    text: TextView | None
    timeline_pct: str


@dataclass(frozen=True)
class ScenarioView:
    anchor: str
    name: str
    file: str | None
    persona: str | None
    outcome: str
    label: str
    icon: str
    duration: str
    error: str | None
    steps: tuple[StepView, ...]
    step_count: int
    duration_ms: float
    timeline_width: str = "100.0"  # the scenario's time against the longest scenario's


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
    harness_version: str
    status: str
    incomplete_note: str | None
    verdict: str
    verdict_detail: str
    tone: str
    figures: tuple[Figure, ...]
    scenarios: tuple[ScenarioView, ...]
    shot_ratio: str


# ---------------------------------------------------------------- building the views


def report_view(record: Mapping[str, Any]) -> ReportView:
    """What the report shows of a run record, ready to lay out; missing fields are tolerated."""
    results = [r for r in _seq(record.get("results")) if isinstance(r, Mapping)]
    scenarios = tuple(_scenario_view(n, r) for n, r in enumerate(results, start=1))
    longest = max((s.duration_ms for s in scenarios), default=0.0)
    if longest > 0:
        scenarios = tuple(
            replace(s, timeline_width=_pct(max(s.duration_ms / longest, 0.04))) for s in scenarios
        )
    status = _text(record.get("status")) or "finished"

    total = len(scenarios)
    completed = sum(s.outcome == "completed" for s in scenarios)
    all_steps = [st for s in scenarios for st in s.steps]
    dead_ends = sum(st.outcome == "dead_end" for st in all_steps)
    errors = sum(s.outcome == "error" for s in scenarios)
    slow = sum(st.outcome == "slow" for st in all_steps)
    running = sum(s.outcome == "running" for s in scenarios)
    total_ms = sum(_num(r.get("duration_ms")) or 0 for r in results)

    if total == 0:
        verdict = "No scenarios ran"
    else:
        verdict = f"{completed} of {_plural(total, 'scenario')} completed"
    details = [
        _plural(n, word)
        for n, word in (
            (dead_ends, "dead end"),
            (errors, "error"),
            (slow, "slow step"),
            (running, "still running"),
        )
        if n
    ]
    if dead_ends or errors:
        tone = "bad"
    elif total == 0 or completed < total or slow or status != "finished":
        tone = "warn"
    else:
        tone = "good"

    reached = [st for st in all_steps if st.reached]
    figures = (
        Figure(str(total), "scenarios" if total != 1 else "scenario", "plain"),
        Figure(
            f"{len(reached)}",
            "step walked" if len(reached) == 1 else "steps walked",
            "plain",
        ),
        Figure(
            str(dead_ends),
            "dead end" if dead_ends == 1 else "dead ends",
            "bad" if dead_ends else "good",
        ),
        Figure(_duration(total_ms), "newcomer time", "plain"),
    )

    browser = _mapping(record.get("browser"))
    viewport = _mapping(record.get("viewport"))
    width, height = _num(viewport.get("width")), _num(viewport.get("height"))
    ratio = f"{int(width)} / {int(height)}" if width and height else "16 / 10"
    return ReportView(
        run_id=_text(record.get("run_id")) or "unnamed run",
        date=_date(record.get("started_at")),
        base_url=_text(record.get("base_url")) or "",
        browser=" ".join(
            p for p in (_text(browser.get("name")), _text(browser.get("version"))) if p
        ),
        viewport=f"{int(width)} × {int(height)}" if width and height else "",
        harness_version=_text(record.get("harness_version")) or "",
        status=status,
        incomplete_note=INCOMPLETE_NOTES.get(status),
        verdict=verdict,
        verdict_detail=" · ".join(details) if details else "no dead ends",
        tone=tone,
        figures=figures,
        scenarios=scenarios,
        shot_ratio=ratio,
    )


def _scenario_view(number: int, result: Mapping[str, Any]) -> ScenarioView:
    outcome = _text(result.get("outcome")) or "running"
    steps_raw = [s for s in _seq(result.get("steps")) if isinstance(s, Mapping)]
    durations = [max(_num(s.get("duration_ms")) or 0.0, 0.0) for s in steps_raw]
    timeline = _timeline(durations)
    steps: list[StepView] = []
    previous_shot: str | None = None
    for position, (raw, pct) in enumerate(zip(steps_raw, timeline, strict=True), start=1):
        step = _step_view(number, position, raw, pct, previous_shot)
        steps.append(step)
        previous_shot = step.shot.raw if step.shot else None
    duration_ms = _num(result.get("duration_ms")) or sum(durations)
    return ScenarioView(
        anchor=f"scenario-{number}",
        name=_text(result.get("scenario")) or f"Scenario {number}",
        file=_text(result.get("file")),
        persona=_text(result.get("persona")),
        # The outcome names a CSS class: an unknown one becomes "other", its text stays.
        outcome=outcome if outcome in SCENARIO_LABELS else "other",
        label=SCENARIO_LABELS.get(outcome, outcome.replace("_", " ").capitalize()),
        icon=SCENARIO_ICONS.get(outcome, "?"),
        duration=_duration(duration_ms),
        error=_text(result.get("error")),
        steps=tuple(steps),
        step_count=len(steps),
        duration_ms=duration_ms,
    )


def _step_view(
    scenario: int,
    position: int,
    step: Mapping[str, Any],
    timeline_pct: float,
    previous_shot: str | None,
) -> StepView:
    index = int(_num(step.get("index")) or position)
    outcome = _text(step.get("outcome")) or "running"
    duration_ms = max(_num(step.get("duration_ms")) or 0.0, 0.0)
    patience_s = _num(step.get("patience_s")) or DEFAULT_PATIENCE_S
    budget_s = _num(step.get("budget_s"))
    duration_s = duration_ms / 1000
    shot_raw = _text(step.get("screenshot"))
    shot = None
    if shot_raw:
        href = safe_relative_href(shot_raw)
        shot = Shot(href=href, raw=shot_raw, same_as_previous=shot_raw == previous_shot)
    status = _num(step.get("http_status"))
    return StepView(
        anchor=f"s{scenario}-step-{index}",
        index=index,
        intent=_text(step.get("intent")) or f"Step {index}",
        actions=tuple(
            action_phrase(a) for a in _seq(step.get("actions")) if isinstance(a, Mapping)
        ),
        expect=_texts(step.get("expect")),
        outcome=outcome if outcome in STEP_LABELS else "other",
        label=STEP_LABELS.get(outcome, outcome.replace("_", " ").capitalize()),
        icon=STEP_ICONS.get(outcome, "?"),
        reached=outcome != "skipped",
        duration=_duration(duration_ms),
        patience=_seconds(patience_s),
        bar_pct=_pct(duration_s / patience_s),
        over_patience=duration_s > patience_s,
        budget=_seconds(budget_s) if budget_s else None,
        budget_pct=_pct(budget_s / patience_s) if budget_s else None,
        url=_text(step.get("url")),
        title=_text(step.get("title")),
        http_status=int(status) if status is not None and status >= 400 else None,
        shot=shot,
        dead_end=_dead_end_view(step.get("dead_end"), outcome),
        console_errors=_texts(step.get("console_errors")),
        failed_requests=_texts(step.get("failed_requests")),
        error=_text(step.get("error")),
        text=_text_view(step.get("text")),
        timeline_pct=f"{timeline_pct:.2f}",
    )


def _dead_end_view(value: Any, outcome: str) -> DeadEndView | None:
    if not isinstance(value, Mapping):
        return None
    kind = _text(value.get("kind")) or "dead-end"
    blocking = outcome in ("dead_end", "error", "running")
    return DeadEndView(
        kind=kind,
        title=DEAD_END_TITLES.get(kind, kind.replace("-", " ").capitalize()),
        message=_text(value.get("message")),
        looked_for=_text(value.get("looked_for")),
        seen_label="Saw instead:" if blocking else "These all matched:",
        seen=_texts(value.get("seen")),
        errors_on_screen=_texts(value.get("errors_on_screen")),
        blocking=blocking,
    )


def _text_view(value: Any) -> TextView | None:
    if not isinstance(value, Mapping):
        return None
    words = _num(value.get("words"))
    reading = _num(value.get("reading_seconds"))
    grade = _num(value.get("grade"))
    return TextView(
        words=int(words) if words is not None else None,
        reading=_seconds(reading, whole=True) if reading is not None else None,
        grade=f"{grade:.1f}" if grade is not None else None,
        jargon=_texts(value.get("jargon")),
        acronyms=_texts(value.get("acronyms")),
    )


