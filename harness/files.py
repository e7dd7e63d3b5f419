"""Files shoshin writes and paths it follows: atomic writes, and paths kept inside a folder."""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import IO, Any

__all__ = ["contained", "write_bytes_atomic", "write_json_atomic", "write_text_atomic"]


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

    `sync` flushes it to disk first: the record must survive a crash; a thumbnail that does
    not is simply made again.
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
    return path


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
