"""What the screen told a newcomer, as the report shows it: flagged signals first, in words.

The record's `text.flags` names the signals over their threshold (`signals.THRESHOLDS`);
each becomes a short reason ("Reading load: 46 s to read (over 30 s)"). Unflagged figures
stay, quietly.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from harness.analysis.signals import THRESHOLDS
from harness.record.model import InteractionCost, TextMetrics
from harness.report.fmt import plural, seconds

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


def signals_view(
    text: TextMetrics | None,
    cost: InteractionCost | None,
    invisible_focus: Sequence[str] = (),
) -> SignalsView | None:
    """The signals of a step's screen and what the step asked; None if neither was recorded.

    `invisible_focus` (`--input keyboard`) names the targets whose focus showed nothing.
    """
    if text is None and cost is None and not invisible_focus:
        return None
    flagged = set(text.flags if text else ())
    words = text.words if text else None
    reading = text.reading_seconds if text else None
    grade = text.grade if text else None
    primary = text.primary_actions if text else None
    # The record's jargon holds the scenario's words and the rare ones: told apart here.
    rare = tuple(dict.fromkeys(text.rare_words if text else ()))
    known = {w.casefold() for w in rare}
    jargon = tuple(w for w in (text.jargon if text else ()) if w.casefold() not in known)
    acronyms = tuple(text.acronyms if text else ())
    vague = tuple(text.vague_labels if text else ())

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

    costs = _cost(cost, "interaction-cost" in flagged)
    groups = tuple(
        group
        for group in (
            ChipGroup("Jargon", "jargon", jargon, "jargon" in flagged),
            ChipGroup("Rare words", "rare", rare, "rare-words" in flagged),
            ChipGroup("Acronyms", "acronym", acronyms, "acronyms" in flagged),
            ChipGroup("Vague labels", "vague", vague, "vague-labels" in flagged),
            ChipGroup("Focus not visible", "focus", tuple(invisible_focus), True),
        )
        if group.items
    )
    effort = cost.clicks + max(cost.fields_filled, cost.required_fields) if cost else 0
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
        "interaction-cost": f"{effort} clicks and fields in one step" if cost else "",
    }
    flags = tuple(
        Flag(
            FLAG_TITLES.get(name, name.replace("-", " ").replace("_", " ").capitalize()),
            reasons.get(name, "") + _over(name),
        )
        for name in dict.fromkeys(text.flags if text else ())
    )
    if invisible_focus:
        flags += (_focus_flag(invisible_focus),)
    return SignalsView(flags=flags, metrics=tuple(metrics), groups=groups, cost=costs)


def _focus_flag(names: Sequence[str]) -> Flag:
    """A keyboard newcomer cannot see where they are: the page hides its focus."""
    shown = ", ".join(f"“{n}”" for n in names[:3]) + ("…" if len(names) > 3 else "")
    verb = "shows" if len(names) == 1 else "show"
    return Flag("Focus not visible", f"{shown} {verb} no sign of focus when Tab reaches it")


def _cost(cost: InteractionCost | None, flagged: bool) -> tuple[Metric, ...]:
    if cost is None:
        return ()
    clicks, filled = cost.clicks, cost.fields_filled
    required, pages = cost.required_fields, cost.pages_visited
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
    tabs = cost.tab_presses  # --input keyboard
    if tabs:
        parts.append(Metric(str(int(tabs)), "Tab press" if tabs == 1 else "Tab presses"))
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
