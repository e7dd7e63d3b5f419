"""Event handlers that write the run's files: the record as it goes, the reports at the end."""

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


class ReportWriter:
    """Writes the run's reports (HTML, JUnit, Markdown) once, when the run ends or stops."""

    def __init__(self, *, self_contained: bool = False, sessions_dir: Path | None = None) -> None:
        self.self_contained = self_contained
        self.sessions_dir = sessions_dir  # default: <out>/sessions
        self.record: RunRecord | None = None
        self.run_dir: Path | None = None
        self.written: Path | None = None
        self.history: Path | None = None
        self.standalone: Path | None = None
        self.warnings: list[str] = []

    def handle(self, event: Event) -> None:
        if isinstance(event, RunStarted):
            self.record, self.run_dir = event.record, event.run_dir

    def shutdown(self) -> None:
        if self.record is None or self.run_dir is None:
            return
        from harness.report.build import write_run_reports

        self.written, self.standalone, self.history, self.warnings = write_run_reports(
            self.run_dir,
            self.record.to_dict(),
            self_contained=self.self_contained,
            sessions_dir=self.sessions_dir,
        )
