"""Bad tickets CSVs never give a traceback: `shoshin tickets import` brings a file in, or
refuses it with sentences that name the file, and the line of each bad row, one line each.

Inputs: random CSV text, rows of any length, odd dates and ages, huge fields, NUL bytes,
quoting errors, random bytes and wrong encodings. Counts scale with `--trials`.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from harness.errors import ShoshinError
from harness.tickets.csv_import import TicketsImportError, TicketsRead, read_tickets
from tests.faults.fuzz import HUGE_NUMBERS, ODD_CHARACTERS, fuzz_settings

GOOD = (
    "id,created,subject,body,account_created\n"
    "1,2026-11-10T10:00:00Z,Where do I start?,Body,2026-11-09\n"
)


@pytest.fixture
def trials(request: pytest.FixtureRequest) -> int:
    return int(request.config.getoption("trials"))


def read_or_sentences(path: Path, data: bytes) -> TicketsRead | list[str]:
    path.write_bytes(data)
    try:
        return read_tickets(path, new_within=14)
    except TicketsImportError as error:
        sentences = [str(error), *error.problems]
        for sentence in sentences:
            assert sentence.startswith(f"{path}"), sentence
            assert "\n" not in sentence and "\r" not in sentence, sentence
        for row in error.problems:
            assert row.startswith(f"{path}:"), row
            assert row[len(f"{path}:") :].split(":", 1)[0].isdigit(), row
        return sentences
    except ShoshinError as error:  # pragma: no cover - a failure, shown whole
        raise AssertionError(f"not a TicketsImportError: {error!r}") from error


cells = st.one_of(
    st.sampled_from(
        [
            *["", " ", "2026-11-10", "2026-11-10T10:00:00Z", "2026-11-10 10:00", "10/11/2026"],
            *["2026-13-45", "9999-12-31T23:59:59-12:00", "0001-01-01", "-1", "3", "0.5", "nan"],
            *["inf", "1e400", "9" * 400, "T-1", "x" * 5000, '"', "\r", *HUGE_NUMBERS],
            *ODD_CHARACTERS,
        ]
    ),
    st.text(max_size=20),
)
rows = st.lists(st.lists(cells, max_size=7), max_size=8)
headers = st.sampled_from(
    [
        "id,created,subject,body,account_created",
        "id,created,subject,body,account_age_days",
        "id,created,subject,body,account_created,account_age_days,expected",
        "id;created;subject;body;account_age_days",
        "id,created,subject",
        "id,id,created,subject,body,account_created",
        "",
    ]
)


def test_the_good_file_imports(tmp_path: Path) -> None:
    result = read_or_sentences(tmp_path / "t.csv", GOOD.encode())
    assert isinstance(result, TicketsRead) and [t.id for t in result.kept] == ["1"]


def test_random_rows_of_any_length_and_content(trials: int, tmp_path: Path) -> None:
    path = tmp_path / "t.csv"

    @fuzz_settings(trials, 300)
    @given(header=headers, table=rows, quoted=st.booleans())
    @example(
        header="id,created,subject,body,account_age_days",
        table=[["1", "2026-11-10", "s", "b", "1e400"]],
        quoted=False,
    )
    @example(  # past the last date Python has, once in UTC
        header="id,created,subject,body,account_created",
        table=[["1", "9999-12-31T23:59:59-12:00", "s", "b", "2026-11-01"]],
        quoted=False,
    )
    def check(header: str, table: list[list[str]], quoted: bool) -> None:
        def cell(text: str) -> str:
            return '"' + text.replace('"', '""') + '"' if quoted else text

        text = header + "\n" + "".join(",".join(map(cell, row)) + "\n" for row in table)
        result = read_or_sentences(path, text.encode("utf-8", "surrogatepass"))
        if isinstance(result, TicketsRead):
            assert all(0 <= t.account_age_days <= 14 for t in result.kept)

    check()


def test_random_bytes_huge_fields_and_wrong_encodings(trials: int, tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    text = GOOD + "2,2026-11-10,Café «naïve»,¡olé!,2026-11-10\n"

    @fuzz_settings(trials, 200)
    @given(
        st.one_of(
            st.binary(max_size=200),
            st.sampled_from(["latin-1", "utf-16-le", "utf-16", "cp1252"]).map(text.encode),
            st.integers(1, 300_000).map(lambda n: GOOD.encode() + b"2,2026-11-10,s," + b"x" * n),
            st.integers(1, 300_000).map(lambda n: GOOD.encode() + b'2,2026-11-10,"' + b"x" * n),
        )
    )
    @example(text.encode("utf-16-le"))
    @example(GOOD.encode() + b"2,2026-11-10,s," + b"x" * 200_000 + b",2026-11-09\n")
    def check(data: bytes) -> None:
        read_or_sentences(path, data)

    check()
