"""The questionnaires: SUS scoring on known answers, and reading typed answers."""

from __future__ import annotations

import pytest

from harness.session.questionnaires import (
    SUS_ITEMS,
    seq_answer,
    split_sus_line,
    sus_answer,
    sus_score,
)


@pytest.mark.parametrize(
    ("answers", "score"),
    [
        ([3] * 10, 50.0),
        ([5, 1] * 5, 100.0),
        ([1, 5] * 5, 0.0),
        ([4, 2, 4, 2, 4, 2, 4, 2, 4, 2], 75.0),
    ],
)
def test_sus_scoring(answers: list[int], score: float) -> None:
    assert sus_score(answers) == score


def test_sus_needs_ten_answers_from_one_to_five() -> None:
    with pytest.raises(ValueError):
        sus_score([3] * 9)
    with pytest.raises(ValueError):
        sus_score([3] * 9 + [6])


def test_the_sus_has_ten_items_alternating_positive_and_negative() -> None:
    assert len(SUS_ITEMS) == 10
    assert "frequently" in SUS_ITEMS[0] and "unnecessarily complex" in SUS_ITEMS[1]


@pytest.mark.parametrize(
    ("typed", "seq", "sus"),
    [("6", 6, None), (" 1 ", 1, 1), ("5", 5, 5), ("7", 7, None), ("0", None, None)],
)
def test_typed_answers_in_range(typed: str, seq: int | None, sus: int | None) -> None:
    assert (seq_answer(typed), sus_answer(typed)) == (seq, sus)


@pytest.mark.parametrize("typed", ["", "six", "5.5", "-3", "8"])
def test_answers_that_are_not_on_the_scale(typed: str) -> None:
    assert seq_answer(typed) is None


def test_ten_answers_may_come_on_one_line() -> None:
    assert split_sus_line("4 2 4 2 4 2 4 2 4 2") == ["4", "2"] * 5
    assert split_sus_line("4,2;4, 2 4 2 4 2 4 2") == ["4", "2"] * 5
    assert split_sus_line(" 4 ") == ["4"]
    assert split_sus_line("4 2 4") == ["4 2 4"]  # not ten: one (bad) answer
