"""The terminal view of a run: live on a terminal, plain lines in logs and CI.

With `--workers N` the lines are those of a serial run, whole scenarios in scenario order;
on a terminal, below them, one line per worker says what it walks now, redrawn in place.
"""

from __future__ import annotations

from typing import TextIO

from harness.cli.terminal import Terminal
from harness.record.model import SKIPPED
from harness.record.outcomes import scenario_row, step_row
from harness.run.conditions import in_words
from harness.run.events import (
    Event,
    RunFinished,
    RunStarted,
    ScenarioFinished,
    ScenarioStarted,
    StepFinished,
    StepStarted,
    WorkerBusy,
)
from harness.text import plain


class ProgressPrinter:
    """Prints one line per step with its duration; on a terminal, the running step is live."""

    def __init__(self, stream: TextIO, term: Terminal | None = None) -> None:
        self.stream = stream
        self.term = term or Terminal()
        self.live = self.term.live
        self._pending = False
        self._workers: dict[int, str] = {}  # worker → its line (with --workers, on a terminal)
        self._drawn = 0  # worker lines on screen, below the run's lines

    def handle(self, event: Event) -> None:
        if isinstance(event, WorkerBusy):
            self._busy(event)
        elif isinstance(event, RunStarted):
            if event.workers > 1 and self.live:
                self._workers = {slot: "" for slot in range(1, event.workers + 1)}
            noun = "scenario" if event.scenario_count == 1 else "scenarios"
            browser = event.record.browser
            self._line(
                f"shoshin run {event.record.run_id}: {event.scenario_count} {noun} against "
                f"{event.record.base_url} ({browser['name']} {browser['version']})"
            )
            conditions = in_words(event.record.conditions)
            if conditions:
                words = " · ".join(f"{label} {plain(value)}" for label, value in conditions)
                self._line(f"conditions: {words}")
        elif isinstance(event, ScenarioStarted):
            self._line("")
            name = plain(event.scenario.name)
            again = f" (walk {event.repeat} of {event.repeats})" if event.repeats > 1 else ""
            self._line(self.term.bold(f"[{event.number}/{event.total}] {name}{again}"))
        elif isinstance(event, StepStarted) and self.live and not self._workers:
            intent = plain(event.step.intent or "(no intent)")
            self.stream.write(f"  … {event.step.index}. {intent}")
            self.stream.flush()
            self._pending = True
        elif isinstance(event, StepFinished):
            self._step(event)
        elif isinstance(event, ScenarioFinished):
            result = event.result
            verdict = scenario_row(result.outcome).verdict
            self._line(f"  → {verdict} in {result.duration_ms / 1000:.1f} s")
            if result.error:
                self._line(f"    {plain(result.error)}")
        elif isinstance(event, RunFinished):
            self._workers = {}
            self._line("")

    def _step(self, event: StepFinished) -> None:
        r = event.result
        intent = plain(r.intent or "(no intent)")
        row = step_row(r.outcome)
        mark = self.term.paint(f"{row.mark} {row.word:<8}", row.ansi)
        timing = "" if r.outcome == SKIPPED else f"  {r.duration_ms / 1000:5.2f} s"
        if self._pending:
            self.stream.write("\r\x1b[2K")
            self._pending = False
        self._line(f"  {mark} {r.index}. {intent}{timing}")
        if r.dead_end:
            self._line(f"      {r.dead_end.kind}: {plain(r.dead_end.message)}")
            if r.dead_end.seen:
                seen = ", ".join(plain(s) for s in r.dead_end.seen[:6])
                self._line(f"      saw instead: {seen}")
            if r.dead_end.errors_on_screen:
                errors = "; ".join(plain(e) for e in r.dead_end.errors_on_screen)
                self._line(f"      errors on screen: {errors}")
        if r.error:
            self._line(f"      {plain(r.error)}")

    def _busy(self, event: WorkerBusy) -> None:
        """A worker's line, redrawn (on a terminal; logs get whole scenarios only)."""
        if not self._workers:
            return
        if event.scenario is None:
            doing = "done"
        else:
            again = f" (walk {event.repeat} of {event.repeats})" if event.repeats > 1 else ""
            doing = f"[{event.number}/{event.total}] {plain(event.scenario.name)}{again}"
            if event.step is not None:
                doing += f" · {event.step.index}. {plain(event.step.intent or '(no intent)')}"
        self._workers[event.worker] = doing
        self._erase()
        self._draw()

    def _erase(self) -> None:
        if self._drawn:
            self.stream.write(f"\x1b[{self._drawn}F\x1b[J")  # up to the first, clear below
            self._drawn = 0

    def _draw(self) -> None:
        width = max(self.term.width - 1, 10)
        for slot, doing in sorted(self._workers.items()):
            line = f"  worker {slot}: {doing or 'starting'}"
            self.stream.write(line[:width] + "\n")  # one screen line each, never wrapped
        self._drawn = len(self._workers)
        self.stream.flush()

    def shutdown(self) -> None:
        self._erase()
        self._workers = {}
        if self._pending:
            self.stream.write("\n")
            self._pending = False
        self.stream.flush()

    def _line(self, text: str) -> None:
        drawn = self._drawn
        self._erase()
        self.stream.write(text + "\n")
        if drawn:
            self._draw()
        self.stream.flush()
