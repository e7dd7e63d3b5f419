"""Notes taken elsewhere (a spreadsheet, a paper pad typed up) brought in as a session.

The CSV has a header row naming `time` and `note`, and optionally `tag`. Time is elapsed
since the session began: seconds (`75`, `75.5`), `mm:ss` or `hh:mm:ss`. A tag is one of
the session tags or its mark (`? ! + "`); without one, the note is read like a line typed
at `shoshin observe`, so a leading mark, `/step N`, `/next`, `/assist`, `/gaveup` and
`/done` work there too.

All or nothing: every bad row is reported (as FILE:ROW and what is wrong) and nothing is
written, so fixing the file and running the import again brings everything in once.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from harness.errors import ShoshinError
from harness.files import write_text_atomic
from harness.scenario.model import Scenario
from harness.session.entries import Ended, parse_entry, parse_tag, record_entry
from harness.session.log import SessionLog
from harness.session.model import TAGS, EntryProblem, Session, format_clock
from harness.text import NotUtf8, one_line, utf8_csv

# Digits are bounded so that a number of any length is read in bounded time; a time past
# MAX_TIME (100 hours) is refused by the row check, not taken as a session that long.
_SECONDS = re.compile(r"^\d{1,12}(?:\.\d{1,12})?$")
_CLOCK = re.compile(r"^(?:(\d{1,9}):)?(\d{1,9}):([0-5]\d(?:\.\d{1,12})?)$")
MAX_TIME = 100 * 3600.0


class NotesImportError(ShoshinError):
    """A notes file that cannot be imported; `problems` holds one sentence per bad row."""

    def __init__(self, message: str, problems: list[str] | None = None) -> None:
        super().__init__(message)
        self.problems = problems or []


@dataclass
class ImportResult:
    path: Path
    session: Session
    hints: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class _Row:
    line: int
    t: float
    note: str
    tag: str | None


def parse_time(text: str) -> float | None:
    """Seconds from `75`, `75.5`, `01:15` or `1:01:15`; None if it is none of those."""
    text = text.strip()
    if _SECONDS.match(text):
        return float(text)
    match = _CLOCK.match(text)
    if match is None:
        return None
    hours, minutes, seconds = match.groups()
    if hours is not None and int(minutes) > 59:
        return None
    return int(hours or 0) * 3600 + int(minutes) * 60 + float(seconds)


def import_csv(
    path: Path,
    scenario: Scenario,
    tester: str,
    *,
    sessions_dir: Path,
    observer: str | None = None,
    seq: int | None = None,
    now: datetime | None = None,
) -> ImportResult:
    """Read FILE.csv, check every row, and write one session file; raise listing all bad rows."""
    rows, problems, hints = _read_rows(path)
    rows.sort(key=lambda r: r.t)  # stable: rows at the same time keep their order
    log = SessionLog.create(
        sessions_dir,
        scenario,
        tester,
        observer=observer,
        now=now,
        in_memory=True,
        extra={"imported_from": str(path)},
    )
    ended: _Row | None = None
    for row in rows:
        where = f"{path}:{row.line}"
        if ended is not None:
            problems.append(
                (
                    row.line,
                    f"{where}: at {format_clock(row.t)} this comes after the end of the session "
                    f"(row {ended.line}, {format_clock(ended.t)}); move the end to the last row.",
                )
            )
            continue
        try:
            entry = parse_entry(row.note)
            if row.tag is not None:
                if entry.kind != "note":
                    raise EntryProblem(f"'{row.note.split()[0]}' is a command and takes no tag")
                text = entry.text if entry.tag == row.tag else row.note.strip()
                log.note(row.tag, text, t=row.t)
                continue
            if entry.kind == "undo":
                raise EntryProblem("/undo has no meaning here; delete the row it would undo")
            if entry.kind in ("help", "empty"):
                raise EntryProblem(f"'{row.note.strip()}' is not a note")
            recorded = record_entry(log, entry, t=row.t)
            if entry.hint:
                hints.append(f"{where}: {entry.hint}.")
            if isinstance(recorded, Ended):
                ended = row
        except EntryProblem as problem:
            problems.append((row.line, f"{where}: {problem}."))
    if problems:
        count = len(problems)
        raise NotesImportError(
            f"{path}: {count} row{' needs' if count == 1 else 's need'} fixing, so nothing was "
            "imported; fix them and run the import again.",
            [text for _, text in sorted(problems)],
        )
    if ended is None:
        log.end("eof", t=log.session.duration)
        hints.append("There is no /done or /gaveup row, so the session is recorded as unfinished.")
    if seq is not None:
        log.rate_seq(seq)
    try:
        _write_new(log.path, b"".join(log.lines))
    except OSError as exc:
        raise NotesImportError(
            f"Cannot write the session in {sessions_dir} ({exc.strerror}); "
            "choose another folder with --sessions."
        ) from None
    return ImportResult(log.path, log.session, hints)


def _read_rows(path: Path) -> tuple[list[_Row], list[tuple[int, str]], list[str]]:
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise NotesImportError(f"{path}: no such file; check the path.") from None
    except OSError as exc:
        raise NotesImportError(f"{path}: cannot read the file ({exc.strerror}).") from None
    text = _decode(path, raw)
    first = text.split("\n", 1)[0]
    delimiter = ","
    if "," not in first:
        delimiter = "\t" if "\t" in first else ";" if ";" in first else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    header: list[str] | None = None
    header_line = 0
    columns: dict[str, int] = {}
    rows: list[_Row] = []
    problems: list[tuple[int, str]] = []  # (row's line, sentence)
    hints: list[str] = []
    line = 1
    try:
        for cells in reader:
            start, line = line, reader.line_num + 1
            if not any(cell.strip() for cell in cells):
                continue
            if header is None:
                header, header_line = [c.strip().lower() for c in cells], start
                columns = _check_header(path, start, header, cells)
                unknown = [c for c in header if c not in ("time", "note", "tag")]
                if unknown:
                    hints.append(f"{path}:{start}: ignored the column(s) {', '.join(unknown)}.")
                continue
            row, problem = _row(path, start, cells, columns)
            if problem:
                problems.append((start, problem))
            elif row is not None:
                rows.append(row)
    except csv.Error as exc:
        problems.append((line, f"{path}:{line}: this row is not valid CSV ({exc})."))
    if header is None:
        raise NotesImportError(f"{path}:1: the file is empty; it needs a header row time,note,tag.")
    if not rows and not problems:
        raise NotesImportError(
            f"{path}:{header_line}: there are no notes below the header (row {header_line})."
        )
    return rows, problems, hints


def _decode(path: Path, raw: bytes) -> str:
    try:
        return utf8_csv(path, raw)
    except NotUtf8 as exc:
        raise NotesImportError(str(exc)) from None


def _check_header(path: Path, line: int, header: list[str], cells: list[str]) -> dict[str, int]:
    if "time" not in header or "note" not in header:
        found = one_line(", ".join(c.strip() for c in cells), 80)
        looks_like_data = bool(cells) and parse_time(cells[0]) is not None
        why = "has no header row" if looks_like_data else "needs columns named time and note"
        raise NotesImportError(
            f"{path}:{line}: the file {why} (the first row reads '{found}'); "
            "add the line time,note,tag at the top."
        )
    for name in ("time", "note", "tag"):
        if header.count(name) > 1:
            raise NotesImportError(f"{path}:{line}: the column '{name}' appears twice.")
    return {name: header.index(name) for name in ("time", "note", "tag") if name in header}


def _row(
    path: Path, line: int, cells: list[str], columns: dict[str, int]
) -> tuple[_Row | None, str | None]:
    def cell(name: str) -> str:
        index = columns.get(name)
        return cells[index].strip() if index is not None and index < len(cells) else ""

    where = f"{path}:{line}"
    wrong: list[str] = []
    raw_time, note, raw_tag = cell("time"), cell("note"), cell("tag")
    t = parse_time(raw_time)
    if not raw_time:
        wrong.append("the time is empty")
    elif t is None:
        wrong.append(f"the time '{_cut(raw_time)}' is not seconds (75), mm:ss (01:15) or hh:mm:ss")
    elif t >= MAX_TIME:
        wrong.append(f"the time '{_cut(raw_time)}' is 100 hours or more into the session")
    tag = parse_tag(raw_tag) if raw_tag else None
    if raw_tag and tag is None:
        wrong.append(f"the tag '{_cut(raw_tag)}' is not one of {', '.join(TAGS)} (or ? ! + \")")
    if not note:
        wrong.append("the note is empty")
    if wrong:
        return None, f"{where}: {'; '.join(wrong)}."
    assert t is not None
    return _Row(line, t, note, tag), None


def _cut(text: str) -> str:
    """A cell quoted in a one-line sentence: no line breaks, a long one cut to its start."""
    return one_line(text, 40)


def _write_new(path: Path, data: bytes) -> None:
    """Write a new session file whole or not at all; never over an existing one."""
    if path.exists():
        raise FileExistsError(path)
    write_text_atomic(path, data.decode("utf-8"))
