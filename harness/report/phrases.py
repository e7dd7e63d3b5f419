"""Actions told in plain words, the way a newcomer would describe what they did."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from harness.report.fmt import as_text
from harness.scenario.actions import ACTIONS, Phrasing

__all__ = ["Phrase", "action_phrase"]


@dataclass(frozen=True)
class Phrase:
    """A sentence in parts; quoted parts are names or values the newcomer saw or typed."""

    parts: tuple[tuple[str, bool], ...]


def action_phrase(action: Mapping[str, Any]) -> Phrase:
    """An action in plain words: click “Get started”, fill “Work email” with “…”."""
    kind = as_text(action.get("kind")) or "do"
    row = ACTIONS.get(kind)
    phrasing = row.phrase if row is not None else Phrasing(kind, extra=("with", "value"))
    return Phrase(phrasing.parts(as_text(action.get("target")), as_text(action.get("value"))))


# The past tense of what the newcomer did last, for "Where they clicked".
DONE = {row.name: row.caption for row in ACTIONS.values() if row.caption is not None}


def last_action(actions: Any) -> tuple[str, str | None]:
    """A caption for the action screenshot: what was done last, and to what."""
    if isinstance(actions, list | tuple):
        for action in reversed(actions):
            if isinstance(action, Mapping):
                kind = as_text(action.get("kind"))
                if kind in DONE:
                    return DONE[kind], as_text(action.get("target"))
    return "Where they acted", None
