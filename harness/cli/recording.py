"""`shoshin record`: write a scenario by walking it (typer, thin; the work is watch/author)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from harness.cli.common import DevtoolsPort, Headless, fail
from harness.errors import ShoshinError


def record(
    base_url: Annotated[
        str, typer.Option("--base-url", help="Where the product answers.", show_default=False)
    ],
    out: Annotated[
        Path,
        typer.Option("--out", help="The scenario file to write, e.g. scenarios/signup.yaml."),
    ],
    start: Annotated[
        str, typer.Option("--start", help="The path the walk starts at, below --base-url.")
    ] = "/",
    name: Annotated[
        str | None,
        typer.Option("--name", help="The scenario's name (default: from the file's name)."),
    ] = None,
    force: Annotated[
        bool, typer.Option("--force", help="Write over an existing --out file.")
    ] = False,
    headless: Headless = False,
    devtools_port: DevtoolsPort = None,
) -> None:
    """Write a scenario by walking the product in a fresh browser; saved after each action.

    Clicks, fills and choices are actions, named as they are written on screen.

    Select the words that show a step worked, or press Alt+Shift+E for the main heading.

    Passwords are written as ${VARIABLES}, never as text.

    Close the window or press Ctrl-C to end; the next commands are printed.
    """
    from harness.watch.author import EXPECT_KEY, RecordOptions
    from harness.watch.author import record as record_walk

    options = RecordOptions(base_url, out, start, name, headless, devtools_port)
    try:
        _check_out(out, force)
        walk = record_walk(options, _say)
    except ShoshinError as error:
        fail(error)
    composer = walk.composer
    steps = len(composer.data()["steps"])
    if not composer.steps:
        _say(f"Nothing was recorded, so {out} was not written.")
        return
    _say(f"Saved {out}: {steps} step{'s' if steps != 1 else ''}.")
    if not any(step.expect for step in composer.steps):
        _say(f"No step has an expect yet: select text or press {EXPECT_KEY} next time.")
    for variable, label in composer.secrets.items():
        _say(f"Set the {label} first: export {variable}=...")
    _say("Next:")
    _say(f"  shoshin check {out}")
    _say(f"  shoshin run {out} --base-url {base_url}")


def _check_out(out: Path, force: bool) -> None:
    if out.is_dir():
        raise ShoshinError(
            f"--out {out} is a folder; give the scenario file to write, e.g. {out / 'new.yaml'}."
        )
    if out.exists() and not force:
        raise ShoshinError(
            f"{out} already exists; choose another --out, or add --force to write over it."
        )
    if out.suffix not in (".yaml", ".yml"):
        raise ShoshinError(
            f"--out {out} is not a .yaml file, and shoshin finds scenarios by that ending; "
            f"write it as {out.with_suffix('.yaml')}."
        )


def _say(message: str) -> None:
    typer.echo(message)


def register(app: typer.Typer) -> None:
    """Add `record` to the shoshin command."""
    app.command()(record)
