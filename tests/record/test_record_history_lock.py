"""`reports/index.html` is rebuilt under a lock: runs that end together rebuild it one after
the other, each reading the run folders after the one before wrote, so the last rebuild has
seen every run's end."""

from __future__ import annotations

import fcntl
import os
from pathlib import Path
from typing import Any

import pytest

from harness.analysis.history import History
from harness.report import history_html
from harness.report.history_html import LOCK_FILE, write_history


def held_by_another(path: Path) -> bool:
    """Whether someone else holds the lock on `path` now (asked through a fresh open)."""
    fd = os.open(path, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return True
    finally:
        os.close(fd)
    return False


def test_the_runs_are_read_and_the_index_written_while_the_lock_is_held(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[tuple[str, bool]] = []
    real_load, real_write = history_html.load_history, history_html.write_text_atomic

    def loading(reports: Path, completion: Any = None) -> History:
        seen.append(("read the runs", held_by_another(reports / LOCK_FILE)))
        return real_load(reports, completion)

    def writing(path: Path, text: str) -> Path:
        seen.append(("write the index", held_by_another(path.parent / LOCK_FILE)))
        return real_write(path, text)

    monkeypatch.setattr(history_html, "load_history", loading)
    monkeypatch.setattr(history_html, "write_text_atomic", writing)
    path = write_history(tmp_path)
    assert seen == [("read the runs", True), ("write the index", True)]
    assert path.is_file() and not held_by_another(tmp_path / LOCK_FILE)
