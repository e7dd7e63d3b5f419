"""`shoshin check` (scenario files without a browser) and `shoshin browser` (which Chromium,
and installing one): the commands a new user meets before the first run."""

from __future__ import annotations

from typing import Annotated

import typer

from harness.cli.common import Paths, fail, say
from harness.errors import ShoshinError


def check(
    paths: Paths,
    strict: Annotated[bool, typer.Option("--strict", help="Exit 1 on warnings too.")] = False,
) -> None:
    """Check scenario files without a browser.

    Exit 0 when all load (warnings are printed); 1 with --strict when there are warnings;
    2 when a file cannot be loaded.
    """
    from harness.scenario.lint import lint
    from harness.scenario.load import find_scenario_files, load_scenario

    try:
        files = find_scenario_files(paths)
    except ShoshinError as error:
        fail(error)
    errors = warnings = 0
    for file in files:
        try:
            scenario = load_scenario(file)
        except ShoshinError as error:
            typer.secho(f"error  {error}", err=True, fg=typer.colors.RED)
            errors += 1
            continue
        found = lint(scenario)
        warnings += len(found)
        steps = len(scenario.steps)
        typer.echo(f"ok     {file}: {scenario.name} ({steps} step{'s' if steps != 1 else ''})")
        for warning in found:
            typer.secho(f"warn   {warning.sentence()}", fg=typer.colors.YELLOW)
    typer.echo(
        f"{len(files)} file{'s' if len(files) != 1 else ''} checked: "
        f"{errors} error{'s' if errors != 1 else ''}, "
        f"{warnings} warning{'s' if warnings != 1 else ''}."
    )
    if errors:
        raise typer.Exit(2)
    if warnings and strict:
        raise typer.Exit(1)


def browser(
    install: Annotated[
        bool, typer.Option("--install", help="Install a Chromium when none is found.")
    ] = False,
    video: Annotated[
        bool,
        typer.Option(
            "--video",
            help="With --install: also ffmpeg, which --video needs (else installed on first use).",
        ),
    ] = False,
) -> None:
    """Say which Chromium shoshin will drive (and install one with --install)."""
    from harness.browser.launch import ensure_browser, find_browser, need_ffmpeg

    try:
        if install:
            ensure_browser(say)
            if video:
                need_ffmpeg(say)
        else:
            typer.echo(f"Browser: {find_browser().describe()}")
    except ShoshinError as error:
        fail(error)


def register(app: typer.Typer) -> None:
    """Add `check` and `browser` to the shoshin command."""
    app.command()(check)
    app.command()(browser)
