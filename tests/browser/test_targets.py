"""Finding targets the way a person does, on purpose-built pages in a real Chromium."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page

from harness.browser.targets import find, find_now
from harness.scenario.model import Target

pytestmark = pytest.mark.browser  # every test here drives a real Chromium


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
    assert find(page, Target("Ready"), "click", patience=30) is not None  # even when loaded
    page.set_content("<p>nothing</p>")
    assert find(page, Target("Ready"), "click", patience=0.3) is None


@pytest.mark.parametrize(
    ("html", "written"),
    [
        ('<ul role="menu"><li role="menuitem">Rename Notebook…</li></ul>', "Rename Notebook..."),
        ("<button>Don’t save</button>", "Don't save"),
        ("<button>Sign–in</button>", "Sign-in"),
        ("<a href='#'>Get&nbsp;started</a>", "Get started"),
        ("<button>Get   started</button>", "get  STARTED"),
    ],
)
def test_words_are_read_as_a_reader_reads_them(page: Page, html: str, written: str) -> None:
    result = found(page, html, written)
    assert result is not None and not result[0].endswith("~"), result  # an exact match


def test_typography_counts_for_labels_placeholders_and_text(page: Page) -> None:
    html = "<label for=n>Project’s name</label><input id=n><input placeholder='Search…'>"
    assert found(page, html, "project's name", "fill") == ("label", '<input id="n">', 1)
    result = found(page, html, "Search...", "fill")
    assert result is not None and result[0] == "placeholder"
    result = found(page, "<p>Step 2 – Invite</p>", "step 2 - invite", "click")
    assert result is not None and result[0] == "text"


def test_partial_words_are_whole_words(page: Page) -> None:
    html = '<li role="tab" aria-label="Running Terminals and Kernels"></li>'
    assert found(page, html, "Terminal") is None  # "Terminal" is not in "Terminals"
    result = found(page, '<li role="tab" aria-label="Open a Terminal"></li>', "Terminal")
    assert result is not None and result[0] == "role=tab~"


def test_exact_visible_words_beat_a_partial_name(page: Page) -> None:
    html = (
        '<li role="tab" aria-label="Open a Terminal"></li>'
        '<div class="card" tabindex="0"><p>Terminal</p></div>'
    )
    assert found(page, html, "Terminal") == ("text", "<p>Terminal</p>", 1)


def test_a_drop_down_by_the_option_it_shows(page: Page) -> None:
    html = (
        "<label>Sort <select><option>name</option></select></label>"
        "<select><option>- column -</option><option>city</option></select>"
    )
    result = found(page, html, "- column -", "select")
    assert result is not None and result[:2] == (
        "shown",
        "<select><option>- column -</option><option>city</option></select>",
    )
    assert found(page, html, "column", "select") is not None  # part of what it shows
    # A prompt that cannot be chosen again ("Choose…", disabled and hidden) is still shown.
    html = "<select><option disabled selected hidden>Choose a column…</option><option>a</option>"
    result = found(page, html + "</select>", "Choose a column...", "select")
    assert result is not None and result[0] == "shown"
    # A name wins over what is shown: the drop-down labelled "name" is the one called so.
    html = "<select><option>Sort</option></select><label>Sort <select></select></label>"
    assert found(page, html, "Sort", "select") == ("label", "<select></select>", 1)


def test_a_field_by_its_label_is_something_to_type_into(page: Page) -> None:
    # A terminal: a panel called "Terminal 1" holds the box that takes the typing.
    html = (
        '<div role="tabpanel" aria-label="Terminal 1">'
        '<textarea aria-label="Terminal input"></textarea></div>'
    )
    assert found(page, html, "Terminal", "fill") == (
        "label~",
        '<textarea aria-label="Terminal input"></textarea>',
        1,
    )
    html = '<div contenteditable aria-label="Notes"></div><section aria-label="Notes"></section>'
    result = found(page, html, "Notes", "fill")
    assert result is not None and result[2] == 1
