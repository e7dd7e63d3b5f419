"""The keyboard-only newcomer (`--input keyboard`): Tab to the target, then act with keys.

`reach` presses Tab until what was found has focus, counting the presses, and notes
the focus order seen; Tab cycling back to where it began (or `TAB_CAP` presses) means the
target is not reachable. Whether the focus showed is read from the target's own styles,
unfocused before the first press and focused after the last. The keyboard performers then
act on what has focus: Enter on a link or button, Space on a checkbox, radio or switch,
typing into a field, arrow keys through a list's options. Kinds a keyboard does no
differently (visit, press, type, scroll) are done the mouse's way.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from harness.browser.actions import (
    EDITABLE_CSS,
    EDITING_SCRIPT,
    PERFORMERS,
    Doing,
    mask_on_screen,
    option_value,
)
from harness.browser.errors import browser_errors
from harness.errors import NotOffered

if TYPE_CHECKING:
    from playwright.sync_api import Locator

# Kinds whose target the keyboard newcomer must first bring focus to.
REACHED_KINDS = ("click", "fill", "select", "check", "hover", "upload")
TAB_CAP = 200  # presses before giving up on a page whose focus never comes round again
ORDER_LIMIT = 30  # how much of the focus order a dead end keeps


@dataclass
class Reach:
    """What bringing focus to a target took."""

    reached: bool
    presses: int = 0
    order: list[str] = field(default_factory=list)  # what had focus after each press
    invisible: bool = False  # reached, but nothing on screen changed to show its focus


# Names the deep active element as a person hears it: `button “Save”`, and whether it is
# (or holds, or is a control inside) what was found. Marks each one seen, so that Tab coming
# back to one means the order has gone all the way round.
_FOCUS_SCRIPT = """
(el, first) => {
  // In a frame that does not have focus, its active element is not focused: nothing to say.
  if (window !== window.top && !document.hasFocus()) return [false, false, false, null];
  let a = document.activeElement;
  while (a && a.shadowRoot && a.shadowRoot.activeElement) a = a.shadowRoot.activeElement;
  if (first) window.__shoshinTabbed = new WeakSet(a ? [a] : []);
  const seen = window.__shoshinTabbed || (window.__shoshinTabbed = new WeakSet());
  const again = !first && !!a && seen.has(a);
  if (a) seen.add(a);
  const acts = 'a,button,summary,label,[role=button],[role=link],[role=tab],[role=menuitem]';
  const hit = !!a && a !== document.body && (el === a || el.contains(a) ||
    (a.matches(acts) && a.contains(el)));
  const group = !!a && !hit && a.type === 'radio' && el.type === 'radio' && a.name &&
    a.name === el.name && a.form === el.form;
  const role = !a || a === document.body ? 'page' :
    a.getAttribute('role') || ({A: 'link', BUTTON: 'button', SELECT: 'list', TEXTAREA: 'text field',
      SUMMARY: 'disclosure'}[a.tagName]) ||
    (a.tagName === 'INPUT' ? ({checkbox: 'checkbox', radio: 'radio', submit: 'button',
      button: 'button'}[a.type] || 'text field') : a.tagName.toLowerCase());
  const byId = (ids) => ids.split(/\\s+/).map(i => document.getElementById(i))
    .filter(Boolean).map(e => e.textContent).join(' ');
  const name = !a || a === document.body ? '' : (a.getAttribute('aria-label') ||
    (a.getAttribute('aria-labelledby') && byId(a.getAttribute('aria-labelledby'))) ||
    (a.labels && a.labels.length ? a.labels[0].textContent : '') ||
    a.innerText || a.getAttribute('placeholder') || a.getAttribute('title') || a.value || '')
    .replace(/\\s+/g, ' ').trim().slice(0, 80);
  return [hit, again, group, name ? `${role} “${name}”` : `(${role} with no name)`];
}
"""

# What shows focus on screen: compared unfocused and focused.
_LOOK_SCRIPT = """
(el) => {
  const s = getComputedStyle(el);
  const outline = s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0
    ? `${s.outlineStyle} ${s.outlineWidth} ${s.outlineColor} ${s.outlineOffset}` : 'none';
  return [outline, s.boxShadow, s.borderColor, s.borderWidth, s.backgroundColor, s.color,
    s.textDecorationLine, s.transform, s.opacity];
}
"""


Aside = Callable[[], AbstractContextManager[Any]]


def reach(found: Locator, cap: int = TAB_CAP, aside: Aside = nullcontext) -> Reach:
    """Press Tab until `found` has focus. `aside` wraps the harness's own looking (left out
    of the step's time); the presses are the newcomer's."""
    page = found.page
    with browser_errors():
        with aside():
            hit, _, _, _ = found.evaluate(_FOCUS_SCRIPT, True)
            if hit:
                return Reach(True)
            unfocused = found.evaluate(_LOOK_SCRIPT)
        out = Reach(False)
        for _ in range(cap):
            page.keyboard.press("Tab")
            out.presses += 1
            with aside():
                hit, again, group, name = found.evaluate(_FOCUS_SCRIPT, False)
            if group:  # a radio group takes one Tab; its radios are chosen with the arrows
                hit = _arrow_to(found, aside)
            if hit:
                out.reached = True
                with aside():
                    out.invisible = found.evaluate(_LOOK_SCRIPT) == unfocused
                return out
            if again:
                return out
            if name is not None:  # focus outside the target's frame goes unnamed
                out.order.append(name)
        return out


def _arrow_to(found: Locator, aside: Aside) -> bool:
    """Arrow keys through a radio group until `found` has focus."""
    size = int(
        found.evaluate(
            "el => el.form ? el.form.elements[el.name]?.length || 1 : "
            "document.getElementsByName(el.name).length"
        )
    )
    for _ in range(size):
        found.page.keyboard.press("ArrowDown")
        with aside():
            if found.evaluate(_FOCUS_SCRIPT, False)[0]:
                return True
    return False


def order_seen(order: list[str]) -> list[str]:
    """The focus order as a dead end keeps it: the first `ORDER_LIMIT`, then how many more."""
    if len(order) <= ORDER_LIMIT:
        return order
    return [*order[:ORDER_LIMIT], f"… and {len(order) - ORDER_LIMIT} more"]


_KEY_SCRIPT = """
(el) => {
  const t = (el.getAttribute('role') || '').toLowerCase();
  const box = ['checkbox', 'radio', 'switch', 'menuitemcheckbox', 'menuitemradio'];
  const input = el.tagName === 'INPUT' && (el.type === 'checkbox' || el.type === 'radio');
  if (box.includes(t) || input)
    return [' ', el.checked === true || el.getAttribute('aria-checked') === 'true'];
  return ['Enter', false];
}
"""


def _key_for(d: Doing) -> tuple[str, bool]:
    key, checked = d.found.evaluate(_KEY_SCRIPT)
    return ("Space" if key == " " else "Enter"), bool(checked)


def _click(d: Doing) -> None:
    key, _ = _key_for(d)
    d.page.keyboard.press(key)


def _check(d: Doing) -> None:
    key, checked = _key_for(d)
    if not checked:  # checking is making sure: a box already ticked stays so
        d.page.keyboard.press(key)


def _fill(d: Doing) -> None:
    """Select what the field holds and type the value over it, as a person does; into a
    code editor in one go, as the mouse's way does (its auto-indent would add to it)."""
    value = d.value or ""
    how, inside = d.found.evaluate(EDITING_SCRIPT, EDITABLE_CSS)
    if d.secret and value:
        mask_on_screen(d.found.locator(EDITABLE_CSS).first if inside else d.found)
    d.page.keyboard.press("ControlOrMeta+A")
    if not value:
        d.page.keyboard.press("Delete")
    elif how == "editor":
        d.page.keyboard.insert_text(value)
    else:
        d.page.keyboard.type(value)


