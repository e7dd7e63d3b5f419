"""The action table: every kind has all it needs, and the words it writes stay the same."""

from __future__ import annotations

import pytest

from harness.browser.actions import PERFORMERS
from harness.browser.targets import LOOKING
from harness.report.images import ACTION_VERBS
from harness.report.phrases import DONE, action_phrase
from harness.scenario.actions import ACTION_KINDS, ACTIONS
from harness.scenario.model import STEP_KEYS, Action, Target


def test_every_kind_has_a_performer_a_phrase_and_a_way_to_be_found() -> None:
    assert set(PERFORMERS) == set(ACTIONS)
    assert "type" in ACTIONS
    for kind in ACTIONS.values():
        assert kind.phrase.parts("Next", "value")
        assert kind.looks_for == "none" or kind.looks_for in LOOKING
        assert (kind.written == "word") == (kind.word is not None)
        assert (kind.written == "word") == (kind.looks_for == "none")


def test_every_kind_is_a_step_key() -> None:
    assert set(ACTION_KINDS) <= set(STEP_KEYS)


def test_screenshot_words_come_from_the_table() -> None:
    assert ACTION_VERBS == {
        "click": "clicked here",
        "fill": "typed here",
        "select": "chose here",
        "check": "ticked here",
        "press": "pressed a key here",
        "type": "typed here",
        "hover": "hovered here",
        "upload": "uploaded here",
    }
    assert DONE == {
        "click": "Where they clicked",
        "fill": "Where they typed",
        "select": "Where they chose",
        "check": "What they ticked",
        "press": "Where they pressed a key",
        "type": "Where they typed",
        "hover": "Where they hovered",
        "upload": "Where they uploaded",
    }


@pytest.mark.parametrize(
    ("action", "described"),
    [
        (Action("visit", value="/signup"), "visit /signup"),
        (Action("click", Target("Get started")), "click “Get started”"),
        (Action("click", Target("#go", css=True)), "click “css:#go”"),
        (Action("fill", Target("Email"), "a@b.io"), "fill “Email” with “a@b.io”"),
        (Action("fill", Target("Password"), "pw", secret=True), "fill “Password” with “••••••”"),
        (Action("select", Target("Team size"), "2-5"), "select “Team size” with “2-5”"),
        (Action("check", Target("I agree")), "check “I agree”"),
        (Action("press", value="Enter"), "press Enter"),
        (Action("press", value="Control+Enter"), "press Control+Enter"),
        (Action("type", value="SELECT 1"), "type “SELECT 1”"),
        (Action("hover", Target("Help")), "hover “Help”"),
        (Action("upload", Target("Avatar"), "me.png"), "upload “Avatar” with “me.png”"),
        (Action("scroll", value="down"), "scroll down"),
        (Action("scroll", Target("Pricing")), "scroll to “Pricing”"),
    ],
)
def test_run_json_descriptions_are_unchanged(action: Action, described: str) -> None:
    assert action.describe() == described


@pytest.mark.parametrize(
    ("kind", "target", "value", "sentence"),
    [
        ("visit", None, "/signup", "go to [/signup]"),
        ("visit", None, None, "go to [the start page]"),
        ("click", "Next", None, "click [Next]"),
        ("click", None, None, "click"),
        ("fill", "Email", "a@b.io", "fill [Email] with [a@b.io]"),
        ("fill", "Email", "", "fill [Email] with []"),
        ("fill", None, None, "fill [a field]"),
        ("select", "Team size", "2-5", "choose [2-5] in [Team size]"),
        ("select", None, None, "choose [an option]"),
        ("check", "I agree", None, "tick [I agree]"),
        ("check", None, None, "tick [a checkbox]"),
        ("press", None, "Enter", "press [Enter]"),
        ("press", "Search", "Enter", "press [Enter] in [Search]"),
        ("press", "Search", None, "press [Search]"),
        ("press", None, None, "press [a key]"),
        ("type", None, "SELECT 1", "type [SELECT 1]"),
        ("type", None, None, "type [some text]"),
        ("hover", "Help", None, "hover over [Help]"),
        ("hover", None, None, "hover over [something]"),
        ("upload", "Avatar", "me.png", "upload [me.png] to [Avatar]"),
        ("upload", None, None, "upload [a file]"),
        ("scroll", None, "down", "scroll"),
        ("scroll", "Pricing", None, "scroll to [Pricing]"),
        ("drag", "Card", "Done", "drag [Card] with [Done]"),  # a kind shoshin does not know
        (None, None, None, "do"),
    ],
)
def test_plain_words_are_unchanged(
    kind: str | None, target: str | None, value: str | None, sentence: str
) -> None:
    phrase = action_phrase({"kind": kind, "target": target, "value": value})
    told = " ".join(f"[{text}]" if quoted else text for text, quoted in phrase.parts)
    assert told == sentence


def test_the_newcomer_fixture_has_every_kind() -> None:
    """Python scenarios fall behind no more: each kind in the table is a `newcomer` method."""
    from harness.pytest_plugin.newcomer import Newcomer

    missing = [kind for kind in ACTIONS if not callable(getattr(Newcomer, kind, None))]
    assert missing == []
