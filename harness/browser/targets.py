"""Finding what a newcomer looks for, the way a person finds it.

By role and accessible name first, then label, placeholder, and visible text; exact
words before partial ones. CSS only when the scenario author wrote `css:`.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import TYPE_CHECKING

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


def strategies(page: Page, target: Target, kind: str) -> list[tuple[str, Locator]]:
    """Ways to find `target` for an action of `kind`, in the order a person would try."""
    if target.css:
        return [("css", page.locator(target.text))]
    text = target.text
    out: list[tuple[str, Locator]] = []
    for exact in (True, False):
        suffix = "" if exact else "~"
        if kind in ("fill", "upload"):
            out.append((f"label{suffix}", page.get_by_label(text, exact=exact)))
            out.append((f"placeholder{suffix}", page.get_by_placeholder(text, exact=exact)))
            roles: tuple[str, ...] = FIELD_ROLES if kind == "fill" else ("button",)
        elif kind == "select":
            out.append((f"label{suffix}", page.get_by_label(text, exact=exact)))
            roles = CHOICE_ROLES
        elif kind == "check":
            roles = CHECK_ROLES
        else:
            roles = CLICKABLE_ROLES
        out.extend(
            (f"role={role}{suffix}", page.get_by_role(role, name=text, exact=exact))  # type: ignore[arg-type]
            for role in roles
        )
        if kind in ("click", "hover", "check", "scroll"):
            out.append((f"label{suffix}", page.get_by_label(text, exact=exact)))
            out.append((f"placeholder{suffix}", page.get_by_placeholder(text, exact=exact)))
        if kind != "fill":
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
            found = find_now(page, target, kind)
        except Exception as exc:  # a navigation in progress destroys the page's context
            if "context was destroyed" not in str(exc) and "navigat" not in str(exc):
                raise
            found = None
        if found is not None:
            return found
        if time.monotonic() >= deadline:
            return None
        page.wait_for_timeout(POLL_SECONDS * 1000)
