"""Small questions to the page and its elements, and screenshots of it.

The `read_*` and `screenshot*` helpers are best effort: what a page cannot answer is
left out, never a failure of the step. The others raise `harness.errors.BrowserFailed`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from harness.browser.errors import browser_errors
from harness.browser.screen import SCREEN_SCRIPT
from harness.errors import PageCrashed
from harness.wording import reader_pattern

if TYPE_CHECKING:
    from playwright.sync_api import Download, Locator, Page

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


def screenshot(
    page: Page, path: Path, *, mask: list[Any], max_height: int, width: int
) -> int | None:
    """The whole page, up to `max_height` CSS pixels tall (a page of 50 000 px shows its top),
    and the page's own height; None when it could not be taken."""
    try:
        height = int(page.evaluate("document.documentElement.scrollHeight"))
        if height > max_height and page.viewport_size is not None:
            _shoot_top(page, path, mask=mask, height=max_height)
            return height
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
        return None
    return height


def _shoot_top(page: Page, path: Path, *, mask: list[Any], height: int) -> None:
    """The top `height` CSS pixels of a page taller than that, through a window made that tall
    for the moment. A full-page screenshot would lay out and paint the whole page first: on
    a page of megabytes of text (half a million pixels tall) that alone takes many seconds."""
    window = page.viewport_size
    assert window is not None
    scroll = page.evaluate("[scrollX, scrollY]")
    try:
        page.evaluate("window.scrollTo({left: 0, top: 0, behavior: 'instant'})")
        page.set_viewport_size({"width": window["width"], "height": height})
        clip = {"x": 0, "y": 0, "width": window["width"], "height": height}
        page.screenshot(
            path=str(path),
            clip=clip,  # type: ignore[arg-type]
            mask=mask,
            animations="disabled",
            scale="css",
        )
    finally:  # the newcomer's window, where they had scrolled to
        page.set_viewport_size(window)
        page.evaluate("([x, y]) => window.scrollTo({left: x, top: y, behavior: 'instant'})", scroll)


def screenshot_view(page: Page, path: Path, *, mask: list[Any]) -> int | None:
    """The window as it is, as a JPEG (quick, for it is taken mid-step), and how many required
    fields it shows; None when it failed."""
    try:
        # Mid-step: animations run on, and the caret stays (hiding it would touch the page).
        page.screenshot(path=str(path), mask=mask, scale="css", caret="initial", quality=85)
        return int(page.evaluate(SCREEN_SCRIPT).get("required_fields", 0))
    except Exception:
        return None


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


def showing(page: Page, text: str, *, whole_only: bool = False) -> Locator:
    """The visible elements that show `text` as a reader reads it: an element whose whole
    text it is, else whole words of a longer text, never inside a longer word or number.

    `whole_only`: only an element whose whole text it is ("2" as an answer, not the "2" of
    "Cell 2/2").
    """
    whole = page.get_by_text(reader_pattern(text, whole=True))
    found = whole if whole_only else whole.or_(page.get_by_text(reader_pattern(text, whole=False)))
    return found.filter(visible=True)


def wait_for_text(page: Page, text: str, timeout_ms: float, *, whole_only: bool = False) -> None:
    """Wait until `text` is visible (see `showing`); `PageTimeout` when it is not within
    `timeout_ms`."""
    with browser_errors():
        showing(page, text, whole_only=whole_only).first.wait_for(
            state="visible", timeout=timeout_ms
        )


def pause(page: Page, ms: float) -> None:
    with browser_errors():
        page.wait_for_timeout(ms)


