"""Tickets matched to the steps they are about, by the words of the run record."""

from __future__ import annotations

import json

from harness.record.read import record_from_dict
from harness.tickets.match import match_tickets
from harness.tickets.model import Ticket
from harness.tickets.steps import run_steps
from tests.tickets.labelled import FIXTURES, steps_of


def ticket(id_: str, subject: str, body: str = "") -> Ticket:
    return Ticket(id_, "2026-11-10T10:00:00Z", subject, body, 1.0)


def test_a_ticket_about_no_step_matched_no_step() -> None:
    about_nothing = ticket("x", "Dark mode?", "Any plans for a dark theme in the mobile app?")
    matches = match_tickets(steps_of("tally"), [about_nothing])
    assert matches.unmatched == [about_nothing]
    assert matches.by_step == {}
    assert matches.best["x"][0] is None


def test_a_ticket_goes_to_the_step_whose_screen_and_dead_end_it_speaks_of() -> None:
    iban = ticket("i", "IBAN refused", "Saving my payout account says the IBAN does not match")
    matches = match_tickets(steps_of("tally"), [iban])
    assert matches.best["i"][0] == (2, 6)
    assert matches.by_step == {(2, 6): [iban]}
    assert matches.by_scenario == {2: [iban]}


def test_a_step_every_scenario_shares_draws_the_ticket_in_each() -> None:
    code = ticket("c", "No SMS", "I typed my mobile number and the 6-digit code never came")
    matches = match_tickets(steps_of("tally"), [code])
    assert set(matches.by_step) == {(1, 3), (2, 3)}  # "Prove it is my phone", in both


def test_a_step_is_known_by_the_screen_it_acted_on_not_the_one_it_left() -> None:
    record = record_from_dict(json.loads((FIXTURES / "pebble_run.json").read_text("utf-8")))
    steps = {(s.scenario, s.index): s for s in run_steps(record)}
    assert "Tenant slug" in steps[(1, 4)].screen  # step 3 left the tenant page
    assert "Tenant slug" not in steps[(1, 3)].screen
    assert "Password must be at least 8 characters" in steps[(3, 2)].screen  # its dead end
    # A step never walked saw no screen: the one before left it stuck elsewhere.
    assert "You can invite people later" in steps[(2, 5)].screen
    assert steps[(2, 6)].screen == ""


def test_no_steps_and_no_words_match_nothing() -> None:
    lone = ticket("a", "the and of")
    assert match_tickets([], [lone]).unmatched == [lone]
    assert match_tickets(steps_of("tally"), [lone]).unmatched == [lone]


def test_nearly_the_same_step_in_another_scenario_draws_the_ticket_too() -> None:
    # Step 2 of the short-password scenario holds its dead end's words too: its score
    # differs a little from the other scenarios' step 2, and it still draws the ticket.
    sign_up = ticket("s", "Where do I type my work email and password to create an account?")
    matches = match_tickets(steps_of("pebble"), [sign_up])
    assert set(matches.by_step) == {(1, 2), (2, 2), (3, 2), (4, 2)}
    assert set(matches.by_scenario) == {1, 2, 3, 4}
