"""Ambiguity across roles: every named way of finding a target counts, each element once."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page

from harness.browser.targets import Found, candidates, find_now
from harness.scenario.model import Target

pytestmark = pytest.mark.browser  # every test here drives a real Chromium


def look(page: Page, html: str, text: str, kind: str = "click") -> Found:
    page.set_content(html)
    found = find_now(page, Target(text), kind)
    assert found is not None, f"nothing found for {text!r}"
    return found


def outer(found: Found) -> str:
    return str(found.locator.evaluate("el => el.outerHTML"))


def test_a_button_and_a_link_with_the_same_name_are_ambiguous(page: Page) -> None:
    found = look(page, '<button>Save</button><a href="#">Save</a>', "Save")
    assert (found.count, found.strategy, outer(found)) == (
        2,
        "role=button",
        "<button>Save</button>",
    )
    assert candidates(found.matches, 8) == ["button “Save”", "link “Save”"]


def test_the_first_in_reading_order_is_used_whatever_its_role(page: Page) -> None:
    found = look(page, '<a href="#">Save</a><button>Save</button>', "Save")
    assert (found.count, found.strategy, outer(found)) == (2, "role=link", '<a href="#">Save</a>')
    assert candidates(found.matches, 8) == ["link “Save”", "button “Save”"]


def test_a_field_labelled_and_a_field_with_that_placeholder_are_ambiguous(page: Page) -> None:
    html = '<label for=a>Email</label><input id=a><input placeholder="Email">'
    found = look(page, html, "Email", "fill")
    assert (found.count, found.strategy) == (2, "label")
    assert candidates(found.matches, 8) == ["textbox “Email”", "textbox “Email”"]


@pytest.mark.parametrize(
    ("html", "text", "kind"),
    [
        ("<label for=n>Name</label><input id=n>", "Name", "fill"),  # label and role=textbox
        ("<label><input type=checkbox> Remember me</label>", "Remember me", "check"),
        ('<button aria-label="Close">×</button><label for=c>Close</label>', "Close", "click"),
    ],
)
def test_one_element_found_two_ways_is_counted_once(
    page: Page, html: str, text: str, kind: str
) -> None:
    assert look(page, html, text, kind).count == 1


def test_exact_words_still_beat_partial_ones_across_roles(page: Page) -> None:
    found = look(page, '<a href="#">Save draft</a><button>Save</button>', "Save")
    assert (found.count, found.strategy) == (1, "role=button")


def test_words_that_are_not_things_to_act_on_do_not_make_a_choice(page: Page) -> None:
    found = look(page, "<h1>Save</h1><p>Save</p><button>Save</button>", "Save")
    assert (found.count, found.strategy) == (1, "role=button")


def test_hidden_candidates_do_not_count(page: Page) -> None:
    found = look(page, '<button>Save</button><a href="#" hidden>Save</a>', "Save")
    assert found.count == 1


def test_words_on_a_clickable_card_compete_with_a_button_of_that_name(page: Page) -> None:
    html = '<button>Terminal</button><div tabindex="0"><p>Terminal</p></div>'
    found = look(page, html, "Terminal")
    assert (found.count, found.strategy) == (2, "role=button")
    assert candidates(found.matches, 8) == ["button “Terminal”", "paragraph “Terminal”"]


def test_partial_matches_that_compete_are_a_choice(page: Page) -> None:
    html = (
        '<li role="tab" aria-label="Open a Terminal"></li>'
        '<div onclick=""><p>Terminal session</p></div>'
    )
    found = look(page, html, "Terminal")
    assert (found.count, found.strategy) == (2, "role=tab~")


def test_words_inside_a_button_are_that_button(page: Page) -> None:
    found = look(page, '<button onclick=""><span>Save</span></button>', "Save")
    assert (found.count, found.strategy) == (1, "role=button")


def test_words_on_a_card_still_do_not_count_with_a_heading(page: Page) -> None:
    html = '<h2>Terminal</h2><div tabindex="0"><p>Terminal</p></div><p tabindex="-1">Terminal</p>'
    found = look(page, html, "Terminal")
    assert (found.count, outer(found)) == (1, "<p>Terminal</p>")


def test_a_web_component_and_the_button_in_its_shadow_root_are_one_thing(page: Page) -> None:
    # A toolbar button drawn by a web component: the host and the button in its shadow root
    # carry the same name; a newcomer sees one button.
    page.set_content(
        "<tool-button title='New Folder'></tool-button>"
        "<script>customElements.define('tool-button', class extends HTMLElement {"
        "  connectedCallback() {"
        "    this.setAttribute('role', 'button');"
        "    const root = this.attachShadow({mode: 'open'});"
        "    root.innerHTML = '<button aria-label=\"New Folder\">+</button>';"
        "  }"
        "});</script>"
    )
    found = find_now(page, Target("New Folder"), "click")
    assert found is not None
    assert found.count == 1


def test_nested_matches_count_once_and_the_list_says_the_same(page: Page) -> None:
    found = look(
        page,
        '<div role="button" aria-label="Export"><button>Export</button></div>'
        "<button>Export</button>",
        "Export",
    )
    assert found.count == 2
    listed = candidates(found.matches, 8, only=found.seen.kept)
    assert len(listed) == found.count, listed