# What lies on top of an element's centre, when it is not the element itself: the outermost
# ancestor of the thing hit that does not hold the element (the wall, the modal, the bubble),
# and the words of what it offers (its buttons and links), or its own words when it offers none.
_COVER_SCRIPT = """
(el) => {
  const r = el.getBoundingClientRect();
  const x = r.left + r.width / 2, y = r.top + r.height / 2;
  if (x < 0 || y < 0 || x >= innerWidth || y >= innerHeight) return null;
  let hit = document.elementFromPoint(x, y);
  if (!hit || el.contains(hit) || hit.contains(el)) return null;
  if (hit.control === el || (el.labels && [...el.labels].some(l => l.contains(hit)))) return null;
  let cover = hit;
  while (cover.parentElement && cover.parentElement !== document.body
         && !cover.parentElement.contains(el)) cover = cover.parentElement;
  const clean = (s) => (s || '').replace(/\\s+/g, ' ').trim();
  const shown = (e) => { const b = e.getBoundingClientRect(); return b.width > 0 && b.height > 0; };
  const offers = [...cover.querySelectorAll('button, a[href], [role=button], [role=link], '
      + 'input[type=submit], input[type=button]')].filter(shown)
    .map(e => clean(e.getAttribute('aria-label') || e.innerText || e.value || e.title))
    .filter(Boolean);
  if (cover.tagName === 'IFRAME') offers.push(clean(cover.title || cover.name) || '(a frame)');
  if (!offers.length)
    offers.push(clean(cover.innerText).slice(0, 80) || '(something with no name)');
  return offers;
}
"""

# The checkboxes, radios and switches on screen, by the words a newcomer reads beside them.
_CHOICES_SCRIPT = """
() => [...document.querySelectorAll('input[type=checkbox], input[type=radio], '
    + '[role=checkbox], [role=radio], [role=switch]')]
  .filter(e => { const b = e.getBoundingClientRect(); return b.width > 0 && b.height > 0; })
  .map(e => (e.getAttribute('aria-label') || (e.labels && e.labels[0] && e.labels[0].innerText)
    || e.innerText || e.value || '').replace(/\\s+/g, ' ').trim())
  .filter(Boolean)
"""

# What a newcomer could see change: the visible text, field values and checks, the scroll
# position, and how many elements there are, folded into one short string.
_LOOK_SCRIPT = """
() => {
  const b = document.body;
  if (!b) return location.href;
  const fields = [...document.querySelectorAll('input, select, textarea')]
    .map(e => (e.checked ? '☑' : '') + e.value).join('\\u0001');
  const all = b.innerText + '\\u0002' + fields + '\\u0002' + scrollX + ',' + scrollY;
  let h = 0;
  for (let i = 0; i < all.length; i++) h = (Math.imul(h, 31) + all.charCodeAt(i)) | 0;
  const n = b.querySelectorAll('*:not(script):not(style):not(link):not(meta)').length;
  return location.href + ' ' + n + ' ' + all.length + ' ' + h;
}
"""


def cover_of(locator: Locator) -> list[str] | None:
    """What covers the element's centre (the words it offers), or None when nothing does."""
    with browser_errors():
        found = locator.evaluate(_COVER_SCRIPT)
    return [str(x) for x in found] if found is not None else None


# One call for what a step needs of the things found (`evaluate_all` takes one round trip,
# `count` then `evaluate` four): how many there are, and of the first, where it is, what
# covers it, and whether it may be disabled. `:disabled` and an aria-disabled ancestor hold
# for everything Playwright calls disabled (and a little more), so "no" here is a sure no.
# A match inside another match (a button in a web component's shadow root under a host
# with the same name, the words inside a link) is the same thing to a newcomer: only the
# outermost of nested matches count (`kept`, their indices among the matches).
_SIGHTING_SCRIPT = f"""
(els) => {{
  if (!els.length) return null;
  const inside = (e, o) => {{
    for (let n = e.parentNode || e.host; n; n = n.parentNode || n.host) if (n === o) return true;
    return false;
  }};
  const kept = [];
  els.forEach((e, i) => {{ if (!els.some(o => o !== e && inside(e, o))) kept.push(i); }});
  const el = els[kept[0]];
  const r = el.getBoundingClientRect();
  const box = {{ x: r.x, y: r.y, width: r.width, height: r.height }};
  const mayBeDisabled = el.matches(':disabled') || !!el.closest('[aria-disabled="true" i]');
  return [kept, box, ({_COVER_SCRIPT.strip()})(el), mayBeDisabled];
}}
"""


