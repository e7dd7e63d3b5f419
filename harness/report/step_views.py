"""What a report shows of each scenario and step: view models built from the typed record.

Pure and free of jinja2 and pillow (see `views`). Image paths become links here, and only
here: relative ones that stay in the run directory, or the `data:` URIs a self-contained
report was given for them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, replace
from typing import TYPE_CHECKING

from harness.record.model import (
    BLOCKING_OUTCOMES,
    SKIPPED,
    A11yViolation,
    DeadEnd,
    ScenarioOutcome,
    ScenarioResult,
    StepResult,
)
from harness.record.outcomes import dead_end_title, scenario_row, step_row
from harness.report.a11y_view import a11y_summary, by_impact
from harness.report.fmt import duration, pct, safe_relative_href, seconds
from harness.report.observed import ObservedScenario, ObservedStep, observed_scenario
from harness.report.phrases import Phrase, action_phrase, last_action
from harness.report.signal_view import SignalsView, signals_view
from harness.report.timeline import Timeline, TimelineStep, build_timeline
from harness.session.model import Session, sessions_for

if TYPE_CHECKING:
    from harness.report.images import ImageSet

__all__ = ["DeadEndView", "Links", "ScenarioView", "Shot", "StepView", "scenario_view"]

DEFAULT_PATIENCE_S = 10.0
# Keeps a very short step visible as a sliver of the scenario's timeline.
MIN_SEGMENT_PCT = 1.5


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
    notices_on_screen: tuple[str, ...]  # statuses and toasts that are not errors
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
    downloads: tuple[DownloadView, ...]
    error: str | None
    signals: SignalsView | None
    timeline_pct: str
    observed: ObservedStep | None = None  # what observed testers did on this step
    # The expected sign was there before the step: it passed on a change, a weak proof.
    expect_met_before: bool = False
    new_tab: str | None = None  # the tab the step opened, where the newcomer went on
    page_height: int | None = None  # the page's height when the screenshot shows its top only
    a11y: tuple[A11yViolation, ...] = ()  # axe-core's violations new on this step, worst first


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
    a11y: str | None = None  # the accessibility audit's summary; None when not audited


@dataclass(frozen=True)
class DownloadView:
    """A file the step downloaded: its name, its size, and a link when the page may have one."""

    name: str
    size: str
    href: str | None


def file_size(size: int) -> str:
    """A byte count as a person reads it: 912 bytes, 14 KB, 3.2 MB."""
    if size < 1000:
        return f"{size} byte{'s' if size != 1 else ''}"
    if size < 1_000_000:
        return f"{size / 1000:.0f} KB"
    return f"{size / 1_000_000:.1f} MB"


class Links:
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

    def file(self, path: str) -> str | None:
        """A link to a file in the run folder; none on a standalone page, which has no folder."""
        return None if self.inline is not None else safe_relative_href(path)


def scenario_view(
    number: int, result: ScenarioResult, links: Links, sessions: Sequence[Session] = ()
) -> ScenarioView:
    """What the report shows of one scenario (numbered from 1), beside its observed sessions."""
    outcome: ScenarioOutcome = result.outcome
    durations = [float(max(s.duration_ms, 0)) for s in result.steps]
    shares = _shares(durations)
    steps: list[StepView] = []
    lines: list[TimelineStep] = []
    previous_shot: str | None = None
    for step, share in zip(result.steps, shares, strict=True):
        shown = _step_view(number, step, share, previous_shot, links)
        steps.append(shown)
        previous_shot = shown.shot.raw if shown.shot else None
        lines.append(
            TimelineStep(
                anchor=shown.anchor,
                number=shown.index,
                intent=shown.intent,
                outcome=shown.outcome,
                reached=shown.reached,
                duration_ms=float(max(step.duration_ms, 0)),
                patience_s=_patience(step),
                budget_s=step.budget_s,
            )
        )
    duration_ms = sum(durations)  # the newcomer's time, not the harness's
    strips = links.images.filmstrips if links.images else {}
    row = scenario_row(outcome)
    name = result.scenario or f"Scenario {number}"
    view = ScenarioView(
        anchor=f"scenario-{number}",
        name=name,
        file=result.file or None,
        persona=result.persona,
        outcome=row.css,
        label=row.label,
        icon=row.icon,
        duration=duration(duration_ms),
        error=result.error,
        steps=tuple(steps),
        step_count=len(steps),
        duration_ms=duration_ms,
        timeline=build_timeline(lines),
        filmstrip=links(strips.get(number)),
        trace=None if links.inline is not None else links(result.trace),
        video=None if links.inline is not None else links(result.video),
        walks=len(result.repeats) or 1,
        a11y=a11y_summary(result.steps),
    )
    # The observer sessions of this scenario, beside its scripted steps.
    observed = observed_scenario(
        sessions_for(sessions, name), result.steps, number=number, name=name, links=links
    )
    if observed is None:
        return view
    with_people = tuple(replace(st, observed=observed.steps.get(st.index)) for st in view.steps)
    return replace(view, observed=observed, steps=with_people)


def _step_view(
    scenario: int, step: StepResult, share: float, previous_shot: str | None, links: Links
) -> StepView:
    index = step.index
    anchor = f"s{scenario}-step-{index}"
    duration_ms = float(max(step.duration_ms, 0))
    patience_s = _patience(step)
    budget_s = step.budget_s
    duration_s = duration_ms / 1000
    status = step.http_status
    blocking = step.outcome in BLOCKING_OUTCOMES
    shot = None
    if step.screenshot:
        shot = replace(
            _shot(links, step.screenshot, "shots", f"{anchor}-after"),
            same_as_previous=step.screenshot == previous_shot,
            caption=f"Screen after step {index}",
        )
    action_shot = None
    if step.action_screenshot:
        done, target = last_action([asdict(a) for a in step.actions])
        action_shot = replace(
            _shot(links, step.action_screenshot, "actions", f"{anchor}-before"),
            caption=f"{done}: “{target}”" if target else done,
        )
    row = step_row(step.outcome)
    return StepView(
        anchor=anchor,
        index=index,
        intent=step.intent or f"Step {index}",
        actions=tuple(action_phrase(asdict(a)) for a in step.actions),
        expect=tuple(step.expect),
        outcome=row.css,
        label=row.label,
        icon=row.icon,
        reached=step.outcome != SKIPPED,
        duration=duration(duration_ms),
        patience=seconds(patience_s),
        bar_pct=pct(duration_s / patience_s),
        over_patience=duration_s > patience_s,
        budget=seconds(budget_s) if budget_s else None,
        budget_pct=pct(budget_s / patience_s) if budget_s else None,
        url=step.url,
        title=step.title,
        http_status=status if status is not None and status >= 400 else None,
        shot=shot,
        action_shot=action_shot,
        dead_end=_dead_end_view(step.dead_end, blocking) if step.dead_end else None,
        friction=tuple(_dead_end_view(item, False) for item in step.friction),
        console_errors=tuple(step.console_errors),
        page_errors=tuple(step.page_errors),
        dialogs=tuple(step.dialogs),
        failed_requests=tuple(step.failed_requests),
        downloads=tuple(
            DownloadView(d.name, file_size(d.size), links.file(d.file)) for d in step.downloads
        ),
        error=step.error,
        expect_met_before=step.expect_met_before,
        new_tab=step.new_tab,
        page_height=step.page_height,
        a11y=by_impact(step.a11y or ()),
        signals=signals_view(step.text, step.cost, step.invisible_focus),
        timeline_pct=f"{share:.2f}",
    )


def _shot(links: Links, raw: str, kind: str, zoom: str) -> Shot:
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


def _dead_end_view(dead_end: DeadEnd, blocking: bool) -> DeadEndView:
    return DeadEndView(
        kind=dead_end.kind,
        title=dead_end_title(dead_end.kind),
        message=dead_end.message or None,
        looked_for=dead_end.looked_for or None,
        # Friction of several matches lists them; any other (an `or:` way's dead end) is
        # what the newcomer saw instead.
        seen_label="These all matched:" if dead_end.kind == "ambiguous-target" else "Saw instead:",
        seen=tuple(dead_end.seen),
        errors_on_screen=tuple(dead_end.errors_on_screen),
        notices_on_screen=tuple(dead_end.notices_on_screen),
        blocking=blocking,
    )


def _patience(step: StepResult) -> float:
    return step.patience_s if step.patience_s > 0 else DEFAULT_PATIENCE_S


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
