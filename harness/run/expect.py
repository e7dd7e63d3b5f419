"""Waiting, within the step's patience, for what shows the step worked."""

from __future__ import annotations

import time

from harness.browser import page as pages
from harness.errors import PageNavigated, PageTimeout
from harness.run.config import StepPlace
from harness.run.step import Stuck
from harness.scenario.model import Expectation, Step
from harness.scenario.urls import url_matches

EXPECT_SLICE_MS = 200


def await_expectations(place: StepPlace, step: Step) -> None:
    """Every expectation met in turn, or `Stuck` once patience runs out."""
    deadline = time.monotonic() + step.patience
    for expectation in step.expect:
        while not _met(place, expectation, deadline):
            check_http(place)
            if time.monotonic() >= deadline:
                check_crash(place)
                what = expectation.describe()
                raise Stuck(
                    "expectation-unmet",
                    what,
                    f"After the step the newcomer waited {step.patience:g} s "
                    f"for “{what}” and it never appeared.",
                )
    check_http(place)


def _met(place: StepPlace, expectation: Expectation, deadline: float) -> bool:
    """One look, of at most `EXPECT_SLICE_MS`, for one expectation."""
    page = place.page
    slice_ms = max(min(EXPECT_SLICE_MS, (deadline - time.monotonic()) * 1000), 1)
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
