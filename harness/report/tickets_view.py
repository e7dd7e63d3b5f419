"""What new users' support tickets add to a run report: per step, how many tickets it drew
and their subjects; per scenario, the tickets no step of the run drew (onboarding the
scripts do not cover). Pure: the matching is `harness.tickets.match`'s.

Views are keyed by the anchors the run report gives its scenarios and steps
(`scenario-N`, `sN-step-I`), so the templates find them beside the scripted run.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from harness.record.model import RunRecord
from harness.record.read import as_record
from harness.tickets.match import match_tickets
from harness.tickets.model import Ticket
from harness.tickets.steps import run_steps

__all__ = ["ScenarioTickets", "StepTickets", "TicketLine", "TicketsView", "tickets_view"]

SUBJECT_CHARS = 160
# Subjects listed per step, and unmatched tickets per scenario; the rest are counted.
SHOWN_PER_STEP = 25
SHOWN_UNCOVERED = 50


@dataclass(frozen=True)
class TicketLine:
    id: str
    subject: str
    date: str  # the day it was written


@dataclass(frozen=True)
class StepTickets:
    count: int
    tickets: tuple[TicketLine, ...]  # the first SHOWN_PER_STEP
    more: int  # how many are not listed


@dataclass(frozen=True)
class ScenarioTickets:
    total: int  # new users' tickets kept
    drawn: int  # of them, those this scenario's steps drew
    elsewhere: int  # those only other scenarios' steps drew
    unmatched: int  # those no step of the run drew
    uncovered: tuple[TicketLine, ...]  # the first SHOWN_UNCOVERED of them
    steps: tuple[tuple[int, str, int], ...]  # (step, intent, tickets) where any were drawn


@dataclass(frozen=True)
class TicketsView:
    total: int
    scenarios: Mapping[str, ScenarioTickets]
    steps: Mapping[str, StepTickets]


def tickets_view(
    record: RunRecord | Mapping[str, Any], tickets: Sequence[Ticket]
) -> TicketsView | None:
    """The tickets of a run's report, or None when there are none to show."""
    if not tickets:
        return None
    run = as_record(record)
    steps = run_steps(run)
    matches = match_tickets(steps, tickets)
    uncovered = tuple(_line(t) for t in _ordered(matches.unmatched)[:SHOWN_UNCOVERED])
    intents = {(s.scenario, s.index): s.intent for s in steps}
    step_views: dict[str, StepTickets] = {}
    for (scenario, index), drawn in matches.by_step.items():
        lines = tuple(_line(t) for t in _ordered(drawn)[:SHOWN_PER_STEP])
        step_views[f"s{scenario}-step-{index}"] = StepTickets(
            len(drawn), lines, len(drawn) - len(lines)
        )
    matched = len(tickets) - len(matches.unmatched)
    scenario_views: dict[str, ScenarioTickets] = {}
    for number in range(1, len(run.results) + 1):
        mine = {t.id for t in matches.by_scenario.get(number, [])}
        counts = tuple(
            (index, intents[(scenario, index)], len(drawn))
            for (scenario, index), drawn in sorted(matches.by_step.items())
            if scenario == number
        )
        scenario_views[f"scenario-{number}"] = ScenarioTickets(
            total=len(tickets),
            drawn=len(mine),
            elsewhere=matched - len(mine),
            unmatched=len(matches.unmatched),
            uncovered=uncovered,
            steps=counts,
        )
    return TicketsView(len(tickets), scenario_views, step_views)


def _ordered(tickets: Sequence[Ticket]) -> list[Ticket]:
    return sorted(tickets, key=lambda t: (t.created, t.id))


def _line(ticket: Ticket) -> TicketLine:
    subject = ticket.subject or ticket.body
    if len(subject) > SUBJECT_CHARS:
        subject = subject[: SUBJECT_CHARS - 1].rstrip() + "…"
    return TicketLine(ticket.id, subject, ticket.created[:10])
