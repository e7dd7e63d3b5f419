"""What the screen told a newcomer, as the report shows it: flagged signals first, in words.

The record's `text.flags` names the signals over their threshold; each becomes a short
reason ("Reading load: 46 s to read"). Unflagged figures stay, quietly.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from harness.report.fmt import as_mapping, as_number, as_texts, plural, seconds

__all__ = ["ChipGroup", "Flag", "Metric", "SignalsView", "signals_view"]

FLAG_TITLES = {
    "reading-load": "Reading load",
    "grade": "Hard to read",
    "jargon": "Jargon",
    "acronyms": "Unexplained acronyms",
    "vague-labels": "Vague labels",
    "competing-actions": "Competing actions",
    "interaction-cost": "Interaction cost",
}


@dataclass(frozen=True)
class Flag:
    title: str
    reason: str


@dataclass(frozen=True)
class Metric:
    value: str
    label: str
    flagged: bool = False
    label_first: bool = False


@dataclass(frozen=True)
class ChipGroup:
    label: str
    kind: str  # names a CSS class: one of a fixed set, never from the record
    items: tuple[str, ...]
    flagged: bool


@dataclass(frozen=True)
class SignalsView:
    flags: tuple[Flag, ...]
    metrics: tuple[Metric, ...]
    groups: tuple[ChipGroup, ...]
    cost: tuple[Metric, ...]


def signals_view(text: Any, cost: Any) -> SignalsView | None:
    """The signals of a step's screen and what the step asked; None if neither was recorded."""
    if not isinstance(text, Mapping) and not isinstance(cost, Mapping):
        return None
    t, c = as_mapping(text), as_mapping(cost)
    flagged = set(as_texts(t.get("flags")))
    words, reading = as_number(t.get("words")), as_number(t.get("reading_seconds"))
    grade, primary = as_number(t.get("grade")), as_number(t.get("primary_actions"))
    jargon, rare = as_texts(t.get("jargon")), as_texts(t.get("rare_words"))
    acronyms, vague = as_texts(t.get("acronyms")), as_texts(t.get("vague_labels"))

    metrics: list[Metric] = []
    if words is not None:
        metrics.append(Metric(str(int(words)), "words"))
    if reading is not None:
        metrics.append(
            Metric(seconds(reading, whole=True), "to read", "reading-load" in flagged)
        )
    if grade is not None:
        metrics.append(Metric(f"{grade:.1f}", "grade", "grade" in flagged, label_first=True))
    if primary is not None and (primary > 0 or "competing-actions" in flagged):
        metrics.append(
            Metric(
                str(int(primary)),
                "primary action" if primary == 1 else "primary actions",
                "competing-actions" in flagged,
            )
        )

    costs = _cost(c, "interaction-cost" in flagged)
    groups = tuple(
        group
        for group in (
            ChipGroup("Jargon", "jargon", jargon, "jargon" in flagged),
            ChipGroup("Rare words", "rare", rare, "jargon" in flagged),
            ChipGroup("Acronyms", "acronym", acronyms, "acronyms" in flagged),
            ChipGroup("Vague labels", "vague", vague, "vague-labels" in flagged),
        )
        if group.items
    )
    thresholds = as_mapping(t.get("thresholds"))
    reasons = {
        "reading-load": f"{seconds(reading, whole=True)} to read" if reading is not None else "",
        "grade": f"reading grade {grade:.1f}" if grade is not None else "",
        "jargon": _count(len(jargon) + len(rare), "term", "a newcomer may not know"),
        "acronyms": _count(len(acronyms), "acronym", "not spelled out"),
        "vague-labels": ", ".join(f"“{v}”" for v in vague[:3]) + ("…" if len(vague) > 3 else ""),
        "competing-actions": (
            f"{int(primary)} primary actions compete" if primary is not None else ""
        ),
        "interaction-cost": ", ".join(f"{m.value} {m.label}" for m in costs),
    }
    flags = tuple(
        Flag(
            FLAG_TITLES.get(name, name.replace("-", " ").replace("_", " ").capitalize()),
            reasons.get(name, "") + _over(name, thresholds.get(name)),
        )
        for name in dict.fromkeys(as_texts(t.get("flags")))
    )
    return SignalsView(flags=flags, metrics=tuple(metrics), groups=groups, cost=costs)


def _cost(cost: Mapping[str, Any], flagged: bool) -> tuple[Metric, ...]:
    clicks, filled = as_number(cost.get("clicks")), as_number(cost.get("fields_filled"))
    required, pages = as_number(cost.get("required_fields")), as_number(cost.get("pages_visited"))
    parts: list[Metric] = []
    if clicks is not None:
        parts.append(Metric(str(int(clicks)), "click" if clicks == 1 else "clicks", flagged))
    if filled is not None:
        label = "field filled" if filled == 1 else "fields filled"
        parts.append(Metric(str(int(filled)), label, flagged))
    if required:
        parts.append(Metric(str(int(required)), "required", flagged))
    if pages is not None:
        parts.append(Metric(str(int(pages)), "page" if pages == 1 else "pages", flagged))
    return tuple(parts)


def _count(n: int, word: str, rest: str) -> str:
    return f"{plural(n, word)} {rest}" if n else ""


def _over(name: str, threshold: Any) -> str:
    """ "(over 30 s)" when the record says where the line was drawn."""
    limit = as_number(threshold)
    if limit is None:
        return ""
    if name == "reading-load":
        return f" (over {seconds(limit, whole=True)})"
    return f" (over {limit:g})"
