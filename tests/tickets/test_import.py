"""`shoshin tickets import`: new users' tickets kept, a bad row named and nothing kept."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from harness.tickets.csv_import import TicketsImportError, read_tickets
from harness.tickets.model import Ticket
from harness.tickets.store import StoreError, load_tickets, update_store
from tests.conftest import ROOT

HEADER = "id,created,subject,body,account_created\n"


def shoshin(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "harness.cli", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "NO_COLOR": "1"},
    )


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def stored(folder: Path) -> dict[str, Ticket]:
    return {t.id: t for t in load_tickets(folder)[0]}


def test_only_tickets_of_accounts_in_their_first_days_are_kept(tmp_path: Path) -> None:
    csv = write(
        tmp_path / "t.csv",
        HEADER
        + "1,2026-11-10T10:00:00Z,Day one,How do I start?,2026-11-10T09:00:00Z\n"
        + "2,2026-11-24,Day fourteen,Still new,2026-11-10\n"
        + "3,2026-11-25,Day fifteen,Not new,2026-11-10\n"
        + '4,2026-12-01 08:00,"Old hand, asks","Has used it for a year",2025-11-01\n',
    )
    result = shoshin("tickets", "import", str(csv), "--tickets", str(tmp_path / "kept"))
    assert result.returncode == 0, result.stderr
    assert "Kept 2 tickets of new users" in result.stdout
    assert "left out 2" in result.stdout
    assert set(stored(tmp_path / "kept")) == {"1", "2"}
    assert stored(tmp_path / "kept")["1"].account_age_days == pytest.approx(1 / 24)

    narrower = shoshin(
        "tickets", "import", str(csv), "--new-within", "1", "--tickets", str(tmp_path / "kept")
    )
    assert narrower.returncode == 0, narrower.stderr
    assert "left out 3" in narrower.stdout
    assert set(stored(tmp_path / "kept")) == {"1"}  # ticket 2 is no longer a new user's


def test_account_age_in_days_is_a_column_too() -> None:
    found = read_tickets(ROOT / "tests/fixtures/tickets/pebble_tickets.csv", new_within=2)
    assert len(found.kept) == 17
    assert len(found.left_out) == 17
    assert any("ignored the column(s) expected" in hint for hint in found.hints)


def test_every_bad_row_is_named_with_its_column_and_nothing_is_kept(tmp_path: Path) -> None:
    folder = tmp_path / "kept"
    update_store(folder, [Ticket("old", "2026-11-01Z", "Kept before", "", 1.0)])
    before = (folder / "tickets.json").read_bytes()
    csv = write(
        tmp_path / "t.csv",
        HEADER
        + "1,2026-11-10,Fine,Fine,2026-11-09\n"
        + "2,10/11/2026,Bad date,Body,2026-11-09\n"
        + "3,2026-11-10,Young account,Body,2026-11-12\n"
        + ",2026-11-10,No id,Body,2026-11-09\n"
        + "5,2026-11-10,,,2026-11-09\n"
        + "1,2026-11-10,Same id,Body,2026-11-09\n",
    )
    result = shoshin("tickets", "import", str(csv), "--tickets", str(folder))
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    assert f"shoshin: {csv}:3: created '10/11/2026' is not a date" in lines[0]
    assert f"{csv}:4: account_created is after created" in lines[1]
    assert f"{csv}:5: the id is empty" in lines[2]
    assert f"{csv}:6: subject and body are both empty" in lines[3]
    assert f"{csv}:7: the id '1' is on line 2 too" in lines[4]
    assert "5 rows need fixing, so nothing was imported" in lines[5]
    assert (folder / "tickets.json").read_bytes() == before


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("", "the file is empty; it needs a header row"),
        ("id,created,subject\n1,2026-11-10,x\n", "needs the column body"),
        ("id,created,subject,body\n1,2026-11-10,x,y\n", "needs a column account_created"),
        (HEADER, "there are no tickets below the header"),
        ("id,created,subject,body,account_age_days\n1,2026-11-10,x,y,soon\n", "'soon' is not"),
        ("id,created,subject,body,account_age_days\n1,2026-11-10,x,y,\n", "both empty"),
    ],
)
def test_files_that_cannot_be_read_are_one_sentence(tmp_path: Path, text: str, said: str) -> None:
    with pytest.raises(TicketsImportError) as caught:
        read_tickets(write(tmp_path / "t.csv", text), new_within=14)
    assert said in " ".join([str(caught.value), *caught.value.problems])


def test_a_file_that_is_not_utf8_or_not_there(tmp_path: Path) -> None:
    latin = tmp_path / "latin.csv"
    latin.write_bytes(HEADER.encode() + "1,2026-11-10,Caf\xe9,x,2026-11-09\n".encode("latin-1"))
    result = shoshin("tickets", "import", str(latin), "--tickets", str(tmp_path / "k"))
    assert result.returncode == 2
    assert f"{latin}:2: the file is not UTF-8 text" in result.stderr
    missing = shoshin("tickets", "import", str(tmp_path / "nope.csv"))
    assert missing.returncode == 2 and "no such file" in missing.stderr


def test_reimporting_replaces_by_id_and_keeps_the_rest(tmp_path: Path) -> None:
    folder = tmp_path / "kept"
    first = write(
        tmp_path / "a.csv",
        HEADER + "1,2026-11-10,First words,x,2026-11-09\n2,2026-11-10,Second,x,2026-11-09\n",
    )
    second = write(
        tmp_path / "b.csv",
        HEADER + "1,2026-11-10,Edited words,x,2026-11-09\n3,2026-11-11,Third,x,2026-11-09\n",
    )
    for path in (first, second, second):
        assert shoshin("tickets", "import", str(path), "--tickets", str(folder)).returncode == 0
    kept = stored(folder)
    assert sorted(kept) == ["1", "2", "3"]
    assert kept["1"].subject == "Edited words"
    data = json.loads((folder / "tickets.json").read_text("utf-8"))
    assert [t["id"] for t in data["tickets"]] == ["1", "2", "3"]


def test_imports_at_the_same_time_both_land(tmp_path: Path) -> None:
    folder = tmp_path / "kept"

    def add(n: int) -> None:
        for i in range(20):
            update_store(folder, [Ticket(f"{n}-{i}", "2026-11-10Z", "s", "b", 0.0)])

    threads = [threading.Thread(target=add, args=(n,)) for n in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(stored(folder)) == 60


def test_a_damaged_tickets_file_is_refused_not_overwritten(tmp_path: Path) -> None:
    folder = tmp_path / "kept"
    folder.mkdir()
    write(folder / "tickets.json", "{not json")
    with pytest.raises(StoreError, match="not valid JSON"):
        update_store(folder, [Ticket("1", "2026-11-10Z", "s", "b", 0.0)])
    assert (folder / "tickets.json").read_text() == "{not json"


def test_entries_that_cannot_be_read_are_never_dropped_by_an_import(tmp_path: Path) -> None:
    folder = tmp_path / "kept"
    update_store(folder, [Ticket("1", "2026-11-10Z", "s", "b", 0.0)])
    data = json.loads((folder / "tickets.json").read_text("utf-8"))
    data["tickets"].append({"id": 7, "note": "edited by hand"})
    write(folder / "tickets.json", json.dumps(data))
    assert len(load_tickets(folder)[0]) == 1 and "1 entry is not" in load_tickets(folder)[1][0]
    csv = write(tmp_path / "t.csv", HEADER + "2,2026-11-10,New,x,2026-11-09\n")
    result = shoshin("tickets", "import", str(csv), "--tickets", str(folder))
    assert result.returncode == 2
    assert "Nothing was imported, so that they are not lost" in result.stderr
    assert json.loads((folder / "tickets.json").read_text("utf-8")) == data
