"""How every report shows an outcome: its words, its signs and its colours, in one table.

The HTML report, the images, the Markdown summary and the terminal all read these rows, so
a dead end looks like a dead end wherever it is shown.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from harness.record.model import DeadEndKind, ScenarioOutcome, StepOutcome

__all__ = [
    "DEAD_END_TITLES",
    "SCENARIO_ROWS",
    "STEP_ROWS",
    "OutcomeRow",
    "dead_end_title",
    "scenario_row",
    "step_row",
]

RGB = tuple[int, int, int]


@dataclass(frozen=True)
class OutcomeRow:
    """One outcome as each medium shows it."""

    label: str  # in words, as a report says it
    icon: str  # beside it in the HTML report
    css: str  # the report's CSS class: one of a fixed set, never from the record
    rgb: RGB  # in images (the contact sheet's bar)
    mark: str = ""  # beside it on a terminal
    word: str = ""  # on a terminal, padded to a column
    ansi: str = ""  # SGR colour on a terminal
    emoji: str = ""  # in Markdown
    verdict: str = ""  # a scenario's end, on a terminal


GREEN: RGB = (63, 166, 111)
AMBER: RGB = (224, 164, 52)
RED: RGB = (217, 45, 32)
VIOLET: RGB = (141, 116, 217)
GREY: RGB = (184, 191, 202)

STEP_ROWS: Mapping[StepOutcome, OutcomeRow] = {
    "passed": OutcomeRow("Passed", "✓", "passed", GREEN, "✓", "passed", "32"),
    "slow": OutcomeRow("Slow", "◷", "slow", AMBER, "◷", "slow", "33"),
    "dead_end": OutcomeRow("Dead end", "✕", "dead_end", RED, "✗", "DEAD END", "31"),
    "error": OutcomeRow("Error", "!", "error", VIOLET, "!", "ERROR", "31"),
    "skipped": OutcomeRow("Skipped", "–", "skipped", GREY, "·", "skipped", "2"),
    "unknown": OutcomeRow("Unknown", "?", "other", GREY, "?", "unknown", "2"),
}
SCENARIO_ROWS: Mapping[ScenarioOutcome, OutcomeRow] = {
    "completed": OutcomeRow("Completed", "✓", "completed", GREEN, emoji="✅", verdict="completed"),
    "dead_end": OutcomeRow("Dead end", "✕", "dead_end", RED, emoji="❌", verdict="hit a dead end"),
    "error": OutcomeRow("Error", "!", "error", VIOLET, emoji="⚠️", verdict="failed (error)"),
    "running": OutcomeRow("Running", "…", "running", GREY, verdict="running"),
    "unknown": OutcomeRow("Unknown", "?", "other", GREY, verdict="ended unknown"),
}
DEAD_END_TITLES: Mapping[DeadEndKind, str] = {
    "missing-target": "Couldn't find it",
    "disabled-target": "It stayed disabled",
    "ambiguous-target": "Several things matched",
    "expectation-unmet": "Didn't get where they expected",
    "http-error": "The page failed",
    "page-crash": "The page crashed",
    "no-way-forward": "Nothing to do next",
    "dialog": "A dialog got in the way",
    "covered-target": "Something was in the way",
    "no-response": "The page never answered",
    "no-effect": "Nothing happened",
    "unlinked-label": "Label not linked to its field",
    "not-keyboard-reachable": "Tab never reached it",
    "unknown": "Got stuck",
}


def step_row(outcome: StepOutcome) -> OutcomeRow:
    return STEP_ROWS[outcome]


def scenario_row(outcome: ScenarioOutcome) -> OutcomeRow:
    return SCENARIO_ROWS[outcome]


def dead_end_title(kind: DeadEndKind) -> str:
    return DEAD_END_TITLES[kind]
