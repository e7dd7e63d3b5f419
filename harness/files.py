"""Files shoshin writes and paths it follows: atomic writes that survive power loss, folders
made without overwriting another's, append-only logs synced line by line, and paths kept
inside a folder."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO, Any

try:  # POSIX; elsewhere files are written the same, without locks
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]

__all__ = [
    "AppendLog",
    "contained",
    "files_in_folders",
    "fsync_dir",
    "left_behind",
    "link_or_copy",
    "locked",
    "make_new_dir",
    "write_bytes_atomic",
    "write_json_atomic",
    "write_text_atomic",
]


def write_text_atomic(path: Path, text: str) -> Path:
    """Write through a temp file in the same folder, synced, then renamed over `path`."""
    data = text.encode("utf-8")
    return write_atomic(path, lambda fh: fh.write(data))


def write_bytes_atomic(path: Path, data: bytes) -> Path:
    """Write bytes so that readers see the old file or the new one, never half of one."""
    return write_atomic(path, lambda fh: fh.write(data))


def write_json_atomic(path: Path, data: Any) -> Path:
    """Write JSON so that readers see the old file or the new one, never half of one."""
    return write_text_atomic(path, json.dumps(data, ensure_ascii=False, indent=2) + "\n")


def write_atomic(path: Path, write: Callable[[IO[bytes]], object], *, sync: bool = True) -> Path:
    """Let `write` fill a temp file beside `path`, then rename it over `path`.

    `sync` flushes it to disk first, and the folder after the rename, so that the new name
    survives a power loss too: the record must survive a crash; a thumbnail that does not is
    simply made again.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            write(fh)
            if sync:
                fh.flush()
                os.fsync(fh.fileno())
        # mkstemp makes the file private; run files are meant to be read, served, uploaded.
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    if sync:
        fsync_dir(path.parent)
    return path


def fsync_dir(directory: Path) -> None:
    """Flush a folder's entries (a rename, a new file) to disk: a synced file whose folder
    was not synced can come back after a power loss under its old name, or not at all."""
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass  # not every filesystem lets a directory be fsync'd
    finally:
        os.close(fd)


def make_new_dir(parent: Path, name: str) -> Path:
    """Create `parent/name`, or `name-2`, `name-3`, ... when another process got there first.

    `mkdir` either creates the folder or fails, atomically: two processes asking for the same
    name at the same moment never share a folder.
    """
    parent.mkdir(parents=True, exist_ok=True)
    for attempt in range(1, 10_000):
        path = parent / (name if attempt == 1 else f"{name}-{attempt}")
        try:
            path.mkdir()
        except FileExistsError:
            continue
        fsync_dir(parent)
        return path
    raise FileExistsError(f"{parent / name} and 9,998 variants of it already exist")


@contextlib.contextmanager
def locked(path: Path) -> Iterator[None]:
    """Hold an exclusive lock on the file `path` (made if missing) for the block: processes
    that rebuild the same file one after another see each other's work."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        if fcntl is not None:
            fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # releases the lock


def left_behind(path: Path) -> bool:
    """Whether the `AppendLog` at `path` was left behind by a process that ended without
    closing it (a kill -9, a crash, a power loss): it is there, and nobody holds its lock.

    The kernel drops a lock when its process ends, however it ends. A log its writer removed
    on the way out is not left behind, even when it was opened here just before that.
    """
    if fcntl is None:
        return False
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
        return os.fstat(fd).st_nlink > 0
    except OSError:
        return False  # locked: its writer is alive
    finally:
        os.close(fd)


class AppendLog:
    """An append-only file, each `append` on disk when it returns (one write, one fsync),
    locked while open so that readers can tell a live log from one left behind."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
        if fcntl is not None:
            fcntl.flock(self.fd, fcntl.LOCK_EX)
        fsync_dir(path.parent)

    def append(self, data: bytes) -> None:
        view = memoryview(data)
        while view:
            view = view[os.write(self.fd, view) :]
        os.fsync(self.fd)

    def clear(self) -> None:
        """Empty the file (what it held is safe elsewhere now)."""
        os.ftruncate(self.fd, 0)

    def remove(self) -> None:
        """Delete the file, then close it (closing first would let a reader see it unlocked)."""
        if self.fd >= 0:
            self.path.unlink(missing_ok=True)
        self.close()

    def close(self) -> None:
        if self.fd >= 0:
            os.close(self.fd)
            self.fd = -1


def contained(path: Path | str, root: Path) -> Path | None:
    """The existing file `path` (relative to `root`) resolves to, if it stays inside `root`.

    Symlinks are followed first, so a link pointing out of the folder is refused too.
    """
    try:
        base = root.resolve()
        resolved = (base / path).resolve(strict=True)
    except (OSError, RuntimeError, ValueError):
        return None
    if not resolved.is_relative_to(base) or not resolved.is_file():
        return None
    return resolved


def files_in_folders(root: Path, *, skip: frozenset[str] = frozenset()) -> list[str]:
    """The regular files inside `root`'s folders (not `root`'s own files), as POSIX paths
    relative to it, sorted: no symlink is followed or listed, hidden files (a temp file a
    crash left) are passed over, and so are the top folders named in `skip`."""
    found: list[str] = []
    for top, folders, files in os.walk(root):
        here = Path(top)
        depth = here.relative_to(root).parts
        folders[:] = sorted(
            f
            for f in folders
            if not f.startswith(".")
            and not (not depth and f in skip)
            and not (here / f).is_symlink()
        )
        if not depth:
            continue
        for name in files:
            path = here / name
            if not name.startswith(".") and path.is_file() and not path.is_symlink():
                found.append(path.relative_to(root).as_posix())
    return sorted(found)


def link_or_copy(source: Path, target: Path) -> None:
    """`target` as a hard link to `source` (no copy of the bytes), or a copy where links
    cannot be made (another filesystem, one without links). Never overwrites a file: a
    rewrite of either file later goes through `write_atomic`, a new file, so the other
    keeps its bytes."""
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.link(source, target)
    except FileExistsError:
        raise
    except OSError:
        shutil.copy2(source, target)
