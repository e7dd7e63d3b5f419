"""Doing one action as a newcomer would: find it, wait for it to be usable, then do it.

What each kind does in the page is `harness.browser.actions`; what each kind is, the
table in `harness.scenario.actions`. Here: looking, being stuck, and the cost.
"""

from __future__ import annotations

import time
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING

from harness.browser import keyboard, nearby
from harness.browser import page as pages
from harness.browser.actions import Doing, perform
from harness.browser.targets import candidates, find
from harness.errors import (
    BrowserFailed,
    NoAnswer,
    NotOffered,
    PageClosed,
    PageCrashed,
    PageTimeout,
    TargetCovered,
)
from harness.record.model import ActionRecord, DeadEnd
from harness.run import capture
from harness.run.config import StepPlace
from harness.run.expect import (
    check_loading,
    check_pending,
    follow,
    no_answer,
    patience_left,
)
from harness.run.step import Stuck, action_record, last_targeted
from harness.scenario.actions import ACTIONS
from harness.scenario.model import Action, Step, with_run_id

if TYPE_CHECKING:
    from playwright.sync_api import Locator

MATCHES_LIMIT = 8
ENABLED_POLL_MS = 50
COVER_POLL_MS = 100
# A cover that offers something to do (a cookie wall's "Accept all") and stays this long is
# a wall the newcomer must deal with: waiting out the rest of their patience changes nothing.
COVER_SETTLED_S = 1.0
# Doing what was found takes at least this long, even with patience nearly spent: the
# newcomer saw it and acts (a step may so end a moment after its patience).
ACT_FLOOR_MS = 1000
# Kinds whose action goes through the pointer, so something on top of the target stops it.
POINTER_KINDS = ("click", "check", "hover")


def do_action(place: StepPlace, action: Action, step: Step) -> ActionRecord:
    """Do `action` and record it; `Stuck` when the newcomer cannot."""
    follow(place)  # the tab the newcomer is on now
    value = with_run_id(action.value, place.run_id) if action.value is not None else None
    left = patience_left(place, step)  # what earlier actions and page loads left of it
    timeout_ms = max(left * 1000, 1)  # 0 would be no timeout at all
    if action.target is None:
        doing = Doing(place.page, value, timeout_ms, base_url=place.config.base_url)
        try:
            status = perform(action.kind, doing)
        except PageTimeout as exc:
            shown = value or "/"
            raise Stuck(
                "no-response",
                shown,
                f"Opening {shown} did not answer within {step.patience:g} s.",
            ) from exc
        if status is not None and status >= 400:
            raise Stuck("http-error", value or "/", f"Opening {value} answered HTTP {status}.")
        _await_opened(place, step)  # `press: Enter` on a link that opens a tab
        return action_record(action, value, None)
    kind = ACTIONS[action.kind]
    found = find(place.page, action.target, action.kind, left)
    looked_for = action.target.describe()
    if found is None:
        check_pending(place, step)
        check_loading(place, step)  # a page still loading is no answer yet, not a missing target
        offered = pages.read_choices(place.page) if kind.looks_for == "check" else []
        raise Stuck(
            "missing-target",
            looked_for,
            f"The newcomer looked for “{looked_for}” for {step.patience:g} s and did not find it.",
            seen=offered or None,  # a choice not offered: the ones that are
        )
    locator = found.locator
    box, cover = found.seen.box, found.seen.cover
    unlinked = found.tier[0][0] == nearby.UNLINKED  # found by words no label ties to it
    if found.count > 1 or action is last_targeted(step) or unlinked:
        with place.watch.excluded():  # the harness's own work: left out when the product idled
            if unlinked:
                place.log.friction.append(_unlinked(place, looked_for, box))
            if found.count > 1:
                _ambiguous(place, found.matches, found.count, looked_for, found.seen.kept)
            if action is last_targeted(step):
                capture.action_screenshot(place, step.index, box)
    may_be_disabled = kind.waits_enabled and found.seen.may_be_disabled
    if may_be_disabled and _wait_enabled(place, locator, looked_for, step, box):
        cover = pages.cover_of(locator)  # it waited: look again
    if kind.counts == "clicks":
        place.log.cost.clicks += 1
    elif kind.counts == "fields_filled":
        place.log.cost.fields_filled += 1
    by_keys = place.config.conditions.input == "keyboard"
    if by_keys and action.kind in keyboard.REACHED_KINDS:
        _tab_to(place, locator, looked_for, box)
    elif action.kind in POINTER_KINDS:  # keys do not go through the pointer
        _wait_uncovered(place, locator, looked_for, step, box, cover)
    folder = place.scenario.file.parent
    act_ms = max(patience_left(place, step) * 1000, ACT_FLOOR_MS)
    doing = Doing(place.page, value, act_ms, locator=locator, folder=folder, secret=action.secret)
    try:
        (keyboard.perform if by_keys else perform)(action.kind, doing)
    except PageClosed:
        if not _went_back(place):
            raise
        # The action closed its own tab (a "Close" button): done, back on the opener.
    except TargetCovered as exc:  # covered after it was looked at
        seen = pages.cover_of(locator) or []
        raise _covered(place, looked_for, seen, step.patience, box) from exc
    except NotOffered as exc:
        raise Stuck(
            "missing-target",
            f"{value} in “{looked_for}”",
            f"“{looked_for}” does not offer “{value}”; the newcomer looked for "
            f"{step.patience:g} s.",
            seen=exc.offered,
        ) from exc
    if action.secret and kind.looks_for == "field":
        place.secret_fields.append(locator)
    _await_opened(place, step)
    return action_record(action, value, box)


