"""Putting what parallel walks report back in the order one walk after another reports it.

Units (each scenario × each `--repeat` walk) are numbered 0, 1, 2… in the serial order. What
a worker says about the unit at the head goes out at once (it streams live); what it says
about a later unit waits until every unit before it is done, then goes out all together.
Pure: no processes, no browser; `harness.run.workers` feeds it.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Generic, TypeVar

T = TypeVar("T")


class Sequencer(Generic[T]):
    """Releases items in unit order: `put` and `done` return what may go out now."""

    def __init__(self, units: int) -> None:
        self.units = units
        self.head = 0  # the first unit not done
        self._held: dict[int, list[T]] = {}
        self._done: set[int] = set()

    def put(self, unit: int, item: T) -> list[T]:
        """An item about `unit`: returned at once for the head, else held."""
        self._check(unit)
        if unit in self._done:
            raise ValueError(f"unit {unit} is done; nothing more can come for it")
        if unit == self.head:
            return [item]
        self._held.setdefault(unit, []).append(item)
        return []

    def done(self, unit: int) -> list[T]:
        """`unit` said its last; when it was the head, every later unit's held items that
        may go now (those of the units done in a row after it, then the new head's)."""
        self._check(unit)
        self._done.add(unit)
        out: list[T] = []
        while self.head in self._done:
            self.head += 1
            out.extend(self._held.pop(self.head, []))
        return out

    def open(self, unit: int) -> bool:
        """Whether `unit` may still take items (it is not done)."""
        return unit not in self._done and unit >= self.head

    @property
    def finished(self) -> bool:
        return self.head >= self.units

    def rest(self) -> Iterator[T]:
        """Everything still held, in unit order (a run that stops hands it all out); after it
        nothing is held."""
        for unit in sorted(self._held):
            yield from self._held.pop(unit)

    def _check(self, unit: int) -> None:
        if not 0 <= unit < self.units:
            raise ValueError(f"unit {unit} is not one of the run's {self.units}")
