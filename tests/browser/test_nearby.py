"""Things found by their place on screen, in a real Chromium: a field by the words nearest
to it when no label is tied, and one of two alike things by the heading it is under or the
text it is near."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page

from harness.browser.page import read_screen
from harness.browser.targets import candidates, find_now
from harness.scenario.model import Target
from tests.conftest import ROOT

pytestmark = pytest.mark.browser  # every test here drives a real Chromium

PAGES = ROOT / "tests/fixtures/pages"


def open_page(page: Page, name: str) -> None:
    page.set_content((PAGES / name).read_text(encoding="utf-8"))


def found(page: Page, target: Target, kind: str) -> tuple[str, str, int] | None:
    """How it was found, the element's id (else its onclick), and how many were left."""
    result = find_now(page, target, kind)
    if result is None:
        return None
    which = result.locator.evaluate("el => el.id || el.getAttribute('onclick')")
    return result.strategy, which, result.count


# --- a field by the words nearest to it ------------------------------------------------


@pytest.mark.parametrize(
    ("words", "kind", "field"),
    [
        ("New Name", "fill", "name"),  # a <label> with no `for`, above
        ("Folder", "select", "folder"),  # a <div>, above
        ("Tags", "fill", "tags"),  # a <span>, to the left
        ("Keep a copy", "check", "keep"),  # a <span>, after the box
        ("new  name", "fill", "name"),  # as a reader reads it: case and spaces aside
    ],
)
def test_a_field_by_the_words_nearest_above_or_beside_it(
    page: Page, words: str, kind: str, field: str
) -> None:
    open_page(page, "near-rename.html")
    assert found(page, Target(words), kind) == ("unlinked-label", field, 1)


def test_only_the_nearest_words_name_a_field(page: Page) -> None:
    open_page(page, "near-rename.html")
    # The dialog's heading is above the field too, but "New Name" is nearer: not its label.
    assert find_now(page, Target("Rename File"), "fill") is None


def test_words_far_from_any_field_name_none(page: Page) -> None:
    page.set_content(
        '<p>Nickname</p><div style="height: 300px"></div><input id="far"><p>Age</p><input id="age">'
    )
    assert find_now(page, Target("Nickname"), "fill") is None
    assert found(page, Target("Age"), "fill") == ("unlinked-label", "age", 1)


def test_a_tied_label_beats_words_that_only_sit_near(page: Page) -> None:
    page.set_content(
        '<div>New Name</div><input id="loose"><label for="tied">New Name</label><input id="tied">'
    )
    assert found(page, Target("New Name"), "fill") == ("label", "tied", 1)


def test_a_placeholder_beats_words_that_only_sit_near(page: Page) -> None:
    page.set_content('<div>Search</div><input id="loose"><input id="held" placeholder="Search">')
    assert found(page, Target("Search"), "fill") == ("placeholder", "held", 1)


def test_a_box_found_by_the_words_after_it_before_those_words_themselves(page: Page) -> None:
    # The words are visible text too, and a check may click text: the box comes first.
    page.set_content('<p><input type="checkbox" id="terms"> <span>I agree</span></p>')
    assert found(page, Target("I agree"), "check") == ("unlinked-label", "terms", 1)


def test_an_unnamed_field_is_read_by_the_words_nearest_to_it(page: Page) -> None:
    open_page(page, "near-rename.html")
    names = [a["name"] for a in read_screen(page)["actions"]]
    assert names[:4] == [
        "(text field under “New Name”)",
        "(drop-down under “Folder”)",
        "(text field beside “Tags”)",
        "(checkbox beside “Keep a copy”)",
    ]


def test_a_named_field_keeps_its_name(page: Page) -> None:
    page.set_content('<div>Title</div><label>Email <input></label><input aria-label="Code">')
    names = [a["name"] for a in read_screen(page)["actions"]]
    assert names == ["Email", "Code"]


# --- which one: under a heading, near some text ----------------------------------------


