"""The session file on disk: one writer at a time, whole lines, and nothing typed dropped.

One `shoshin observe` holds a session at a time: the file is locked with `flock` for as
long as the session is open, and the kernel lets the lock go when the process ends, even
by kill -9, so a crash never leaves a stale lock behind.

Each event is appended with one `write` and fsync'd. The file is opened for each append,
so a folder that turns read-only (or a full disk) fails that append, not the session: a
line that cannot be written is kept in memory and written, with everything kept before
it, by the next append or `flush()`. A line the disk took only part of is cut back off,
so the file never holds half a line followed by a whole one. What is still unwritten
when the session closes goes to a file in the home folder (`unsaved_path`), which
`--resume` adds back to the session.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import signal
import threading
from collections.abc import Iterator
from pathlib import Path

from harness.files import fsync_dir, write_bytes_atomic
from harness.session.model import SESSION_SUFFIX, ObserveError
from harness.session.replay import Damaged, Replay


class SessionBusy(ObserveError):
    """Another `shoshin observe` has this session open."""


def unsaved_path(session_id: str) -> Path:
    """Where the lines a session could not write are kept when it closes."""
    return Path.home() / ".shoshin" / "unsaved" / f"{session_id}{SESSION_SUFFIX}"


class Appender:
    """Appends whole lines to a locked session file; what the disk refuses waits in `pending`."""

    def __init__(self, path: Path, *, create: bool) -> None:
        self.path = path
        self.pending: list[bytes] = []
        self.problem: str | None = None  # why the last append failed, while lines wait
        flags = os.O_RDONLY | (os.O_CREAT | os.O_EXCL if create else 0)
        self._lock = os.open(path, flags, 0o644)
        try:
            fcntl.flock(self._lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(self._lock)
            session = path.name.removesuffix(SESSION_SUFFIX)
            raise SessionBusy(
                f"Session {session} is open in another `shoshin observe`; add notes there, "
                "or end it (/done or Ctrl-C) and then run --resume again."
            ) from None
        if create:
            fsync_dir(path.parent)
        # A line cut off by a crash is ended first, so that ours stay whole lines.
        with open(self._lock, "rb", closefd=False) as fh:
            size = os.fstat(self._lock).st_size
            fh.seek(max(size - 1, 0))
            self._torn = bool(size) and fh.read(1) != b"\n"

    @property
    def unsaved(self) -> int:
        """How many lines wait in memory."""
        return len(self.pending)

    def write(self, data: bytes) -> bool:
        """Append `data` after whatever is pending; True when all of it is on disk."""
        self.pending.append(data)
        return self.flush()

    def flush(self) -> bool:
        """Try again to write the pending lines; True when none is left."""
        if not self.pending:
            return True
        try:
            self._append(b"".join(self.pending))
        except OSError as exc:
            self.problem = exc.strerror or str(exc)
            return False
        self.pending.clear()
        self.problem = None
        return True

    def _append(self, data: bytes) -> None:
        fd = os.open(self.path, os.O_WRONLY | os.O_APPEND)
        try:
            size = os.fstat(fd).st_size
            if self._torn:
                data = b"\n" + data
            try:
                view = memoryview(data)
                while view:
                    view = view[os.write(fd, view) :]
                os.fsync(fd)
            except OSError:
                try:
                    os.ftruncate(fd, size)  # take back a line the disk took only part of
                except OSError:
                    self._torn = True  # it stays: the next append ends it first
                raise
            self._torn = False
        finally:
            os.close(fd)

    def close(self) -> list[bytes]:
        """Let the session go; the lines still not on disk."""
        self.flush()
        if self._lock >= 0:
            os.close(self._lock)
            self._lock = -1
        return list(self.pending)


def take_back_unsaved(appender: Appender, replay: Replay) -> tuple[Path | None, list[str]]:
    """Queue the lines an earlier run kept in the home folder; that file, and a warning."""
    session = replay.session
    kept = unsaved_path(session.id)
    try:
        raw = kept.read_bytes()
    except FileNotFoundError:
        return None, []
    except OSError as exc:
        return None, [f"{kept}: cannot read the lines kept there ({exc.strerror}); left them."]
    added = 0
    for line in raw.splitlines():
        try:
            event = json.loads(line.decode("utf-8"))
            if not isinstance(event, dict) or event.get("n") != session.last_n + 1:
                continue  # already in the session file, or not this session's next line
            replay.apply(event)
        except (ValueError, Damaged):
            continue
        appender.pending.append(line + b"\n")
        added += 1
    return kept, [f"{kept}: added the {added} line{'' if added == 1 else 's'} kept there."]


def keep_unsaved(session_path: Path, lines: list[bytes]) -> str:
    """Put lines the session file refused where they are safe; one sentence saying where."""
    session = session_path.name.removesuffix(SESSION_SUFFIX)
    count = f"{len(lines)} line{'' if len(lines) == 1 else 's'}"
    where = unsaved_path(session)
    try:
        write_bytes_atomic(where, b"".join(lines))
    except OSError as exc:
        text = b"".join(lines).decode("utf-8", "replace")
        return (
            f"{count} could not be written to {session_path}, nor kept in {where} "
            f"({exc.strerror}); here they are, to add to the end of that file by hand:\n{text}"
        )
    return (
        f"{count} could not be written to {session_path}; they are kept in {where}, and "
        f"`shoshin observe --resume {session}` adds them to the session once it can be written."
    )


ENDING_SIGNALS = frozenset(
    {signal.SIGINT, signal.SIGTERM, getattr(signal, "SIGHUP", signal.SIGTERM)}
)


@contextlib.contextmanager
def held(signals: frozenset[signal.Signals]) -> Iterator[None]:
    """Block `signals` in this thread for a moment (threads started meanwhile inherit it)."""
    if not hasattr(signal, "pthread_sigmask"):
        yield
        return
    old = signal.pthread_sigmask(signal.SIG_BLOCK, signals)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, old)


@contextlib.contextmanager
def signals_held() -> Iterator[None]:
    """Hold SIGINT, SIGTERM and SIGHUP back (in the main thread) for a moment."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    with held(ENDING_SIGNALS):
        yield
