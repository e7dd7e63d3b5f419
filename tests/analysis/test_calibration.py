"""The rare-word and acronym cut-offs hold the precision and recall the README states."""

from __future__ import annotations

import csv
import re

import pytest

from harness.analysis.signals import EVERYDAY_ZIPF, RARE_ZIPF, rare_words, unexplained_acronyms
from tests.conftest import ROOT

WORDS = ROOT / "tests" / "fixtures" / "words"
DEMO_PAGES = ROOT / "harness" / "demo" / "pages"

# The figures in the README's thresholds table (rare-words and acronyms rows), rounded down.
STATED = {"rare-words": (0.77, 0.61), "acronyms": (0.83, 0.89)}


def rows(name: str) -> list[list[str]]:
    with (WORDS / f"{name}.tsv").open(encoding="utf-8") as handle:
        table = list(csv.reader((ln for ln in handle if not ln.startswith("#")), delimiter="\t"))
    return table[1:]


def words(name: str) -> list[str]:
    return [row[0] for row in rows(name)]


@pytest.mark.parametrize(
    ("name", "at_least"),
    [("everyday", 300), ("jargon", 100), ("acronyms_everyday", 40), ("acronyms_jargon", 60)],
)
def test_each_list_is_large_and_names_a_source_for_every_row(name: str, at_least: int) -> None:
    table = rows(name)
    assert len(table) >= at_least
    for row in table:
        assert len(row) == 2 and row[0].strip() == row[0] != ""
        assert row[1].startswith("github.com/") and ":" in row[1], row
    assert len({row[0] for row in table}) == len(table)


def test_the_lists_do_not_overlap_and_leave_the_demo_out() -> None:
    assert not set(words("everyday")) & set(words("jargon"))
    assert not set(words("acronyms_everyday")) & set(words("acronyms_jargon"))
    html = " ".join(p.read_text(encoding="utf-8") for p in DEMO_PAGES.glob("*.html"))
    demo = re.sub(r"<(style|script)\b.*?</\1>|<[^>]*>", " ", html, flags=re.S)
    demo_words = set(re.findall(r"[A-Za-z]+", demo))
    calibration = words("everyday") + words("jargon")
    assert not {w for w in calibration if w in {d.casefold() for d in demo_words}}
    assert not set(words("acronyms_jargon")) & demo_words


def precision_recall(
    flagged: set[str], jargon: list[str], everyday: list[str]
) -> tuple[float, float]:
    hits = sum(w in flagged for w in jargon)
    false_alarms = sum(w in flagged for w in everyday)
    return hits / (hits + false_alarms), hits / len(jargon)


def test_rare_words_meet_the_stated_precision_and_recall() -> None:
    everyday, jargon = words("everyday"), words("jargon")
    flagged = {w for w in everyday + jargon if rare_words(w)}
    precision, recall = precision_recall(flagged, jargon, everyday)
    assert precision >= STATED["rare-words"][0], (RARE_ZIPF, precision)
    assert recall >= STATED["rare-words"][1], (RARE_ZIPF, recall)


def test_acronyms_meet_the_stated_precision_and_recall() -> None:
    everyday, jargon = words("acronyms_everyday"), words("acronyms_jargon")
    flagged = {a for a in everyday + jargon if unexplained_acronyms(a)}
    precision, recall = precision_recall(flagged, jargon, everyday)
    assert precision >= STATED["acronyms"][0], (EVERYDAY_ZIPF, precision)
    assert recall >= STATED["acronyms"][1], (EVERYDAY_ZIPF, recall)
