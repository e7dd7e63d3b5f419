"""Every kind of action a newcomer takes, in one table.

A row says how a scenario writes the action, what the newcomer looks for on screen, how
it is told in plain words and in a screenshot's caption, and what it costs. Adding a kind
is one row here, plus its performer in `harness.browser.actions`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

SECRET_MASK = "••••••"

# How YAML writes it: a mapping of field to value, one or more targets, one word
# (a path, a key), or a direction or a target to scroll to.
Written = Literal["fields", "targets", "word", "scroll"]
# What the newcomer looks for on screen (see `harness.browser.targets`).
LooksFor = Literal["field", "file", "choice", "check", "clickable", "none"]
# Which interaction cost it adds to.
Counts = Literal["clicks", "fields_filled"]


@dataclass(frozen=True)
class Phrasing:
    """An action in plain words: a verb, what it was done to (or a fallback), maybe more.

    `names` are the recorded parts that can name the thing, the first present wins; `extra`
    (a joining word and a part) is added when that part is there and did not name it.
    """

    verb: str
    names: tuple[str, ...] = ("target",)
    fallback: str | None = None
    extra: tuple[str, str] | None = None
    alone: str | None = None  # the verb when nothing names the thing and there is no fallback
    empty_extra: bool = False  # add `extra` even when it is empty text (a field filled with "")

    def parts(self, target: str | None, value: str | None) -> tuple[tuple[str, bool], ...]:
        """The sentence in parts; True marks the quoted ones."""
        given = {"target": target, "value": value}
        named = next((key for key in self.names if given[key]), None)
        parts: list[tuple[str, bool]]
        if named is not None:
            parts = [(self.verb, False), (str(given[named]), True)]
        elif self.fallback is not None:
            parts = [(self.verb, False), (self.fallback, True)]
        else:
            parts = [(self.alone or self.verb, False)]
        if self.extra is not None:
            word, key = self.extra
            more = given[key]
            if key != named and (more is not None if self.empty_extra else more):
                parts += [(word, False), (str(more), True)]
        return tuple(parts)


@dataclass(frozen=True)
class ActionKind:
    """One kind of action and everything shoshin says or does about it, except doing it."""

    name: str
    written: Written
    looks_for: LooksFor
    phrase: Phrasing
    did: str | None = None  # past tense for the action screenshot: "clicked"
    did_to: str = "Where"  # "Where they clicked", "What they ticked"
    counts: Counts | None = None
    waits_enabled: bool = False  # a disabled target is a dead end, not something to act on
    word: str | None = None  # for `written == "word"`: what the YAML takes
    quoted: bool = False  # for `written == "word"`: the value is quoted in run.json (`type “hi”`)

    @property
    def caption(self) -> str | None:
        """The action screenshot's caption: "Where they clicked"."""
        return f"{self.did_to} they {self.did}" if self.did else None

    @property
    def verb_here(self) -> str | None:
        """The label of the outline on the action screenshot: "clicked here"."""
        return f"{self.did} here" if self.did else None

    def describe(self, target: str | None, value: str | None) -> str:
        """The action as written in run.json: `fill “Email” with “…”`."""
        if self.written == "word":
            return f"{self.name} “{value}”" if self.quoted else f"{self.name} {value}"
        if self.written == "fields":
            return f"{self.name} “{target}” with “{value}”"
        if self.written == "scroll":
            return f"scroll {value}" if target is None else f"scroll to “{target}”"
        return f"{self.name} “{target}”"


_ROWS = (
    ActionKind(
        "visit",
        "word",
        "none",
        Phrasing("go to", ("target", "value"), "the start page"),
        word="a path like /signup",
    ),
    ActionKind(
        "click",
        "targets",
        "clickable",
        Phrasing("click", extra=("with", "value")),
        did="clicked",
        counts="clicks",
        waits_enabled=True,
    ),
    ActionKind(
        "fill",
        "fields",
        "field",
        Phrasing("fill", fallback="a field", extra=("with", "value"), empty_extra=True),
        did="typed",
        counts="fields_filled",
        waits_enabled=True,
    ),
    ActionKind(
        "select",
        "fields",
        "choice",
        Phrasing("choose", ("value",), "an option", extra=("in", "target")),
        did="chose",
        counts="fields_filled",
        waits_enabled=True,
    ),
    ActionKind(
        "check",
        "targets",
        "check",
        Phrasing("tick", fallback="a checkbox"),
        did="ticked",
        did_to="What",
        counts="clicks",
        waits_enabled=True,
    ),
    ActionKind(
        "press",
        "word",
        "none",
        Phrasing("press", ("value", "target"), "a key", extra=("in", "target")),
        did="pressed a key",
        word="a key like Enter",
    ),
    ActionKind(
        "type",
        "word",
        "none",
        Phrasing("type", ("value",), "some text"),
        did="typed",
        word="the text to type, like SELECT 1",
        quoted=True,
    ),
    ActionKind(
        "hover",
        "targets",
        "clickable",
        Phrasing("hover over", fallback="something"),
        did="hovered",
    ),
    ActionKind(
        "upload",
        "fields",
        "file",
        Phrasing("upload", ("value",), "a file", extra=("to", "target")),
        did="uploaded",
        counts="fields_filled",
        waits_enabled=True,
    ),
    ActionKind("scroll", "scroll", "clickable", Phrasing("scroll to", alone="scroll")),
)

ACTIONS: dict[str, ActionKind] = {row.name: row for row in _ROWS}
ACTION_KINDS = tuple(ACTIONS)
SCROLL_WHERE = ("down", "up", "top", "bottom")


def looks_for(kind: str) -> LooksFor:
    """What an action of `kind` looks for; anything unknown is looked for as clickable."""
    row = ACTIONS.get(kind)
    return row.looks_for if row is not None else "clickable"