@dataclass(frozen=True)
class Sighting:
    """What one look at the things matched tells: how many, and of the first its place."""

    count: int
    box: Box  # in the window, as Playwright's bounding_box gives it
    cover: list[str] | None  # what lies on its centre (the words it offers), if anything
    may_be_disabled: bool  # False: surely enabled; True: ask Playwright (`is_enabled`)
    kept: tuple[int, ...] = (0,)  # the matches counted (none inside another), by index


def sighting(matches: Locator) -> Sighting | None:
    """How many things `matches` finds and where the first is; None when there are none."""
    with browser_errors():
        found = matches.evaluate_all(_SIGHTING_SCRIPT)
    if not found:
        return None
    kept, box, cover, may_be_disabled = found
    words = [str(x) for x in cover] if cover is not None else None
    indices = tuple(int(i) for i in kept)
    return Sighting(len(indices), box, words, bool(may_be_disabled), indices)


def read_choices(page: Page) -> list[str]:
    """The checkboxes, radios and switches on screen, by their words."""
    try:
        return [str(x) for x in page.evaluate(_CHOICES_SCRIPT)]
    except Exception:
        return []


def look(page: Page) -> str:
    """A short fingerprint of what the screen shows: it differs when anything visible changed."""
    with browser_errors():
        return str(page.evaluate(_LOOK_SCRIPT))


def text_visible(page: Page, text: str, *, whole_only: bool = False) -> bool:
    """Whether `text` is visible right now (see `showing`), without waiting."""
    with browser_errors():
        return showing(page, text, whole_only=whole_only).count() > 0


# The share of the window covered by visible canvases: text drawn on one (a web terminal,
# a chart) is pixels, not words, and no expectation can read it.
_CANVAS_SCRIPT = """
() => {
  let covered = 0;
  for (const c of document.querySelectorAll('canvas')) {
    const r = c.getBoundingClientRect(), s = getComputedStyle(c);
    if (s.visibility === 'hidden' || s.display === 'none' || +s.opacity === 0) continue;
    const w = Math.min(r.right, innerWidth) - Math.max(r.left, 0);
    const h = Math.min(r.bottom, innerHeight) - Math.max(r.top, 0);
    if (w > 0 && h > 0) covered += w * h;
  }
  return Math.min(covered / Math.max(innerWidth * innerHeight, 1), 1);
}
"""


def canvas_share(page: Page) -> float:
    """How much of the window visible canvases cover (0..1); 0 when the page cannot say."""
    try:
        return float(page.evaluate(_CANVAS_SCRIPT))
    except Exception:
        return 0.0


def still_loading(page: Page) -> bool:
    """Whether the page's document has not finished loading (`document.readyState`).

    A page that cannot answer because a new document is on its way is loading too.
    """
    try:
        return bool(page.evaluate("document.readyState") != "complete")
    except Exception:
        return not page.is_closed()


def save_download(download: Download, path: Path) -> int | None:
    """Save a finished download at `path` (waiting for it to finish); its size in bytes, or
    None when the download failed."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        download.save_as(str(path))
        return path.stat().st_size
    except Exception:
        return None


def download_name(download: Download) -> str:
    return download.suggested_filename


def stop_loading(page: Page) -> None:
    """Give up on a page load that never answers, as a newcomer's Stop button would.

    Until then the page cannot be read or shot (Playwright waits for the new document).
    Best effort: a page that cannot be stopped is left as it is.
    """
    try:
        session = page.context.new_cdp_session(page)
        try:
            session.send("Page.stopLoading")
        finally:
            session.detach()
    except Exception:
        return


def browser_alive(page: Page) -> bool:
    """Whether the browser of `page` still answers (asked of its context: the page may be
    closed): a tab that closed itself is the product's doing, a browser gone is not."""
    try:
        with browser_errors():
            page.context.cookies()
    except Exception:
        return False
    return page.context.browser is None or page.context.browser.is_connected()


def has_crashed(page: Page) -> bool:
    """Whether the page's renderer is gone (asked once, after something failed)."""
    try:
        with browser_errors():
            page.evaluate("1")
    except PageCrashed:
        return True
    except Exception:
        return False
    return False
