"""A monotonic step clock that leaves out the harness's own work."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager


class Stopwatch:
    """Measures a step from its first action; `excluded()` blocks do not count."""

    def __init__(self) -> None:
        self._start = time.monotonic()
        self._excluded = 0.0
        self._stopped: float | None = None

    @contextmanager
    def excluded(self) -> Iterator[None]:
        began = time.monotonic()
        try:
            yield
        finally:
            self._excluded += time.monotonic() - began

    def stop(self) -> None:
        if self._stopped is None:
            self._stopped = time.monotonic()

    def elapsed(self) -> float:
        end = self._stopped if self._stopped is not None else time.monotonic()
        return max(end - self._start - self._excluded, 0.0)

    def elapsed_ms(self) -> int:
        return round(self.elapsed() * 1000)