def _await_opened(place: StepPlace, step: Step) -> None:
    """A tab the action opened: the step goes on there (its popup event may come late)."""
    if place.log.tabs is not None:
        place.log.tabs.await_opened(patience_left(place, step) * 1000)
        follow(place)


def _wait_enabled(
    place: StepPlace,
    locator: Locator,
    looked_for: str,
    step: Step,
    box: Mapping[str, float] | None,
) -> bool:
    """Wait while the target is disabled; True if it had to wait, `Stuck` if it stays."""
    patience = step.patience
    deadline = time.monotonic() + patience_left(place, step)
    waited = False
    while not pages.is_enabled(locator):
        waited = True
        if time.monotonic() >= deadline:
            raise Stuck(
                "disabled-target",
                looked_for,
                f"“{looked_for}” was there but stayed disabled for {patience:g} s.",
                pages.on_page(place.page, box),
            )
        pages.pause(place.page, ENABLED_POLL_MS)
    return waited


def _tab_to(
    place: StepPlace, locator: Locator, looked_for: str, box: Mapping[str, float] | None
) -> None:
    """The keyboard newcomer Tabs to the target: the presses are the step's cost; a target
    Tab never reaches is `Stuck`, one whose focus does not show is noted."""
    got = keyboard.reach(locator, aside=place.watch.excluded)
    place.log.cost.tab_presses += got.presses
    if not got.reached:
        raise Stuck(
            "not-keyboard-reachable",
            looked_for,
            f"“{looked_for}” is on screen, but {got.presses} presses of Tab never brought "
            "focus to it; a newcomer without a mouse cannot use it.",
            pages.on_page(place.page, box),
            seen=keyboard.order_seen(got.order),
        )
    if got.invisible and looked_for not in place.log.invisible_focus:
        place.log.invisible_focus.append(looked_for)


def _wait_uncovered(
    place: StepPlace,
    locator: Locator,
    looked_for: str,
    step: Step,
    box: Mapping[str, float] | None,
    cover: list[str] | None,
) -> None:
    """Wait while something lies on top of the target (`cover`, as just seen); `Stuck` if
    it stays."""
    patience = step.patience
    deadline = time.monotonic() + patience_left(place, step)
    since, last = time.monotonic(), cover
    while cover is not None:
        now = time.monotonic()
        if cover != last:
            since, last = now, cover
        settled = now - since >= COVER_SETTLED_S and any(not c.startswith("(") for c in cover)
        if settled or now >= deadline:
            raise _covered(place, looked_for, cover, patience, box)
        pages.pause(place.page, COVER_POLL_MS)
        cover = pages.cover_of(locator)


