"""Doing each kind of action in the page: one performer per row of the action table.

Finding the target, timing and dead ends are the walk's business (`harness.run.perform`);
a performer only does the thing, and raises `harness.errors.BrowserFailed` when the
browser fails.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from harness.browser.errors import browser_errors
from harness.errors import NotOffered
from harness.scenario.urls import resolve

if TYPE_CHECKING:
    from playwright.sync_api import Locator, Page


OPTIONS_POLL_MS = 100


@dataclass(frozen=True)
class Doing:
    """One action about to be done: the page, what was found, the value, how long to wait."""

    page: Page
    value: str | None
    timeout_ms: float
    locator: Locator | None = None  # what was found, for an action on a target
    base_url: str = ""  # `visit` paths are relative to it
    folder: Path = Path()  # `upload` paths are relative to it (the scenario's folder)
    secret: bool = False  # a secret value: the field is masked on screen before it is typed

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
    """Replace the text of a field, a `[contenteditable]` or a code editor with the value.

    A field the newcomer sees is filled as it is; when the words named an editor's frame,
    the editable inside it is filled. An input the person cannot see (a code editor's
    hidden textarea, as CodeMirror and Monaco use) gets what a person does in the editor:
    select all, then the new text in one go (so the editor's own auto-indent and closing
    brackets do not add to it).
    """
    value = d.value or ""
    how, inside = d.found.evaluate(EDITING_SCRIPT, EDITABLE_CSS)
    field = d.found.locator(EDITABLE_CSS).first if inside else d.found
    if d.secret and value:  # before a single character shows: videos and traces record it
        mask_on_screen(field)
    if how != "editor":  # a visible field or a contenteditable: Playwright replaces its text
        field.fill(value, timeout=d.timeout_ms)
        return
    field.focus(timeout=d.timeout_ms)
    d.page.keyboard.press("ControlOrMeta+A")
    if value:
        d.page.keyboard.insert_text(value)
    else:
        d.page.keyboard.press("Delete")


# What may hold the text inside a frame the words named: the editable part of an editor.
EDITABLE_CSS = (
    '[contenteditable]:not([contenteditable="false"]), textarea, '
    "input:not([type=hidden]):not([type=checkbox]):not([type=radio])"
)
# ["field" | "editable" | "editor", whether it is inside what was found]. An input drawn
# too small to see, or transparent, is an editor's: the person types into what it draws.
EDITING_SCRIPT = """
(el, css) => {
  const kind = (e) => {
    if (e.isContentEditable) return 'editable';
    if (e.tagName !== 'INPUT' && e.tagName !== 'TEXTAREA') return null;
    const r = e.getBoundingClientRect();
    const unseen = r.width <= 2 || r.height <= 2 || Number(getComputedStyle(e).opacity) === 0;
    return unseen ? 'editor' : 'field';
  };
  const own = kind(el) || (el.tagName === 'SELECT' ? 'field' : null);
  if (own) return [own, false];
  const inner = el.querySelector(css);
  return inner ? [kind(inner) || 'field', true] : ['field', false];
}
"""


# The colour of the mask over a secret field, on screen as in screenshots (Playwright's).
MASK_COLOUR = "#FF00FF"
MASK_ATTRIBUTE = "data-shoshin-secret"
# Marks the field (for an editor's hidden input, the first visible box around it, unless
# that is a page-sized wrapper) and paints it over, its text and caret transparent: inline
# (it beats the page's own styles, in a shadow root too) and by a sheet on the attribute
# (it outlasts the page resetting its inline style, and covers the field's children: a
# contenteditable's text).
_MASK_SCRIPT = """
(found, [attr, colour]) => {
  const shown = (e) => {
    const r = e.getBoundingClientRect();
    return r.width > 2 && r.height > 2 && Number(getComputedStyle(e).opacity) > 0;
  };
  let el = found;
  while (!shown(el) && el.parentElement && el.parentElement !== document.body) {
    el = el.parentElement;
  }
  const box = el.getBoundingClientRect();
  if (!shown(el) || box.width * box.height > innerWidth * innerHeight / 2) el = found;
  const rules = {'background': colour, 'color': 'transparent',
    '-webkit-text-fill-color': 'transparent', 'caret-color': 'transparent',
    'text-shadow': 'none', 'border-color': colour};
  el.setAttribute(attr, '');
  for (const [name, value] of Object.entries(rules)) el.style.setProperty(name, value, 'important');
  const root = el.getRootNode();
  if (!root.adoptedStyleSheets || root.__shoshinMask) return;
  const sheet = new CSSStyleSheet();
  const body = Object.entries(rules).map(([n, v]) => `${n}: ${v} !important;`).join(' ');
  sheet.replaceSync(`[${attr}], [${attr}] * { ${body} }
    [${attr}]::selection, [${attr}] *::selection { color: transparent; background: ${colour}; }
    [${attr}]::placeholder { color: transparent; }`);
  root.adoptedStyleSheets = [...root.adoptedStyleSheets, sheet];
  root.__shoshinMask = true;
}
"""


def mask_on_screen(field: Locator) -> None:
    """Paint a secret field over in the page, for as long as it is on screen: the video and
    the trace's screenshots record it masked, as the run's screenshots are."""
    field.evaluate(_MASK_SCRIPT, [MASK_ATTRIBUTE, MASK_COLOUR])


def _select(d: Doing) -> None:
    """The option whose words are the value (as a newcomer reads them), else whose value is.

    Options may arrive late, so they are read again until `timeout_ms`; then `NotOffered`
    names the ones there are.
    """
    wanted = (d.value or "").strip()
    deadline = time.monotonic() + d.timeout_ms / 1000
    if d.secret and wanted:  # the list shows the option chosen
        mask_on_screen(d.found)
    while True:
        options = d.found.evaluate(_OPTIONS_SCRIPT)
        if options is None:  # not a native select: let Playwright try its own way
            d.found.select_option(label=wanted, timeout=d.timeout_ms)
            return
        value = option_value(options, wanted)
        if value is not None:
            d.found.select_option(value=value, timeout=d.timeout_ms)
            return
        if time.monotonic() >= deadline:
            offered = [str(label) for label, _, disabled in options if not disabled]
            raise NotOffered(f"No option “{wanted}” in this list.", offered)
        d.page.wait_for_timeout(OPTIONS_POLL_MS)


_OPTIONS_SCRIPT = """
(el) => el.tagName === 'SELECT'
  ? [...el.options].map(o => [o.label.replace(/\\s+/g, ' ').trim(), o.value, o.disabled])
  : null
