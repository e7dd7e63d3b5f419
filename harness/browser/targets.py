"""Finding what a newcomer looks for, the way a person finds it.

By role and accessible name first, then label, placeholder, and visible text; exact
words before partial ones, all read as a reader reads them (`harness.wording`); a field
by the words nearest to it when no label is tied to it, and one of several by its place on
screen (`under`, `near`): `harness.browser.nearby`. CSS only when the scenario author wrote
`css:`.
"""

from __future__ import annotations

import re
import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from harness.browser import nearby
from harness.browser.errors import browser_errors
from harness.browser.page import Sighting, read_names, sighting
from harness.errors import PageNavigated
from harness.scenario.actions import looks_for
from harness.scenario.model import Target
from harness.wording import reader_pattern

if TYPE_CHECKING:
    from playwright.sync_api import Locator, Page

CLICKABLE_ROLES = (
    "button",
    "link",
    "tab",
    "menuitem",
    "checkbox",
    "radio",
    "switch",
    "option",
    "menuitemcheckbox",
    "menuitemradio",
    "treeitem",
)
FIELD_ROLES = ("textbox", "searchbox", "combobox", "spinbutton")
CHOICE_ROLES = ("combobox", "listbox")
CHECK_ROLES = ("checkbox", "radio", "switch")
POLL_SECONDS = 0.05


@dataclass(frozen=True)
class Found:
    locator: Locator  # the first visible match, in reading order
    count: int  # how many visible things matched, every way at that exactness together
    matches: Locator  # all of them
    tier: list[tuple[str, Locator]]  # the ways of looking that found them
    seen: Sighting  # of the first: where it is, what covers it, whether it may be disabled

    @property
    def strategy(self) -> str:
        """How the first match was found, e.g. "role=button", "label", "text" (asks the page)."""
        return _strategy_of(self.locator, self.tier)


# How a person looks for each kind of thing (`ActionKind.looks_for`).
@dataclass(frozen=True)
class Looking:
    before: tuple[str, ...] = ()  # named ways tried before the roles ("label", "placeholder")
    roles: tuple[str, ...] = ()
    after: tuple[str, ...] = ()  # named ways tried after the roles
    by_text: bool = False  # visible words count: on something to act on, and at last alone
    by_shown: bool = False  # a drop-down by the option it shows, when nothing is named so
    fields_only: bool = False  # a label counts only on something one can type into


LOOKING: dict[str, Looking] = {
    "field": Looking(("label", "placeholder"), FIELD_ROLES, fields_only=True),
    "file": Looking(("label", "placeholder"), ("button",), by_text=True),
    "choice": Looking(("label",), CHOICE_ROLES, by_text=True, by_shown=True),
    "check": Looking((), CHECK_ROLES, ("label", "placeholder"), by_text=True),
    "clickable": Looking((), CLICKABLE_ROLES, ("label", "placeholder"), by_text=True),
}

# Things a person clicks that have no role of their own: a card that takes the focus or a
# click (a launcher's "Terminal" card). Words on them, or inside them, are a thing to act on;
# words inside a control are that control, which its name finds.
_TAKES_ACTION = '[onclick], [tabindex]:not([tabindex^="-"])'
_CONTROL_ROLES = (*CLICKABLE_ROLES, *FIELD_ROLES, "listbox")
_CONTROLS = ", ".join(
    ["a[href]", "button", "input", "select", "textarea", "summary", "label"]
    + [f"[role={role}]" for role in _CONTROL_ROLES]
)
ACTIONABLE_TEXT = f":is({_TAKES_ACTION}, :is({_TAKES_ACTION}) *):not(:is({_CONTROLS}) *)"
# What one can type into: a label on anything else (a panel called "Terminal 1") is not a
# field called so.
FIELDS = ", ".join(
    ["input", "textarea", "select", '[contenteditable]:not([contenteditable="false"])']
    + [f"[role={role}]" for role in FIELD_ROLES]
)


def _ways(page: Page, pattern: re.Pattern[str]) -> dict[str, Locator]:
    """Every way of finding words matching `pattern`, but by role (locators are lazy)."""
    text = page.get_by_text(pattern)
    shown = page.locator("option:checked").filter(has_text=pattern)
    return {
        "label": page.get_by_label(pattern),
        "placeholder": page.get_by_placeholder(pattern),
        "text": text,
        "actionable": text.and_(page.locator(ACTIONABLE_TEXT)),
        "shown": page.locator("select").filter(has=shown),
    }


