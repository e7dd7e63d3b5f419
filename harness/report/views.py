"""What a report shows of a run record: small view models, built once from the loose record.

Pure and free of jinja2 and pillow, so every writer (HTML, Markdown) tells a run the same
way. Text from the product under test is kept as is here; escaping is the writer's job.
Image paths become links here, and only here: relative ones that stay in the run
directory, or the `data:` URIs a self-contained report was given for them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from harness.report.fmt import (
    SCENARIO_LABELS,
    STEP_LABELS,
    as_date,
    as_mapping,
    as_number,
    as_seq,
    as_text,
    as_texts,
    duration,
    outcome_label,
    pct,
    plural,
    safe_relative_href,
    scenario_results,
    seconds,
    step_records,
)
from harness.report.observed import ObservedScenario, ObservedStep, observed_scenario
from harness.report.phrases import Phrase, action_phrase, last_action
from harness.report.signal_view import SignalsView, signals_view
from harness.report.timeline import Timeline, TimelineStep, build_timeline
from harness.run.conditions import in_words
from harness.session.model import Session, sessions_for

if TYPE_CHECKING:
    from harness.report.images import ImageSet

__all__ = ["ReportView", "action_phrase", "report_view", "safe_relative_href"]

STEP_ICONS = {
    "passed": "✓",
    "slow": "◷",
    "dead_end": "✕",
    "error": "!",
    "skipped": "–",
    "running": "…",
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
    "dialog": "A dialog got in the way",
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
class Shot:
    """A screenshot as the report links it; the links are None where there is nothing safe."""

    raw: str
    withheld: bool  # the recorded path could leave the run directory: never linked
    same_as_previous: bool
    href: str | None  # the full image to enlarge: outlined, if there is an outline
    thumb: str | None  # the card's thumbnail
    original: str | None  # the untouched screenshot, when `href` is the outlined one
    zoom: str  # anchor of the enlarged view
    outlined: bool = False  # `href` and `thumb` carry an outline
    caption: str = ""
    marked: str | None = None  # what the outline on it marks, in words


@dataclass(frozen=True)
class DeadEndView:
    kind: str
    title: str
    message: str | None
    looked_for: str | None
    seen_label: str
    seen: tuple[str, ...]
    errors_on_screen: tuple[str, ...]
    blocking: bool  # False for friction: it slowed the newcomer, who still went on


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
    action_shot: Shot | None
    dead_end: DeadEndView | None
    friction: tuple[DeadEndView, ...]
    console_errors: tuple[str, ...]
    page_errors: tuple[str, ...]
    dialogs: tuple[str, ...]
    failed_requests: tuple[str, ...]
    error: str | None
    signals: SignalsView | None
    timeline_pct: str
    observed: ObservedStep | None = None  # what observed testers did on this step


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
    timeline: Timeline | None
    filmstrip: str | None  # the contact sheet to download
    timeline_width: str = "100.0"  # the scenario's time against the longest scenario's
    observed: ObservedScenario | None = None  # observer sessions of this scenario
    trace: str | None = None  # Playwright trace zip (not in a single-file report)
    video: str | None = None
    walks: int = 1  # with --repeat: how many times it was walked


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


class _Links:
    """Turns image paths into what a page may point at, for a normal or standalone page."""

    def __init__(self, images: ImageSet | None, inline: Mapping[str, str] | None) -> None:
        self.images = images
        self.inline = inline

    def __call__(self, path: str | None) -> str | None:
        if not path:
            return None
        if self.inline is not None:
            return self.inline.get(path)
        return safe_relative_href(path)


# ---------------------------------------------------------------- building the views


def report_view(
    record: Mapping[str, Any],
    images: ImageSet | None = None,
    *,
    inline: Mapping[str, str] | None = None,
    sessions: Sequence[Session] = (),
) -> ReportView:
    """What the report shows of a run record, ready to lay out; missing fields are tolerated.

    `images` are the derived images to show instead of raw screenshots; `inline` maps
    image paths to `data:` URIs for a page that must not point at any file.
    """
    links = _Links(images, inline)
    results = scenario_results(record)
    scenarios = tuple(
        _with_sessions(_scenario_view(n, r, links), r, sessions)
        for n, r in enumerate(results, start=1)
    )
    longest = max((s.duration_ms for s in scenarios), default=0.0)
    if longest > 0:
        scenarios = tuple(
            replace(s, timeline_width=pct(max(s.duration_ms / longest, 0.04))) for s in scenarios
        )
    status = as_text(record.get("status")) or "finished"

    total = len(scenarios)
    completed = sum(s.outcome == "completed" for s in scenarios)
    all_steps = [st for s in scenarios for st in s.steps]
    dead_ends = sum(st.outcome == "dead_end" for st in all_steps)
    errors = sum(s.outcome == "error" for s in scenarios)
    slow = sum(st.outcome == "slow" for st in all_steps)
    friction = sum(len(st.friction) for st in all_steps)
    running = sum(s.outcome == "running" for s in scenarios)
    total_ms = sum(as_number(r.get("duration_ms")) or 0 for r in results)

    if total == 0:
        verdict = "No scenarios ran"
    else:
        verdict = f"{completed} of {plural(total, 'scenario')} completed"
    details = [
        plural(n, word)
        for n, word in (
            (dead_ends, "dead end"),
            (errors, "error"),
            (slow, "slow step"),
            (friction, "friction point"),
            (running, "still running"),
        )
        if n
    ]
    if total and not dead_ends and not errors:
        details.insert(0, "no dead ends")
    if dead_ends or errors:
        tone = "bad"
    elif total == 0 or completed < total or slow or status != "finished":
        tone = "warn"
    else:
        tone = "good"

    reached = [st for st in all_steps if st.reached]
    figures = (
        Figure(str(total), "scenarios" if total != 1 else "scenario", "plain"),
        Figure(f"{len(reached)}", "step walked" if len(reached) == 1 else "steps walked", "plain"),
        Figure(
            str(dead_ends),
            "dead end" if dead_ends == 1 else "dead ends",
            "bad" if dead_ends else "good",
        ),
        Figure(duration(total_ms), "newcomer time", "plain"),
    )

    browser = as_mapping(record.get("browser"))
    viewport = as_mapping(record.get("viewport"))
    width, height = as_number(viewport.get("width")), as_number(viewport.get("height"))
    ratio = f"{int(width)} / {int(height)}" if width and height else "16 / 10"
    return ReportView(
        run_id=as_text(record.get("run_id")) or "unnamed run",
        date=as_date(record.get("started_at")),
        base_url=as_text(record.get("base_url")) or "",
        browser=" ".join(
            p for p in (as_text(browser.get("name")), as_text(browser.get("version"))) if p
        ),
        viewport=f"{int(width)} × {int(height)}" if width and height else "",
        conditions=tuple(in_words(as_mapping(record.get("conditions")))),
        harness_version=as_text(record.get("harness_version")) or "",
        status=status,
        incomplete_note=INCOMPLETE_NOTES.get(status),
        verdict=verdict,
        verdict_detail=" · ".join(details) if details else "nothing to report",
        tone=tone,
        figures=figures,
        scenarios=scenarios,
        shot_ratio=ratio,
        self_contained=inline is not None,
    )


def _scenario_view(number: int, result: Mapping[str, Any], links: _Links) -> ScenarioView:
    outcome = as_text(result.get("outcome")) or "running"
    steps_raw = step_records(result)
    durations = [max(as_number(s.get("duration_ms")) or 0.0, 0.0) for s in steps_raw]
    shares = _shares(durations)
    steps: list[StepView] = []
    lines: list[TimelineStep] = []
    previous_shot: str | None = None
    for position, (raw, share) in enumerate(zip(steps_raw, shares, strict=True), start=1):
        step = _step_view(number, position, raw, share, previous_shot, links)
        steps.append(step)
        previous_shot = step.shot.raw if step.shot else None
        lines.append(
            TimelineStep(
                anchor=step.anchor,
                number=step.index,
                intent=step.intent,
                outcome=step.outcome,
                reached=step.reached,
                duration_ms=durations[position - 1],
                patience_s=_patience(raw),
                budget_s=as_number(raw.get("budget_s")),
            )
        )
    duration_ms = as_number(result.get("duration_ms")) or sum(durations)
    strips = links.images.filmstrips if links.images else {}
    return ScenarioView(
        anchor=f"scenario-{number}",
        name=as_text(result.get("scenario")) or f"Scenario {number}",
        file=as_text(result.get("file")),
        persona=as_text(result.get("persona")),
        # The outcome names a CSS class: an unknown one becomes "other", its text stays.
        outcome=outcome if outcome in SCENARIO_LABELS else "other",
        label=outcome_label(outcome, SCENARIO_LABELS),
        icon=SCENARIO_ICONS.get(outcome, "?"),
        duration=duration(duration_ms),
        error=as_text(result.get("error")),
        steps=tuple(steps),
        step_count=len(steps),
        duration_ms=duration_ms,
        timeline=build_timeline(lines),
        filmstrip=links(strips.get(number)),
        trace=None if links.inline is not None else links(as_text(result.get("trace"))),
        video=None if links.inline is not None else links(as_text(result.get("video"))),
        walks=len(as_seq(result.get("repeats"))) or 1,
    )


def _step_view(
    scenario: int,
    position: int,
    step: Mapping[str, Any],
    share: float,
    previous_shot: str | None,
    links: _Links,
) -> StepView:
    index = int(as_number(step.get("index")) or position)
    anchor = f"s{scenario}-step-{index}"
    outcome = as_text(step.get("outcome")) or "running"
    duration_ms = max(as_number(step.get("duration_ms")) or 0.0, 0.0)
    patience_s = _patience(step)
    budget_s = as_number(step.get("budget_s"))
    duration_s = duration_ms / 1000
    status = as_number(step.get("http_status"))
    dead_end = _dead_end_view(step.get("dead_end"), outcome)
    shot_raw = as_text(step.get("screenshot"))
    shot = None
    if shot_raw:
        shot = _shot(links, shot_raw, "shots", f"{anchor}-after")
        shot = replace(
            shot,
            same_as_previous=shot_raw == previous_shot,
            caption=f"Screen after step {index}",
        )
    action_raw = as_text(step.get("action_screenshot"))
    action_shot = None
    if action_raw:
        done, target = last_action(step.get("actions"))
        action_shot = replace(
            _shot(links, action_raw, "actions", f"{anchor}-before"),
            caption=f"{done}: “{target}”" if target else done,
        )
    return StepView(
        anchor=anchor,
        index=index,
        intent=as_text(step.get("intent")) or f"Step {index}",
        actions=tuple(
            action_phrase(a) for a in as_seq(step.get("actions")) if isinstance(a, Mapping)
        ),
        expect=as_texts(step.get("expect")),
        outcome=outcome if outcome in STEP_LABELS else "other",
        label=outcome_label(outcome, STEP_LABELS),
        icon=STEP_ICONS.get(outcome, "?"),
        reached=outcome != "skipped",
        duration=duration(duration_ms),
        patience=seconds(patience_s),
        bar_pct=pct(duration_s / patience_s),
        over_patience=duration_s > patience_s,
        budget=seconds(budget_s) if budget_s else None,
        budget_pct=pct(budget_s / patience_s) if budget_s else None,
        url=as_text(step.get("url")),
        title=as_text(step.get("title")),
        http_status=int(status) if status is not None and status >= 400 else None,
        shot=shot,
        action_shot=action_shot,
        dead_end=dead_end,
        friction=tuple(
            view
            for item in as_seq(step.get("friction"))
            if (view := _dead_end_view(item, "passed")) is not None
        ),
        console_errors=as_texts(step.get("console_errors")),
        page_errors=as_texts(step.get("page_errors")),
        dialogs=as_texts(step.get("dialogs")),
        failed_requests=as_texts(step.get("failed_requests")),
        error=as_text(step.get("error")),
        signals=signals_view(step.get("text"), step.get("cost")),
        timeline_pct=f"{share:.2f}",
    )


def _shot(links: _Links, raw: str, kind: str, zoom: str) -> Shot:
    """A screenshot and what was made of it, as links the page may use."""
    images = links.images
    made = (images.shots if kind == "shots" else images.actions).get(raw) if images else None
    outlined = made is not None and made.marked
    return Shot(
        raw=raw,
        withheld=safe_relative_href(raw) is None,
        same_as_previous=False,
        href=links(made.full if made else raw),
        thumb=links(made.thumb) if made else None,
        original=links(raw) if outlined and links.inline is None else None,
        zoom=zoom,
        outlined=outlined,
        # An action's outline says "here"; a dead end's or friction's says what it marks.
        marked="; ".join(made.labels) if made and made.marked and kind == "shots" else None,
    )


def _dead_end_view(value: Any, outcome: str) -> DeadEndView | None:
    if not isinstance(value, Mapping):
        return None
    kind = as_text(value.get("kind")) or "dead-end"
    blocking = outcome in ("dead_end", "error", "running")
    return DeadEndView(
        kind=kind,
        title=DEAD_END_TITLES.get(kind, kind.replace("-", " ").capitalize()),
        message=as_text(value.get("message")),
        looked_for=as_text(value.get("looked_for")) or None,
        seen_label="Saw instead:" if blocking else "These all matched:",
        seen=as_texts(value.get("seen")),
        errors_on_screen=as_texts(value.get("errors_on_screen")),
        blocking=blocking,
    )


def _patience(step: Mapping[str, Any]) -> float:
    patience = as_number(step.get("patience_s"))
    return patience if patience and patience > 0 else DEFAULT_PATIENCE_S


def _shares(durations: Sequence[float]) -> list[float]:
    """Each step's share of the scenario's time, in percent, each visible, summing to 100."""
    if not durations:
        return []
    total = sum(durations)
    if total <= 0:
        return [100 / len(durations)] * len(durations)
    floor = min(MIN_SEGMENT_PCT, 100 / len(durations))
    raw = [max(d / total * 100, floor) for d in durations]
    scale = 100 / sum(raw)
    return [r * scale for r in raw]


def _with_sessions(
    view: ScenarioView, result: Mapping[str, Any], sessions: Sequence[Session]
) -> ScenarioView:
    """Put the observer sessions of this scenario beside its scripted steps."""
    mine = sessions_for(sessions, view.name)
    observed = observed_scenario(mine, step_records(result))
    if observed is None:
        return view
    steps = tuple(replace(st, observed=observed.steps.get(st.index)) for st in view.steps)
    return replace(view, observed=observed, steps=steps)
