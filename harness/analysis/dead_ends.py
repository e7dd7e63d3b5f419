"""Dead ends: which kind a stuck newcomer is in, and what they saw instead, nearest first.

Pure Python: the runner hands in what the screen showed (from `screen.js`).
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from rapidfuzz import fuzz

from harness.record.model import DeadEnd, DeadEndKind
from harness.wording import reader_form

SEEN_LIMIT = 12
# How alike (0..100, as `rapidfuzz.fuzz.ratio` of the words as a reader reads them) a name
# on screen must be to what the newcomer looked for to be the same name mistyped:
# "Rename Notebok" and "Rename Notebook…", "Terminal" and "Terminals".
NEAR_NAME = 85.0

# A notice (a status, a live region, a toast) that says one of these reads as an error.
ERROR_WORDING = re.compile(
    r"\b(errors?|fail(s|ed|ure)?|invalid|required|could ?n[o']t|can ?n[o']t|unable|try again|"
    r"incorrect|went wrong|not allowed|denied)\b",
    re.IGNORECASE,
)

# Words a newcomer uses for the same intent. A person looking for "Get started" who sees
# "Start free trial" has found it under another name: such names rank high in "seen".
SYNONYMS: tuple[frozenset[str], ...] = tuple(
    frozenset(group)
    for group in (
        {"start", "begin", "get started", "try", "sign up", "signup", "join", "register",
         "create account", "get going", "trial"},
        {"continue", "next", "proceed", "go on", "forward", "go"},
        {"back", "previous", "return", "go back"},
        {"sign in", "log in", "login", "signin", "logon"},
        {"sign out", "log out", "logout", "signout"},
        {"save", "submit", "confirm", "apply", "done", "finish", "ok", "send"},
        {"cancel", "close", "dismiss", "not now", "skip", "later", "no thanks"},
        {"invite", "add people", "add teammates", "share", "add members"},
        {"create", "new", "add", "make", "start"},
        {"delete", "remove", "trash", "discard"},
        {"settings", "preferences", "options", "configure"},
        {"help", "support", "faq", "docs", "documentation"},
        {"search", "find", "look up"},
        {"buy", "purchase", "upgrade", "pay", "checkout", "subscribe"},
        {"edit", "change", "modify", "update"},
    )
)  # fmt: skip


@dataclass(frozen=True)
class Seen:
    """A visible, actionable thing on the screen."""

    role: str
    name: str
    disabled: bool = False
    box: Mapping[str, float] | None = None


def _stem(word: str) -> str:
    for suffix in ("ing", "ed", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)]
    return word


def _concepts(text: str) -> set[int]:
    words = [_stem(w) for w in re.findall(r"[a-z]+", text.casefold())]
    phrases = set(words) | {f"{a} {b}" for a, b in itertools.pairwise(words)}
    return {i for i, group in enumerate(SYNONYMS) if phrases & group}


def nearness(looked_for: str, name: str) -> float:
    """How alike two names read, letter by letter (0..100), typography and case aside."""
    a, b = reader_form(looked_for), reader_form(name)
    if not a or not b:
        return 0.0
    return float(fuzz.ratio(a, b))


def near_name(looked_for: str, seen: Iterable[Seen]) -> Seen | None:
    """The name on screen that reads as what the newcomer looked for, mistyped; if any."""
    best = max(seen, key=lambda s: nearness(looked_for, s.name), default=None)
    if best is None or nearness(looked_for, best.name) < NEAR_NAME:
        return None
    return best


def similarity(looked_for: str, name: str) -> float:
    """How close a visible name is to what the newcomer looked for (0..1)."""
    a, b = reader_form(looked_for), reader_form(name)
    if not a or not b:
        return 0.0
    if a == b:
        return 1.0
    ratio = fuzz.ratio(a, b) / 100
    wa, wb = {_stem(w) for w in re.findall(r"\w+", a)}, {_stem(w) for w in re.findall(r"\w+", b)}
    overlap = len(wa & wb) / max(len(wa | wb), 1)
    contains = 0.9 if (a in b or b in a) else 0.0
    synonym = 0.8 if _concepts(a) & _concepts(b) else 0.0
    return max(ratio, overlap, contains, synonym)


def rank_seen(looked_for: str, seen: Iterable[Seen]) -> list[Seen]:
    """Nearest names first; ties keep their order on the page. Duplicates collapse.

    A name that reads as the one looked for, mistyped ("Rename Notebook…" for
    "Rename Notebok"), comes before every other, even one that contains the words.
    """
    unique: dict[tuple[str, str], Seen] = {}
    for item in seen:
        unique.setdefault((item.role, item.name), item)
    items = list(unique.values())
    order = {id(s): i for i, s in enumerate(items)}
    near = near_name(looked_for, items) if looked_for else None
    return sorted(
        items,
        key=lambda s: (s is not near, -similarity(looked_for, s.name), order[id(s)]),
    )


def seen_on(screen: Mapping[str, Any]) -> list[Seen]:
    out = []
    for a in screen.get("actions", []):
        box = a.get("box")
        out.append(
            Seen(
                str(a.get("role", "")),
                str(a.get("name", "")),
                bool(a.get("disabled")),
                box if isinstance(box, Mapping) else None,
            )
        )
    return out


def classify(
    kind: DeadEndKind,
    looked_for: str,
    message: str,
    screen: Mapping[str, Any],
    *,
    page_errors: Sequence[str] = (),
    target_box: Mapping[str, float] | None = None,
    seen: Sequence[str] | None = None,
) -> DeadEnd:
    """Turn "stuck" into a dead end: refine its kind, rank what was seen, point at a place.

    `seen`, when given, is what the newcomer saw instead in place of the screen's actions:
    what covers the target (first, in the page's order), or the options a list offers.
    """
    found = seen_on(screen) if seen is None else [Seen("", name) for name in seen]
    if kind in ("missing-target", "expectation-unmet") and seen is None:
        if page_errors:
            kind = "page-crash"
            message += f" The page had an uncaught error: {page_errors[-1]}"
        elif not any(not s.disabled for s in found):
            kind = "no-way-forward"
            message += " The page offers nothing to click, fill or follow."
    if target_box is not None:  # it was there: "instead" means everything else
        found = [s for s in found if reader_form(s.name) != reader_form(looked_for)]
    if kind in ("covered-target", "not-keyboard-reachable"):  # as it reads, in its order
        ranked = list(rank_seen("", found))[:SEEN_LIMIT]  # what covers it, as it reads
    else:
        ranked = rank_seen(looked_for, found)[:SEEN_LIMIT]
    if kind == "missing-target":
        near = near_name(looked_for, ranked[:1])
        if near is not None:
            message += f" Did you mean “{near.name}”?"
    box, label = None, None
    if target_box is not None:
        box = dict(target_box)
        label = TARGET_LABELS.get(kind, "“{}”").format(looked_for)
    elif kind == "missing-target" and ranked and ranked[0].box is not None:
        nearest = ranked[0]
        box = dict(nearest.box)  # type: ignore[arg-type]
        label = f"looked for “{looked_for}” — nearest: “{nearest.name}”"
    errors, notices = errors_and_notices(screen)
    return DeadEnd(
        kind=kind,
        looked_for=looked_for,
        message=message,
        seen=[s.name or f"({s.role} with no name)" for s in ranked],
        errors_on_screen=errors,
        notices_on_screen=notices,
        box=box,
        box_label=label,
    )


def reads_as_error(text: str) -> bool:
    """Whether a message on screen says something went wrong ("failed", "is required", ...)."""
    return ERROR_WORDING.search(text.replace("’", "'")) is not None


def errors_and_notices(screen: Mapping[str, Any]) -> tuple[list[str], list[str]]:
    """The screen's error messages, and its other notices (statuses, toasts), apart.

    `screen.js` calls errors what the page marks as errors: invalid fields, alerts tied to a
    form, elements classed as errors. A notice joins them when its words read as an error.
    """
    errors = [str(e) for e in screen.get("errors") or ()]
    notices: list[str] = []
    for notice in (str(n) for n in screen.get("notices") or ()):
        group = errors if reads_as_error(notice) else notices
        if notice not in group:
            group.append(notice)
    return errors, notices


# How the box around a target that was there is captioned, by kind.
TARGET_LABELS: Mapping[str, str] = {
    "disabled-target": "“{}” stays disabled",
    "covered-target": "“{}” is covered",
    "not-keyboard-reachable": "Tab never reaches “{}”",
}
