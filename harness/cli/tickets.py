"""`shoshin tickets import`: new users' support tickets, kept for the reports (typer, thin)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from harness.cli.common import fail
from harness.errors import ShoshinError

TicketsDir = Annotated[
    Path, typer.Option("--tickets", help="Where the tickets are kept (the reports read them).")
]


def import_tickets(
    file: Annotated[
        Path,
        typer.Argument(
            help="A CSV export with columns id, created, subject, body, and account_created "
            "or account_age_days.",
            show_default=False,
            metavar="TICKETS_CSV",
        ),
    ],
    new_within: Annotated[
        float,
        typer.Option(
            "--new-within",
            min=0,
            help="Keep tickets written at most this many days after the account was made.",
        ),
    ] = 14,
    tickets: TicketsDir = Path("reports/tickets"),
) -> None:
    """Keep the support tickets of users in their first days; nothing is kept if a row is wrong.

    Re-importing a ticket id replaces it. Reports match the tickets to the scenario steps.
    """
    from harness.tickets.csv_import import read_tickets
    from harness.tickets.store import update_store

    try:
        found = read_tickets(file, new_within=new_within)
        path, total, removed = update_store(tickets, found.kept, drop=found.left_out)
    except ShoshinError as error:
        fail(error)
    days = f"{new_within:g} day{'s' if new_within != 1 else ''}"
    kept, left = len(found.kept), len(found.left_out)
    typer.echo(
        f"Kept {kept} ticket{'s' if kept != 1 else ''} of new users (written within {days} "
        f"of their account's creation); left out {left} of older accounts."
    )
    for hint in found.hints:
        typer.echo(hint)
    if removed:
        typer.echo(
            f"{removed} ticket{'s' if removed != 1 else ''} kept before "
            f"{'are' if removed != 1 else 'is'} now left out, and no longer kept."
        )
    typer.echo(f"Tickets kept: {path} ({total} in all).")


def register(app: typer.Typer) -> None:
    """Add `tickets import` to the shoshin command."""
    group = typer.Typer(help="What new users ask support, matched to steps.", no_args_is_help=True)
    group.command("import")(import_tickets)
    app.add_typer(group, name="tickets")
