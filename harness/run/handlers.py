"""The handler that writes `run.json` as the run goes (the reports: `harness.report.writer`)."""

from __future__ import annotations

from pathlib import Path

from harness.files import AppendLog
from harness.record.journal import JOURNAL_FILE, journal_line, scenario_header
from harness.record.model import RunRecord, ScenarioResult, StepResult, utc_now, write_record
from harness.run.events import (
    Event,
    RunFinished,
    RunStarted,
    ScenarioFinished,
    ScenarioStarted,
    StepFinished,
)


class RecordWriter:
    """Keeps the record current after every step; a crash leaves every finished step on disk.

    `run.json` is rewritten whole (atomically) when the run starts, when each scenario starts
    and finishes, and when the run ends or stops. Each step in between is one line appended
    to the journal beside it (`harness.record.journal`): the same cost at step 200 as at
    step 2. The journal is emptied at each rewrite and removed when the run ends.
    """

    def __init__(self) -> None:
        self.record: RunRecord | None = None
        self.run_dir: Path | None = None
        self.journal: AppendLog | None = None
        # The scenario being walked, when the record holds it (a `--repeat` walk after the
        # first is kept apart until the runner picks the walk to show).
        self.walking: ScenarioResult | None = None

    def handle(self, event: Event) -> None:
        if isinstance(event, RunStarted):
            self.record, self.run_dir = event.record, event.run_dir
            self.journal = AppendLog(event.run_dir / JOURNAL_FILE)  # locked: the run is alive
            self._write()
        elif isinstance(event, ScenarioStarted):
            results = self.record.results if self.record is not None else []
            self.walking = event.result if results and results[-1] is event.result else None
            if event.repeat == 1:
                self._write()
        elif isinstance(event, StepFinished):
            self._journal(event.result)
        elif isinstance(event, ScenarioFinished):
            self.walking = None
            self._write()
        elif isinstance(event, RunFinished):
            self._write()
            self._close()

    def shutdown(self) -> None:
        if self.record is not None and self.record.status == "running":
            self.record.status = "interrupted"
            self.record.finished_at = utc_now()
            self._write()
        self._close()

    def _write(self) -> None:
        if self.record is not None and self.run_dir is not None:
            write_record(self.run_dir, self.record)
            if self.journal is not None:
                self.journal.clear()  # every line is in run.json now

    def _journal(self, step: StepResult) -> None:
        walking, record = self.walking, self.record
        if walking is None or record is None or self.journal is None:
            return
        position = _position(walking.steps, step)
        if position is None:
            return
        line = journal_line(len(record.results) - 1, scenario_header(walking), position, step)
        self.journal.append(line)

    def _close(self) -> None:
        if self.journal is not None:
            self.journal.remove()
            self.journal = None


def _position(steps: list[StepResult], step: StepResult) -> int | None:
    """Where `step` is in `steps` (the last place, nearly always)."""
    for position in range(len(steps) - 1, -1, -1):
        if steps[position] is step:
            return position
    return None
