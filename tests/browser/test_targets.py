"""Finding targets the way a person does, on purpose-built pages in a real Chromium."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Page, sync_playwright

from harness.browser.launch import BrowserChoice, launch
from harness.browser.targets import find, find_now
from harness.scenario.model import Target

pytestmark = pytest.mark.browser  # every test here drives a real Chromium


@pytest.fixture(scope="module")
def page(browser_choice: BrowserChoice) -> Iterator[Page]:
    with sync_playwright() as pw:
        browser = launch(pw, browser_choice)
        yield browser.new_page()
        browser.close()


def found(page: Page, html: str, text: str, kind: str = "click") -> tuple[str, str, int] | None:
    page.set_content(html)
    result = find_now(page, Target(text), kind)
    if result is None:
        return None
    outer = result.locator.evaluate("el => el.outerHTML")
    return result.strategy, outer, result.count


def test_a_button_by_its_name_beats_the_same_words_in_text(page: Page) -> None:
    html = "<p>Press Continue below.</p><p>Continue</p><button>Continue</button>"
    assert found(page, html, "Continue") == ("role=button", "<button>Continue</button>", 1)


def test_links_are_found_by_their_accessible_name(page: Page) -> None:
    html = '<a href="/x" aria-label="Open settings">⚙</a>'
    result = found(page, html, "Open settings")
    assert result is not None and result[0] == "role=link"


def test_fields_by_label_then_placeholder(page: Page) -> None:
    html = (
        "<label for=e>Work email</label><input id=e name=email>"
        '<input placeholder="Search projects" name=q>'
    )
    assert found(page, html, "Work email", "fill") == ("label", '<input id="e" name="email">', 1)
    result = found(page, html, "Search projects", "fill")
    assert result is not None and result[0] == "placeholder"


def test_exact_words_before_partial_ones(page: Page) -> None:
    html = "<button>Start a free trial today</button><button>Start</button>"
    assert found(page, html, "Start") == ("role=button", "<button>Start</button>", 1)
    result = found(page, html, "free trial")
    assert result is not None and result[0] == "role=button~"


def test_hidden_things_are_not_seen(page: Page) -> None:
    html = '<button style="display:none">Next</button><div hidden><a href="#">Next</a></div>'
    assert found(page, html, "Next") is None


def test_several_equal_matches_are_counted(page: Page) -> None:
    html = "<button>Save</button><button>Save</button>"
    result = found(page, html, "Save")
    assert result is not None and result[2] == 2


def test_css_only_when_asked(page: Page) -> None:
    page.set_content('<button class="go">Go</button>')
    assert find_now(page, Target(".go"), "click") is None
    css = find_now(page, Target(".go", css=True), "click")
    assert css is not None and css.strategy == "css"


def test_patience_waits_for_something_that_appears_late(page: Page) -> None:
    page.set_content(
        "<script>setTimeout(() => document.body.innerHTML = '<button>Ready</button>', 300)</script>"
    )
    assert find(page, Target("Ready"), "click", patience=3) is not None
    page.set_content("<p>nothing</p>")
    assert find(page, Target("Ready"), "click", patience=0.3) is None
