"""What the screen told a newcomer, as the report shows it: flagged signals first, in words.

The record's `text.flags` names the signals over their threshold (`signals.THRESHOLDS`);
each becomes a short reason ("Reading load: 46 s to read (over 30 s)"). Unflagged figures
stay, quietly.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from harness.analysis.signals import THRESHOLDS
from harness.report.fmt import as_mapping, as_number, as_texts, plural, seconds

__all__ = ["ChipGroup", "Flag", "Metric", "SignalsView", "signals_view"]

FLAG_TITLES = {
    "reading-load": "Reading load",
    "grade": "Hard to read",
    "jargon": "Jargon",
    "rare-words": "Rare words",
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
    # The record's jargon holds the scenario's words and the rare ones: told apart here.
    rare = tuple(dict.fromkeys(as_texts(t.get("rare_words"))))
    known = {w.casefold() for w in rare}
    jargon = tuple(w for w in as_texts(t.get("jargon")) if w.casefold() not in known)
    acronyms, vague = as_texts(t.get("acronyms")), as_texts(t.get("vague_labels"))

    metrics: list[Metric] = []
    if words is not None:
        metrics.append(Metric(str(int(words)), "words"))
    if reading is not None:
        metrics.append(Metric(seconds(reading, whole=True), "to read", "reading-load" in flagged))
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
            ChipGroup("Rare words", "rare", rare, "rare-words" in flagged),
            ChipGroup("Acronyms", "acronym", acronyms, "acronyms" in flagged),
            ChipGroup("Vague labels", "vague", vague, "vague-labels" in flagged),
        )
        if group.items
    )
    clicks, filled = as_number(c.get("clicks")) or 0, as_number(c.get("fields_filled")) or 0
    effort = int(clicks + max(filled, as_number(c.get("required_fields")) or 0))
    reasons = {
        "reading-load": f"{seconds(reading, whole=True)} to read" if reading is not None else "",
        "grade": f"reading grade {grade:.1f}" if grade is not None else "",
        "jargon": _count(len(jargon), "word", "from the team's jargon list"),
        "rare-words": _count(len(rare), "word", "rare in everyday English"),
        "acronyms": _count(len(acronyms), "acronym", "not spelled out"),
        "vague-labels": ", ".join(f"“{v}”" for v in vague[:3]) + ("…" if len(vague) > 3 else ""),
        "competing-actions": (
            f"{int(primary)} primary actions in view" if primary is not None else ""
        ),
        "interaction-cost": f"{effort} clicks and fields in one step" if c else "",
    }
    flags = tuple(
        Flag(
            FLAG_TITLES.get(name, name.replace("-", " ").replace("_", " ").capitalize()),
            reasons.get(name, "") + _over(name),
        )
        for name in dict.fromkeys(as_texts(t.get("flags")))
    )
    return SignalsView(flags=flags, metrics=tuple(metrics), groups=groups, cost=costs)


def _cost(cost: Mapping[str, Any], flagged: bool) -> tuple[Metric, ...]:
    clicks, filled = as_number(cost.get("clicks")), as_number(cost.get("fields_filled"))
    required, pages = as_number(cost.get("required_fields")), as_number(cost.get("pages_visited"))
    parts: list[Metric] = []
    # Nothing asked is not worth a word: a zero is left out.
    if clicks:
        parts.append(Metric(str(int(clicks)), "click" if clicks == 1 else "clicks", flagged))
    if filled:
        label = "field filled" if filled == 1 else "fields filled"
        parts.append(Metric(str(int(filled)), label, flagged))
    if required:
        parts.append(Metric(str(int(required)), "required", flagged))
    if pages:
        parts.append(Metric(str(int(pages)), "page" if pages == 1 else "pages", flagged))
    return tuple(parts)


def _count(n: int, word: str, rest: str) -> str:
    return f"{plural(n, word)} {rest}" if n else ""


def _over(name: str) -> str:
    """ "(over 30 s)": where the line is drawn, when it is not simply "any"."""
    threshold = THRESHOLDS.get(name)
    if threshold is None or threshold.limit <= 0 or name in ("rare-words",):
        return ""
    if name == "reading-load":
        return f" (over {seconds(threshold.limit, whole=True)})"
    return f" (over {threshold.limit:g})"
