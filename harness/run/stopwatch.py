"""A monotonic step clock that leaves out the harness's own work, unless the product worked."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Protocol


class Window(Protocol):
    def busy(self) -> bool:
        """Whether the product did anything since the window opened."""


class Witness(Protocol):
    """Sees the product (e.g. `harness.browser.activity.ProductActivity`)."""

    def window(self) -> Window: ...


class Stopwatch:
    """Measures a step from its first action.

    An `excluded()` block (the harness's own work mid-step) is left out of the step's
    time only when the witness saw the product idle all through it: a page load, a
    request or a DOM change during the block means the newcomer would have been waiting
    then too, so the block counts. Without a witness every block is left out.
    """

    def __init__(self, witness: Witness | None = None) -> None:
        self._witness = witness
        self._start = time.monotonic()
        self._excluded = 0.0
        self._stopped: float | None = None
        self.counted_windows = 0  # blocks kept in the step's time: the product was busy

    def restart(self) -> None:
        """Start again from now: what came before is not the step's time."""
        self._start = time.monotonic()
        self._excluded = 0.0
        self.counted_windows = 0

    @contextmanager
    def excluded(self) -> Iterator[None]:
        began = time.monotonic()
        window = self._witness.window() if self._witness is not None else None
        try:
            yield
        finally:
            if window is not None and window.busy():
                self.counted_windows += 1
            else:
                self._excluded += time.monotonic() - began

    def stop(self) -> None:
        if self._stopped is None:
            self._stopped = time.monotonic()

    def elapsed(self) -> float:
        end = self._stopped if self._stopped is not None else time.monotonic()
        return max(end - self._start - self._excluded, 0.0)

    def elapsed_ms(self) -> int:
        return round(self.elapsed() * 1000)
