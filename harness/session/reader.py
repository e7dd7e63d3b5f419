"""Reading a session file back, forgivingly: what can be read is read, the rest is named.

A damaged line (cut off by a crash, or badly hand-edited) is skipped with a warning naming
file:line and the rest is read; unknown event types and fields are ignored, for newer
versions. The format is described in `harness.session.log`.
"""

from __future__ import annotations

import json
from pathlib import Path

from harness.session.model import SCHEMA_VERSION, SESSION_SUFFIX, ObserveError, Session
from harness.session.replay import Damaged, Replay


def read_session(path: Path) -> tuple[Session, list[str]]:
    """Read a session file as far as it can be read; warnings name file:line and what was lost."""
    replay, warnings = read_replay(path)
    return replay.session, warnings


def read_replay(path: Path) -> tuple[Replay, list[str]]:
    """The replay of a session file (to go on writing it), and the warnings of reading it."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ObserveError(f"{path}: cannot read the session file ({exc.strerror}).") from None
    replay = Replay(Session(id=path.name.removesuffix(SESSION_SUFFIX), path=path))
    if not raw.strip():
        return replay, [f"{path}: the session file is empty; it holds no notes."]
    warnings: list[str] = []
    lines = raw.split(b"\n")
    cut = not raw.endswith(b"\n")
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        where = f"{path}:{number}"
        try:
            event = json.loads(line.decode("utf-8"))
            if not isinstance(event, dict):
                raise Damaged("it is not a JSON object")
            kind = event.get("type")
            if number == 1 and kind != "session":
                warnings.append(
                    f"{where}: the session header is missing, so the scenario and tester "
                    "are unknown; read the notes anyway."
                )
            if kind == "session" and event.get("schema_version", 1) != SCHEMA_VERSION:
                warnings.append(
                    f"{where}: written by another version of shoshin (schema "
                    f"{event.get('schema_version')}); read what this one understands."
                )
            replay.apply(event)
            warnings.extend(f"{where}: {problem}." for problem in replay.soft)
        except (ValueError, Damaged) as exc:
            notes = len(replay.session.notes)
            kept = f"{notes} note{'' if notes == 1 else 's'}"
            if number == len(lines) and cut:
                warnings.append(
                    f"{where}: the last line is cut off (the session stopped mid-write); "
                    f"kept the {kept} before it."
                )
            elif number == 1:
                why = exc if isinstance(exc, Damaged) else "it is not valid JSON"
                warnings.append(
                    f"{where}: the session header is damaged ({why}), so the scenario and "
                    "tester are unknown; read the notes anyway."
                )
            else:
                why = exc if isinstance(exc, Damaged) else "it is not valid JSON"
                warnings.append(f"{where}: skipped this line ({why}); read on.")
    return replay, warnings


def load_sessions(directory: Path) -> tuple[list[Session], list[str]]:
    """Every session in a folder, oldest first, with the warnings of all of them."""
    if not directory.is_dir():
        return [], []
    sessions, warnings = [], []
    for path in sorted(directory.glob(f"*{SESSION_SUFFIX}")):
        session, found = read_session(path)
        sessions.append(session)
        warnings.extend(found)
    return sessions, warnings
