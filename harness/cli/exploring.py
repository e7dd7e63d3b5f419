"""`shoshin explore`: walk the product with only a goal and the sign of success (typer, thin;
the work is run/explore.py, the summary report/explore_view.py)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from harness.cli.common import fail
from harness.errors import ShoshinError


def explore(
    goal: Annotated[str, typer.Option("--goal", help="What the newcomer wants, in their words.")],
    done: Annotated[str, typer.Option("--done", help="The words on screen once it is done.")],
    base_url: Annotated[str, typer.Option("--base-url", help="Where the product answers.")],
    start: Annotated[str, typer.Option("--start", help="The path to start at.")] = "/",
    max_actions: Annotated[
        int, typer.Option("--max-actions", min=1, max=500, help="Steps it may take in all.")
    ] = 25,
    persona: Annotated[str | None, typer.Option("--persona", help="Who is exploring.")] = None,
    secret_env: Annotated[
        str | None,
        typer.Option("--secret-env", help="The environment variable holding the password."),
    ] = None,
    save_scenario: Annotated[
        Path | None,
        typer.Option("--save-scenario", help="Write the way it found as a scenario file."),
    ] = None,
    scenarios: Annotated[
        Path | None,
        typer.Option("--scenarios", help="Scenarios to find the shortest known way in."),
    ] = None,
    scenario: Annotated[
        str | None, typer.Option("--scenario", help="The scenario (name) for the same goal.")
    ] = None,
    out: Annotated[Path, typer.Option("--out", help="Where run directories are written.")] = Path(
        "reports"
    ),
    headed: Annotated[bool, typer.Option("--headed", help="Show the browser window.")] = False,
) -> None:
    """Walk the product with no script: at each screen, the action whose words best match
    the goal; back when a way leads nowhere; a run's record and report of its path."""
    from harness.cli.interrupt import Interrupted, stopping
    from harness.cli.progress import ProgressPrinter
    from harness.cli.terminal import terminal
    from harness.cli.walking import _say_interrupted, _stopped_at_once
    from harness.files import write_text_atomic
    from harness.report.explore_view import (
        explore_view,
        lines,
        matching_scenario,
        read_explored,
        shortest_of,
    )
    from harness.report.writer import ReportWriter
    from harness.run.config import RunConfig
    from harness.run.explore import Goal, explore_events
    from harness.run.explore_save import scenario_text
    from harness.run.handlers import RecordWriter
    from harness.run.runner import run_scenarios
    from harness.scenario.load import load_scenarios

    writer, report = RecordWriter(), ReportWriter()
    try:
        if save_scenario is not None and not save_scenario.parent.is_dir():
            raise ShoshinError(
                f"--save-scenario {save_scenario}: the folder {save_scenario.parent} does not "
                "exist; make it first, or pass a file in an existing folder."
            )
        known = load_scenarios([scenarios]) if scenarios is not None else []
        shortest = matching_scenario(goal, known, scenario)
        if scenario is not None and shortest is None:
            raise ShoshinError(
                f"--scenario {scenario!r}: no scenario of that name in "
                f"{scenarios or 'the --scenarios folder'}; pass --scenarios DIR and a name in it."
            )
        wanted = Goal(
            goal,
            done,
            start,
            max_actions,
            persona,
            secret_env,
            shortest=shortest_of(shortest) if shortest is not None else None,
        )
        wanted.password()  # a missing --secret-env variable is told before the browser starts
        config = RunConfig(base_url=base_url, out_dir=out, headed=headed)
        printer = ProgressPrinter(sys.stdout, terminal(sys.stdout))
        with stopping(lambda signum: _stopped_at_once(writer.run_dir)) as stop:
            events = explore_events(wanted, config)
            try:
                run_scenarios([], config, [writer, report, printer, stop], events)
            finally:  # a signal handled outside it leaves it open: its browser is closed now,
                events.close()  # not at the interpreter's exit (where Playwright hangs)
    except ShoshinError as error:
        fail(error)
    except Interrupted as interrupted:  # Ctrl-C, SIGTERM: told as a run's
        finished = writer.record is not None and writer.record.status == "finished"
        _say_interrupted(interrupted.args[0], writer.run_dir, report.written, finished=finished)
        raise typer.Exit(interrupted.exit_code) from None
    explored = read_explored(writer.run_dir) if writer.run_dir is not None else None
    if explored is None:
        raise typer.Exit(2)
    for line in lines(explore_view(explored)):
        typer.echo(line)
    if save_scenario is not None:
        write_text_atomic(save_scenario, scenario_text(explored, base_url, start, secret_env))
        typer.echo(f"Saved {save_scenario}.")
    if report.written is not None:
        typer.echo(f"Report: {report.written}")
    raise typer.Exit(0 if explored.get("reached") else 1)


def register(app: typer.Typer) -> None:
    app.command()(explore)
