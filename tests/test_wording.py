"""Words as a reader reads them: typography and case do not make a different word."""

from __future__ import annotations

import re

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from harness.wording import reader_form, reader_pattern


@pytest.mark.parametrize(
    ("written", "shown"),
    [
        ("Rename Notebook...", "Rename Notebook…"),
        ("Don't save", "Don’t save"),
        ('Say "hi"', "Say “hi”"),
        ("Sign-in", "Sign–in"),
        ("Get started", "Get\u00a0started"),
        ("Get started", "Get   started"),
        ("get started", "GET STARTED"),
        ("Email", "Email:"),
        ("[ ]:", "[ ]"),
        ("New Name:", "New Name"),
    ],
)
def test_typography_is_the_same_word(written: str, shown: str) -> None:
    assert reader_form(written) == reader_form(shown)
    assert reader_pattern(written, whole=True).search(shown)
    assert reader_pattern(written, whole=False).search(f"Menu {shown} more")


@pytest.mark.parametrize(
    ("written", "shown"),
    [("Save", "Saved"), ("2", "Cell 12"), ("2", "2b"), ("Go", "Google"), ("Next", "Nextcloud")],
)
def test_never_inside_a_longer_word_or_number(written: str, shown: str) -> None:
    assert not reader_pattern(written, whole=False).search(shown)


def test_whole_means_all_of_it() -> None:
    assert reader_pattern("Terminal", whole=True).search("  Terminal ")
    assert not reader_pattern("Terminal", whole=True).search("Running Terminals and Kernels")
    assert not reader_pattern("Terminal", whole=True).search("Open Terminal")


def test_a_lone_colon_is_still_a_colon() -> None:
    assert reader_form(":") == ":"
    assert reader_pattern(":", whole=True).search(":")
    assert not reader_pattern(":", whole=True).search("")


def test_without_words_a_part_of_a_word_matches() -> None:
    assert reader_pattern("Save", whole=False, words=False).search("Saved")


@given(st.text(min_size=1, max_size=40))
def test_any_text_matches_itself(text: str) -> None:
    # Whatever a scenario author writes compiles, and finds itself on screen.
    if not text.strip():
        return
    assert reader_pattern(text, whole=True).search(text), text
    assert reader_pattern(text, whole=False).search(text), text


@given(st.text(min_size=1, max_size=40))
@example("\\A")  # a backslash the reader wrote, then A: text, not the anchor
def test_patterns_keep_to_syntax_javascript_reads_alike(text: str) -> None:
    # No Python-only syntax: named groups, inline flags, \A, \Z, possessive or atomic groups.
    source = reader_pattern(text, whole=False).pattern
    # (an escape of the reader's own backslash, `\\A`, is text: only an odd run of
    # backslashes before A or Z is the anchor)
    anchor = r"(?<!\\)(?:\\\\)*\\[AZ]"
    assert not re.search(r"\(\?P|\(\?[aiLmsux]|\(\?>|" + anchor, source), source
