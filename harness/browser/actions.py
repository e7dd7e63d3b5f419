"""Doing each kind of action in the page: one performer per row of the action table.

Finding the target, timing and dead ends are the walk's business (`harness.run.perform`);
a performer only does the thing, and raises `harness.errors.BrowserFailed` when the
browser fails.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from harness.browser.errors import browser_errors
from harness.scenario.urls import resolve

if TYPE_CHECKING:
    from playwright.sync_api import Locator, Page


@dataclass(frozen=True)
class Doing:
    """One action about to be done: the page, what was found, the value, how long to wait."""

    page: Page
    value: str | None
    timeout_ms: float
    locator: Locator | None = None  # what was found, for an action on a target
    base_url: str = ""  # `visit` paths are relative to it
    folder: Path = Path()  # `upload` paths are relative to it (the scenario's folder)

    @property
    def found(self) -> Locator:
        assert self.locator is not None, "this action needs a target"
        return self.locator


def _visit(d: Doing) -> int | None:
    url = resolve(d.base_url, d.value or "/")
    response = d.page.goto(url, wait_until="domcontentloaded", timeout=d.timeout_ms)
    return response.status if response is not None else None


def _click(d: Doing) -> None:
    d.found.click(timeout=d.timeout_ms)


def _fill(d: Doing) -> None:
    d.found.fill(d.value or "", timeout=d.timeout_ms)


def _select(d: Doing) -> None:
    try:  # the words shown first, as a newcomer reads them; else the option's value
        d.found.select_option(label=d.value, timeout=d.timeout_ms)
    except Exception:
        d.found.select_option(value=d.value, timeout=d.timeout_ms)


def _check(d: Doing) -> None:
    d.found.check(timeout=d.timeout_ms)


def _press(d: Doing) -> None:
    d.page.keyboard.press(d.value or "Enter")


def _hover(d: Doing) -> None:
    d.found.hover(timeout=d.timeout_ms)


def _upload(d: Doing) -> None:
    d.found.set_input_files(str(d.folder / (d.value or "")))


def _scroll(d: Doing) -> None:
    if d.locator is None:
        d.page.evaluate(_SCROLL_SCRIPT, d.value)
    else:
        d.locator.scroll_into_view_if_needed(timeout=d.timeout_ms)


_SCROLL_SCRIPT = """
(where) => {
  const h = window.innerHeight * 0.8;
  if (where === 'down') window.scrollBy(0, h);
  else if (where === 'up') window.scrollBy(0, -h);
  else if (where === 'top') window.scrollTo(0, 0);
  else window.scrollTo(0, document.documentElement.scrollHeight);
}
"""

# Keyed like `harness.scenario.actions.ACTIONS`; a test keeps the two in step.
PERFORMERS: dict[str, Callable[[Doing], int | None]] = {
    "visit": _visit,
    "click": _click,
    "fill": _fill,
    "select": _select,
    "check": _check,
    "press": _press,
    "hover": _hover,
    "upload": _upload,
    "scroll": _scroll,
}


def perform(kind: str, doing: Doing) -> int | None:
    """Do an action of `kind`; the HTTP status when it loaded a page."""
    with browser_errors():
        return PERFORMERS[kind](doing)
