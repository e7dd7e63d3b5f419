"""What `shoshin merge` takes from a shard's folder, and how: pure file work, no browser."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

from harness.files import files_in_folders, link_or_copy


def test_only_the_scenarios_files_are_taken_never_a_link_out_of_the_folder(
    tmp_path: Path,
) -> None:
    run = tmp_path / "run"
    (run / "screenshots" / "01-a").mkdir(parents=True)
    (run / "screenshots" / "01-a" / "step-01.png").write_bytes(b"png")
    (run / "screenshots" / "01-a" / ".step-02.png.x.tmp").write_bytes(b"half")  # a crash's
    (run / "traces").mkdir()
    (run / "traces" / "01-a.zip").write_bytes(b"zip")
    (run / "compare").mkdir()
    (run / "compare" / "compare.html").write_text("old comparison")
    for own in ("run.json", "index.html", "junit.xml", "summary.md", "journal.jsonl"):
        (run / own).write_text("the run's own")
    secret = tmp_path / "secret.txt"
    secret.write_text("not the run's")
    (run / "screenshots" / "01-a" / "step-03.png").symlink_to(secret)
    (run / "downloads").symlink_to(tmp_path, target_is_directory=True)

    assert files_in_folders(run, skip=frozenset({"compare"})) == [
        "screenshots/01-a/step-01.png",
        "traces/01-a.zip",
    ]


def test_a_file_is_linked_where_it_can_be_and_copied_where_not(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = tmp_path / "a.png"
    source.write_bytes(b"png")
    linked = tmp_path / "merged" / "screenshots" / "a.png"
    link_or_copy(source, linked)
    assert linked.stat().st_ino == source.stat().st_ino

    def cross_device(*_: object) -> None:
        raise OSError(errno.EXDEV, "Invalid cross-device link")

    monkeypatch.setattr(os, "link", cross_device)
    copied = tmp_path / "other" / "a.png"
    link_or_copy(source, copied)
    assert copied.read_bytes() == b"png" and copied.stat().st_ino != source.stat().st_ino
