"""What observer sessions add to a run report: people's evidence beside the scripted run.

Per scenario: task success, the completion funnel, SEQ and SUS, a heat table of steps
by tag, the sessions; where the testers' browsers recorded their walk, their paths beside
the script's, lostness and an empathy map. Per step: how many testers got there
unassisted, their times beside the scripted time, their notes grouped by tag with quotes
set apart; and what their browsers recorded there (`recorded_view`, `click_marks`).
"""

from __future__ import annotations

import statistics
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

from harness.record.model import TIMED_OUTCOMES, StepResult
from harness.report.empathy import EmpathyMap, empathy_map
from harness.report.recorded_view import RecordedScenario, RecordedStep, recorded_view
from harness.session.figures import ScenarioFigures, StepFigures, scenario_figures
from harness.session.model import Session, format_clock

TAG_LABELS = {
    "confusion": "Confused",
    "stuck": "Stuck",
    "delight": "Delighted",
    "quote": "Said",
    "note": "Noted",
}
HEAT_TAGS = ("confusion", "stuck", "delight", "assist")
HEAT_LABELS = {
    "confusion": "? confused",
    "stuck": "! stuck",
    "delight": "+ delight",
    "assist": "helped",
}
# People are always slower than a script. A step stands out when its people-to-script
# ratio is this many times the scenario's typical (median) ratio: explain it, don't speed it up.
MUCH_SLOWER = 2.0


@dataclass(frozen=True)
class ObservedNote:
    tester: str
    time: str
    tag: str
    text: str


@dataclass(frozen=True)
class NoteGroup:
    tag: str
    label: str
    notes: tuple[ObservedNote, ...]


@dataclass(frozen=True)
class ObservedStep:
    index: int
    sessions: int
    unassisted: int
    assisted: int
    not_reached: int
    median: str | None
    spread: str | None
    scripted: str | None
    much_slower: str | None  # a sentence when people were much slower than the script
    quotes: tuple[ObservedNote, ...]
    groups: tuple[NoteGroup, ...]
    observed_stuck: str | None  # "2 stuck · 1 gave up · 1 needed help", where it hurt
    recorded: RecordedStep | None = None  # what the testers' browsers recorded here


@dataclass(frozen=True)
class HeatRow:
    index: int
    intent: str
    counts: tuple[tuple[int, int], ...]  # (count, shade 0..4) per HEAT_TAGS


@dataclass(frozen=True)
class SessionRow:
    id: str
    tester: str
    observer: str
    started: str
    outcome: str
    assisted: bool
    reached: int
    seq: str


@dataclass(frozen=True)
class ObservedScenario:
    sessions: int
    success: str  # "2 of 3 completed unassisted (67 %)"
    success_pct: int | None
    assisted: int
    gave_up: int
    unfinished: int
    median_task_time: str | None
    seq_mean: str | None
    seq_counts: tuple[tuple[int, int, int], ...]  # (score, count, bar width %)
    sus_mean: str | None
    sus_answers: int
    funnel: tuple[tuple[int, int, int], ...]  # (step, reached unassisted, width %)
    heat: tuple[HeatRow, ...]
    heat_labels: tuple[str, ...]
    rows: tuple[SessionRow, ...]
    steps: Mapping[int, ObservedStep]
    recorded: RecordedScenario | None = None  # paths and lostness, from the testers' browsers
    empathy: EmpathyMap | None = None


def _clock(seconds: float | None) -> str | None:
    return None if seconds is None else format_clock(seconds)


def observed_scenario(
    sessions: Sequence[Session],
    scripted_steps: Sequence[StepResult],
    *,
    number: int = 1,
    name: str = "",
    links: Callable[[str | None], str | None] | None = None,
) -> ObservedScenario | None:
    """The people's view of one scenario (numbered from 1), or None when no one was observed.

    `links` (the report's `Links`) turns the click maps' paths into what the page may show.
    """
    if not sessions:
        return None
    count = max(len(scripted_steps), max((len(s.steps) for s in sessions), default=0))
    figures = scenario_figures(sessions, count)
    intents = {s.index: s.intent or "" for s in scripted_steps}
    by_index = {s.index: s for s in scripted_steps}
    ratios = {f.index: r for f in figures.steps if (r := _ratio(f, by_index.get(f.index)))}
    typical = statistics.median(ratios.values()) if len(ratios) >= 3 else None
    images: Any = getattr(links, "images", None)
    recorded = recorded_view(
        sessions, scripted_steps, count, number, getattr(images, "clicks", None), links
    )
    steps = {
        f.index: _step(f, sessions, by_index.get(f.index), ratios.get(f.index), typical)
        for f in figures.steps
    }
    if recorded is not None:
        steps = {i: replace(st, recorded=recorded.steps.get(i)) for i, st in steps.items()}
    return ObservedScenario(
        sessions=figures.sessions,
        success=_success(figures),
        success_pct=None if figures.task_success is None else round(figures.task_success * 100),
        assisted=figures.completed_assisted,
        gave_up=figures.gave_up,
        unfinished=figures.unfinished,
        median_task_time=_clock(figures.median_task_time),
        seq_mean=None if figures.seq_mean is None else f"{figures.seq_mean:.1f}",
        seq_counts=_seq_bars(figures),
        sus_mean=None if figures.sus_mean is None else f"{figures.sus_mean:.1f}",
        sus_answers=figures.sus_answers,
        funnel=tuple(
            (f.index, f.reached_unassisted, round(100 * f.reached_unassisted / max(f.sessions, 1)))
            for f in figures.steps
        ),
        heat=_heat(sessions, figures, intents),
        heat_labels=tuple(HEAT_LABELS[t] for t in HEAT_TAGS),
        rows=tuple(_row(s) for s in sessions),
        steps=steps,
        recorded=recorded,
        empathy=empathy_map(number, name, sessions, scripted_steps),
    )


