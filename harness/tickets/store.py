"""Where imported tickets are kept: one JSON file per folder (`reports/tickets/tickets.json`),
written whole and atomically, under a lock so that two imports at once both land.

Re-importing a ticket id replaces the stored ticket; ids not in the file being imported
are kept as they were.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from pathlib import Path

from harness.errors import ShoshinError
from harness.files import locked, write_json_atomic
from harness.tickets.model import Ticket

__all__ = ["LOCK_FILE", "STORE_FILE", "StoreError", "load_tickets", "store_path", "update_store"]

STORE_FILE = "tickets.json"
LOCK_FILE = ".tickets.lock"
FORMAT = 1


class StoreError(ShoshinError):
    """A tickets file that cannot be read, or written."""


def store_path(directory: Path) -> Path:
    return Path(directory) / STORE_FILE


def load_tickets(directory: Path) -> tuple[list[Ticket], list[str]]:
    """The tickets kept in `directory` (none when there is no file), with warnings about
    entries that could not be read. A file that is not a tickets file is a `StoreError`."""
    path = store_path(directory)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return [], []
    except (OSError, UnicodeDecodeError) as exc:
        raise StoreError(f"{path}: cannot read the tickets file ({exc}).") from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise StoreError(
            f"{path}:{exc.lineno}: the tickets file is not valid JSON ({exc.msg}); restore it "
            "from a backup, or move it away and import the tickets again."
        ) from None
    entries = data.get("tickets") if isinstance(data, dict) else None
    if not isinstance(entries, list):
        raise StoreError(
            f"{path}: this is not a shoshin tickets file (no 'tickets' list); "
            "move it away and import the tickets again."
        )
    tickets: list[Ticket] = []
    skipped = 0
    for entry in entries:
        ticket = Ticket.from_dict(entry)
        if ticket is None:
            skipped += 1
        else:
            tickets.append(ticket)
    entries_are = "entry is" if skipped == 1 else "entries are"
    warnings = [f"{path}: {skipped} {entries_are} not tickets shoshin can read."] if skipped else []
    return tickets, warnings


def update_store(
    directory: Path, new: Sequence[Ticket], drop: Iterable[str] = ()
) -> tuple[Path, int, int]:
    """Put `new` into the folder's tickets (an id already there is replaced), take out the
    ids in `drop`, and write the file whole. Returns (path, tickets now kept, ids removed)."""
    directory = Path(directory)
    path = store_path(directory)
    try:
        directory.mkdir(parents=True, exist_ok=True)
        with locked(directory / LOCK_FILE):
            kept, unread = load_tickets(directory)
            if unread:  # rewriting the file would lose them
                raise StoreError(
                    f"{unread[0]} Nothing was imported, so that they are not lost: fix or "
                    "remove them, then import again."
                )
            by_id = {t.id: t for t in kept}
            removed = 0
            for gone in drop:
                removed += by_id.pop(gone, None) is not None
            for ticket in new:
                by_id[ticket.id] = ticket
            ordered = sorted(by_id.values(), key=lambda t: (t.created, t.id))
            write_json_atomic(path, {"format": FORMAT, "tickets": [t.as_dict() for t in ordered]})
    except OSError as exc:
        raise StoreError(
            f"Cannot write the tickets in {directory} ({exc.strerror or exc}); "
            "choose another folder with --tickets."
        ) from None
    return path, len(by_id), removed
