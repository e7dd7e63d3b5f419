"""Actions told in plain words, the way a newcomer would describe what they did."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from harness.report.fmt import as_text

__all__ = ["Phrase", "action_phrase"]


@dataclass(frozen=True)
class Phrase:
    """A sentence in parts; quoted parts are names or values the newcomer saw or typed."""

    parts: tuple[tuple[str, bool], ...]


def action_phrase(action: Mapping[str, Any]) -> Phrase:
    """An action in plain words: click “Get started”, fill “Work email” with “…”."""
    kind = as_text(action.get("kind")) or "do"
    target = as_text(action.get("target"))
    value = as_text(action.get("value"))
    parts: list[tuple[str, bool]]
    if kind == "visit":
        parts = [("go to", False), (target or value or "the start page", True)]
    elif kind == "fill":
        parts = [("fill", False), (target or "a field", True)]
        if value is not None:
            parts += [("with", False), (value, True)]
    elif kind == "select":
        parts = [("choose", False), (value or "an option", True)]
        if target:
            parts += [("in", False), (target, True)]
    elif kind == "check":
        parts = [("tick", False), (target or "a checkbox", True)]
    elif kind == "press":
        parts = [("press", False), (value or target or "a key", True)]
        if value and target:
            parts += [("in", False), (target, True)]
    elif kind == "hover":
        parts = [("hover over", False), (target or "something", True)]
    elif kind == "upload":
        parts = [("upload", False), (value or "a file", True)]
        if target:
            parts += [("to", False), (target, True)]
    elif kind == "scroll":
        parts = [("scroll", False)]
        if target:
            parts = [("scroll to", False), (target, True)]
    else:
        parts = [(kind, False)]
        if target:
            parts.append((target, True))
        if value:
            parts += [("with", False), (value, True)]
    return Phrase(tuple(parts))


# The past tense of what the newcomer did last, for "Where they clicked".
DONE = {
    "click": "Where they clicked",
    "fill": "Where they typed",
    "select": "Where they chose",
    "check": "What they ticked",
    "press": "Where they pressed a key",
    "hover": "Where they hovered",
    "upload": "Where they uploaded",
}


def last_action(actions: Any) -> tuple[str, str | None]:
    """A caption for the action screenshot: what was done last, and to what."""
    if isinstance(actions, list | tuple):
        for action in reversed(actions):
            if isinstance(action, Mapping):
                kind = as_text(action.get("kind"))
                if kind in DONE:
                    return DONE[kind], as_text(action.get("target"))
    return "Where they acted", None