"""


def option_value(options: list[list[Any]], wanted: str) -> str | None:
    """The value of the enabled option shown as `wanted`, else of the one valued `wanted`."""
    enabled = [(str(label), str(value)) for label, value, disabled in options if not disabled]
    for label, value in enabled:
        if label == wanted:
            return value
    for _, value in enabled:
        if value == wanted:
            return value
    for label, value in enabled:
        if label.casefold() == wanted.casefold():
            return value
    return None


def _check(d: Doing) -> None:
    d.found.check(timeout=d.timeout_ms)


def _press(d: Doing) -> None:
    d.page.keyboard.press(d.value or "Enter")


def _type(d: Doing) -> None:
    """Keystrokes into whatever has focus: a code editor, a terminal, a contenteditable."""
    d.page.keyboard.type(d.value or "")


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
    "type": _type,
    "hover": _hover,
    "upload": _upload,
    "scroll": _scroll,
}


def forget_cookies(page: Page) -> None:
    """Clear the cookies of the page's context: the newcomer arrives with none."""
    with browser_errors():
        page.context.clear_cookies()


def perform(kind: str, doing: Doing) -> int | None:
    """Do an action of `kind`; the HTTP status when it loaded a page."""
    with browser_errors():
        return PERFORMERS[kind](doing)
