"""Finding things by their place on screen, as a newcomer does.

A person reads a field's label from the words nearest above it or to its left, whether
or not the page ties them to it; tells two "Python 3" cards apart by the heading they
sit under; and picks the "Delete" nearest to the file they mean. Here, in one page-side
script: the text blocks a person reads (each with its box), a field's nearest words, the
section under a heading, and distances on screen. Words are matched as a reader reads
them (`harness.wording`): typography, spaces and case do not matter.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from harness.browser.errors import browser_errors
from harness.browser.page import Sighting, sighting
from harness.scenario.model import Target
from harness.wording import reader_pattern

if TYPE_CHECKING:
    from playwright.sync_api import Locator, Page

# How a field found by its unlinked label is found (`Found.strategy`), and the friction's kind.
UNLINKED = "unlinked-label"
# Words further than this (CSS pixels) from a field are not its label.
MAX_LABEL_GAP = 120
# Where a person reads the label of each kind of thing (`ActionKind.looks_for`).
LABEL_SIDES: dict[str, tuple[str, ...]] = {
    "field": ("above", "left"),
    "choice": ("above", "left"),
    "file": ("above", "left"),
    "check": ("right", "left"),  # "☐ I agree": the words follow the box
}
# The things of each kind a label may name.
FIELDS: dict[str, str] = {
    "field": "input:not([type]), input[type=text], input[type=email], input[type=password], "
    "input[type=search], input[type=tel], input[type=url], input[type=number], "
    "input[type=date], input[type=time], input[type=datetime-local], input[type=month], "
    "input[type=week], textarea, [contenteditable=''], [contenteditable=true], "
    "[role=textbox], [role=searchbox], [role=spinbutton]",
    "choice": "select, [role=combobox], [role=listbox]",
    "file": "input[type=file]",
    "check": "input[type=checkbox], input[type=radio], [role=checkbox], [role=radio], "
    "[role=switch]",
}

# Shared page-side helpers. `blocks()`: every run of visible text a person reads as one
# piece (the text of one block-level element, or of one button or link), with the box of
# the words themselves (not of the element), in document order.
_HELPERS = r"""
const clean = (s) => (s || '').replace(/\s+/g, ' ').trim();
const INTERACTIVE = 'a[href], button, select, option, textarea, summary, [role=button], '
  + '[role=link], [role=tab], [role=menuitem], [role=option], [contenteditable=true]';
const HEADING = 'h1, h2, h3, h4, h5, h6, [role=heading]';
const blocks = () => {
  const display = new Map();
  const inline = (el) => {
    if (!display.has(el)) display.set(el, getComputedStyle(el).display);
    const d = display.get(el);
    return d.startsWith('inline') || d === 'contents';
  };
  const byEl = new Map();
  const walker = document.createTreeWalker(document.body || document, NodeFilter.SHOW_TEXT);
  const range = document.createRange();
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (!node.data.trim() || !node.parentElement) continue;
    range.selectNodeContents(node);
    const r = range.getBoundingClientRect();
    if (r.width <= 0 || r.height <= 0) continue;
    const parent = node.parentElement;
    const style = getComputedStyle(parent);
    if (style.visibility === 'hidden' || style.opacity === '0') continue;
    let el = parent.closest(INTERACTIVE);
    const interactive = !!el;
    if (!el) { el = parent; while (el.parentElement && inline(el)) el = el.parentElement; }
    let b = byEl.get(el);
    if (!b) {
      b = {el, interactive, parts: [], l: r.left, t: r.top, r: r.right, b: r.bottom};
      byEl.set(el, b);
    }
    b.parts.push(node.data);
    b.l = Math.min(b.l, r.left); b.t = Math.min(b.t, r.top);
    b.r = Math.max(b.r, r.right); b.b = Math.max(b.b, r.bottom);
  }
  return [...byEl.values()].map(b => ({...b, text: clean(b.parts.join(''))}));
};
const said = (text) => text.replace(/[\s:*]+$/, '');  // "Email *", "Name:" read as labels
const gap = (a, r) => Math.hypot(
  Math.max(0, a.l - r.right, r.left - a.r), Math.max(0, a.t - r.bottom, r.top - a.b));
