"""Bad notes CSVs never give a traceback: `shoshin notes import` brings a file in, or
refuses it with sentences that name the file and the line of each bad row.

Inputs: random CSV text, rows of the wrong length, bad and huge times, huge fields, NUL
bytes, quoting errors, random bytes and wrong encodings (latin-1, UTF-16 without a BOM).
The `@example` rows are the inputs that once gave a traceback. Counts scale with `--trials`.
"""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from harness.scenario.load import load_scenario
from harness.scenario.model import Scenario
from harness.session.csv_import import ImportResult, import_csv
from tests.conftest import ROOT
from tests.faults.fuzz import HUGE_NUMBERS, ODD_CHARACTERS, fuzz_settings, import_or_sentences

GOOD = "time,note,tag\n0:05,Reads the page,\n0:30,? where is the button,\n1:10,/done,\n"


@pytest.fixture(scope="module")
def scenario() -> Scenario:
    return load_scenario(ROOT / "scenarios/01-first-project.yaml")


class _Importer:
    """Imports files into a fresh sessions folder each time (two imports in one second
    must not meet in one folder)."""

    def __init__(self, tmp_path: Path, scenario: Scenario) -> None:
        self.tmp_path, self.scenario = tmp_path, scenario
        self.file = tmp_path / "notes.csv"
        self.count = itertools.count()

    def __call__(self, data: bytes) -> ImportResult | list[str]:
        self.file.write_bytes(data)
        sessions = self.tmp_path / f"sessions-{next(self.count)}"
        return import_or_sentences(
            lambda: import_csv(self.file, self.scenario, "p1", sessions_dir=sessions), self.file
        )


def test_the_good_file_imports(tmp_path: Path, scenario: Scenario) -> None:
    result = _Importer(tmp_path, scenario)(GOOD.encode())
    assert isinstance(result, ImportResult) and result.session.outcome == "done"


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_without_its_mark_is_named(encoding: str, tmp_path: Path, scenario: Scenario) -> None:
    # Decoded as UTF-8 it is "t\0i\0m\0e\0…": a header that reads right and matches nothing.
    sentences = _Importer(tmp_path, scenario)(GOOD.encode(encoding))
    assert isinstance(sentences, list) and "UTF-16" in sentences[0], sentences


def test_a_time_past_100_hours_is_refused(tmp_path: Path, scenario: Scenario) -> None:
    sentences = _Importer(tmp_path, scenario)(b"time,note\n0:05,ok\n100:00:00,late\n")
    assert isinstance(sentences, list) and "100 hours or more" in sentences[1], sentences


cells = st.one_of(
    st.sampled_from(
        [
            *["", " ", "75", "75.5", "01:15", "1:01:15", "-5", "1:75", "abc", "?", "!", "+"],
            *['"', "/step 2", "/step ²", "/step " + "9" * 5000, "/next", "/undo", "/done"],
            *["/gaveup", "/help", "/assist", "/stpe", "stuck", "confusion", "note", "1e5"],
            *["nan", "inf", "9" * 400, "9" * 5000 + ":00:00", "9" * 400 + ":00"],
            *["1." + "9" * 5000, *HUGE_NUMBERS, *ODD_CHARACTERS],
        ]
    ),
    st.text(max_size=20),
    st.text(alphabet=st.sampled_from(',;\t"\n\r x:/?!+0123456789'), max_size=20),
)
rows = st.lists(st.lists(cells, min_size=0, max_size=5), max_size=8)
headers = st.sampled_from(
    [
        *["time,note,tag", "time,note", "note,time", "Time,Note,Tag,extra", "time;note;tag"],
        *["", "x", "time\tnote", "time,time,note", "\ufefftime,note"],
    ]
)
quotes = st.sampled_from(["none", "csv", "broken"])


def _csv(header: str, table: list[list[str]], quoting: str) -> str:
    def cell(text: str) -> str:
        if quoting == "csv" and any(c in text for c in ',"\n\r'):
            return '"' + text.replace('"', '""') + '"'
        if quoting == "broken":
            return '"' + text
        return text

    return header + "\n" + "".join(",".join(cell(c) for c in row) + "\n" for row in table)


def test_random_rows_of_any_length_and_content(
    trials: int, tmp_path: Path, scenario: Scenario
) -> None:
    importer = _Importer(tmp_path, scenario)

    @fuzz_settings(trials, 300)
    @given(header=headers, table=rows, quoting=quotes)
    @example(header="time,note", table=[["9" * 5000 + ":00:00", "hi"]], quoting="none")
    @example(header="time,note", table=[["9" * 400 + ":00", "hi"]], quoting="none")
    @example(header="time,note", table=[["9" * 400, "hi"]], quoting="none")  # t = inf
    @example(header="time,note", table=[["1", "/step " + "9" * 5000]], quoting="none")
    @example(header="time,note", table=[["1", "/step ²"]], quoting="none")
    @example(header="", table=[["0\n0"]], quoting="csv")  # a line break in a sentence
    @example(header="time,note", table=[["999999999999", "hi"]], quoting="none")  # 31 700 years
    def check(header: str, table: list[list[str]], quoting: str) -> None:
        result = importer(_csv(header, table, quoting).encode("utf-8", "surrogatepass"))
        if isinstance(result, ImportResult):
            assert all(0 <= n.t < 100 * 3600 for n in result.session.notes)

    check()


def test_random_csv_text(trials: int, tmp_path: Path, scenario: Scenario) -> None:
    importer = _Importer(tmp_path, scenario)
    pieces = st.sampled_from([",", ";", "\t", '"', "\n", "\r\n", "\r", "time", "note", "tag"])

    @fuzz_settings(trials, 250)
    @given(st.lists(st.one_of(pieces, cells, st.text(max_size=10)), max_size=30).map("".join))
    def check(text: str) -> None:
        importer(text.encode("utf-8", "surrogatepass"))

    check()


def test_random_bytes_huge_fields_and_wrong_encodings(
    trials: int, tmp_path: Path, scenario: Scenario
) -> None:
    importer = _Importer(tmp_path, scenario)
    text = "time,note\n0:05,Café «naïve» ¡olé!\n0:40,/done\n"
    encodings = ["latin-1", "utf-16-le", "utf-16-be", "utf-16", "utf-8-sig", "cp1252"]

    @fuzz_settings(trials, 200)
    @given(
        st.one_of(
            st.binary(max_size=200),
            st.sampled_from(encodings).map(text.encode),
            st.tuples(st.binary(max_size=8), st.integers(0, len(text))).map(
                lambda cut: text.encode()[: cut[1]] + cut[0] + text.encode()[cut[1] :]
            ),
            st.integers(1, 300_000).map(lambda n: b"time,note\n1," + b"x" * n + b"\n"),
            st.integers(1, 300_000).map(lambda n: b'time,note\n1,"' + b"x" * n + b"\n"),
        )
    )
    @example(text.encode("utf-16-le"))  # UTF-16 without a BOM: NULs beside every letter
    @example(text.encode("latin-1"))
    @example(b"time,note\n1,he\x00llo\n")  # a NUL in a note: imported as written
    @example(b"time,note\n1," + b"x" * 200_000 + b"\n")  # over csv's field limit
    @example(b'time,note\n1,"unterminated\n')
    def check(data: bytes) -> None:
        importer(data)

    check()
