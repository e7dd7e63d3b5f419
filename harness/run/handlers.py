"""The handler that writes `run.json` as the run goes (the reports: `harness.report.writer`)."""

from __future__ import annotations

from pathlib import Path

from harness.record.model import RunRecord, utc_now, write_record
from harness.run.events import Event, RunFinished, RunStarted, ScenarioFinished, StepFinished


class RecordWriter:
    """Keeps `run.json` current after every step; a crash leaves a readable partial record."""

    def __init__(self) -> None:
        self.record: RunRecord | None = None
        self.run_dir: Path | None = None

    def handle(self, event: Event) -> None:
        if isinstance(event, RunStarted):
            self.record, self.run_dir = event.record, event.run_dir
        if isinstance(event, (RunStarted, StepFinished, ScenarioFinished, RunFinished)):
            self._write()

    def shutdown(self) -> None:
        if self.record is not None and self.record.status == "running":
            self.record.status = "interrupted"
            self.record.finished_at = utc_now()
            self._write()

    def _write(self) -> None:
        if self.record is not None and self.run_dir is not None:
            write_record(self.run_dir, self.record)
