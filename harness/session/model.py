"""Observer sessions as read back: notes, step marks and assists, and what they add up to.

Step 1 is current from t=0 unless a `/step 1` mark says when it began. The time a tester
spent on step N runs from its first mark to the first later mark of a higher step, or to
`/done` (or to when the tester's browser saw the last step's sign, if earlier). Marks come
from the observer (`/step`, `/next`) and from the tester's browser (a `sign` of step N is a
mark of N+1, `by="browser"`); the earliest mark of a step is when it was reached. What the
browser recorded is on `Session.recorded` (see `harness.session.recorded`). The file these
come from is described in `harness.session.log`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from harness.errors import ShoshinError
from harness.scenario.model import Scenario
from harness.session.recorded import Recorded

SCHEMA_VERSION = 1
SESSION_SUFFIX = ".jsonl"
TAGS = ("confusion", "stuck", "delight", "quote", "note")
END_REASONS = ("done", "gaveup", "interrupted", "eof")
OUTCOMES = ("done", "gaveup", "interrupted", "open")


class ObserveError(ShoshinError):
    """An observer session that cannot be started, resumed or read."""


class EntryProblem(ValueError):
    """A line the observer typed that cannot be taken as written (e.g. `/step 9` of 6)."""


@dataclass(frozen=True)
class StepInfo:
    index: int
    intent: str | None


@dataclass(frozen=True)
class Note:
    n: int | None
    t: float
    tag: str
    text: str
    step: int | None


@dataclass(frozen=True)
class StepMark:
    n: int | None
    t: float
    step: int
    by: str = "observer"  # "observer" (/step, /next) or "browser" (a sign the browser saw)


@dataclass(frozen=True)
class Assist:
    n: int | None
    t: float
    step: int | None
    text: str


@dataclass
class Session:
    """An observer session after replaying its events (undo applied)."""

    id: str
    path: Path
    scenario: str | None = None
    scenario_file: str | None = None
    tester: str | None = None
    observer: str | None = None
    url: str | None = None
    started_at: str | None = None
    harness_version: str | None = None
    imported_from: str | None = None
    steps: tuple[StepInfo, ...] = ()
    notes: list[Note] = field(default_factory=list)
    step_marks: list[StepMark] = field(default_factory=list)
    assists: list[Assist] = field(default_factory=list)
    outcome: str = "open"  # "done" | "gaveup" | "interrupted" | "open"
    end_reason: str | None = None
    ended_t: float | None = None
    seq: int | None = None
    sus: float | None = None
    sus_answers: tuple[int, ...] | None = None
    duration: float = 0.0  # the last t in the file
    resumes: int = 0
    last_n: int = 0
    recorded: Recorded = field(default_factory=Recorded)  # what the tester's browser saw
    finished_seen_at: float | None = None  # the browser saw the last step's sign

    @property
    def step(self) -> int | None:
        """The step the tester is on now: the last mark, else step 1.

        The observer may move back (`/step 2` after step 3); the browser only moves on: a
        sign seen late never takes the tester back to an earlier step.
        """
        current = 1 if self.steps else None
        for mark in self.step_marks:
            if mark.by == "observer" or current is None or mark.step > current:
                current = mark.step
        return current

    @property
    def unassisted(self) -> bool:
        return not self.assists

    @property
    def completed(self) -> bool:
        return self.outcome == "done"

    @property
    def reached(self) -> int:
        """The highest step the tester reached (step 1 counts from the start)."""
        marked = max((m.step for m in self.step_marks), default=0)
        return max(marked, 1 if self.steps else 0)

    @property
    def task_time(self) -> float | None:
        """Seconds from the start of step 1 to /done, for a completed session."""
        start = self.reached_at(1)
        if not self.completed or self.ended_t is None or start is None:
            return None
        return self.ended_t - start

    def reached_at(self, step: int) -> float | None:
        """When the tester reached step N: its first mark (step 1 without one: 0.0)."""
        marks = [mark.t for mark in self.step_marks if mark.step == step]
        if marks:
            return min(marks)
        return 0.0 if step == 1 and self.steps else None

    def step_time(self, step: int) -> float | None:
        """Seconds spent on step N: from reaching it to reaching a later step, or /done."""
        began = self.reached_at(step)
        if began is None:
            return None
        later = [m.t for m in self.step_marks if m.step > step and m.t >= began]
        if later:
            return min(later) - began
        ends = [self.ended_t] if self.completed and self.ended_t is not None else []
        if self.finished_seen_at is not None and step == len(self.steps):
            ends.append(self.finished_seen_at)
        ends = [t for t in ends if t >= began]
        return min(ends) - began if ends else None

    def reached_by_browser(self, step: int) -> bool:
        """Whether the tester's browser saw the tester reach step N (a sign of step N-1)."""
        return any(m.step == step and m.by == "browser" for m in self.step_marks)

    def assisted_before(self, step: int) -> bool:
        """Whether the observer helped before the tester reached step N (or at all, if never)."""
        reached = self.reached_at(step)
        return any(reached is None or a.t <= reached for a in self.assists)

    def reached_unassisted(self, step: int) -> bool:
        return self.reached_at(step) is not None and not self.assisted_before(step)

    def notes_on(self, step: int) -> list[Note]:
        return [note for note in self.notes if note.step == step]


def format_clock(t: float) -> str:
    """Elapsed seconds as 03:12, or 1:03:12 past an hour."""
    whole = int(t)
    hours, rest = divmod(whole, 3600)
    minutes, seconds = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{seconds:02d}" if hours else f"{minutes:02d}:{seconds:02d}"


def sessions_for(sessions: Iterable[Session], scenario: str | Scenario) -> list[Session]:
    """The sessions of one scenario, matched by name (any case) or by scenario file stem."""
    if isinstance(scenario, Scenario):
        names, stems = {scenario.name.casefold()}, {scenario.file.stem.casefold()}
    else:
        names = stems = {scenario.casefold()}
    return [
        s
        for s in sessions
        if (s.scenario is not None and s.scenario.casefold() in names)
        or (s.scenario_file is not None and Path(s.scenario_file).stem.casefold() in stems)
    ]
