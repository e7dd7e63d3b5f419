"""Doing one action as a newcomer would: find it, wait for it to be usable, then do it.

What each kind does in the page is `harness.browser.actions`; what each kind is, the
table in `harness.scenario.actions`. Here: looking, being stuck, and the cost.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from typing import TYPE_CHECKING

from harness.browser import page as pages
from harness.browser.actions import Doing, perform
from harness.browser.targets import candidates, find
from harness.record.model import ActionRecord, DeadEnd
from harness.run import capture
from harness.run.config import StepPlace
from harness.run.step import Stuck, action_record, last_targeted
from harness.scenario.actions import ACTIONS
from harness.scenario.model import Action, Step, with_run_id

if TYPE_CHECKING:
    from playwright.sync_api import Locator

MATCHES_LIMIT = 8
ENABLED_POLL_MS = 50


def do_action(place: StepPlace, action: Action, step: Step) -> ActionRecord:
    """Do `action` and record it; `Stuck` when the newcomer cannot."""
    value = with_run_id(action.value, place.run_id) if action.value is not None else None
    timeout_ms = step.patience * 1000
    if action.target is None:
        doing = Doing(place.page, value, timeout_ms, base_url=place.config.base_url)
        status = perform(action.kind, doing)
        if status is not None and status >= 400:
            raise Stuck("http-error", value or "/", f"Opening {value} answered HTTP {status}.")
        return action_record(action, value, None)
    kind = ACTIONS[action.kind]
    found = find(place.page, action.target, action.kind, step.patience)
    looked_for = action.target.describe()
    if found is None:
        raise Stuck(
            "missing-target",
            looked_for,
            f"The newcomer looked for “{looked_for}” for {step.patience:g} s and did not find it.",
        )
    locator = found.locator
    with place.watch.excluded():
        box = pages.bounding_box(locator)
        if found.count > 1:
            _ambiguous(place, found.matches, found.count, looked_for)
        if action is last_targeted(step):
            capture.action_screenshot(place, step.index, box)
    if kind.waits_enabled:
        _wait_enabled(place, locator, looked_for, step.patience, box)
    if kind.counts == "clicks":
        place.log.cost.clicks += 1
    elif kind.counts == "fields_filled":
        place.log.cost.fields_filled += 1
    folder = place.scenario.file.parent
    perform(action.kind, Doing(place.page, value, timeout_ms, locator=locator, folder=folder))
    if action.secret and kind.looks_for == "field":
        place.secret_fields.append(locator)
    return action_record(action, value, box)


def _wait_enabled(
    place: StepPlace,
    locator: Locator,
    looked_for: str,
    patience: float,
    box: Mapping[str, float] | None,
) -> None:
    deadline = time.monotonic() + patience
    while not pages.is_enabled(locator):
        if time.monotonic() >= deadline:
            raise Stuck(
                "disabled-target",
                looked_for,
                f"“{looked_for}” was there but stayed disabled for {patience:g} s.",
                pages.on_page(place.page, box),
            )
        pages.pause(place.page, ENABLED_POLL_MS)


def _ambiguous(place: StepPlace, matches: Locator, count: int, looked_for: str) -> None:
    """Several visible things answer to the same words: friction, the first is used."""
    place.log.friction.append(
        DeadEnd(
            kind="ambiguous-target",
            looked_for=looked_for,
            message=(
                f"{count} visible things answer to “{looked_for}”; "
                "the newcomer has to guess, and the first was used."
            ),
            seen=candidates(matches, MATCHES_LIMIT),
        )
    )
