"""The sequencer puts what parallel walks say back in the serial order: no browser."""

from __future__ import annotations

import random

import pytest

from harness.run.sequencer import Sequencer


def test_the_head_streams_and_later_units_wait_until_it_is_done() -> None:
    seq: Sequencer[str] = Sequencer(3)
    assert seq.put(1, "b1") == []  # a later unit waits
    assert seq.put(0, "a1") == ["a1"]  # the head goes out at once
    assert seq.put(2, "c1") == []
    assert seq.put(1, "b2") == []
    assert seq.done(1) == []  # done, but behind the head
    assert seq.put(0, "a2") == ["a2"]
    # the head ends: the done unit after it goes out whole, then the new head's so far
    assert seq.done(0) == ["b1", "b2", "c1"]
    assert seq.put(2, "c2") == ["c2"]  # now the head: live
    assert not seq.finished
    assert seq.done(2) == []
    assert seq.finished


def test_any_arrival_order_comes_out_in_the_serial_order() -> None:
    units, per_unit = 6, 4
    serial = [(u, i) for u in range(units) for i in range(per_unit)]
    for seed in range(20):
        rng = random.Random(seed)
        # each unit's own items in order, the units' items interleaved at random
        queues = {u: [(u, i) for i in range(per_unit)] for u in range(units)}
        seq: Sequencer[tuple[int, int]] = Sequencer(units)
        out: list[tuple[int, int]] = []
        while queues:
            unit = rng.choice(sorted(queues))
            item = queues[unit].pop(0)
            out.extend(seq.put(unit, item))
            if not queues[unit]:
                del queues[unit]
                out.extend(seq.done(unit))
        assert out == serial, seed
        assert seq.finished


def test_rest_hands_out_everything_held_in_unit_order_once() -> None:
    seq: Sequencer[str] = Sequencer(4)
    seq.put(0, "a")
    seq.put(3, "d")
    seq.put(2, "c")
    seq.done(2)
    assert list(seq.rest()) == ["c", "d"]
    assert list(seq.rest()) == []


def test_nothing_comes_for_a_unit_that_is_done_or_not_in_the_run() -> None:
    seq: Sequencer[str] = Sequencer(2)
    seq.done(0)
    assert not seq.open(0) and seq.open(1)
    with pytest.raises(ValueError, match="done"):
        seq.put(0, "late")
    with pytest.raises(ValueError, match="not one of"):
        seq.put(2, "x")
