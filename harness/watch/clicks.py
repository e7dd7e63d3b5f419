"""What a tester's clicks and pauses mean, and when a step's sign came true (pure).

Rage: `RAGE_CLICKS` clicks or more, each within `RAGE_WINDOW_S` of the one before and all
within `RAGE_RADIUS_PX` of the burst's first, in the same tab; told once per burst, when
the third lands. A hesitation: no input for more than `HESITATION_S` seconds (the
environment variable `SHOSHIN_HESITATION_S` changes it), told when input resumes or the
recording stops. A sign: a step's expected sign that comes true, having been seen untrue
since the recording began or the last sign (a sign that was on screen all along proves
nothing, as a walk's step whose sign was there before it must change the page first).
"""

from __future__ import annotations

import math
import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

HESITATION_S = 10.0
HESITATION_ENV = "SHOSHIN_HESITATION_S"
RAGE_CLICKS = 3
RAGE_WINDOW_S = 1.0
RAGE_RADIUS_PX = 30.0


def hesitation_threshold(environ: Mapping[str, str] = os.environ) -> float:
    """`HESITATION_S`, or the positive number of seconds in `SHOSHIN_HESITATION_S`."""
    try:
        value = float(environ.get(HESITATION_ENV, ""))
    except ValueError:
        return HESITATION_S
    return value if math.isfinite(value) and value > 0 else HESITATION_S


@dataclass(frozen=True)
class Click:
    t: float  # seconds, on any clock that only goes forward
    x: float
    y: float
    tab: int = 1


@dataclass
class RageWatch:
    """Clicks in, a burst's click count out when it turns into rage (once per burst)."""

    burst: list[Click] = field(default_factory=list)
    told: bool = False

    def click(self, click: Click) -> int | None:
        last = self.burst[-1] if self.burst else None
        if (
            last is None
            or last.tab != click.tab
            or click.t - last.t > RAGE_WINDOW_S
            or math.dist((self.burst[0].x, self.burst[0].y), (click.x, click.y)) > RAGE_RADIUS_PX
        ):
            self.burst, self.told = [], False
        self.burst.append(click)
        if len(self.burst) >= RAGE_CLICKS and not self.told:
            self.told = True
            return len(self.burst)
        return None


@dataclass(frozen=True)
class Pause:
    since: float  # when the last input was
    seconds: float


class Hesitations:
    """Input times in (session seconds); a `Pause` out when one gap was too long."""

    def __init__(self, start: float, threshold: float = HESITATION_S) -> None:
        self.last = start
        self.threshold = threshold

    def input(self, t: float) -> Pause | None:
        """Input at `t`: the pause that ended, if it was a hesitation."""
        pause = self.stop(t)
        self.last = max(self.last, t)
        return pause

    def stop(self, t: float) -> Pause | None:
        """The recording stops at `t`: the pause going on, if it is a hesitation."""
        gap = t - self.last
        return Pause(round(self.last, 1), round(gap, 1)) if gap > self.threshold else None


class Signs:
    """Which steps' expected signs came true in the tester's page, each told once."""

    def __init__(self, steps: Iterable[int], count: int) -> None:
        self.checkable = sorted(set(steps))  # the steps that have an `expect`
        self.count = count
        self.signed: set[int] = set()
        self.armed: set[int] = set()  # seen untrue since the start or the last sign

    def current(self, marked: int | None) -> int | None:
        """The step the tester is on: the observer's (or the reader's) mark, and at least the
        step after the last one signed."""
        if not self.count:
            return marked
        after = max(self.signed) + 1 if self.signed else 1
        return min(max(marked or 1, after), self.count)

    def to_check(self, marked: int | None) -> list[int]:
        """The steps whose signs are looked for now: the current one and every later one
        (a tester may skip a step), each until it is signed."""
        current = self.current(marked) or 1
        return [s for s in self.checkable if s >= current and s not in self.signed]

    def seen(self, step: int, holds: bool) -> bool:
        """One look at `step`'s sign; True when it just came true (told once)."""
        if step in self.signed:
            return False
        if not holds:
            self.armed.add(step)
            return False
        if step not in self.armed:
            return False
        self.signed.add(step)
        return True

    @property
    def finished(self) -> bool:
        return self.count in self.signed