// The words nearest above `el`, or on one of its other `sides`, within `maxGap` pixels.
const nearestWords = (el, all, sides, maxGap) => {
  const r = el.getBoundingClientRect();
  let best = null;
  for (const b of all) {
    if (b.interactive || el.contains(b.el)) continue;
    const across = b.l < r.right && b.r > r.left, level = b.t < r.bottom && b.b > r.top;
    const on = (s) => sides.includes(s);
    let side = null, d = Infinity;
    if (on('above') && across && b.b <= r.top + 2) [side, d] = ['above', r.top - b.b];
    else if (on('left') && level && b.r <= r.left + 2) [side, d] = ['left', r.left - b.r];
    else if (on('right') && level && b.l >= r.right - 2) [side, d] = ['right', b.l - r.right];
    if (side && d <= maxGap && (!best || d < best.d)) best = {text: said(b.text), side, d};
  }
  return best;
};
const before = (a, b) => !!(a.compareDocumentPosition(b) & Node.DOCUMENT_POSITION_FOLLOWING);
const levelOf = (el) => {
  const h = el.closest(HEADING);
  if (!h) return 7;
  const m = /^h([1-6])$/i.exec(h.tagName);
  return m ? +m[1] : +(h.getAttribute('aria-level') || 2);
};
"""

# The indices of the fields (`els`) whose nearest words read as the label wanted: all of
# them, else (when none is) part of them, in whole words.
_UNLINKED_SCRIPT = f"""
(els, [whole, words, sides, maxGap]) => {{
{_HELPERS}
  const all = blocks();
  const labels = els.map(el => nearestWords(el, all, sides, maxGap));
  const matching = (source) => {{
    const wanted = new RegExp(source, 'i');
    return labels.flatMap((near, i) => near && wanted.test(near.text) ? [i] : []);
  }};
  const exact = matching(whole);
  return exact.length ? exact : matching(words);
}}
"""

# Of the things matched (`els`), the indices of those after a visible heading or text that
# reads `under` and within its section (no heading of its rank, nor a title like it, in
# between), and each one's distance on screen to the nearest visible text that reads `near`.
_PLACED_SCRIPT = f"""
(els, [underWhole, underWords, nearWhole, nearWords]) => {{
{_HELPERS}
  const all = blocks();
  const anchors = (whole, words, el) => {{
    if (!whole) return null;
    const mine = all.filter(b => !el.contains(b.el));
    const exact = mine.filter(b => new RegExp(whole, 'i').test(said(b.text)));
    return exact.length ? exact : mine.filter(b => new RegExp(words, 'i').test(b.text));
  }};
  const headings = [...document.querySelectorAll(HEADING)].filter(h => h.checkVisibility());
  const sectionHolds = (a, el) => {{
    if (!before(a.el, el) || a.el.contains(el)) return false;
    const level = levelOf(a.el);
    const peers = all.filter(b => b !== a && b.el.tagName === a.el.tagName
      && b.el.className === a.el.className).map(b => b.el);
    const bounds = [...headings.filter(h => levelOf(h) <= level), ...peers];
    return !bounds.some(x => x !== a.el && !x.contains(a.el) && !a.el.contains(x)
      && before(a.el, x) && before(x, el) && !x.contains(el));
  }};
  return els.map((el, i) => {{
    const under = anchors(underWhole, underWords, el);
    if (under && !under.some(a => sectionHolds(a, el))) return null;
    const near = anchors(nearWhole, nearWords, el);
    if (!near) return [i, 0];
    if (!near.length) return null;
    const r = el.getBoundingClientRect();
    return [i, Math.min(...near.map(a => gap(a, r)))];
  }}).filter(x => x !== null);
}}
"""

# Where each of the first `limit` things matched is, in words: the heading it is under (the
# nearest visible heading before it), else its fieldset's legend, else its dialog's name.
_CONTEXT_SCRIPT = f"""
(els, limit) => {{
{_HELPERS}
  const headings = [...document.querySelectorAll(HEADING)].filter(h => h.checkVisibility());
  return els.slice(0, limit).map(el => {{
    const h = headings.filter(x => before(x, el) && !x.contains(el) && !el.contains(x)).pop();
    if (h) return clean(h.innerText);
    const legend = el.closest('fieldset')?.querySelector('legend');
    if (legend && clean(legend.innerText)) return clean(legend.innerText);
    const dialog = el.closest('dialog, [role=dialog], [role=alertdialog]');
    return dialog ? clean(dialog.getAttribute('aria-label') || '') : '';
  }});
}}
"""

# Ties in distance closer than this (CSS pixels) leave the newcomer a choice.
SAME_DISTANCE = 1.0


def _sources(words: str | None) -> tuple[str | None, str | None]:
    """`words` as page-side patterns: all of a text, and part of one (whole words)."""
    if words is None:
        return None, None
    return (
        reader_pattern(words, whole=True).pattern,
        reader_pattern(words, whole=False).pattern,
    )


def _pick(matches: Locator, indices: list[int]) -> tuple[Locator, Locator, Sighting] | None:
    """The first of `indices` (as found), all of them as one locator, and the sighting of
    the first, counting them all."""
    if not indices:
        return None
    chosen = matches.nth(indices[0])
    union = chosen
    for index in indices[1:]:
        union = union.or_(matches.nth(index))
    seen = sighting(chosen)
    if seen is None:
        return None
    return chosen, union, replace(seen, count=len(indices), kept=tuple(range(len(indices))))


def placed(matches: Locator, target: Target) -> tuple[Locator, Locator, Sighting] | None:
    """Of the visible `matches`, those `target.under` and nearest `target.near`.

    Returns the one to use (the nearest, else the first in reading order), every one left
    as one locator, and its sighting, whose count is how many are left to choose from
    (those `under`, and of them those equally near). None when none is left.
    """
    with browser_errors():
        rows = matches.evaluate_all(
            _PLACED_SCRIPT, [*_sources(target.under), *_sources(target.near)]
        )
    if not rows:
        return None
    if target.near is None:
        return _pick(matches, [int(i) for i, _ in rows])
    nearest = min(float(d) for _, d in rows)
    ranked = sorted(((float(d), int(i)) for i, d in rows), key=lambda row: row)
    return _pick(matches, [i for d, i in ranked if d - nearest < SAME_DISTANCE])


def unlinked(
    page: Page, target: Target, looks_for: str
) -> tuple[Locator, Locator, Sighting] | None:
    """Fields of the kind `looks_for` whose nearest words (above, or beside) read as
    `target.text`, though no label ties those words to them; then `placed`."""
    if target.css or looks_for not in FIELDS:
        return None
    fields = page.locator(FIELDS[looks_for]).filter(visible=True)
    with browser_errors():
        indices = fields.evaluate_all(
            _UNLINKED_SCRIPT, [*_sources(target.text), list(LABEL_SIDES[looks_for]), MAX_LABEL_GAP]
        )
    picked = _pick(fields, [int(i) for i in indices])
    if picked is None or (target.under is None and target.near is None):
        return picked
    return placed(picked[1], target)


def contexts(matches: Locator, limit: int) -> list[str]:
    """Where each of the first `limit` things matched is (the heading it is under, ...);
    empty strings when they are all in the same place, or when the page cannot say."""
    try:
        found = [str(x) for x in matches.evaluate_all(_CONTEXT_SCRIPT, limit)]
    except Exception:
        return []
    return found if len(set(found)) > 1 else []
