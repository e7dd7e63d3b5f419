"""The step clock, on a clock the test turns by hand: no wall time involved."""

from __future__ import annotations

import pytest

from harness.run import stopwatch
from harness.run.stopwatch import Stopwatch


class HandClock:
    def __init__(self) -> None:
        self.now = 100.0

    def monotonic(self) -> float:
        return self.now


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> HandClock:
    hand = HandClock()
    monkeypatch.setattr(stopwatch, "time", hand)
    return hand


def test_time_runs_from_the_start(clock: HandClock) -> None:
    watch = Stopwatch()
    clock.now += 1.5
    assert watch.elapsed() == 1.5
    assert watch.elapsed_ms() == 1500


def test_excluded_work_does_not_count(clock: HandClock) -> None:
    watch = Stopwatch()
    clock.now += 1.0
    with watch.excluded():
        clock.now += 5.0  # a screenshot, say
    clock.now += 0.25
    assert watch.elapsed_ms() == 1250


def test_excluded_work_that_fails_still_does_not_count(clock: HandClock) -> None:
    watch = Stopwatch()
    with pytest.raises(RuntimeError), watch.excluded():
        clock.now += 2.0
        raise RuntimeError("the screenshot failed")
    assert watch.elapsed() == 0.0


def test_a_stopped_watch_stays_stopped(clock: HandClock) -> None:
    watch = Stopwatch()
    clock.now += 2.0
    watch.stop()
    clock.now += 10.0
    watch.stop()  # a second stop changes nothing
    assert watch.elapsed_ms() == 2000
