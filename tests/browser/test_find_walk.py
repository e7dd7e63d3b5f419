"""Walks that name things as a person reads them: typography aside, exact words first."""

from __future__ import annotations

from typing import Any

import pytest

from tests.conftest import Walker

pytestmark = pytest.mark.browser  # every test here drives a real Chromium


def steps(data: dict[str, Any]) -> list[dict[str, Any]]:
    return list(data["results"][0]["steps"])


def test_a_card_showing_the_words_beats_a_tab_named_with_them(pages_walker: Walker) -> None:
    # The side bar's "Running Terminals and Kernels" tab is there at once; the launcher's
    # "Terminal" card comes later. "Terminal" is not a word of that tab's name.
    _, _, data = pages_walker.yaml(
        """
        name: Open a terminal
        start: /find-launcher.html
        patience: 30  # passes even on a loaded machine
        steps:
          - intent: Open a terminal
            click: Terminal
            expect: Terminal started
        """
    )
    (step,) = steps(data)
    assert step["outcome"] == "passed", step["dead_end"]
    assert step["friction"] == []


def test_three_dots_find_an_ellipsis(pages_walker: Walker) -> None:
    _, _, data = pages_walker.yaml(
        """
        name: Rename a notebook
        start: /find-launcher.html
        patience: 30  # passes even on a loaded machine
        steps:
          - intent: Open the file menu
            click: File
          - intent: Rename the notebook
            click: rename notebook...
            expect: Renaming the notebook
        """
    )
    assert [s["outcome"] for s in steps(data)] == ["passed", "passed"], steps(data)[1]["dead_end"]


def test_a_mistyped_name_is_a_dead_end_that_names_the_near_one(pages_walker: Walker) -> None:
    _, _, data = pages_walker.yaml(
        """
        name: Rename a notebook
        start: /find-launcher.html
        patience: 1
        steps:
          - intent: Open the file menu
            click: File
            patience: 30  # passes even on a loaded machine; the dead end keeps 1 s
          - intent: Rename the notebook
            click: Rename Notebok...
            expect: Renaming the notebook
        """
    )
    second = steps(data)[1]
    assert second["outcome"] != "passed"
    dead_end = second["dead_end"]
    assert dead_end["kind"] == "missing-target"
    assert dead_end["message"].endswith(" Did you mean “Rename Notebook…”?")
    assert dead_end["seen"][0] == "Rename Notebook…"


def test_a_drop_down_named_by_the_option_it_shows(pages_walker: Walker) -> None:
    _, _, data = pages_walker.yaml(
        """
        name: Group rows
        start: /find-columns.html
        patience: 30  # passes even on a loaded machine
        steps:
          - intent: Group the rows by city
            select: { "- column -": city }
            expect: Grouped by city
        """
    )
    (step,) = steps(data)
    assert step["outcome"] == "passed", step["dead_end"]
    assert step["friction"] == []
