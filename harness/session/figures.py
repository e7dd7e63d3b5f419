"""Figures across observer sessions of one scenario: task success, times, SEQ, SUS.

Step marks the tester's browser made (a step's sign seen) count like the observer's own.
"""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from dataclasses import dataclass

from harness.session.model import Session


@dataclass(frozen=True)
class StepFigures:
    """One step across the sessions of a scenario."""

    index: int
    sessions: int
    reached: int
    reached_unassisted: int
    reached_seen: int  # of `reached`: the tester's browser saw them get there
    times: tuple[float, ...]  # seconds on the step, of the sessions that finished it
    median: float | None
    fastest: float | None
    slowest: float | None


@dataclass(frozen=True)
class ScenarioFigures:
    """What the observer sessions of one scenario add up to."""

    sessions: int
    completed_unassisted: int
    completed_assisted: int
    gave_up: int
    unfinished: int  # interrupted or still open
    finished_seen: int  # sessions whose browser saw the last step's sign
    task_success: float | None  # unassisted completions / sessions
    task_times: tuple[float, ...]  # of unassisted completions
    median_task_time: float | None
    seq_mean: float | None
    seq_counts: dict[int, int]  # 1..7 → how many answered it
    sus_mean: float | None
    sus_answers: int
    steps: tuple[StepFigures, ...]


def step_figures(sessions: Sequence[Session], step: int) -> StepFigures:
    times = tuple(t for s in sessions if (t := s.step_time(step)) is not None)
    return StepFigures(
        index=step,
        sessions=len(sessions),
        reached=sum(1 for s in sessions if s.reached_at(step) is not None),
        reached_unassisted=sum(1 for s in sessions if s.reached_unassisted(step)),
        reached_seen=sum(1 for s in sessions if s.reached_by_browser(step)),
        times=times,
        median=statistics.median(times) if times else None,
        fastest=min(times) if times else None,
        slowest=max(times) if times else None,
    )


def scenario_figures(sessions: Sequence[Session], steps: int | None = None) -> ScenarioFigures:
    """Task success, SEQ, SUS and per-step reach and times; `steps` defaults to the headers'."""
    if steps is None:
        steps = max((len(s.steps) for s in sessions), default=0)
    done = [s for s in sessions if s.completed]
    unassisted = [s for s in done if s.unassisted]
    task_times = tuple(t for s in unassisted if (t := s.task_time) is not None)
    seqs = [s.seq for s in sessions if s.seq is not None]
    suses = [s.sus for s in sessions if s.sus is not None]
    return ScenarioFigures(
        sessions=len(sessions),
        completed_unassisted=len(unassisted),
        completed_assisted=len(done) - len(unassisted),
        gave_up=sum(1 for s in sessions if s.outcome == "gaveup"),
        unfinished=sum(1 for s in sessions if s.outcome in ("interrupted", "open")),
        finished_seen=sum(1 for s in sessions if s.finished_seen_at is not None),
        task_success=len(unassisted) / len(sessions) if sessions else None,
        task_times=task_times,
        median_task_time=statistics.median(task_times) if task_times else None,
        seq_mean=statistics.fmean(seqs) if seqs else None,
        seq_counts={score: seqs.count(score) for score in range(1, 8)},
        sus_mean=statistics.fmean(suses) if suses else None,
        sus_answers=len(suses),
        steps=tuple(step_figures(sessions, i) for i in range(1, steps + 1)),
    )
