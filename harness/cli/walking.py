"""What `shoshin run`, `demo` and `compare` share: walking with the terminal view, the gate,
and comparing with a baseline run."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from harness.cli.common import fail
from harness.errors import ShoshinError
from harness.record.model import COMPLETED, RECORD_FILE
from harness.run.conditions import Conditions, validate
from harness.text import plain

if TYPE_CHECKING:
    from harness.record.model import RunRecord
    from harness.scenario.shard import Shard


def walk_scenarios(
    paths: list[Path],
    base_url: str,
    out: Path,
    headed: bool,
    conditions: Conditions,
    self_contained: bool = False,
    *,
    before_each: str | None = None,
    workers: int = 1,
    browser_endpoint: str | None = None,
    shard: Shard | None = None,
    a11y: bool = True,
) -> RunRecord:
    """Run the scenarios with the terminal view and the writers; return the record."""
    from harness.cli.interrupt import Interrupted, stopping
    from harness.cli.progress import ProgressPrinter
    from harness.cli.terminal import terminal
    from harness.report.writer import ReportWriter
    from harness.run.config import RunConfig
    from harness.run.handlers import RecordWriter
    from harness.run.runner import run_scenarios
    from harness.scenario.load import load_scenarios
    from harness.scenario.shard import choose

    try:
        scenarios = load_scenarios(paths)
        plan = None
        if shard is not None:  # the whole run's scenarios are loaded, then this shard's kept
            scenarios, plan = choose(scenarios, shard)
            typer.echo(plan.sentence())
        config = RunConfig(
            base_url=base_url,
            out_dir=out,
            headed=headed,
            conditions=validate(conditions),
            before_each=before_each,
            workers=workers,
            browser_endpoint=browser_endpoint,
            shard=plan,
            a11y=a11y,
        )
        report = ReportWriter(self_contained=self_contained)
        printer = ProgressPrinter(sys.stdout, terminal(sys.stdout))
        writer = RecordWriter()  # first: the record is on disk before the reports are begun
        with stopping(lambda signum: _stopped_at_once(writer.run_dir)) as stop:
            record = run_scenarios(scenarios, config, [writer, report, printer, stop])
    except ShoshinError as error:
        fail(error)
    except Interrupted as interrupted:
        finished = writer.record is not None and writer.record.status == "finished"
        _say_interrupted(interrupted.args[0], writer.run_dir, report.written, finished=finished)
        raise typer.Exit(interrupted.exit_code) from None
    done = sum(1 for r in record.results if r.outcome == COMPLETED)
    typer.echo(f"{done} of {len(record.results)} scenarios completed.")
    if report.written is not None:
        typer.echo(f"Report: {report.written}")
    if report.standalone is not None:
        typer.echo(f"Single-file report: {report.standalone}")
    if report.history is not None:
        typer.echo(f"All runs: {report.history}")
    for warning in report.warnings:
        typer.secho(f"warning: {plain(warning)}", err=True, fg=typer.colors.YELLOW)
    return record


def _say_interrupted(
    by: str, run_dir: Path | None, report: Path | None, *, finished: bool = False
) -> None:
    """The one line a stopped run leaves on stderr: where what it walked is."""
    if finished:  # the signal came during the wrap-up: every scenario was walked
        where = f"its report is {report}" if report is not None else f"see {run_dir}"
        line = f"shoshin: stopped ({by}) as the run was ending; every scenario was walked, {where}."
        typer.secho(line, err=True, fg=typer.colors.YELLOW)
        return
    if run_dir is None:
        where = "nothing was walked, and nothing was written"
    elif report is not None:
        where = f"the partial report is {report} (run.json beside it)"
    else:
        where = f"the run record so far is {run_dir / RECORD_FILE}"
    line = f"shoshin: the run was interrupted ({by}); {where}."
    typer.secho(line, err=True, fg=typer.colors.YELLOW)


def _stopped_at_once(run_dir: Path | None) -> str:
    """The last words of a run stopped again during its wrap-up: it exits without reports."""
    kept = f"; the run record so far is {run_dir / RECORD_FILE}" if run_dir is not None else ""
    return f"shoshin: interrupted again, stopped at once without writing the reports{kept}."


def gate(
    record: RunRecord,
    gates: tuple[str, ...],
    regressions: list[str] | None = None,
    *,
    quiet: bool = False,
) -> int:
    """Say what is over the gate and return the exit code."""
    from harness.report.ci.gate import broken, findings

    failures = broken(record)
    if failures:
        for line in failures:
            typer.secho(f"shoshin: could not judge {line}", err=True, fg=typer.colors.RED)
        return 2
    over = findings(record, gates, regressions or [])
    label = ", ".join(gates)
    if not over:
        if not quiet:
            typer.echo(f"Gate ({label}): passed.")
        return 0
    typer.echo(f"Gate ({label}): {len(over)} finding{'s' if len(over) != 1 else ''}.")
    for line in over:
        typer.echo(f"  {plain(line)}")
    return 1


def find_run_dir(path: Path) -> Path:
    """A run directory, or a reports folder whose `latest` points at one."""
    if not path.exists():
        raise ShoshinError(
            f"{path}: no such folder; pass a run directory such as reports/<run-id>."
        )
    for candidate in (path, path / "latest"):
        if (candidate / RECORD_FILE).is_file():
            return candidate.resolve()
    runs = sorted(p.parent for p in path.glob(f"*/{RECORD_FILE}") if p.parent.name != "latest")
    if runs:  # no `latest` link (e.g. copied from a CI job): the newest run by id
        return runs[-1].resolve()
    raise ShoshinError(
        f"{path} holds no run.json; pass a run directory such as reports/<run-id> "
        "(or a reports folder with a 'latest' run)."
    )


def compare_runs(baseline_dir: Path, current_dir: Path) -> list[str]:
    """Compare two runs, write compare/ into the current run, print and return regressions."""
    from harness.analysis.compare import compare
    from harness.record.read import read_run
    from harness.report.comparison import change_notes, write_comparison

    comparison = compare(read_run(baseline_dir), read_run(current_dir))
    page = write_comparison(comparison, baseline_dir, current_dir)
    regressions = comparison.regressions()
    changes = [
        (scenario.scenario, step.index, [n for n in change_notes(step) if n])
        for scenario in comparison.scenarios
        for step in scenario.steps
    ]
    changes = [c for c in changes if c[2]]
    typer.echo(
        f"Compared with {baseline_dir.name}: {len(regressions)} regression"
        f"{'s' if len(regressions) != 1 else ''}, {len(changes)} step"
        f"{'s' if len(changes) != 1 else ''} changed."
    )
    for name, index, notes in changes:
        typer.echo(f"  {plain(name)} · step {index}: {plain('; '.join(notes))}")
    for note in comparison.notes():
        typer.echo(f"  note: {plain(note)}")
    typer.echo(f"Comparison: {page}")
    return regressions
