"""Choose how tickets are matched to steps, on the calibration set; then measure the
held-out set once.

Run on demand: `.venv/bin/python benchmarks/calibrate_tickets.py`. Reads the two
hand-labelled sets in tests/fixtures/tickets/ (see tests/tickets/labelled.py), sweeps
the BM25 threshold of `harness.tickets.match` and, for comparison, rapidfuzz's ratios
between a ticket and a step's words, on the calibration set ("Tally", a made-up product);
prints how many tickets each gets right. Then prints the figures of the shipped choice
on both sets. Asserts nothing; tests/tickets/test_calibration.py holds the shipped
matching to floors below the figures docs/tickets.md states.

The rule: the most tickets right (the right step, or none for a ticket about no step);
among thresholds that tie, the middle of the widest run of them, so that the choice does
not sit on the edge of what this one set happens to reward.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from rapidfuzz import fuzz, utils  # noqa: E402

from harness.tickets.csv_import import read_tickets  # noqa: E402
from harness.tickets.match import THRESHOLD  # noqa: E402
from tests.tickets.labelled import FIXTURES, KEYS, labels, measure, steps_of  # noqa: E402

GRID = [round(0.25 * i, 2) for i in range(0, 25)]


def bm25_sweep() -> list[tuple[float, int]]:
    return [(threshold, measure("tally", threshold)[0].right) for threshold in GRID]


def rapidfuzz_best(scorer: Callable[..., float]) -> tuple[int, float]:
    """The most tickets a rapidfuzz ratio gets right at its best threshold (0-100)."""
    steps = steps_of("tally")
    tickets = read_tickets(FIXTURES / "tally_tickets.csv", new_within=1e9).kept
    expected = labels("tally")
    best: list[tuple[float, str]] = []
    for ticket in tickets:
        scores = [scorer(ticket.text, s.text, processor=utils.default_process) for s in steps]
        top = max(range(len(steps)), key=scores.__getitem__)
        best.append((scores[top], KEYS["tally"](steps[top].scenario, steps[top].index)))
    results = []
    for threshold in range(0, 101):
        right = sum(
            (key if score >= threshold else "none") == expected[t.id]
            for t, (score, key) in zip(tickets, best, strict=True)
        )
        results.append((right, -threshold))
    right, threshold = max(results)
    return right, -threshold


def main() -> None:
    sweep = bm25_sweep()
    print("BM25 (bm25s) on the calibration set, tickets right by threshold:")
    print("  " + "  ".join(f"{t:g}:{right}" for t, right in sweep))
    most = max(right for _, right in sweep)
    runs: list[list[float]] = []
    for threshold, right in sweep:
        if right == most and runs and runs[-1][-1] == round(threshold - 0.25, 2):
            runs[-1].append(threshold)
        elif right == most:
            runs.append([threshold])
    widest = max(runs, key=len)
    print(
        f"  most right: {most}, from {widest[0]:g} to {widest[-1]:g}; "
        f"middle {(widest[0] + widest[-1]) / 2:g} (shipped: {THRESHOLD:g})"
    )
    for name, scorer in [
        ("token_set_ratio", fuzz.token_set_ratio),
        ("partial_ratio", fuzz.partial_ratio),
        ("WRatio", fuzz.WRatio),
    ]:
        right, threshold = rapidfuzz_best(scorer)
        print(f"rapidfuzz {name}: {right} right at its best threshold {threshold:g}")
    for name in ("tally", "pebble"):
        figures, _ = measure(name)
        print(f"shipped, {'calibration' if name == 'tally' else 'held-out'} set: {figures}")


if __name__ == "__main__":
    main()
