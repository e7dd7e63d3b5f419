"""What a tester's clicks and pauses mean (harness/watch/clicks.py): pure, no browser."""

from __future__ import annotations

from harness.watch.clicks import (
    HESITATION_S,
    Click,
    Hesitations,
    Pause,
    RageWatch,
    Signs,
    hesitation_threshold,
)


def rage(*clicks: tuple[float, float, float] | tuple[float, float, float, int]) -> list[int | None]:
    watch = RageWatch()
    return [watch.click(Click(*c)) for c in clicks]


def test_three_clicks_in_a_second_on_one_spot_are_rage_told_once() -> None:
    assert rage((0, 100, 100), (0.3, 110, 105), (0.6, 95, 98), (0.9, 100, 100)) == [
        None,
        None,
        3,
        None,
    ]


def test_clicks_too_slow_too_far_apart_or_in_another_tab_are_not_rage() -> None:
    assert rage((0, 100, 100), (1.2, 100, 100), (2.4, 100, 100)) == [None, None, None]
    assert rage((0, 100, 100), (0.1, 140, 100), (0.2, 180, 100)) == [None, None, None]
    assert rage((0, 100, 100), (0.1, 100, 100, 2), (0.2, 100, 100)) == [None, None, None]


def test_a_new_burst_after_a_pause_is_told_again() -> None:
    told = rage(*[(t, 50, 50) for t in (0, 0.2, 0.4)], *[(t, 50, 50) for t in (3, 3.2, 3.4)])
    assert told == [None, None, 3, None, None, 3]


def test_a_pause_longer_than_the_threshold_is_a_hesitation() -> None:
    pauses = Hesitations(start=0.0, threshold=10)
    assert pauses.input(4.0) is None
    assert pauses.input(14.0) is None  # exactly ten seconds is not more than ten
    assert pauses.input(30.5) == Pause(since=14.0, seconds=16.5)
    assert pauses.stop(35.0) is None
    assert pauses.stop(52.0) == Pause(since=30.5, seconds=21.5)


def test_the_threshold_is_ten_seconds_unless_the_environment_says_otherwise() -> None:
    assert HESITATION_S == 10.0
    assert hesitation_threshold({}) == 10.0
    assert hesitation_threshold({"SHOSHIN_HESITATION_S": "0.5"}) == 0.5
    for odd in ("", "soon", "-1", "0", "nan"):
        assert hesitation_threshold({"SHOSHIN_HESITATION_S": odd}) == 10.0


def test_a_sign_counts_when_it_comes_true_and_only_once() -> None:
    signs = Signs([1, 2, 3], count=3)
    assert signs.to_check(None) == [1, 2, 3]
    assert not signs.seen(1, True)  # there from the start: proves nothing
    assert not signs.seen(1, False)
    assert signs.seen(1, True)
    assert not signs.seen(1, True)
    assert signs.current(None) == 2 and signs.to_check(None) == [2, 3]


def test_a_skipped_step_is_passed_by_a_later_sign() -> None:
    signs = Signs([1, 2, 3], count=3)
    for step in (1, 2, 3):
        signs.seen(step, False)
    assert signs.seen(3, True)
    assert signs.current(1) == 3 and signs.to_check(1) == [] and signs.finished


def test_the_observers_mark_moves_the_current_step_too() -> None:
    signs = Signs([1, 3], count=4)
    assert signs.current(2) == 2 and signs.to_check(2) == [3]
    assert signs.current(None) == 1
    assert Signs([], count=0).current(None) is None
