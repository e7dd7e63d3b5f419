"""THE recorder (harness/browser/recording.py + recorder.js) in a real Chromium: what a person
does, named the way scenarios name targets, and nothing they type unless values are asked for."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

from harness.browser.launch import BrowserChoice, launch
from harness.browser.recording import Recording

pytestmark = pytest.mark.browser  # every test here drives a real Chromium

TYPED = "zebra-quokka-4711"


@pytest.fixture(scope="module")
def browser(browser_choice: BrowserChoice) -> Iterator[Browser]:
    with sync_playwright() as pw:
        browser = launch(pw, browser_choice)
        yield browser
        browser.close()


class Recorded:
    def __init__(self, browser: Browser, *, values: bool = False) -> None:
        self.events: list[dict[str, Any]] = []
        self.context = browser.new_context()
        self.recording = Recording(self.context, self.events.append, values=values)
        self.page: Page = self.context.new_page()

    def of(self, kind: str) -> list[dict[str, Any]]:
        return [e for e in self.events if e["kind"] == kind]

    def settle(self) -> None:
        """Until every click told has settled (the recorder's own second)."""
        for _ in range(40):
            if len(self.of("settled")) >= len(self.of("click")):
                return
            self.page.wait_for_timeout(100)
        raise AssertionError("a click never settled")


@pytest.fixture
def recorded(browser: Browser) -> Iterator[Recorded]:
    r = Recorded(browser)
    yield r
    r.context.close()


def test_clicks_name_what_was_hit_as_scenarios_do(recorded: Recorded, pages_server: str) -> None:
    page = recorded.page
    page.goto(f"{pages_server}/tester-start.html")
    page.click("#tips")
    page.click("#lead", position={"x": 200, "y": 5})
    page.locator(".del").nth(1).click()
    recorded.settle()
    tips, text, delete = (c["target"] for c in recorded.of("click"))
    assert (tips["role"], tips["name"], tips["interactive"], tips["css"]) == (
        "button",
        "Show tips",
        True,
        "#tips",
    )
    assert (text["role"], text["name"], text["interactive"]) == (None, None, False)
    assert text["text"].startswith("Kettle brews your tea")
    # Two buttons answer to "Delete": the second one is told apart by a selector only it answers.
    assert (delete["role"], delete["name"], delete["same_name_count"]) == ("button", "Delete", 2)
    assert page.locator(delete["css"]).count() == 1
    assert (
        page.locator(delete["css"])
        .evaluate("el => el.closest('li').innerText")
        .startswith("Black tea")
    )
    first = recorded.of("click")[0]
    assert first["seq"] == 1 and first["viewport"]["width"] > 0 and first["x"] > 0


def test_a_click_that_changes_nothing_settles_unchanged(
    recorded: Recorded, pages_server: str
) -> None:
    page = recorded.page
    page.goto(f"{pages_server}/tester-start.html")
    page.click("#more")  # no handler at all
    recorded.settle()
    page.click("#tips")  # adds a tip
    recorded.settle()
    settled = {e["click"]: e["changed"] for e in recorded.of("settled")}
    more, tips = (c["seq"] for c in recorded.of("click"))
    assert settled == {more: False, tips: True}


def test_a_click_that_leaves_the_page_settles_changed(
    recorded: Recorded, pages_server: str
) -> None:
    page = recorded.page
    page.goto(f"{pages_server}/tester-start.html")
    page.click("#start")
    page.wait_for_load_state()
    recorded.settle()
    assert [e["changed"] for e in recorded.of("settled")] == [True]


def test_navigations_tell_back_forward_and_reload(recorded: Recorded, pages_server: str) -> None:
    page = recorded.page
    page.goto(f"{pages_server}/tester-start.html")
    page.click("#start")
    page.wait_for_load_state()
    page.go_back()
    page.go_forward()
    page.reload()
    page.wait_for_timeout(200)
    seen = [(e["via"], e["url"].rsplit("/", 1)[1], e["title"]) for e in recorded.of("navigation")]
    assert seen == [
        ("start", "tester-start.html", "Kettle"),
        ("link", "tester-form.html", "Sign up to Kettle"),
        ("back", "tester-start.html", "Kettle"),
        ("forward", "tester-form.html", "Sign up to Kettle"),
        ("reload", "tester-form.html", "Sign up to Kettle"),
    ]


def fill_the_form(page: Page, pages_server: str) -> None:
    page.goto(f"{pages_server}/tester-form.html")
    page.click("#email")
    page.keyboard.type(TYPED)
    page.select_option("#size", "m")
    page.click("text=I agree")
    page.click("text=Create account")
    page.wait_for_timeout(500)


def test_fields_are_named_by_their_labels_and_values_stay_in_the_page(
    recorded: Recorded, pages_server: str
) -> None:
    fill_the_form(recorded.page, pages_server)
    (typed,) = recorded.of("input")
    assert typed["field"]["role"] == "textbox" and typed["field"]["label"] == "Work email"
    assert "value" not in typed
    (chosen,) = recorded.of("select")
    assert (chosen["field"]["name"], chosen["option"]) == ("Team size", "2 to 10")
    assert "value" not in chosen
    (checked,) = recorded.of("check")
    assert (checked["field"]["name"], checked["checked"]) == ("I agree to the terms", True)
    assert recorded.of("errors")[-1]["errors"] == ["Enter an email address with an @ in it."]
    assert TYPED not in json.dumps(recorded.events)


def test_values_are_told_only_when_asked_for(browser: Browser, pages_server: str) -> None:
    r = Recorded(browser, values=True)
    try:
        fill_the_form(r.page, pages_server)
        assert r.of("input")[0]["value"] == TYPED
        assert r.of("select")[0]["value"] == "m"
    finally:
        r.context.close()


def test_a_typed_value_never_names_a_field_or_an_error(
    recorded: Recorded, pages_server: str
) -> None:
    # A field with no label would be named by its value, and the browser's own message
    # quotes what was typed: the recorder says neither.
    recorded.page.goto(f"{pages_server}/tester-bare.html")
    recorded.page.click("#a")
    recorded.page.keyboard.type(TYPED)
    recorded.page.click("button")
    recorded.page.click("#a")
    recorded.page.wait_for_timeout(400)
    assert recorded.of("input") and recorded.of("errors")
    assert TYPED not in json.dumps(recorded.events)
