"""The fault-injection suite: real browser, real pages, real signals, real files.

Each test proves one promise of the README's "Guarantees" table. Long loops (such as the
observer's kill -9 trials) take their count from `--trials` (see `trials` below).
"""

from __future__ import annotations

import pytest


@pytest.fixture
def trials(request: pytest.FixtureRequest) -> int:
    """How many times a fault loop repeats: `--trials N`, else 20 (README: the full count)."""
    return int(request.config.getoption("trials"))
