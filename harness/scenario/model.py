"""The scenario model: frozen dataclasses that everything after loading works with.

`scenario/load.py` turns YAML into these once; the action kinds are in `scenario/actions.py`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from harness.scenario.actions import ACTION_KINDS as ACTION_KINDS
from harness.scenario.actions import ACTIONS
from harness.scenario.actions import SECRET_MASK as SECRET_MASK

DEFAULT_PATIENCE = 10.0
SCENARIO_KEYS = (
    "name",
    "product",
    "persona",
    "start",
    "reset",
    "patience",
    "jargon",
    "budget",
    "steps",
)
STEP_KEYS = ("intent", "expect", "patience", "budget", "actions", "or", *ACTION_KINDS)
EXPECT_KINDS = ("text", "url", "title", "gone", "download")
# An expected text this short (or of digits alone) is found in too many places to prove the
# step worked: "2" is on a page showing "Cell 2/2" and "[2]:" above a SyntaxError.
SHORT_EXPECTATION = 2
_DIGITS_ONLY = re.compile(r"[\d\s.,:/%+-]+")


@dataclass(frozen=True)
class Target:
    """What a newcomer looks for: words on the screen, or (discouraged) a CSS selector.

    `under`: the words of a heading (or any visible text) the target sits under, in that
    heading's section. `near`: visible words the target is nearest to on screen. Both say
    which one, in a newcomer's words, when the same words show more than once.
    """

    text: str
    css: bool = False
    under: str | None = None
    near: str | None = None

    def describe(self) -> str:
        if self.css:
            return f"css:{self.text}"
        where = [f"under “{self.under}”"] if self.under is not None else []
        where += [f"near “{self.near}”"] if self.near is not None else []
        return f"{self.text} ({', '.join(where)})" if where else self.text


@dataclass(frozen=True)
class Action:
    kind: str
    target: Target | None = None
    value: str | None = None
    secret: bool = False
    line: int | None = None

    def describe(self) -> str:
        """The action in plain words, with secrets masked."""
        value = SECRET_MASK if self.secret else self.value
        target = self.target.describe() if self.target else None
        kind = ACTIONS.get(self.kind)
        return kind.describe(target, value) if kind else f"{self.kind} “{target}”"


@dataclass(frozen=True)
class Expectation:
    kind: str  # "text" | "url" | "title" | "gone" (text no longer visible) | "download" (a glob)
    value: str
    line: int | None = field(default=None, compare=False)  # where it is written

    def describe(self) -> str:
        return self.value if self.kind == "text" else f"{self.kind}: {self.value}"

    @property
    def too_short(self) -> bool:
        """An expected text of one or two characters, or of digits alone: it proves little,
        so on the page it counts only as the whole text of an element."""
        text = self.value.strip()
        short = len(text) <= SHORT_EXPECTATION or bool(_DIGITS_ONLY.fullmatch(text))
        return self.kind == "text" and short


@dataclass(frozen=True)
class Step:
    index: int
    intent: str | None
    actions: tuple[Action, ...]
    expect: tuple[Expectation, ...]
    patience: float
    budget: float | None = None
    line: int | None = None
    # `or:` ways to try, in order, when the one before ended in a dead end (`actions` is
    # the first way).
    alternatives: tuple[tuple[Action, ...], ...] = ()

    @property
    def every_action(self) -> tuple[Action, ...]:
        """The actions of every way, in the order written."""
        return tuple(a for way in (self.actions, *self.alternatives) for a in way)


@dataclass(frozen=True)
class Scenario:
    name: str
    file: Path
    steps: tuple[Step, ...]
    persona: str | None = None
    start: str | None = None
    patience: float = DEFAULT_PATIENCE
    budget: float | None = None
    jargon: tuple[str, ...] = ()
    secrets: tuple[str, ...] = field(default=(), repr=False)
    product: str | None = None  # the product's own name: never flagged as a rare word
    reset: str | None = None  # visited before the first step, outside its clock: a first run

    @property
    def slug(self) -> str:
        return re.sub(r"[^a-z0-9]+", "-", self.file.stem.lower()).strip("-") or "scenario"


def with_run_id(text: str, run_id: str) -> str:
    """Make every run a first run: `{run_id}` becomes this run's id."""
    return text.replace("{run_id}", run_id)
