"""One look at what was found: its count, box, cover and whether it may be disabled.

The step skips Playwright's own `is_enabled` when the look says "surely enabled", so that
"no" must never be wrong: checked against Playwright on every way a control is disabled.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Page

from harness.browser.page import sighting

pytestmark = pytest.mark.browser  # every test here drives a real Chromium

CONTROLS = """
<button id="plain">Go</button>
<button id="native" disabled>Go</button>
<fieldset disabled><legend>L</legend><input id="in-fieldset"></fieldset>
<fieldset disabled><legend><button id="in-legend">Go</button></legend></fieldset>
<select><optgroup disabled><option id="in-optgroup">A</option></optgroup></select>
<div role="button" id="aria" aria-disabled="true">Go</div>
<div role="button" id="aria-upper" aria-disabled="TRUE">Go</div>
<div aria-disabled="true"><div role="button" id="aria-parent">Go</div></div>
<div role="button" id="aria-false" aria-disabled="false">Go</div>
<a href="#" id="link" aria-disabled="true">Go</a>
<input id="readonly" readonly>
"""


@pytest.mark.parametrize(
    "element",
    [
        "plain",
        "native",
        "in-fieldset",
        "in-legend",
        "in-optgroup",
        "aria",
        "aria-upper",
        "aria-parent",
        "aria-false",
        "link",
        "readonly",
    ],
)
def test_surely_enabled_is_never_wrong(page: Page, element: str) -> None:
    page.set_content(CONTROLS)
    locator = page.locator(f"#{element}")
    seen = sighting(locator)
    assert seen is not None and seen.count == 1
    if not locator.is_enabled():
        assert seen.may_be_disabled, f"#{element} is disabled but was called surely enabled"


def test_what_is_disabled_is_said_to_be_maybe(page: Page) -> None:
    page.set_content(CONTROLS)
    maybe = {
        e: sighting(page.locator(f"#{e}")).may_be_disabled  # type: ignore[union-attr]
        for e in ("plain", "native", "aria", "aria-parent", "aria-false")
    }
    assert maybe == {
        "plain": False,
        "native": True,
        "aria": True,
        "aria-parent": True,
        "aria-false": False,
    }


def test_count_box_and_cover_in_one_look(page: Page) -> None:
    page.set_content(
        '<button style="position:absolute;left:10px;top:20px;width:100px;height:30px">Go</button>'
        '<button style="position:absolute;left:10px;top:80px;width:100px;height:30px">Go</button>'
        '<div style="position:fixed;left:0;top:0;width:300px;height:60px;background:#fff">'
        "<button>Accept all</button></div>"
    )
    seen = sighting(page.get_by_role("button", name="Go"))
    assert seen is not None
    assert seen.count == 2
    assert (seen.box["x"], seen.box["y"], seen.box["width"]) == (10, 20, 100)
    assert seen.cover == ["Accept all"]


def test_nothing_found_is_none(page: Page) -> None:
    page.set_content("<p>Nothing to press</p>")
    assert sighting(page.get_by_role("button")) is None
