"""The handler that writes a run's reports (HTML, JUnit, Markdown) when the run ends."""

from __future__ import annotations

from pathlib import Path

from harness.record.model import RunRecord
from harness.report.build import write_run_reports
from harness.run.events import Event, RunStarted


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
        self.written, self.standalone, self.history, self.warnings = write_run_reports(
            self.run_dir,
            self.record.to_dict(),
            self_contained=self.self_contained,
            sessions_dir=self.sessions_dir,
        )
