"""Which scenario step a ticket is about, by the words they share (BM25, with `bm25s`).

Each step of the run is a document of its words (`steps.step_words`); each ticket (subject
and body) is a query. BM25 weighs a word by how few steps use it, so a ticket saying
"tenant slug" goes to the step whose screen asks for one, not to every step that says
"Pebble". A ticket goes to the step that scores highest, when that score reaches
`THRESHOLD`; below it, the ticket matched no step: onboarding the scripts do not cover.

Scenarios often share steps (every one signs up first). In each scenario a ticket also
goes to that scenario's best step when it scores within `SHARED` of the best anywhere, so
the same step in three scenarios draws the same tickets.

Both figures were chosen on a hand-labelled calibration set of a made-up product
(`tests/fixtures/tickets/tally_*`), never on the demo; rapidfuzz's ratios were measured
there too and matched fewer tickets rightly (see docs/tickets.md).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from harness.tickets.model import Ticket
from harness.tickets.steps import StepWords

__all__ = ["SHARED", "THRESHOLD", "Matches", "StepIndex", "match_tickets"]

THRESHOLD = 2.0  # the lowest BM25 score that counts as a match
SHARED = 0.9  # a scenario's best step within this share of the best anywhere draws it too
# A ticket's first words are enough to tell what it is about; a pasted log is not read whole.
MAX_QUERY_CHARS = 4000

StepKey = tuple[int, int]  # (scenario number in the run, step index)


@dataclass
class Matches:
    """Where each ticket went."""

    by_step: dict[StepKey, list[Ticket]] = field(default_factory=dict)
    by_scenario: dict[int, list[Ticket]] = field(default_factory=dict)
    unmatched: list[Ticket] = field(default_factory=list)  # matched no step of the run
    best: dict[str, tuple[StepKey | None, float]] = field(default_factory=dict)


class StepIndex:
    """The run's steps, indexed for BM25; steps with the same words are one document."""

    def __init__(self, steps: Sequence[StepWords]) -> None:
        self.steps = list(steps)
        texts: list[str] = []
        position: dict[str, int] = {}
        self._doc_of: list[int] = []
        for step in self.steps:
            text = step.text
            if text not in position:
                position[text] = len(texts)
                texts.append(text)
            self._doc_of.append(position[text])
        self._retriever: Any = None
        if texts:
            bm25s = _bm25s()
            self._retriever = bm25s.BM25()
            self._retriever.index(_tokens(texts), show_progress=False)

    def scores(self, text: str) -> list[float]:
        """The BM25 score of `text` against each step, in the order of `steps`."""
        if self._retriever is None:
            return [0.0] * len(self.steps)
        query = _tokens([text[:MAX_QUERY_CHARS]])[0]
        if not query:
            return [0.0] * len(self.steps)
        by_doc = self._retriever.get_scores(query)
        return [float(by_doc[d]) for d in self._doc_of]


def match_tickets(
    steps: Sequence[StepWords], tickets: Sequence[Ticket], *, threshold: float = THRESHOLD
) -> Matches:
    """Send each ticket to the steps it is about, or to `unmatched`."""
    index = StepIndex(steps)
    found = Matches()
    for ticket in tickets:
        scores = index.scores(ticket.text)
        top = max(range(len(scores)), key=scores.__getitem__, default=None)
        if top is None or scores[top] < threshold:
            found.best[ticket.id] = (None, scores[top] if top is not None else 0.0)
            found.unmatched.append(ticket)
            continue
        best = scores[top]
        found.best[ticket.id] = ((steps[top].scenario, steps[top].index), best)
        for scenario in dict.fromkeys(s.scenario for s in steps):
            mine = [i for i, s in enumerate(steps) if s.scenario == scenario]
            pick = max(mine, key=scores.__getitem__)
            if scores[pick] >= threshold and scores[pick] >= SHARED * best:
                key = (scenario, steps[pick].index)
                found.by_step.setdefault(key, []).append(ticket)
                found.by_scenario.setdefault(scenario, []).append(ticket)
    return found


def _tokens(texts: list[str]) -> list[list[str]]:
    bm25s = _bm25s()
    tokens: list[list[str]] = bm25s.tokenize(
        texts, stopwords="en", return_ids=False, show_progress=False
    )
    return tokens


def _bm25s() -> Any:
    """bm25s, imported when a report has tickets to match (it brings numpy along), and
    quiet: it logs about its optional speed-ups."""
    logging.getLogger("bm25s").setLevel(logging.ERROR)
    import bm25s

    return bm25s