def _covered(
    place: StepPlace,
    looked_for: str,
    cover: list[str],
    patience: float,
    box: Mapping[str, float] | None,
) -> Stuck:
    first = f" (it offers “{cover[0]}”)" if cover else ""
    return Stuck(
        "covered-target",
        looked_for,
        f"“{looked_for}” was there, but something on top of it{first} took the click; "
        f"the newcomer could not reach it within {patience:g} s.",
        pages.on_page(place.page, box),
        seen=cover,
    )


@contextmanager
def as_dead_ends(place: StepPlace, step: Step) -> Iterator[None]:
    """What the product did, told as a dead end; the browser failing stays an error.

    A renderer crash is `page-crash`, a wait the page never ends is `no-response`; only a
    closed page or browser, or a protocol failure, escapes as the step's `error`.
    """
    try:
        yield
    except Stuck as stuck:
        if stuck.kind == "no-response":
            pages.stop_loading(place.page)
        raise
    except PageCrashed as exc:
        raise _crashed() from exc
    except NoAnswer as exc:  # the product refused or dropped the connection: no waiting
        url = exc.url or place.log.navigating or pages.url(place.page)
        raise no_answer(place, url, exc.code) from exc
    except PageClosed as exc:
        tabs = place.log.tabs
        if tabs is not None and tabs.closed is not None and pages.browser_alive(place.page):
            raise _closed(place.redact(tabs.closed)) from exc
        raise
    except PageTimeout as exc:
        pending = place.log.navigating  # read before stopping: stopping ends it
        pages.stop_loading(place.page)
        waited_for = place.redact(pending) if pending else "an answer from the page"
        raise Stuck(
            "no-response",
            waited_for,
            f"The newcomer waited {step.patience:g} s for {waited_for} and it never answered.",
        ) from exc
    except BrowserFailed as exc:  # e.g. a load aborted because the renderer died
        if place.log.crashed or pages.has_crashed(place.page):
            raise _crashed() from exc
        raise


def _went_back(place: StepPlace) -> bool:
    """Whether the tab acted on closed and the newcomer is back on another open tab."""
    tabs = place.log.tabs
    return tabs is not None and tabs.page is not place.page and not tabs.page.is_closed()


def _closed(url: str) -> Stuck:
    """The newcomer's only tab closed itself: nothing is left to act on (not a harness error)."""
    return Stuck(
        "no-way-forward",
        "an open page",
        f"The page {url} closed its own tab (window.close()), and no other tab was open: "
        "the newcomer has nothing left to act on.",
    )


def _crashed() -> Stuck:
    return Stuck("page-crash", "a working page", "The page crashed (its renderer died).")


def _ambiguous(
    place: StepPlace, matches: Locator, count: int, looked_for: str, kept: Sequence[int]
) -> None:
    """Several visible things answer to the same words: friction, the first is used."""
    place.log.friction.append(
        DeadEnd(
            kind="ambiguous-target",
            looked_for=looked_for,
            message=(
                f"{count} visible things answer to “{looked_for}”; "
                "the newcomer has to guess, and the first was used."
            ),
            seen=candidates(matches, MATCHES_LIMIT, only=kept),
        )
    )


def _unlinked(place: StepPlace, looked_for: str, box: Mapping[str, float] | None) -> DeadEnd:
    """A field found by the words beside it, which no label ties to it: friction."""
    return DeadEnd(
        kind="unlinked-label",
        looked_for=looked_for,
        message=(
            f"“{looked_for}” is written next to the field but is not linked to it as its "
            "label; a screen reader does not say it, so its users cannot find this field."
        ),
        box=pages.on_page(place.page, box),
        box_label=f"“{looked_for}” is not linked to this field",
    )
