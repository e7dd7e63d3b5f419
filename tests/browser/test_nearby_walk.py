"""Walks that find things by their place on screen, as run.json records them."""

from __future__ import annotations

from typing import Any

import pytest

from harness.record.read import read_run
from harness.report.build import write_run_reports
from tests.conftest import Walker

pytestmark = pytest.mark.browser  # every test here drives a real Chromium


def steps(data: dict[str, Any]) -> list[dict[str, Any]]:
    return list(data["results"][0]["steps"])


def test_fields_labelled_by_loose_words_are_filled_and_noted_as_friction(
    pages_walker: Walker,
) -> None:
    _, run_dir, data = pages_walker.yaml(
        """
        name: Rename a file
        start: /near-rename.html
        patience: 30  # passes even on a loaded machine
        steps:
          - intent: Give the file a new name
            fill: { New Name: notes.txt, Tags: draft }
            select: { Folder: Work }
            check: Keep a copy
            click: Rename
            expect: Renamed to notes.txt in Work tagged draft (copy kept)
        """
    )
    (step,) = steps(data)
    assert step["outcome"] == "passed" and step["dead_end"] is None
    friction = step["friction"]
    assert [f["kind"] for f in friction] == ["unlinked-label"] * 4
    assert [f["looked_for"] for f in friction] == ["New Name", "Tags", "Folder", "Keep a copy"]
    first = friction[0]
    assert "not linked to it as its label" in first["message"]
    assert "screen reader" in first["message"]
    assert first["box"] is not None and first["box"]["width"] > 0
    # The typed reader knows the kind (an unknown one would read as "unknown").
    (scenario,) = read_run(run_dir).results
    assert [f.kind for f in scenario.steps[0].friction] == ["unlinked-label"] * 4
    # Every report says what it is, in words.
    index, _, _, _ = write_run_reports(run_dir, data)
    assert "Label not linked to its field" in index.read_text(encoding="utf-8")


def test_a_missing_field_lists_the_unnamed_fields_by_their_nearest_words(
    pages_walker: Walker,
) -> None:
    _, _, data = pages_walker.yaml(
        """
        name: Rename a file
        start: /near-rename.html
        patience: 1
        steps:
          - intent: Give the file a new name
            fill: { File name: notes.txt }
        """
    )
    (step,) = steps(data)
    dead_end = step["dead_end"]
    assert dead_end["kind"] == "missing-target"
    assert "(text field under “New Name”)" in dead_end["seen"]
    assert "(drop-down under “Folder”)" in dead_end["seen"]


def test_a_card_under_a_heading_is_clicked_without_a_guess(pages_walker: Walker) -> None:
    _, _, data = pages_walker.yaml(
        """
        name: Open a console
        start: /near-launcher.html
        patience: 30  # passes even on a loaded machine
        steps:
          - intent: Open a Python console
            click: { text: "Python 3 (ipykernel)", under: Console }
            expect: Opened console
          - intent: Delete the final draft
            click: { text: Delete, near: Final.txt }
            expect: Opened delete Final.txt
        """
    )
    first, second = steps(data)
    assert first["outcome"] == "passed" and first["friction"] == []
    assert first["actions"][-1]["target"] == "Python 3 (ipykernel) (under “Console”)"
    assert second["outcome"] == "passed" and second["friction"] == []


def test_a_guess_between_alike_cards_names_the_heading_of_each(pages_walker: Walker) -> None:
    _, _, data = pages_walker.yaml(
        """
        name: Open a kernel
        start: /near-launcher.html
        patience: 30  # passes even on a loaded machine
        steps:
          - intent: Open Python
            click: Python 3 (ipykernel)
            expect: Opened notebook
        """
    )
    (step,) = steps(data)
    assert step["outcome"] == "passed"
    (friction,) = step["friction"]
    assert friction["kind"] == "ambiguous-target"
    assert friction["seen"] == [
        "button “Python 3 (ipykernel)” under “Notebook”",
        "button “Python 3 (ipykernel)” under “Console”",
    ]


def test_a_heading_that_is_not_there_is_a_missing_target(pages_walker: Walker) -> None:
    _, _, data = pages_walker.yaml(
        """
        name: Open a kernel
        start: /near-launcher.html
        patience: 1
        steps:
          - intent: Open Python in a terminal
            click: { text: "Python 3 (ipykernel)", under: Terminals }
        """
    )
    (step,) = steps(data)
    assert step["outcome"] == "dead_end"
    assert step["dead_end"]["kind"] == "missing-target"
    assert step["dead_end"]["looked_for"] == "Python 3 (ipykernel) (under “Terminals”)"
