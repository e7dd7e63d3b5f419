"""Waiting, within the step's patience, for what shows the step worked.

A step passes only if its actions made a difference: the screen is looked at before the
first action (`look_before`), and a step whose expected sign was already there passes only
once the page visibly changed; one that changed nothing at all is `no-effect`.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from harness.browser import page as pages
from harness.errors import PageNavigated, PageTimeout
from harness.run.config import StepPlace
from harness.run.step import Stuck
from harness.scenario.model import Expectation, Step
from harness.scenario.urls import url_matches

EXPECT_SLICE_MS = 200
CHANGE_POLL_MS = 100


@dataclass(frozen=True)
class Before:
    """The screen before a step's first action: what it looked like, and whether the
    step's expected signs were already on it."""

    look: str
    met: bool


def look_before(place: StepPlace, step: Step) -> Before | None:
    """The screen before the first action; None for a step without actions (judged as is).

    Taken before the step's clock starts (`Stopwatch.restart`): shoshin's look, not the
    newcomer's time.
    """
    if not step.actions and step.index != 1:
        return None
    look = pages.look(place.page)
    met = bool(step.expect) and all(_met_now(place, e) for e in step.expect)
    return Before(look, met)


def await_expectations(place: StepPlace, step: Step, before: Before | None = None) -> bool:
    """Every expectation met in turn, or `Stuck` once patience runs out.

    True when the expectations were met before the step (they then prove only that the
    page changed, which is waited for first).
    """
    deadline = time.monotonic() + step.patience
    if before is not None and before.met:
        _await_change(place, step, before, deadline)
    for expectation in step.expect:
        while not _met(place, expectation, deadline):
            check_http(place)
            if time.monotonic() >= deadline:
                check_crash(place)
                check_pending(place, step)
                what = expectation.describe()
                if before is not None and not _changed(place, before):
                    raise _no_effect(step, what)
                raise Stuck(
                    "expectation-unmet",
                    what,
                    f"After the step the newcomer waited {step.patience:g} s "
                    f"for “{what}” and it never appeared.",
                )
    check_http(place)
    return before is not None and before.met


def _await_change(place: StepPlace, step: Step, before: Before, deadline: float) -> None:
    """A step whose sign was already there: wait for the page to change at all."""
    while not _changed(place, before):
        check_http(place)
        if time.monotonic() >= deadline:
            check_crash(place)
            check_pending(place, step)
            raise _no_effect(step, ", ".join(e.describe() for e in step.expect))
        pages.pause(place.page, CHANGE_POLL_MS)


def _changed(place: StepPlace, before: Before) -> bool:
    """A navigation, a dialog, or anything visible different since `before`."""
    log = place.log
    if log.pages_visited or log.dialogs:
        return True
    if log.navigating is not None:  # not committed yet: nothing to see so far
        return False
    try:
        return pages.look(place.page) != before.look
    except PageNavigated:
        return True


def _no_effect(step: Step, what: str) -> Stuck:
    done = "; ".join(a.describe() for a in step.actions) or "the step"
    return Stuck(
        "no-effect",
        what,
        f"The newcomer did {done}, and nothing on the page changed within {step.patience:g} s.",
    )


def _met_now(place: StepPlace, expectation: Expectation) -> bool:
    """Whether `expectation` holds right now, without waiting."""
    try:
        if expectation.kind == "text":
            return pages.text_visible(place.page, expectation.value)
        if expectation.kind == "url":
            return url_matches(pages.url(place.page), expectation.value, place.config.base_url)
        return expectation.value.casefold() in pages.read_title(place.page).casefold()
    except (PageTimeout, PageNavigated):
        return False


def check_pending(place: StepPlace, step: Step) -> None:
    """A navigation asked for and never answered: the page did not respond."""
    if place.log.navigating is not None:
        url = place.redact(place.log.navigating)
        raise Stuck(
            "no-response",
            url,
            f"The newcomer waited {step.patience:g} s for {url} and it never answered.",
        )


def _met(place: StepPlace, expectation: Expectation, deadline: float) -> bool:
    """One look, of at most `EXPECT_SLICE_MS`, for one expectation."""
    page = place.page
    slice_ms = max(min(EXPECT_SLICE_MS, (deadline - time.monotonic()) * 1000), 1)
    if place.log.navigating is not None:  # judged on the page the step leads to, once there
        pages.pause(page, min(50, slice_ms))
        return False
    try:
        if expectation.kind == "text":
            pages.wait_for_text(page, expectation.value, slice_ms)
            return True
        if expectation.kind == "url":
            if url_matches(pages.url(page), expectation.value, place.config.base_url):
                return True
        elif expectation.value.casefold() in pages.read_title(page).casefold():
            return True
        pages.pause(page, min(50, slice_ms))
        return False
    except (PageTimeout, PageNavigated):
        return False


def check_http(place: StepPlace) -> None:
    """A page that answered an HTTP error is a dead end, whatever else it shows."""
    if place.log.http_errors:
        status, url = place.log.http_errors[-1]
        raise Stuck("http-error", place.redact(url), f"The page answered HTTP {status}: {url}.")


def check_crash(place: StepPlace) -> None:
    if place.log.crashed or place.log.page_errors:
        what = place.log.page_errors[-1] if place.log.page_errors else "the page crashed"
        raise Stuck("page-crash", "a working page", f"The page failed: {what}.")
