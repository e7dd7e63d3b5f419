"""Small things every `shoshin` command shares: how it speaks to stderr and fails."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, NoReturn

import typer

from harness.errors import ShoshinError

Paths = Annotated[
    list[Path],
    typer.Argument(
        help="Scenario files, or folders of them.", show_default=False, metavar="SCENARIOS"
    ),
]


def say(message: str) -> None:
    typer.echo(message, err=True)


def fail(error: ShoshinError) -> NoReturn:
    """Say what went wrong (each bad row first, for an import that names them) and exit."""
    for problem in getattr(error, "problems", ()):
        typer.secho(f"shoshin: {problem}", err=True, fg=typer.colors.RED)
    typer.secho(f"shoshin: {error}", err=True, fg=typer.colors.RED)
    raise typer.Exit(error.exit_code)


# A window a person uses (`observe --browser`, `record`), driven by a script instead.
Headless = Annotated[
    bool,
    typer.Option("--headless", help="No visible window (with --devtools-port: for scripts)."),
]
DevtoolsPort = Annotated[
    int | None,
    typer.Option(
        "--devtools-port",
        min=0,
        max=65535,
        help="The window answers DevTools on this port, for a program to drive it (0: any "
        "free one); its address is printed.",
        show_default=False,
    ),
]
