"""The two hand-labelled ticket sets and how matching is scored on them.

Each set is a run record and a tickets CSV whose `expected` column names, for each ticket,
the step it is about (a key below) or `none`, decided by hand before any matching was run.
Steps that several scenarios share (signing up) have one key: a ticket matched to any of
them is right.

- calibration: "Tally", a made-up invoicing product (two scenarios, 13 steps, 38 tickets).
  The library and the threshold were chosen on this set.
- held-out: the demo product Pebble's four scenarios (a real `shoshin demo` run record, 34
  tickets), measured once with the choices made on the calibration set.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

from harness.record.read import record_from_dict
from harness.tickets.csv_import import read_tickets
from harness.tickets.match import THRESHOLD, match_tickets
from harness.tickets.steps import StepWords, run_steps

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "tickets"

_SHARED = {1: "start", 2: "account"}
KEYS: Mapping[str, Callable[[int, int], str]] = {
    "tally": lambda scenario, index: (
        {**_SHARED, 3: "phone", 4: "business"}.get(index)
        or {
            (1, 5): "customer",
            (1, 6): "invoice",
            (1, 7): "send",
            (2, 5): "cards",
            (2, 6): "payout",
        }[(scenario, index)]
    ),
    "pebble": lambda scenario, index: (
        {**_SHARED, 3: "confirm", 4: "tenant"}.get(index)
        or {
            (1, 5): "invite",
            (4, 5): "invite",
            (2, 5): "skip",
            (1, 6): "project",
            (2, 6): "project",
            (4, 6): "trello",
        }[(scenario, index)]
    ),
}


@dataclass(frozen=True)
class Figures:
    tickets: int
    right: int  # matched to the labelled step, or to none when labelled none
    wrong_step: int  # matched to a step other than the labelled one (or labelled none)
    none: int  # matched no step, but it was about one

    def __str__(self) -> str:
        return (
            f"{self.right}/{self.tickets} right, {self.wrong_step} wrong step, "
            f"{self.none} none (of tickets about a step)"
        )


def labels(name: str) -> dict[str, str]:
    import csv

    with (FIXTURES / f"{name}_tickets.csv").open(encoding="utf-8", newline="") as handle:
        return {row["id"]: row["expected"] for row in csv.DictReader(handle)}


def steps_of(name: str) -> list[StepWords]:
    record = record_from_dict(json.loads((FIXTURES / f"{name}_run.json").read_text("utf-8")))
    return run_steps(record)


def measure(name: str, threshold: float = THRESHOLD) -> tuple[Figures, dict[str, str]]:
    """How matching does on a set; also what each ticket got (a key or `none`)."""
    tickets = read_tickets(FIXTURES / f"{name}_tickets.csv", new_within=1e9).kept
    expected = labels(name)
    matches = match_tickets(steps_of(name), tickets, threshold=threshold)
    key = KEYS[name]
    got: dict[str, str] = {}
    right = wrong = none = 0
    for ticket in tickets:
        where, _ = matches.best[ticket.id]
        got[ticket.id] = "none" if where is None else key(*where)
        if got[ticket.id] == expected[ticket.id]:
            right += 1
        elif got[ticket.id] == "none":
            none += 1
        else:
            wrong += 1
    return Figures(len(tickets), right, wrong, none), got
