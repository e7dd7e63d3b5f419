"""Waiting, within the step's patience, for what shows the step worked.

A step passes only if its actions made a difference: the screen is looked at before the
first action (`look_before`), and a step whose expected sign was already there passes only
once the page visibly changed; one that changed nothing at all is `no-effect`.
"""

from __future__ import annotations

import fnmatch
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import TYPE_CHECKING

from harness.browser import page as pages
from harness.browser.errors import net_words
from harness.errors import PageNavigated, PageTimeout
from harness.record.model import DownloadRecord
from harness.run.config import StepPlace
from harness.run.step import Stuck
from harness.scenario.model import Expectation, Step
from harness.scenario.urls import url_matches
from harness.wording import reader_form

if TYPE_CHECKING:
    from playwright.sync_api import Page

EXPECT_SLICE_MS = 200
CHANGE_POLL_MS = 100
# A page whose visible canvases cover this share of the window may draw its words there.
CANVAS_SHARE = 0.25


def follow(place: StepPlace) -> None:
    """The step goes on where the newcomer is: in the tab the page opened, or back on the
    tab that opened the one that closed itself (see `harness.browser.tab.Tabs`)."""
    tabs = place.log.tabs
    if tabs is not None and tabs.page is not place.page:
        place.page = tabs.page


def patience_left(place: StepPlace, step: Step) -> float:
    """Seconds of the step's patience not yet spent: page loads, looking for targets and
    waiting for signs all count against it, so a step ends within its patience (give or
    take shoshin's own work)."""
    return max(step.patience - place.watch.elapsed(), 0.0)


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
    met = bool(step.expect) and all(_met_now(place, e, step.index) for e in step.expect)
    return Before(look, met)


def await_expectations(place: StepPlace, step: Step, before: Before | None = None) -> bool:
    """Every expectation met in turn, or `Stuck` once patience runs out.

    True when the expectations were met before the step (they then prove only that the
    page changed, which is waited for first).
    """
    deadline = time.monotonic() + patience_left(place, step)
    if before is not None and before.met:
        _await_change(place, step, before, deadline)
    for expectation in step.expect:
        while not _met(place, expectation, deadline, step.index):
            check_http(place)
            if time.monotonic() >= deadline:
                check_crash(place)
                check_pending(place, step)
                check_loading(place, step)
                what = expectation.describe()
                if before is not None and not _changed(place, before) and not _canvas(place):
                    raise _no_effect(step, what)
                raise Stuck("expectation-unmet", what, _unmet(place, step, expectation))
    check_http(place)
    return before is not None and before.met


def _await_change(place: StepPlace, step: Step, before: Before, deadline: float) -> None:
    """A step whose sign was already there: wait for the page to change at all."""
    while not _changed(place, before):
        check_http(place)
        if time.monotonic() >= deadline:
            check_crash(place)
            check_pending(place, step)
            check_loading(place, step)
            raise _no_effect(step, ", ".join(e.describe() for e in step.expect))
        pages.pause(place.page, CHANGE_POLL_MS)


def _changed(place: StepPlace, before: Before) -> bool:
    """A navigation, a dialog, a download, or anything visible different since `before`."""
    log = place.log
    if log.pages_visited or log.dialogs or log.started_downloads:
        return True
    if log.navigating is not None:  # not committed yet: nothing to see so far
        return False
    follow(place)
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


def _unmet(place: StepPlace, step: Step, expectation: Expectation) -> str:
    """What the newcomer waited for in vain, in one or two sentences."""
    waited, value = f"{step.patience:g} s", expectation.value
    if expectation.kind == "gone":
        return f"The newcomer waited {waited} for “{value}” to go away, and it stayed."
    if expectation.kind == "download":
        started = [pages.download_name(d) for d in place.log.started_downloads]
        other = f"; only “{'”, “'.join(started)}” started" if started else "; none started"
        return f"The newcomer waited {waited} for a download named like “{value}”{other}."
    message = (
        f"After the step the newcomer waited {waited} "
        f"for “{expectation.describe()}” and it never appeared."
    )
    if expectation.too_short:
        message += " Words this short count only as the whole text of something on screen."
    if expectation.kind == "text" and _canvas(place):
        message += " The page draws text on a canvas, which shoshin cannot read."
    return message


def _canvas(place: StepPlace) -> bool:
    """Whether the page may draw what changed on a canvas: then "nothing changed" is unknown."""
    return pages.canvas_share(place.page) >= CANVAS_SHARE


def _met_now(place: StepPlace, expectation: Expectation, index: int) -> bool:
    """Whether `expectation` holds right now, without waiting."""
    if expectation.kind == "download":
        try:
            return _downloaded(place, expectation.value, index)
        except (PageTimeout, PageNavigated):
            return False
    return holds_now(place.page, expectation, place.config.base_url)


