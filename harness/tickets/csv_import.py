"""Support tickets brought in from a help desk's CSV export.

The CSV has a header row naming `id`, `created`, `subject`, `body`, and either
`account_created` (when the writer's account was made) or `account_age_days` (how old it
was when they wrote). Dates are ISO 8601 (`2026-11-02`, `2026-11-02T10:04:00Z`,
`2026-11-02 10:04`); a time without a zone is taken as UTC. Other columns are ignored.

Only new users' tickets are kept: those written at most `new_within` days after the
account was made. All or nothing: every bad row is named (FILE:LINE, which column, how to
fix it) and nothing is kept, so fixing the file and importing it again brings it all in.
"""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from harness.errors import ShoshinError
from harness.text import NotUtf8, one_line, utf8_csv
from harness.tickets.model import Ticket

__all__ = ["REQUIRED", "TicketsImportError", "TicketsRead", "read_tickets"]

REQUIRED = ("id", "created", "subject", "body")
AGE_COLUMNS = ("account_created", "account_age_days")
MAX_AGE_DAYS = 100 * 365.0  # an account age past a century is a mistake in the file


class TicketsImportError(ShoshinError):
    """A tickets file that cannot be imported; `problems` holds one sentence per bad row."""

    def __init__(self, message: str, problems: Sequence[str] = ()) -> None:
        super().__init__(message)
        self.problems = list(problems)


@dataclass
class TicketsRead:
    """What a tickets file held: the new users' tickets, and the ids of the others."""

    kept: list[Ticket]
    left_out: list[str]
    hints: list[str] = field(default_factory=list)


def read_tickets(path: Path, *, new_within: float) -> TicketsRead:
    """Read and check every row of `path`; raise listing every bad row, or return the
    tickets written within `new_within` days of their account's creation."""
    text = _decode(path, _read(path))
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
    columns: dict[str, int] | None = None
    header_line = 0
    kept: list[Ticket] = []
    left_out: list[str] = []
    hints: list[str] = []
    problems: list[str] = []
    seen: dict[str, int] = {}
    line = 1
    try:
        for cells in reader:
            start, line = line, reader.line_num + 1
            if not any(cell.strip() for cell in cells):
                continue
            if columns is None:
                columns, header_line = _header(path, start, cells, hints), start
                continue
            ticket, problem = _row(f"{path}:{start}", cells, columns)
            if problem is None and ticket is not None and ticket.id in seen:
                problem = (
                    f"{path}:{start}: the id '{_cut(ticket.id)}' is on line {seen[ticket.id]} "
                    "too; give each ticket its own id, or remove the copy."
                )
            if problem is not None:
                problems.append(problem)
                continue
            assert ticket is not None
            seen[ticket.id] = start
            if ticket.account_age_days <= new_within:
                kept.append(ticket)
            else:
                left_out.append(ticket.id)
    except csv.Error as exc:
        problems.append(f"{path}:{line}: this row is not valid CSV ({exc}).")
    if columns is None:
        raise TicketsImportError(
            f"{path}:1: the file is empty; it needs a header row "
            "id,created,subject,body,account_created."
        )
    if problems:
        count = len(problems)
        raise TicketsImportError(
            f"{path}: {count} row{' needs' if count == 1 else 's need'} fixing, so nothing was "
            "imported; fix them and run the import again.",
            problems,
        )
    if not kept and not left_out:
        raise TicketsImportError(f"{path}:{header_line}: there are no tickets below the header.")
    return TicketsRead(kept, left_out, hints)


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise TicketsImportError(f"{path}: no such file; check the path.") from None
    except IsADirectoryError:
        raise TicketsImportError(f"{path}: is a folder; give the CSV file itself.") from None
    except OSError as exc:
        raise TicketsImportError(f"{path}: cannot read the file ({exc.strerror}).") from None


def _decode(path: Path, raw: bytes) -> str:
    try:
        return utf8_csv(path, raw)
    except NotUtf8 as exc:
        raise TicketsImportError(str(exc)) from None


def _delimiter(text: str) -> str:
    first = text.split("\n", 1)[0]
    if "," in first:
        return ","
    return "\t" if "\t" in first else ";" if ";" in first else ","


