"""The words of a scenario's steps, as the run record holds them: what a ticket about that
step would be likely to say.

A step is told by what the newcomer wanted (`intent`), the sign they waited for (`expect`),
what they looked for and acted on (the actions' targets), the screen they did it on (the
previous step's `title` and `screen_text`: a step acts on the screen the step before it left)
and, where they got stuck, the dead end (what was looked for, what was seen instead, the
errors and notices on screen, and the screen it ended on). Values typed into fields are
left out: they are the script's, not the product's words.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from harness.record.model import DeadEnd, RunRecord, StepResult

__all__ = ["StepWords", "run_steps", "step_words"]

# The words that name a step are worth more than a screen full of text: repeated, they
# weigh more in a bag-of-words score.
NAMING_WEIGHT = 3
_EXPECT_PREFIX = re.compile(r"^(?:text|url|title|gone|download):\s*", re.IGNORECASE)


@dataclass(frozen=True)
class StepWords:
    """One scenario step and its words; `scenario` is its place in the run, from 1."""

    scenario: int
    scenario_name: str
    index: int
    intent: str
    naming: str  # intent, expected signs, targets, what the dead end looked for
    screen: str  # the screen it acted on, and where a dead end left the newcomer

    @property
    def text(self) -> str:
        """Every word of the step, the naming words weighted."""
        return "\n".join([self.naming] * NAMING_WEIGHT + [self.screen])


def step_words(step: StepResult, before: StepResult | None) -> tuple[str, str]:
    """(naming words, screen words) of `step`; `before` is the step walked just before it."""
    naming: list[str] = []
    if step.intent:
        naming.append(step.intent)
    naming += [_EXPECT_PREFIX.sub("", e) for e in step.expect]
    naming += [a.target for a in step.actions if a.target and not a.target.startswith("css:")]
    screen: list[str] = []
    if before is not None and step.outcome != "skipped":
        # A step not walked never saw a screen: the one before it left is its dead end's.
        screen += [before.title or "", before.screen_text or ""]
    dead = step.dead_end
    if dead is not None:
        naming.append(dead.looked_for)
        screen += _dead_end_words(dead)
        screen.append(step.screen_text or "")
    return _joined(naming), _joined(screen)


def run_steps(record: RunRecord) -> list[StepWords]:
    """Every step of every scenario of the run, with its words."""
    found: list[StepWords] = []
    for number, result in enumerate(record.results, start=1):
        name = result.scenario or f"Scenario {number}"
        before: StepResult | None = None
        for step in result.steps:
            naming, screen = step_words(step, before)
            found.append(StepWords(number, name, step.index, step.intent or "", naming, screen))
            before = step
    return found


def _dead_end_words(dead: DeadEnd) -> list[str]:
    return [*dead.seen, *dead.errors_on_screen, *dead.notices_on_screen]


def _joined(parts: Sequence[str]) -> str:
    return "\n".join(p.strip() for p in parts if p and p.strip())