def holds_now(
    page: Page, expectation: Expectation, base_url: str, downloaded: Sequence[str] = ()
) -> bool:
    """Whether `expectation` holds on `page` right now, as the walk reads it, without waiting;
    also how a tester's own page is read (`harness.watch`). A download expectation holds when
    one of the `downloaded` file names matches it."""
    kind, value = expectation.kind, expectation.value
    try:
        if kind == "text":
            return pages.text_visible(page, value, whole_only=expectation.too_short)
        if kind == "gone":
            return not pages.text_visible(page, value)
        if kind == "download":
            return any(_name_matches(name, value) for name in downloaded)
        if kind == "url":
            return url_matches(pages.url(page), value, base_url)
        return reader_form(value) in reader_form(pages.read_title(page))
    except (PageTimeout, PageNavigated):
        return False


def _name_matches(name: str, pattern: str) -> bool:
    return fnmatch.fnmatchcase(name.casefold(), pattern.casefold())


def _downloaded(place: StepPlace, pattern: str, index: int) -> bool:
    """A download the step started whose name matches `pattern`, saved under the run folder
    (`downloads/<scenario>/step-NN/`) and kept in the step's record."""
    log = place.log
    kept = {d.name for d in log.downloads}
    for download in log.started_downloads:
        name = PurePosixPath(pages.download_name(download).replace("\\", "/")).name
        if not _name_matches(name, pattern):
            continue
        if name in kept:
            return True
        folder = f"downloads/{PurePosixPath(place.shots_dir).name}/step-{index:02d}"
        relative = f"{folder}/{name if name.strip('. ') else 'download'}"  # never a folder
        size = pages.save_download(download, place.run_dir / relative)
        if size is not None:
            log.downloads.append(DownloadRecord(place.redact(name), place.redact(relative), size))
            return True
    return False


def check_loading(place: StepPlace, step: Step) -> None:
    """A page still loading when patience ran out did not answer: `no-response`, whatever
    it shows so far (a blank page is not "nothing to click" while it loads)."""
    follow(place)
    if pages.still_loading(place.page):
        url = place.redact(pages.url(place.page))
        raise Stuck(
            "no-response",
            url,
            f"After {step.patience:g} s the page {url} was still loading; "
            "the newcomer gave up waiting for it.",
        )


def no_answer(place: StepPlace, url: str, code: str) -> Stuck:
    """A navigation nothing answered (refused, reset, offline): the product's `no-response`.

    One that redirected again and again did get answers, redirects all: an `http-error`.
    """
    shown = place.redact(url)
    if code == "net::ERR_TOO_MANY_REDIRECTS":
        return Stuck(
            "http-error",
            shown,
            f"Opening {shown} redirected again and again and never reached a page ({code}).",
        )
    return Stuck(
        "no-response",
        shown,
        f"The newcomer could not open {shown}: {net_words(code)} ({code}).",
    )


def check_answered(place: StepPlace) -> None:
    """A navigation that got no answer at all ends the step at once: nothing will come."""
    if place.log.unanswered is not None:
        raise no_answer(place, *place.log.unanswered)


def check_pending(place: StepPlace, step: Step) -> None:
    """A navigation asked for and never answered: the page did not respond."""
    check_answered(place)
    if place.log.navigating is not None:
        url = place.redact(place.log.navigating)
        raise Stuck(
            "no-response",
            url,
            f"The newcomer waited {step.patience:g} s for {url} and it never answered.",
        )


def _met(place: StepPlace, expectation: Expectation, deadline: float, index: int) -> bool:
    """One look, of at most `EXPECT_SLICE_MS`, for one expectation."""
    follow(place)
    page = place.page
    slice_ms = max(min(EXPECT_SLICE_MS, (deadline - time.monotonic()) * 1000), 1)
    if place.log.navigating is not None:  # judged on the page the step leads to, once there
        pages.pause(page, min(50, slice_ms))
        return False
    try:
        if expectation.kind == "text":
            whole_only = expectation.too_short
            try:
                pages.wait_for_text(page, expectation.value, slice_ms, whole_only=whole_only)
            except PageTimeout:
                # One look to the end: on a page so large that a look outlasts the slice
                # (megabytes of text), the slice alone would never see it, and each wait
                # given up would leave the page busy with its look.
                return _met_now(place, expectation, index)
            return True
        if _met_now(place, expectation, index):
            return True
        pages.pause(page, min(50, slice_ms))
        return False
    except (PageTimeout, PageNavigated):
        return False


def check_http(place: StepPlace) -> None:
    """A page that answered an HTTP error is a dead end, whatever else it shows; so is a
    page nothing answered for."""
    check_answered(place)
    if place.log.http_errors:
        status, url = place.log.http_errors[-1]
        raise Stuck("http-error", place.redact(url), f"The page answered HTTP {status}: {url}.")


def check_crash(place: StepPlace) -> None:
    if place.log.crashed or place.log.page_errors:
        what = place.log.page_errors[-1] if place.log.page_errors else "the page crashed"
        raise Stuck("page-crash", "a working page", f"The page failed: {what}.")
