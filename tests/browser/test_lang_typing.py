"""`type` (keys into what has focus) and `fill` on code editors and contenteditable fields."""

from __future__ import annotations

from typing import Any

import pytest

from tests.conftest import Walker

pytestmark = pytest.mark.browser  # every test here drives a real Chromium


def walk(walker: Walker, steps: str) -> list[dict[str, Any]]:
    # Every step but the one meant as a dead end passes, even on a loaded machine.
    _, _, data = walker.yaml(
        "name: Editors\nstart: /lang-editor.html\npatience: 30\nsteps:\n" + steps
    )
    results: list[dict[str, Any]] = data["results"]  # type: ignore[assignment]
    return list(results[0]["steps"])


def assert_passed(steps: list[dict[str, Any]]) -> None:
    for step in steps:
        assert step["outcome"] == "passed", (step["dead_end"], step["error"], step["screen_text"])


def test_fill_replaces_the_text_of_a_code_editor_behind_a_hidden_textarea(
    pages_walker: Walker,
) -> None:
    """The words name the editor's frame; its input is a 1-pixel clear textarea (CodeMirror 5,
    Monaco): the old "SELECT 1" is replaced, not added to."""
    steps = walk(
        pages_walker,
        """
          - intent: Write my query
            fill: { Query: "SELECT 42" }
            click: Run query
            expect: "Ran: SELECT 42"
        """,
    )
    assert_passed(steps)
    assert "Ran: SELECT 42" in steps[0]["screen_text"]
    assert "SELECT 1SELECT 42" not in steps[0]["screen_text"]
    assert steps[0]["actions"][1]["description"] == "fill “Query” with “SELECT 42”"


def test_fill_replaces_a_contenteditable_inside_the_frame_the_words_name(
    pages_walker: Walker,
) -> None:
    steps = walk(
        pages_walker,
        """
          - intent: Write a note
            fill: { Notes: Meeting at noon }
            click: Save notes
            expect: "Saved notes: Meeting at noon"
        """,
    )
    assert_passed(steps)


def test_fill_replaces_a_contenteditable_textbox(pages_walker: Walker) -> None:
    steps = walk(
        pages_walker,
        """
          - intent: Change the template
            fill: { Template: "Hi {{team}}" }
            click: Preview
            expect: "Preview: Hi {{team}}"
        """,
    )
    assert_passed(steps)


def test_type_sends_keys_into_the_focused_code_editor_with_key_chords(
    pages_walker: Walker,
) -> None:
    steps = walk(
        pages_walker,
        """
          - intent: Write a query and run it from the keyboard
            actions:
              - click: Query
              - press: Control+A
              - type: SELECT 7
              - press: Control+Enter
            expect: "Ran: SELECT 7"
        """,
    )
    assert_passed(steps)
    described = [a["description"] for a in steps[0]["actions"]]
    assert described[1:] == [
        "click “Query”",
        "press Control+A",
        "type “SELECT 7”",
        "press Control+Enter",
    ]


def test_type_reaches_a_terminal_that_only_hears_keys(pages_walker: Walker) -> None:
    steps = walk(
        pages_walker,
        """
          - intent: Ask the console for help
            click: Terminal
            type: help
            press: Enter
            expect: "Commands: list, quit"
          - intent: Nothing has focus after a reload, so typing goes nowhere
            visit: /lang-editor.html
            type: help
            press: Enter
            expect: "Commands: list, quit"
            patience: 3  # the dead end keeps a short patience
        """,
    )
    assert steps[0]["outcome"] == "passed", steps[0]["dead_end"]
    assert steps[1]["outcome"] == "dead_end"
    assert steps[1]["dead_end"]["kind"] in ("expectation-unmet", "no-way-forward")
