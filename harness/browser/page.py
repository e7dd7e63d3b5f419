"""Small questions to the page and its elements, and screenshots of it.

The `read_*` and `screenshot*` helpers are best effort: what a page cannot answer is
left out, never a failure of the step. The others raise `harness.errors.BrowserFailed`.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from harness.browser.errors import browser_errors
from harness.browser.screen import SCREEN_SCRIPT

if TYPE_CHECKING:
    from playwright.sync_api import Locator, Page

Box = Mapping[str, float]

_NAMES_SCRIPT = """
(els, limit) => els.slice(0, limit).map(el =>
  (el.getAttribute('aria-label') || el.innerText || el.value || el.getAttribute('title') || '')
    .replace(/\\s+/g, ' ').trim())
"""


def url(page: Page) -> str:
    return page.url


def read_title(page: Page) -> str:
    try:
        return page.title()
    except Exception:
        return ""


def read_screen(page: Page) -> dict[str, Any]:
    """What is on the screen, as `screen.js` reads it; empty when the page cannot say."""
    try:
        data: dict[str, Any] = page.evaluate(SCREEN_SCRIPT)
        return data
    except Exception:
        return {"actions": [], "errors": [], "text": ""}


def read_names(matches: Locator, limit: int) -> list[str]:
    """The words of the first `limit` elements matched, as a newcomer would read them."""
    try:
        return [str(n) for n in matches.evaluate_all(_NAMES_SCRIPT, limit)]
    except Exception:
        return []


def screenshot(page: Page, path: Path, *, mask: list[Any], max_height: int, width: int) -> bool:
    """The whole page, up to `max_height` CSS pixels tall; False when it could not be taken."""
    try:
        height = int(page.evaluate("document.documentElement.scrollHeight"))
        width = (page.viewport_size or {"width": width})["width"]
        clip = {"x": 0, "y": 0, "width": width, "height": min(height, max_height)}
        page.screenshot(
            path=str(path),
            full_page=True,
            clip=clip,  # type: ignore[arg-type]
            mask=mask,
            animations="disabled",
            scale="css",  # one pixel per CSS pixel, so recorded boxes match
        )
    except Exception:
        return False
    return True


def screenshot_view(page: Page, path: Path, *, mask: list[Any]) -> int | None:
    """The window as it is, and how many required fields it shows; None when it failed."""
    try:
        page.screenshot(path=str(path), mask=mask, scale="css")  # mid-step: animations run on
        return int(page.evaluate(SCREEN_SCRIPT).get("required_fields", 0))
    except Exception:
        return None


def bounding_box(locator: Locator) -> Box | None:
    with browser_errors():
        return cast("Box | None", locator.bounding_box())


def is_enabled(locator: Locator) -> bool:
    with browser_errors():
        return locator.is_enabled()


def on_page(page: Page, box: Box | None) -> dict[str, float] | None:
    """A box in the window moved to where it is on the page, as the full screenshot shows it."""
    if box is None:
        return None
    with browser_errors():
        scroll = page.evaluate("[scrollX, scrollY]")
    return {**box, "x": box["x"] + scroll[0], "y": box["y"] + scroll[1]}


def wait_for_text(page: Page, text: str, timeout_ms: float) -> None:
    """Wait until `text` is visible; `PageTimeout` when it is not within `timeout_ms`."""
    with browser_errors():
        page.get_by_text(text).filter(visible=True).first.wait_for(
            state="visible", timeout=timeout_ms
        )


def pause(page: Page, ms: float) -> None:
    with browser_errors():
        page.wait_for_timeout(ms)
