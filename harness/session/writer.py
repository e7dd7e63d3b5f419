"""A session's events written as they happen: numbered, whole lines, and none of them lost.

`SessionWriter` gives each event the next number `n`, appends it with one `write` through
the `Appender` (or keeps it in `lines` when the session lives in memory) and applies it to
the live `Session`, with Ctrl-C held back between the two. An event the disk refuses still
counts: it waits in memory (`unsaved`, `problem`), each later event, `retry()` and
`close()` try again, and what is still unwritten at the close is kept in the home folder,
where `--resume` finds it (see `harness.session.appender`).
"""

from __future__ import annotations

import json
import threading
from pathlib import Path
from typing import Any

from harness.session.appender import (
    Appender,
    SessionBusy,
    keep_unsaved,
    signals_held,
    take_back_unsaved,
)
from harness.session.model import ObserveError, Session
from harness.session.replay import Replay


def open_new(sessions_dir: Path, path: Path) -> Appender:
    """Create and lock a new session file; one sentence naming the folder if it cannot be."""
    try:
        sessions_dir.mkdir(parents=True, exist_ok=True)
        return Appender(path, create=True)
    except SessionBusy:
        raise
    except OSError as exc:
        raise ObserveError(
            f"Cannot write the session file in {sessions_dir} ({exc.strerror}); "
            "choose another folder with --sessions."
        ) from None


def open_existing(path: Path) -> Appender:
    """Lock a session file to go on with; refused while another process has it open."""
    try:
        return Appender(path, create=False)
    except SessionBusy:
        raise
    except OSError as exc:
        raise ObserveError(f"{path}: cannot open the session ({exc.strerror}).") from None


def _line(event: dict[str, Any]) -> bytes:
    return (json.dumps(event, ensure_ascii=False) + "\n").encode("utf-8")


class SessionWriter:
    """Writes a session's events in order; without an appender they are kept in `lines`."""

    def __init__(self, replay: Replay, appender: Appender | None) -> None:
        self.session: Session = replay.session
        self._replay = replay
        self._appender = appender
        self.lines: list[bytes] = []
        self._kept: Path | None = None  # lines an earlier run could not write, while they wait
        # The prompt and the tester's browser write from threads of their own: one event at
        # a time, numbered in the order written.
        self._lock = threading.RLock()

    @property
    def path(self) -> Path:
        return self.session.path

    def _write(self, event: dict[str, Any]) -> dict[str, Any]:
        with self._lock:
            if event["type"] != "session":
                event = {"type": event["type"], "n": self.session.last_n + 1, **event}
            data = _line(event)
            # Ctrl-C between the write and the bookkeeping would leave the next event with a
            # number already on disk; signals wait until both are done (a few milliseconds).
            with signals_held():
                if self._appender is not None:
                    self._appender.write(data)
                else:
                    self.lines.append(data)
                self._replay.apply(event)
            self._forget_kept()
            return event

    def _write_header(self, header: dict[str, Any], sessions_dir: Path) -> None:
        self._write(header)
        if self.unsaved:  # nothing typed yet: say so now rather than keep it in memory
            problem = self.problem
            self.close()
            self.path.unlink(missing_ok=True)
            raise ObserveError(
                f"Cannot write the session file in {sessions_dir} ({problem}); "
                "choose another folder with --sessions."
            )

    @property
    def unsaved(self) -> int:
        """How many events are kept in memory because the disk refused them."""
        return self._appender.unsaved if self._appender is not None else 0

    @property
    def problem(self) -> str | None:
        """Why the last write failed, while events wait (e.g. 'No space left on device')."""
        return self._appender.problem if self._appender is not None else None

    def retry(self) -> bool:
        """Try again to write what waits; True when nothing is left unwritten."""
        if self._appender is None:
            return True
        with self._lock, signals_held():
            saved = self._appender.flush()
            self._forget_kept()
        return saved

    def _forget_kept(self) -> None:
        if self._kept is not None and not self.unsaved:
            self._kept.unlink(missing_ok=True)
            self._kept = None

    def _take_back_unsaved(self) -> list[str]:
        assert self._appender is not None
        self._kept, warnings = take_back_unsaved(self._appender, self._replay)
        self.retry()
        return warnings

    def close(self) -> str | None:
        """Let the session go; if some events still could not be written, where they are now."""
        if self._appender is None:
            return None
        with self._lock:
            unsaved = self._appender.close()
        return keep_unsaved(self.path, unsaved) if unsaved else None