def _success(figures: ScenarioFigures) -> str:
    done = figures.completed_unassisted
    pct = "" if figures.task_success is None else f" ({figures.task_success:.0%})"
    return f"{done} of {figures.sessions} completed unassisted{pct}"


def _seq_bars(figures: ScenarioFigures) -> tuple[tuple[int, int, int], ...]:
    most = max(figures.seq_counts.values(), default=0) or 1
    return tuple(
        (score, count, round(100 * count / most)) for score, count in figures.seq_counts.items()
    )


def _scripted_seconds(scripted: StepResult | None) -> float | None:
    if scripted is None or scripted.outcome not in TIMED_OUTCOMES or scripted.duration_ms <= 0:
        return None
    return scripted.duration_ms / 1000


def _ratio(figures: StepFigures, scripted: StepResult | None) -> float | None:
    script = _scripted_seconds(scripted)
    return figures.median / script if figures.median is not None and script else None


def _step(
    figures: StepFigures,
    sessions: Sequence[Session],
    scripted: StepResult | None,
    ratio: float | None,
    typical: float | None,
) -> ObservedStep:
    index = figures.index
    unassisted = figures.reached_unassisted
    assisted = figures.reached - unassisted
    scripted_s = _scripted_seconds(scripted)
    much_slower = None
    if ratio is not None and typical and ratio >= typical * MUCH_SLOWER:
        much_slower = (
            f"People took {ratio:.0f}× as long as the script here, against {typical:.0f}× "
            "on a typical step: this step needs explaining, not speeding up."
        )
    notes = [
        ObservedNote(s.tester or s.id, format_clock(n.t), n.tag, n.text)
        for s in sessions
        for n in s.notes_on(index)
    ]
    groups = tuple(
        NoteGroup(tag, TAG_LABELS[tag], tuple(n for n in notes if n.tag == tag))
        for tag in ("stuck", "confusion", "delight", "note")
        if any(n.tag == tag for n in notes)
    )
    stuck = sum(1 for n in notes if n.tag == "stuck")
    gave_up = sum(1 for s in sessions if s.outcome == "gaveup" and s.step == index)
    helped = sum(1 for s in sessions for a in s.assists if a.step == index)
    parts = [
        f"{stuck} stuck" if stuck else "",
        f"{gave_up} gave up" if gave_up else "",
        f"{helped} needed help" if helped else "",
    ]
    return ObservedStep(
        index=index,
        sessions=figures.sessions,
        unassisted=unassisted,
        assisted=assisted,
        not_reached=figures.sessions - figures.reached,
        median=_clock(figures.median),
        spread=(
            None
            if figures.fastest is None or figures.slowest is None
            else f"{format_clock(figures.fastest)}–{format_clock(figures.slowest)}"
        ),
        scripted=None if scripted_s is None else f"{scripted_s:.1f} s",
        much_slower=much_slower,
        quotes=tuple(n for n in notes if n.tag == "quote"),
        groups=groups,
        observed_stuck=" · ".join(p for p in parts if p) or None,
    )


def _heat(
    sessions: Sequence[Session], figures: ScenarioFigures, intents: Mapping[int, str]
) -> tuple[HeatRow, ...]:
    raw: list[tuple[int, list[int]]] = []
    for f in figures.steps:
        counts = [
            sum(1 for s in sessions for n in s.notes_on(f.index) if n.tag == tag)
            for tag in HEAT_TAGS[:3]
        ]
        counts.append(sum(1 for s in sessions for a in s.assists if a.step == f.index))
        raw.append((f.index, counts))
    most = max((c for _, counts in raw for c in counts), default=0) or 1
    return tuple(
        HeatRow(
            index,
            intents.get(index, ""),
            tuple((c, 0 if c == 0 else 1 + round(3 * c / most)) for c in counts),
        )
        for index, counts in raw
    )


def _row(session: Session) -> SessionRow:
    outcome = {"done": "completed", "gaveup": "gave up"}.get(session.outcome, session.outcome)
    return SessionRow(
        id=session.id,
        tester=session.tester or "—",
        observer=session.observer or "—",
        started=(session.started_at or "")[:16].replace("T", " "),
        outcome=outcome,
        assisted=not session.unassisted,
        reached=session.reached,
        seq="—" if session.seq is None else str(session.seq),
    )
