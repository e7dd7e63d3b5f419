"""The terminal view of a run: live on a terminal, plain lines in logs and CI."""

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
)
from harness.text import plain


class ProgressPrinter:
    """Prints one line per step with its duration; on a terminal, the running step is live."""

    def __init__(self, stream: TextIO, term: Terminal | None = None) -> None:
        self.stream = stream
        self.term = term or Terminal()
        self.live = self.term.live
        self._pending = False

    def handle(self, event: Event) -> None:
        if isinstance(event, RunStarted):
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
        elif isinstance(event, StepStarted) and self.live:
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

    def shutdown(self) -> None:
        if self._pending:
            self.stream.write("\n")
            self._pending = False
        self.stream.flush()

    def _line(self, text: str) -> None:
        self.stream.write(text + "\n")
        self.stream.flush()
