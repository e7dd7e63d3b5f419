"""The handler that writes a run's reports (HTML, JUnit, Markdown) when the run ends.

The reports cannot be written before the run ends, but most of their work can: while the
browser walks, a worker thread makes each finished step's images and readies the
templates, so the run ends with little left to do.
"""

from __future__ import annotations

from collections.abc import Mapping
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Any

from harness.record.model import INTERRUPTED, RUNNING, RunRecord, StepResult, utc_now
from harness.report.build import write_run_reports
from harness.run.events import Event, RunFinished, RunStarted, StepFinished

Written = tuple[Path, Path | None, Path, list[str]]  # as `write_run_reports` returns them


def _make_step_images(run_dir: Path, viewport: Mapping[str, int], step: StepResult) -> None:
    from harness.report.images import make_step_images  # pillow, imported off the main thread

    make_step_images(run_dir, viewport, step)


def _ready_templates() -> None:
    """Import and compile what the reports use, so that the run's end does not wait on it."""
    from harness.report.history_html import write_history  # noqa: F401
    from harness.report.html import template_env

    for name in ("run.html.j2", "history.html.j2"):
        template_env().get_template(name)


def _stopped(record: RunRecord) -> dict[str, Any]:
    """The record of a run that stopped early (Ctrl-C, SIGTERM, a failure), as the reports
    must tell it: interrupted, whether or not the record writer said so already."""
    data = record.to_dict()
    if data.get("status") == RUNNING:
        data["status"], data["finished_at"] = INTERRUPTED, data.get("finished_at") or utc_now()
    return data


class ReportWriter:
    """Writes the run's reports (HTML, JUnit, Markdown) once, when the run ends or stops.

    When the run finishes, the reports are written in the worker while the browser closes;
    a run that stops early (Ctrl-C, SIGTERM, a failure) has them written by `shutdown`, for
    what it walked, as an interrupted run. Hand it its events after the record writer's: so
    `run.json` is on disk before the reports are begun, and a second Ctrl-C that stops the
    wrap-up at once still leaves it.
    """

    def __init__(self, *, self_contained: bool = False, sessions_dir: Path | None = None) -> None:
        self.self_contained = self_contained
        self.sessions_dir = sessions_dir  # default: <out>/sessions
        self.record: RunRecord | None = None
        self.run_dir: Path | None = None
        self.written: Path | None = None
        self.history: Path | None = None
        self.standalone: Path | None = None
        self.warnings: list[str] = []
        self._ahead: ThreadPoolExecutor | None = None
        self._final: Future[Written] | None = None

    def handle(self, event: Event) -> None:
        if isinstance(event, RunStarted):
            self.record, self.run_dir = event.record, event.run_dir
            self._ahead = ThreadPoolExecutor(max_workers=1, thread_name_prefix="shoshin-report")
            self._ahead.submit(_ready_templates)
        elif self._ahead is None or self.run_dir is None or self.record is None:
            return
        elif isinstance(event, StepFinished):
            viewport = dict(self.record.viewport)
            self._ahead.submit(_make_step_images, self.run_dir, viewport, event.result)
        elif isinstance(event, RunFinished):
            self._final = self._ahead.submit(self._write, self.run_dir, self.record.to_dict())

    def shutdown(self) -> None:
        if self._ahead is not None:
            # Images that failed ahead are made again, and reported, by the reports themselves.
            self._ahead.shutdown(wait=True)
            self._ahead = None
        if self._final is not None:
            written = self._final.result()  # raises here what writing raised there
        elif self.record is not None and self.run_dir is not None:
            written = self._write(self.run_dir, _stopped(self.record))
        else:
            return
        self.written, self.standalone, self.history, self.warnings = written

    def _write(self, run_dir: Path, record: dict[str, Any]) -> Written:
        return write_run_reports(
            run_dir, record, self_contained=self.self_contained, sessions_dir=self.sessions_dir
        )
