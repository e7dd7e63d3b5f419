"""A name on screen that reads as the one looked for, mistyped: first in "seen", and named."""

from __future__ import annotations

from harness.analysis.dead_ends import Seen, classify, near_name, rank_seen, similarity


def test_typography_and_case_are_the_same_name() -> None:
    assert similarity("Rename Notebook...", "Rename Notebook…") == 1.0
    assert similarity("don't SAVE", "Don’t\u00a0save") == 1.0
    # A target that was there is not among what was seen instead, however it is typeset.
    screen = {"actions": [{"role": "menuitem", "name": "Rename Notebook…"}, {"name": "Undo"}]}
    box = {"x": 0.0, "y": 0.0, "width": 9.0, "height": 9.0}
    dead_end = classify("disabled-target", "rename notebook...", "Off.", screen, target_box=box)
    assert dead_end.seen == ["Undo"]


def test_a_mistyped_name_comes_before_one_that_contains_the_words() -> None:
    seen = [Seen("tab", "Terminal settings"), Seen("button", "Termimal"), Seen("link", "Help")]
    # "Terminal settings" holds the word; "Termimal" is the same word mistyped.
    assert similarity("Terminal", "Terminal settings") > similarity("Terminal", "Termimal")
    assert [s.name for s in rank_seen("Terminal", seen)][:2] == ["Termimal", "Terminal settings"]


def test_only_a_near_identical_name_is_near() -> None:
    seen = [Seen("menuitem", "Save Notebook"), Seen("menuitem", "Rename Notebook…")]
    near = near_name("Rename Notebok...", seen)
    assert near is not None and near.name == "Rename Notebook…"
    assert near_name("Continue", [Seen("button", "Next"), Seen("button", "Continue later")]) is None


def test_a_missing_target_says_which_name_was_meant() -> None:
    screen = {
        "actions": [
            {"role": "menuitem", "name": "Save Notebook"},
            {"role": "menuitem", "name": "Rename Notebook…"},
        ]
    }
    dead_end = classify("missing-target", "Rename Notebok...", "Not found.", screen)
    assert dead_end.message == "Not found. Did you mean “Rename Notebook…”?"
    assert dead_end.seen == ["Rename Notebook…", "Save Notebook"]


def test_no_guess_when_nothing_is_near() -> None:
    screen = {"actions": [{"role": "button", "name": "Start free trial"}]}
    dead_end = classify("missing-target", "Get started", "Not found.", screen)
    assert dead_end.message == "Not found."
    assert dead_end.seen == ["Start free trial"]