def _header(path: Path, line: int, cells: list[str], hints: list[str]) -> dict[str, int]:
    header = [c.strip().lower() for c in cells]
    where = f"{path}:{line}"
    missing = [name for name in REQUIRED if name not in header]
    if missing:
        found = one_line(", ".join(c.strip() for c in cells), 80)
        raise TicketsImportError(
            f"{where}: the header row needs the column{'s' if len(missing) > 1 else ''} "
            f"{', '.join(missing)} (it reads '{found}'); name the columns "
            "id,created,subject,body,account_created in the first row."
        )
    if not any(name in header for name in AGE_COLUMNS):
        raise TicketsImportError(
            f"{where}: the header row needs a column account_created (when the account was "
            "made) or account_age_days (its age when the ticket was written), to tell new "
            "users' tickets; add one."
        )
    for name in (*REQUIRED, *AGE_COLUMNS):
        if header.count(name) > 1:
            raise TicketsImportError(
                f"{where}: the column '{name}' appears twice; keep one of them."
            )
    unknown = [c for c in header if c and c not in (*REQUIRED, *AGE_COLUMNS)]
    if unknown:
        hints.append(f"{where}: ignored the column(s) {', '.join(unknown)}.")
    return {name: header.index(name) for name in (*REQUIRED, *AGE_COLUMNS) if name in header}


def _row(where: str, cells: list[str], columns: dict[str, int]) -> tuple[Ticket | None, str | None]:
    def cell(name: str) -> str:
        index = columns.get(name)
        return cells[index].strip() if index is not None and index < len(cells) else ""

    wrong: list[str] = []
    id_, raw_created, subject, body = (cell(name) for name in REQUIRED)
    if not id_:
        wrong.append("the id is empty: give the help desk's ticket id")
    created = _when(raw_created)
    if not raw_created:
        wrong.append("created is empty: give the date the ticket was written")
    elif created is None:
        wrong.append(
            f"created '{_cut(raw_created)}' is not a date such as 2026-11-02 or "
            "2026-11-02T10:04:00Z"
        )
    if not subject and not body:
        wrong.append("subject and body are both empty: a ticket needs words to match")
    age = _age(cell("account_created"), cell("account_age_days"), created, wrong)
    if wrong:
        return None, f"{where}: {'; '.join(wrong)}."
    assert created is not None and age is not None
    stamp = created.isoformat().replace("+00:00", "Z")
    return Ticket(id_, stamp, subject, body, age), None


def _age(
    raw_account: str, raw_days: str, created: datetime | None, wrong: list[str]
) -> float | None:
    """The account's age in days when the ticket was written, or None (and why, in `wrong`)."""
    if raw_account:
        account = _when(raw_account)
        if account is None:
            wrong.append(
                f"account_created '{_cut(raw_account)}' is not a date such as "
                "2026-10-30 or 2026-10-30T08:00:00Z"
            )
            return None
        if created is None:
            return None
        age = (created - account).total_seconds() / 86400
        if age < 0:
            wrong.append(
                "account_created is after created: the account cannot be younger "
                "than its ticket; check the two dates"
            )
            return None
        return age
    if raw_days:
        try:
            days = float(raw_days)
        except ValueError:
            days = math.nan
        if not math.isfinite(days) or days < 0 or days > MAX_AGE_DAYS:
            wrong.append(
                f"account_age_days '{_cut(raw_days)}' is not a number of days such as 3 or 0.5"
            )
            return None
        return days
    wrong.append(
        "account_created and account_age_days are both empty: give one, to tell "
        "whether the writer was a new user"
    )
    return None


def _when(text: str) -> datetime | None:
    """A date or date and time; one without a zone is UTC."""
    if not text or len(text) > 40:
        return None
    try:
        when = datetime.fromisoformat(text)
    except ValueError:
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    try:
        return when.astimezone(UTC)
    except OverflowError:  # 9999-12-31T23:59:59-12:00 is past the last date Python has
        return None


def _cut(text: str) -> str:
    """A cell quoted in a one-line sentence: no line breaks, a long one cut to its start."""
    return one_line(text, 40)