@pytest.mark.parametrize(
    ("target", "opens"),
    [
        (Target("Python 3 (ipykernel)", under="Notebook"), "opened('notebook')"),
        (Target("Python 3 (ipykernel)", under="Console"), "opened('console')"),
        (Target("Python 3 (ipykernel)", under="console"), "opened('console')"),  # case-blind
        (Target("Terminal", under="Other's tools"), "opened('terminal')"),  # ’ read as '
        (Target("Delete", near="Final.txt"), "opened('delete Final.txt')"),
        (Target("Delete", near="Draft.txt"), "opened('delete Draft.txt')"),
        (Target("Delete", under="Files", near="Final.txt"), "opened('delete Final.txt')"),
    ],
)
def test_the_one_under_a_heading_or_near_some_text(page: Page, target: Target, opens: str) -> None:
    open_page(page, "near-launcher.html")
    result = found(page, target, "click")
    assert result is not None and result[1:] == (opens, 1)


def test_a_section_ends_at_the_next_heading_of_its_rank(page: Page) -> None:
    open_page(page, "near-launcher.html")
    # Both Delete buttons come after "Notebook", but beyond the headings that follow it.
    assert find_now(page, Target("Delete", under="Notebook"), "click") is None
    assert find_now(page, Target("Python 3 (ipykernel)", under="Nowhere"), "click") is None


def test_a_section_under_a_title_that_is_not_a_heading(page: Page) -> None:
    page.set_content(
        '<div class="title">Notebook</div><button onclick="a()">Open</button>'
        '<div class="title">Console</div><button onclick="b()">Open</button>'
    )
    result = found(page, Target("Open", under="Notebook"), "click")
    assert result == ("role=button", "a()", 1)
    result = found(page, Target("Open", under="Console"), "click")
    assert result == ("role=button", "b()", 1)


def test_several_left_under_one_heading_are_still_a_choice(page: Page) -> None:
    page.set_content(
        "<h2>Files</h2><button>Open</button><button>Open</button><h2>Trash</h2><button>Open</button>"
    )
    result = find_now(page, Target("Open", under="Files"), "click")
    assert result is not None and result.count == 2


def test_a_choice_names_the_heading_each_is_under(page: Page) -> None:
    open_page(page, "near-launcher.html")
    result = find_now(page, Target("Python 3 (ipykernel)"), "click")
    assert result is not None and result.count == 2
    assert candidates(result.matches, 8) == [
        "button “Python 3 (ipykernel)” under “Notebook”",
        "button “Python 3 (ipykernel)” under “Console”",
    ]


def test_a_choice_under_one_heading_says_no_heading(page: Page) -> None:
    page.set_content("<h2>Files</h2><button>Open</button><a href='#'>Open</a>")
    result = find_now(page, Target("Open"), "click")
    assert result is not None
    assert candidates(result.matches, 8) == ["button “Open”", "link “Open”"]


def test_loose_words_whole_before_part_of_them(page: Page) -> None:
    page.set_content(
        "<div>Name of the project</div><input id='project'>"
        "<div>Name:</div><input id='name'>"
        "<div>Email address (required)</div><input id='email'>"
    )
    assert found(page, Target("Name"), "fill") == ("unlinked-label", "name", 1)
    assert found(page, Target("Email address"), "fill") == ("unlinked-label", "email", 1)


def test_plain_cards_under_plain_titles_as_a_launcher_draws_them(page: Page) -> None:
    card = (
        '<div class="card" id="{}" title="Python 3"><div class="label"><p>Python 3</p></div></div>'
    )
    page.set_content(
        '<div class="section"><div class="header"><div class="title">Notebook</div></div>'
        f"{card.format('nb')}</div>"
        '<div class="section"><div class="header"><div class="title">Console</div></div>'
        f"{card.format('con')}</div>"
    )
    for title, card_id in (("Console", "con"), ("Notebook", "nb")):
        result = find_now(page, Target("Python 3", under=title), "click")
        assert result is not None and result.count == 1
        assert result.locator.evaluate("el => el.closest('.card').id") == card_id


@pytest.mark.parametrize(("words", "shown"), [("[ ]:", "[ ]"), ("Email", "Email:")])
def test_a_labels_closing_colon_makes_no_other_words(page: Page, words: str, shown: str) -> None:
    # A notebook cell's prompt "[ ]" beside its editor, written "[ ]:" as it often reads.
    page.set_content(f'<div><span>{shown}</span> <input id="cell"></div>')
    assert found(page, Target(words), "fill") == ("unlinked-label", "cell", 1)
