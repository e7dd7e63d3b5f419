"""What the testers' own browsers add to a scenario's report: paths, per-step activity,
lostness and where they clicked (pure: the click maps are drawn by `click_marks`)."""

from __future__ import annotations

import statistics
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from harness.analysis.lostness import LOST_ABOVE
from harness.record.model import StepResult
from harness.report.tester_paths import (
    ScriptPages,
    TesterPath,
    page_label,
    script_pages,
    tester_anchor,
    tester_path,
)
from harness.session.model import Session, format_clock

__all__ = [
    "KINDS",
    "LABELS",
    "ActivityRow",
    "ClickMap",
    "ClickMapView",
    "RecordedScenario",
    "RecordedStep",
    "recorded_view",
]

Link = Callable[[str | None], str | None]
KINDS = ("click", "misclick", "rage", "dead")
LABELS = {
    "click": "click",
    "misclick": "misclick: nothing to click there",
    "rage": "rage click: 3 or more in a second",
    "dead": "dead click: nothing changed",
}


@dataclass(frozen=True)
class ClickMap:
    """A step's click map as `click_marks` drew it."""

    path: str  # the drawn picture, relative to the run directory
    base: str  # what it is drawn on, in words
    counts: tuple[tuple[str, int], ...]  # (kind, drawn) for kinds with any
    drawn: int
    elsewhere: int  # clicks of the step on other pages, or outside the picture
    testers: int


@dataclass(frozen=True)
class ActivityRow:
    """One tester on one step, as their browser recorded it."""

    tester: str
    anchor: str
    time: str | None
    clicks: int
    misclicks: int
    rage: int
    dead_clicks: int
    back: int
    hesitations: int
    hesitated: str | None  # "14 s" in all
    lostness: str | None
    lost: bool


@dataclass(frozen=True)
class LegendItem:
    kind: str
    label: str
    count: int


@dataclass(frozen=True)
class ClickMapView:
    href: str
    base: str
    legend: tuple[LegendItem, ...]
    drawn: int
    elsewhere: int
    testers: int


@dataclass(frozen=True)
class RecordedStep:
    rows: tuple[ActivityRow, ...]
    clicks: ClickMapView | None


@dataclass(frozen=True)
class RecordedScenario:
    script: tuple[str, ...]  # the script's pages, in order
    paths: tuple[TesterPath, ...]
    median_lostness: str | None
    lost: bool
    reading: str
    lost_above: float
    steps: Mapping[int, RecordedStep]


def recorded_view(
    sessions: Sequence[Session],
    scripted: Sequence[StepResult],
    step_count: int,
    number: int,
    click_maps: Mapping[tuple[int, int], ClickMap] | None = None,
    link: Link | None = None,
) -> RecordedScenario | None:
    """The recordings of a scenario's sessions, or None when no browser recorded anything."""
    recorded = [s for s in sessions if not s.recorded.empty]
    if not recorded:
        return None
    script = script_pages(scripted, recorded)
    paths = tuple(p for s in recorded if (p := tester_path(number, s, script)) is not None)
    values = [p.lostness.value for p in paths if p.lostness.value is not None]
    median = statistics.median(values) if values else None
    steps = {
        index: RecordedStep(
            rows=tuple(_row(number, s, index, script, paths) for s in recorded),
            clicks=_click_view((click_maps or {}).get((number, index)), link),
        )
        for index in range(1, step_count + 1)
    }
    return RecordedScenario(
        script=tuple(page_label(p) for p in script.walk),
        paths=paths,
        median_lostness=None if median is None else f"{median:.2f}",
        lost=median is not None and median > LOST_ABOVE,
        reading=_reading(median),
        lost_above=LOST_ABOVE,
        steps=steps,
    )


def _reading(median: float | None) -> str:
    if median is None:
        return "no pages recorded to compare with the script's"
    if median > LOST_ABOVE:
        return f"above {LOST_ABOVE}: people were lost"
    return f"{LOST_ABOVE} or below: people kept on track"


def _row(
    number: int, session: Session, index: int, script: ScriptPages, paths: Sequence[TesterPath]
) -> ActivityRow:
    act = session.recorded.activity(index)
    anchor = tester_anchor(number, session)
    mine = next((p for p in paths if p.anchor == anchor), None)
    step_path = mine.steps.get(index) if mine else None
    time = session.step_time(index)
    return ActivityRow(
        tester=session.tester or session.id,
        anchor=anchor,
        time=None if time is None else format_clock(time),
        clicks=act.clicks,
        misclicks=act.misclicks,
        rage=act.rage,
        dead_clicks=act.dead_clicks,
        back=act.back,
        hesitations=act.hesitations,
        hesitated=f"{act.hesitation_seconds:.0f} s" if act.hesitations else None,
        lostness=step_path.shown if step_path else None,
        lost=bool(step_path and step_path.lostness.lost),
    )


def _click_view(made: ClickMap | None, link: Link | None) -> ClickMapView | None:
    if made is None:
        return None
    href = link(made.path) if link else made.path
    if not href:
        return None
    counts = dict(made.counts)
    return ClickMapView(
        href=href,
        base=made.base,
        legend=tuple(LegendItem(k, LABELS[k], counts.get(k, 0)) for k in LABELS),
        drawn=made.drawn,
        elsewhere=made.elsewhere,
        testers=made.testers,
    )
