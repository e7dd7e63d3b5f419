"""Finding what a newcomer looks for, the way a person finds it.

By role and accessible name first, then label, placeholder, and visible text; exact
words before partial ones. CSS only when the scenario author wrote `css:`.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import TYPE_CHECKING

from harness.browser.errors import browser_errors
from harness.errors import PageNavigated
from harness.scenario.actions import looks_for
from harness.scenario.model import Target

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
    locator: Locator  # the first visible match
    strategy: str  # e.g. "role=button", "label", "text"
    count: int  # how many visible things matched that way
    matches: Locator  # all of them


# How a person looks for each kind of thing (`ActionKind.looks_for`): the ways tried before
# the roles, the roles, the ways tried after them, and whether visible text is tried last.
LOOKING: dict[str, tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...], bool]] = {
    "field": (("label", "placeholder"), FIELD_ROLES, (), False),
    "file": (("label", "placeholder"), ("button",), (), True),
    "choice": (("label",), CHOICE_ROLES, (), True),
    "check": ((), CHECK_ROLES, ("label", "placeholder"), True),
    "clickable": ((), CLICKABLE_ROLES, ("label", "placeholder"), True),
}


def strategies(page: Page, target: Target, kind: str) -> list[tuple[str, Locator]]:
    """Ways to find `target` for an action of `kind`, in the order a person would try."""
    if target.css:
        return [("css", page.locator(target.text))]
    text = target.text
    before, roles, after, by_text = LOOKING.get(looks_for(kind), LOOKING["clickable"])
    out: list[tuple[str, Locator]] = []
    for exact in (True, False):
        suffix = "" if exact else "~"
        ways = {  # locators are lazy: making one asks the page nothing
            "label": page.get_by_label(text, exact=exact),
            "placeholder": page.get_by_placeholder(text, exact=exact),
        }
        out.extend((f"{way}{suffix}", ways[way]) for way in before)
        out.extend(
            (f"role={role}{suffix}", page.get_by_role(role, name=text, exact=exact))  # type: ignore[arg-type]
            for role in roles
        )
        out.extend((f"{way}{suffix}", ways[way]) for way in after)
        if by_text:
            out.append((f"text{suffix}", page.get_by_text(text, exact=exact)))
    return out


def find_now(page: Page, target: Target, kind: str) -> Found | None:
    """One look at the page: the first way that shows something visible."""
    for strategy, locator in strategies(page, target, kind):
        visible = locator.filter(visible=True)
        count = visible.count()
        if count:
            return Found(visible.first, strategy, count, visible)
    return None


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
