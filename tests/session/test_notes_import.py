"""`shoshin notes import`: notes taken elsewhere become a session, or nothing is written."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from harness.scenario.load import load_scenario
from harness.scenario.model import Scenario
from harness.session.csv_import import NotesImportError, import_csv, parse_time
from harness.session.log import read_session
from tests.conftest import ROOT

FIXTURES = ROOT / "tests/fixtures/sessions"


@pytest.fixture
def scenario() -> Scenario:
    return load_scenario(ROOT / "scenarios/01-first-project.yaml")


def shoshin(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "harness.cli", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "NO_COLOR": "1"},
    )


@pytest.mark.parametrize(
    ("text", "seconds"),
    [
        ("75", 75.0),
        ("75.5", 75.5),
        ("01:15", 75.0),
        ("1:15", 75.0),
        ("90:00", 5400.0),
        ("1:01:15", 3675.0),
        ("00:00:30.5", 30.5),
        (" 7 ", 7.0),
    ],
)
def test_every_time_format(text: str, seconds: float) -> None:
    assert parse_time(text) == seconds


@pytest.mark.parametrize("text", ["1m20", "", "-5", "1:75", "1:60:00", "a:bc", "1.2.3"])
def test_times_that_are_not_times(text: str) -> None:
    assert parse_time(text) is None


def test_a_good_file_becomes_a_normal_session(tmp_path: Path) -> None:
    result = shoshin(
        "notes",
        "import",
        str(FIXTURES / "notes_good.csv"),
        "--scenario",
        "Sign up and create a first project",
        "--tester",
        "p2",
        "--observer",
        "bo",
        "--seq",
        "5",
        "--sessions",
        str(tmp_path),
    )
    assert result.returncode == 0, result.stderr
    (path,) = tmp_path.glob("*.jsonl")
    assert result.stdout.splitlines() == [
        "Imported 6 notes, 2 step marks, 1 assist (done).",
        f"Session saved: {path}",
    ]
    session, warnings = read_session(path)
    assert warnings == []
    assert (session.tester, session.observer, session.seq) == ("p2", "bo", 5)
    assert session.imported_from == str(FIXTURES / "notes_good.csv")
    assert [(n.t, n.tag, n.text, n.step) for n in session.notes] == [
        (5.0, "confusion", "looks for a sign-up link in the footer", 1),
        (30.5, "quote", "Is this the login page?", 2),
        (45.5, "note", "typed the email twice", 2),
        (62.0, "confusion", "what is a tenant", 2),
        (65.0, "stuck", "clicked Back, then Next", 2),
        (120.0, "delight", 'smiles, says "oh nice"', 3),
    ]
    assert [(m.t, m.step) for m in session.step_marks] == [(12.0, 2), (90.0, 3)]
    assert [(a.t, a.step, a.text) for a in session.assists] == [
        (70.0, 2, "explained what a tenant is")
    ]
    assert (session.outcome, session.ended_t, session.unassisted) == ("done", 130.0, False)


def test_bad_rows_are_each_named_and_nothing_is_written(tmp_path: Path) -> None:
    bad = FIXTURES / "notes_bad.csv"
    result = shoshin(
        "notes", "import", str(bad), "-s", "01-first-project", "-t", "p2",
        "--sessions", str(tmp_path),
    )  # fmt: skip
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        f"shoshin: {bad}:3: the time '1m20' is not seconds (75), mm:ss (01:15) or hh:mm:ss.",
        f"shoshin: {bad}:4: the note is empty.",
        f"shoshin: {bad}:5: the tag 'furious' is not one of confusion, stuck, delight, quote, "
        'note (or ? ! + ").',
        f"shoshin: {bad}:6: there is no step 9; this scenario has steps 1–6.",
        f"shoshin: {bad}:7: /undo has no meaning here; delete the row it would undo.",
        f"shoshin: {bad}:8: '/step' is a command and takes no tag.",
        f"shoshin: {bad}: 6 rows need fixing, so nothing was imported; fix them and run the "
        "import again.",
    ]
    assert not tmp_path.exists() or not list(tmp_path.iterdir())


def test_a_missing_header_is_said_plainly(tmp_path: Path) -> None:
    path = FIXTURES / "notes_no_header.csv"
    result = shoshin(
        "notes", "import", str(path), "-s", "01-first-project", "-t", "p2",
        "--sessions", str(tmp_path),
    )  # fmt: skip
    assert result.returncode == 2
    assert result.stderr == (
        f"shoshin: {path}:1: the file has no header row (the first row reads "
        "'0:05, looks for a sign-up link, ?'); add the line time,note,tag at the top.\n"
    )


def test_rows_after_the_end_and_out_of_order(tmp_path: Path, scenario: Scenario) -> None:
    csv = tmp_path / "notes.csv"
    csv.write_text("time,note\n1:00,/done\n0:10,? first\n1:30,too late\n0:20,second\n")
    with pytest.raises(NotesImportError) as caught:
        import_csv(csv, scenario, "p2", sessions_dir=tmp_path / "s")
    assert caught.value.problems == [
        f"{csv}:4: at 01:30 this comes after the end of the session (row 2, 01:00); "
        "move the end to the last row."
    ]
    csv.write_text("time,note\n1:00,/done\n0:10,? first\n0:20,second\n")
    result = import_csv(csv, scenario, "p2", sessions_dir=tmp_path / "s")
    assert [n.text for n in result.session.notes] == ["first", "second"]
    assert result.session.outcome == "done"


def test_semicolons_extra_columns_and_no_end(tmp_path: Path, scenario: Scenario) -> None:
    csv = tmp_path / "notes.csv"
    csv.write_text("\ufeffTime;Note;Tag;Who\n5;hm;!;bo\n\n7;/stpe 2;;bo\n", encoding="utf-8")
    result = import_csv(csv, scenario, "p2", sessions_dir=tmp_path / "s")
    assert [(n.tag, n.text) for n in result.session.notes] == [
        ("stuck", "hm"),
        ("note", "/stpe 2"),
    ]
    assert result.hints == [
        f"{csv}:1: ignored the column(s) who.",
        f"{csv}:4: there is no command /stpe; kept it as a note.",
        "There is no /done or /gaveup row, so the session is recorded as unfinished.",
    ]
    assert result.session.outcome == "interrupted"


def test_empty_files_and_files_that_are_not_there(tmp_path: Path, scenario: Scenario) -> None:
    empty = tmp_path / "empty.csv"
    empty.write_text("")
    with pytest.raises(NotesImportError, match="the file is empty; it needs a header row"):
        import_csv(empty, scenario, "p2", sessions_dir=tmp_path)
    header_only = tmp_path / "header.csv"
    header_only.write_text("time,note,tag\n")
    with pytest.raises(NotesImportError, match=r"there are no notes below the header \(row 1\)"):
        import_csv(header_only, scenario, "p2", sessions_dir=tmp_path)
    with pytest.raises(NotesImportError, match="no such file; check the path"):
        import_csv(tmp_path / "nope.csv", scenario, "p2", sessions_dir=tmp_path)
    assert not list(tmp_path.glob("*.jsonl"))
