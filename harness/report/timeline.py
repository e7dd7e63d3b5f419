"""The geometry of a scenario's timeline: each step's time against its patience.

Pure numbers and words for the template to draw as inline SVG. Positions across are
percentages (the drawing stretches to any width, its text keeps its size); positions
down are pixels.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from harness.report.fmt import duration, pct, seconds

__all__ = ["Tick", "Timeline", "TimelineRow", "TimelineStep", "build_timeline"]

AXIS_H = 22
ROW_H = 40
LABEL_Y = 15  # baseline of a row's words, from the row's top
BAR_Y = 22
BAR_H = 10
LABEL_CHARS = 64
NICE_STEPS = (0.5, 1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 1800, 3600)
MAX_TICKS = 5


@dataclass(frozen=True)
class TimelineStep:
    """What the timeline needs of a step."""

    anchor: str
    number: int
    intent: str
    outcome: str
    reached: bool
    duration_ms: float
    patience_s: float
    budget_s: float | None


@dataclass(frozen=True)
class TimelineRow:
    anchor: str
    number: int
    label: str
    outcome: str
    reached: bool
    over: bool  # took longer than the newcomer's patience
    time: str
    summary: str
    y: int
    label_y: int
    bar_y: int
    bar: str  # width in percent of the scale
    track: str  # the patience, in percent of the scale
    budget: str | None  # where the budget lies, in percent of the scale


@dataclass(frozen=True)
class Tick:
    x: str
    label: str
    anchor: str  # SVG text-anchor


@dataclass(frozen=True)
class Timeline:
    rows: tuple[TimelineRow, ...]
    ticks: tuple[Tick, ...]
    height: int
    axis_y: int
    summary: str


def build_timeline(steps: Sequence[TimelineStep]) -> Timeline | None:
    """One row per step on a common scale of seconds; None for a scenario without steps."""
    if not steps:
        return None
    scale = max(max(max(s.duration_ms / 1000, s.patience_s, s.budget_s or 0.0) for s in steps), 0.5)
    rows: list[TimelineRow] = []
    for n, step in enumerate(steps):
        taken = step.duration_ms / 1000
        y = AXIS_H + n * ROW_H
        time = duration(step.duration_ms) if step.reached else "not reached"
        summary = f"Step {step.number}: {step.intent} — " + (
            f"{time} of {seconds(step.patience_s)} patience" if step.reached else "not reached"
        )
        if step.budget_s:
            summary += f", budget {seconds(step.budget_s)}"
        rows.append(
            TimelineRow(
                anchor=step.anchor,
                number=step.number,
                label=_cut(step.intent),
                outcome=step.outcome,
                reached=step.reached,
                over=step.reached and taken > step.patience_s,
                time=time,
                summary=summary,
                y=y,
                label_y=y + LABEL_Y,
                bar_y=y + BAR_Y,
                # A step of a few milliseconds still shows as a sliver.
                bar=pct(max(taken / scale, 0.004)) if step.reached else "0.0",
                track=pct(step.patience_s / scale),
                budget=pct(step.budget_s / scale) if step.budget_s else None,
            )
        )
    walked = [s for s in steps if s.reached]
    total = duration(sum(s.duration_ms for s in walked))
    return Timeline(
        rows=tuple(rows),
        ticks=_ticks(scale),
        height=AXIS_H + len(rows) * ROW_H + 4,
        axis_y=AXIS_H - 8,
        summary=(
            f"Timeline: {len(walked)} of {len(steps)} steps walked in {total}; "
            "each bar is a step's time, the faint track behind it the newcomer's patience."
        ),
    )


def _ticks(scale: float) -> tuple[Tick, ...]:
    step = next((s for s in NICE_STEPS if scale / s <= MAX_TICKS), NICE_STEPS[-1])
    ticks: list[Tick] = []
    k = 0
    while k * step <= scale + 1e-9:
        fraction = k * step / scale
        anchor = "start" if k == 0 else "end" if fraction > 0.94 else "middle"
        ticks.append(Tick(pct(fraction), seconds(k * step), anchor))
        k += 1
    return tuple(ticks)


def _cut(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= LABEL_CHARS else text[: LABEL_CHARS - 1].rstrip() + "…"