_LIST_SCRIPT = """
(el) => el.tagName === 'SELECT'
  ? [[...el.options].map(o => [o.label.replace(/\\s+/g, ' ').trim(), o.value, o.disabled]),
     el.selectedIndex]
  : null
"""


def _select(d: Doing) -> None:
    """Arrow keys through a closed native list to the option; others the mouse's way."""
    wanted = (d.value or "").strip()
    if d.secret and wanted:
        mask_on_screen(d.found)
    listed = d.found.evaluate(_LIST_SCRIPT)
    if listed is None:
        PERFORMERS["select"](d)
        return
    options, current = listed
    value = option_value(options, wanted)
    if value is None:
        offered = [str(label) for label, _, disabled in options if not disabled]
        raise NotOffered(f"No option “{wanted}” in this list.", offered)
    enabled = [i for i, (_, _, disabled) in enumerate(options) if not disabled]
    goal = next(i for i in enabled if str(options[i][1]) == value)
    here = sum(1 for i in enabled if i < current) if current >= 0 else -1
    steps = enabled.index(goal) - here
    for _ in range(abs(steps)):
        d.page.keyboard.press("ArrowDown" if steps > 0 else "ArrowUp")


def _focus_only(d: Doing) -> None:
    """Hovering, for the keyboard newcomer, is having it focused: done by reaching it."""


def _upload(d: Doing) -> None:
    PERFORMERS["upload"](d)  # the file chooser is the system's, not the page's


KEYBOARD_PERFORMERS: dict[str, Callable[[Doing], int | None]] = {
    **PERFORMERS,
    "click": _click,
    "check": _check,
    "fill": _fill,
    "select": _select,
    "hover": _focus_only,
    "upload": _upload,
}


def perform(kind: str, doing: Doing) -> int | None:
    """Do an action of `kind` with the keyboard, its target already focused by `reach`."""
    with browser_errors():
        return KEYBOARD_PERFORMERS[kind](doing)
