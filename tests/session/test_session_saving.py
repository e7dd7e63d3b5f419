"""The session file's writer: one process at a time, and lines the file refuses kept safe.

The file is taken away for real (renamed, as a folder unmounted from under a session would
take it) and given back; the fault suite does the same with a full disk and a read-only
mount (tests/faults/test_observer_disk.py).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from harness.scenario.load import load_scenario
from harness.scenario.model import Scenario
from harness.session.appender import SessionBusy, unsaved_path
from harness.session.log import SessionLog, read_session
from tests.conftest import ROOT


@pytest.fixture
def scenario() -> Scenario:
    return load_scenario(ROOT / "scenarios/01-first-project.yaml")


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    return tmp_path / "home"


def numbers(path: Path) -> list[int]:
    events = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    return [int(e["n"]) for e in events[1:]]


def test_a_line_the_file_refuses_waits_in_memory_and_goes_with_the_next(
    tmp_path: Path, scenario: Scenario
) -> None:
    log = SessionLog.create(tmp_path / "s", scenario, "p1")
    log.note("note", "one", t=1)
    away = tmp_path / "away.jsonl"
    log.path.rename(away)
    log.note("stuck", "two", t=2)
    assert (log.unsaved, log.problem) == (1, "No such file or directory")
    assert [n.text for n in log.session.notes] == ["one", "two"]  # shown and counted
    assert not log.retry()
    away.rename(log.path)
    log.note("note", "three", t=3)
    assert (log.unsaved, log.problem) == (0, None)
    log.close()
    session, warnings = read_session(log.path)
    assert warnings == [] and [n.text for n in session.notes] == ["one", "two", "three"]
    assert numbers(log.path) == [1, 2, 3]


def test_what_is_unwritten_at_the_end_is_kept_at_home_and_resume_adds_it(
    tmp_path: Path, scenario: Scenario, home: Path
) -> None:
    log = SessionLog.create(tmp_path / "s", scenario, "p1")
    log.note("note", "one", t=1)
    away = tmp_path / "away.jsonl"
    log.path.rename(away)
    log.note("stuck", "two", t=2)
    log.end("interrupted", t=3)
    said = log.close()
    kept = home / ".shoshin" / "unsaved" / log.path.name
    assert unsaved_path(log.path.stem) == kept
    assert said == (
        f"2 lines could not be written to {log.path}; they are kept in {kept}, and "
        f"`shoshin observe --resume {log.path.stem}` adds them to the session once it can "
        "be written."
    )
    assert [json.loads(line)["type"] for line in kept.read_text().splitlines()] == [
        "note",
        "end",
    ]
    away.rename(log.path)
    resumed, warnings = SessionLog.resume(log.path)
    assert warnings == [f"{kept}: added the 2 lines kept there."]
    assert not kept.exists()
    resumed.note("note", "three", t=4)
    resumed.close()
    session, warnings = read_session(log.path)
    assert warnings == [] and [n.text for n in session.notes] == ["one", "two", "three"]
    assert session.resumes == 1 and numbers(log.path) == [1, 2, 3, 4, 5]


def test_kept_lines_already_in_the_file_are_not_added_twice(
    tmp_path: Path, scenario: Scenario, home: Path
) -> None:
    log = SessionLog.create(tmp_path, scenario, "p1")
    log.note("note", "one", t=1)
    log.close()
    kept = unsaved_path(log.path.stem)
    kept.parent.mkdir(parents=True)
    kept.write_bytes(log.path.read_bytes().splitlines(keepends=True)[-1])  # n 1, on disk too
    resumed, warnings = SessionLog.resume(log.path)
    resumed.close()
    assert warnings == [f"{kept}: added the 0 lines kept there."] and not kept.exists()
    assert numbers(log.path) == [1, 2]


def test_with_nowhere_to_keep_them_the_lines_are_printed(
    tmp_path: Path, scenario: Scenario, home: Path
) -> None:
    home.parent.mkdir(exist_ok=True)
    home.write_text("not a folder")
    log = SessionLog.create(tmp_path / "s", scenario, "p1")
    log.path.rename(tmp_path / "away.jsonl")
    log.note("quote", "I give up", t=2)
    said = log.close()
    assert said is not None
    first, line = said.split("\n", 1)
    assert first.startswith(f"1 line could not be written to {log.path}, nor kept in ")
    assert first.endswith("here they are, to add to the end of that file by hand:")
    assert json.loads(line)["text"] == "I give up"


def test_a_session_open_in_one_process_is_not_resumed_by_another(
    tmp_path: Path, scenario: Scenario
) -> None:
    log = SessionLog.create(tmp_path, scenario, "p1")
    log.note("note", "one", t=1)
    before = log.path.read_bytes()
    with pytest.raises(SessionBusy) as busy:
        SessionLog.resume(log.path)
    assert str(busy.value) == (
        f"Session {log.path.stem} is open in another `shoshin observe`; add notes there, "
        "or end it (/done or Ctrl-C) and then run --resume again."
    )
    assert busy.value.exit_code == 2
    assert log.path.read_bytes() == before
    log.close()
    resumed, _ = SessionLog.resume(log.path)  # let go on close
    with pytest.raises(SessionBusy):
        SessionLog.resume(log.path)
    resumed.close()