def tiers(page: Page, target: Target, kind: str) -> list[list[tuple[str, Locator]]]:
    """Ways to find `target` for an action of `kind`, grouped as a person would try them.

    Words are read as a reader reads them (`harness.wording`): "Rename Notebook..." is
    "Rename Notebook…", case and typography aside. Exact words before partial ones, across
    every way of finding: a card showing exactly "Terminal" beats a tab named "Running
    Terminal sessions". At each exactness, every named way (role, label, placeholder) and
    the words on things to act on that have no role (a clickable card) count together: a
    button and a link both called "Save" are two things a newcomer has to choose from.
    Then, for a drop-down, the option it shows ("- column -"); then visible text alone,
    a group of its own because it matches words that are not things to act on (a heading
    "Save" above a button "Save" is not a choice). Partial words are whole words: "Save"
    is in "Save draft", not in "Saved".
    """
    if target.css:
        return [[("css", page.locator(target.text))]]
    looking = LOOKING.get(looks_for(kind), LOOKING["clickable"])
    out: list[list[tuple[str, Locator]]] = []
    for exact in (True, False):
        pattern = reader_pattern(target.text, whole=exact)
        suffix = "" if exact else "~"
        ways = _ways(page, pattern)
        if looking.fields_only:
            ways["label"] = ways["label"].and_(page.locator(FIELDS))
        named = [(f"{way}{suffix}", ways[way]) for way in looking.before]
        named.extend(
            (f"role={role}{suffix}", page.get_by_role(role, name=pattern))  # type: ignore[arg-type]
            for role in looking.roles
        )
        named.extend((f"{way}{suffix}", ways[way]) for way in looking.after)
        if looking.by_text:
            named.append((f"text{suffix}", ways["actionable"]))
        out.append(named)
        if looking.by_shown:
            out.append([(f"shown{suffix}", ways["shown"])])
        if looking.by_text:
            out.append([(f"text{suffix}", ways["text"])])
    return out


def find_now(page: Page, target: Target, kind: str) -> Found | None:
    """One look at the page: the first group of ways that shows something visible.

    The ways of a group are asked at once as one union, which Playwright keeps in document
    order and free of duplicates by element identity: a field found both by its label
    and as a textbox is one thing, not two.
    """
    unlinked_tried = False
    for tier in tiers(page, target, kind):
        if not unlinked_tried and tier[0][0].startswith("text"):  # words no label ties
            unlinked_tried = True
            if (found := _unlinked(page, target, kind)) is not None:
                return found
        union = tier[0][1]
        for _, locator in tier[1:]:
            union = union.or_(locator)
        visible = union.filter(visible=True)
        if (target.under or target.near) and not target.css:  # which one, by its place
            if (spot := nearby.placed(visible, target)) is not None:
                return Found(spot[0], spot[2].count, spot[1], tier, spot[2])
            continue
        seen = sighting(visible)
        if seen is not None:
            return Found(visible.nth(seen.kept[0]), seen.count, visible, tier, seen)
    return None if unlinked_tried else _unlinked(page, target, kind)


def _unlinked(page: Page, target: Target, kind: str) -> Found | None:
    """A field found by the words nearest to it, which no label ties to it (`nearby`)."""
    spot = nearby.unlinked(page, target, looks_for(kind))
    if spot is None:
        return None
    return Found(spot[0], spot[2].count, spot[1], [(nearby.UNLINKED, spot[1])], spot[2])


def _strategy_of(element: Locator, tier: list[tuple[str, Locator]]) -> str:
    """The first way of `tier` that finds `element`."""
    if len(tier) > 1:
        for strategy, locator in tier:
            if element.and_(locator).count():
                return strategy
    return tier[0][0]


_ROLE_LINE = re.compile(r'-\s+([A-Za-z][\w-]*)(?:\s+"((?:[^"\\]|\\.)*)")?')


def candidates(matches: Locator, limit: int, only: Sequence[int] = ()) -> list[str]:
    """The first `limit` things matched, each with its role and name as a screen reader has them.

    E.g. `button “Save”`, `link “Save”`, `textbox “Email”`; only the words when the role
    cannot be read; and where each is when they are under different headings
    (`button “Python 3” under “Notebook”`). Best effort: what the page cannot answer is left out.
    """
    picks = list(only[:limit]) or list(range(limit))  # `only`: those counted (`Sighting.kept`)
    upto = max(picks) + 1
    out: list[str] = []
    names = read_names(matches, upto)
    where = nearby.contexts(matches, upto)  # the heading each is under, when they differ
    for index in picks:
        if index >= len(names):
            break
        words = names[index]
        try:
            snapshot = matches.nth(index).aria_snapshot(timeout=1000)
        except Exception:
            snapshot = ""
        line = _ROLE_LINE.match(snapshot.strip())
        role, name = (line.group(1), line.group(2)) if line else ("text", None)
        name = (name or "").replace('\\"', '"') or words
        quoted = f"“{name}”" if name else "(no words)"
        said = quoted if role == "text" else f"{role} {quoted}"
        heading = where[index] if index < len(where) else ""
        out.append(f"{said} under “{heading}”" if heading else said)
    return out


def find(page: Page, target: Target, kind: str, patience: float) -> Found | None:
    """Keep looking until something matches or patience runs out."""
    deadline = time.monotonic() + patience
    while True:
        try:
            with browser_errors():
                found = find_now(page, target, kind)
        except PageNavigated:  # a navigation in progress destroys the page's context
            found = None
        if found is not None:
            return found
        if time.monotonic() >= deadline:
            return None
        page.wait_for_timeout(POLL_SECONDS * 1000)
