"""Event handlers that write the run's files: the record as it goes, the reports at the end."""

from __future__ import annotations

from pathlib import Path

from harness.events import Event, RunFinished, RunStarted, ScenarioFinished, StepFinished
from harness.record import RunRecord, utc_now, write_record


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

    def __init__(self, *, self_contained: bool = False) -> None:
        self.self_contained = self_contained
        self.record: RunRecord | None = None
        self.run_dir: Path | None = None
        self.written: Path | None = None
        self.history: Path | None = None
        self.standalone: Path | None = None

    def handle(self, event: Event) -> None:
        if isinstance(event, RunStarted):
            self.record, self.run_dir = event.record, event.run_dir

    def shutdown(self) -> None:
        if self.record is None or self.run_dir is None:
            return
        from harness.ci.junit import write_junit
        from harness.ci.markdown import write_summary
        from harness.report import write_html_report
        from harness.report.history_html import write_history

        data = self.record.to_dict()
        write_junit(self.run_dir, data)
        write_summary(self.run_dir, data)
        page = write_html_report(self.run_dir, data, self_contained=self.self_contained)
        self.written = self.run_dir / "index.html"
        self.standalone = page if self.self_contained else None
        self.history = write_history(self.run_dir.parent)
