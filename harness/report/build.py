"""Making every report of a run from files alone: after a run, or later with `shoshin report`.

A run directory's `run.json` and screenshots, plus the observer session files, are all
it takes: no browser, so reports can be rebuilt after the testers went home.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from harness.analysis.history import Completion
from harness.record.model import RunRecord
from harness.record.read import as_record
from harness.session.figures import scenario_figures
from harness.session.log import load_sessions
from harness.session.model import Session, sessions_for
from harness.tickets.model import Ticket
from harness.tickets.store import StoreError, load_tickets

SESSIONS_DIR = "sessions"
TICKETS_DIR = "tickets"


def sessions_in(directory: Path) -> tuple[list[Session], list[str]]:
    """The sessions in a folder (none if it does not exist), with reading warnings."""
    if not directory.is_dir():
        return [], []
    return load_sessions(directory)


def tickets_in(directory: Path) -> tuple[list[Ticket], list[str]]:
    """The new users' tickets kept in a folder (none if it does not exist), with warnings;
    a damaged tickets file is a warning: the report is written without tickets."""
    try:
        return load_tickets(directory)
    except StoreError as error:
        return [], [f"{error} The report shows no tickets."]


def completion_between(sessions: Sequence[Session]) -> Completion:
    """Observed completion rate of a scenario's sessions held in a period, for trends."""

    def rate(scenario: str, since: str | None, until: str) -> float | None:
        mine = [
            s
            for s in sessions_for(sessions, scenario)
            if s.started_at and (since is None or s.started_at > since) and s.started_at <= until
        ]
        return scenario_figures(mine).task_success if mine else None

    return rate


def write_run_reports(
    run_dir: Path,
    record: RunRecord | Mapping[str, Any],
    *,
    self_contained: bool = False,
    sessions_dir: Path | None = None,
    tickets_dir: Path | None = None,
) -> tuple[Path, Path | None, Path, list[str]]:
    """HTML (+ single file), JUnit, Markdown for one run, then the history index.

    Returns (index.html, report.html or None, reports index, session and ticket warnings).
    """
    from harness.report.ci.junit import write_junit
    from harness.report.ci.markdown import write_summary
    from harness.report.empathy import write_empathy_maps
    from harness.report.history_html import write_history
    from harness.report.html import write_html_report

    record = as_record(record)
    reports = run_dir.parent
    sessions, warnings = sessions_in(sessions_dir or reports / SESSIONS_DIR)
    tickets, ticket_warnings = tickets_in(tickets_dir or reports / TICKETS_DIR)
    warnings += ticket_warnings
    write_junit(run_dir, record)
    write_summary(run_dir, record)
    page = write_html_report(
        run_dir, record, self_contained=self_contained, sessions=sessions, tickets=tickets
    )
    write_empathy_maps(run_dir, record, sessions)
    history = write_history(reports, completion=completion_between(sessions))
    return run_dir / "index.html", (page if self_contained else None), history, warnings
