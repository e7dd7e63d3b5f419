"""Calibrate the rare-word and acronym thresholds on word lists from real product copy.

Run on demand: `.venv/bin/python benchmarks/calibrate_words.py`. Reads the labelled lists in
tests/fixtures/words/ (everyday vs jargon words, everyday vs jargon capitals), sweeps each
threshold over a grid, prints precision, recall, F1 and F0.5 of "flagged" as a detector of
jargon, and names the threshold the rule picks. Asserts nothing; tests/test_calibration.py
holds the shipped thresholds to the figures the README states.

The rule: the highest F0.5 (precision weighs twice recall), ties to the lower threshold. A
newcomer's report that cries wolf over "checkbox" and "nickname" teaches the team to ignore
it, so a false alarm costs more than a missed word; the scenario's `jargon:` list is there
for the terms a frequency rule cannot see ("token", "port").
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from harness.analysis import signals

WORDS = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "words"


def load(name: str) -> list[str]:
    """The first column of a fixture list; comment lines (#) and the header skipped."""
    with (WORDS / f"{name}.tsv").open(encoding="utf-8") as handle:
        rows = csv.reader((line for line in handle if not line.startswith("#")), delimiter="\t")
        return [row[0] for row in list(rows)[1:]]


@dataclass(frozen=True)
class Score:
    threshold: float
    flagged_jargon: int
    flagged_everyday: int
    jargon: int

    @property
    def precision(self) -> float:
        flagged = self.flagged_jargon + self.flagged_everyday
        return self.flagged_jargon / flagged if flagged else 1.0

    @property
    def recall(self) -> float:
        return self.flagged_jargon / self.jargon

    def f(self, beta: float) -> float:
        p, r = self.precision, self.recall
        return (1 + beta**2) * p * r / (beta**2 * p + r) if p + r else 0.0


def score(
    threshold: float, flagged: Callable[[str], bool], everyday: list[str], jargon: list[str]
) -> Score:
    return Score(
        threshold,
        sum(flagged(w) for w in jargon),
        sum(flagged(w) for w in everyday),
        len(jargon),
    )


def rare(word: str) -> bool:
    """What shoshin does with the word on screen, at the module's current RARE_ZIPF."""
    return bool(signals.rare_words(word))


def unexplained(acronym: str) -> bool:
    """An acronym or capitalised word standing alone, as on a button, badge or divider."""
    return bool(signals.unexplained_acronyms(acronym))


def sweep(
    constant: str, grid: Iterable[float], flagged: Callable[[str], bool], lists: tuple[str, str]
) -> Score:
    everyday, jargon = load(lists[0]), load(lists[1])
    shipped = getattr(signals, constant)
    print(f"\n{constant}: {len(everyday)} {lists[0]} vs {len(jargon)} {lists[1]}")
    print(f"{'zipf':>6} {'flags':>6} {'false':>6} {'prec':>6} {'recall':>6} {'F1':>6} {'F0.5':>6}")
    best: Score | None = None
    try:
        for threshold in grid:
            setattr(signals, constant, threshold)
            s = score(threshold, flagged, everyday, jargon)
            mark = " <- shipped" if abs(threshold - shipped) < 1e-9 else ""
            print(
                f"{threshold:6.2f} {s.flagged_jargon + s.flagged_everyday:6d}"
                f" {s.flagged_everyday:6d} {s.precision:6.3f} {s.recall:6.3f}"
                f" {s.f(1):6.3f} {s.f(0.5):6.3f}{mark}"
            )
            if best is None or s.f(0.5) > best.f(0.5) + 1e-12:
                best = s
    finally:
        setattr(signals, constant, shipped)
    assert best is not None
    print(
        f"picked {constant} = {best.threshold:.2f}: precision {best.precision:.3f},"
        f" recall {best.recall:.3f} (highest F0.5 {best.f(0.5):.3f}); shipped {shipped}"
    )
    return best


def grid(start: float, stop: float, step: float) -> list[float]:
    return [round(start + i * step, 2) for i in range(round((stop - start) / step) + 1)]


def main() -> None:
    sweep("RARE_ZIPF", grid(2.0, 4.0, 0.05), rare, ("everyday", "jargon"))
    sweep(
        "EVERYDAY_ZIPF",
        grid(2.0, 6.0, 0.1),
        unexplained,
        ("acronyms_everyday", "acronyms_jargon"),
    )


if __name__ == "__main__":
    main()
