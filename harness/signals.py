"""What a newcomer's screen tells: visible actions, visible errors, and text metrics.

The page-side part is a script the runner evaluates in the browser (it returns plain
data); everything else here is pure Python, testable without a browser.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from harness.record import TextMetrics

WORDS_PER_MINUTE = 238
SMALL_WORDS = frozenset({"of", "and", "the", "for", "to", "a", "an", "in", "on", "with", "&"})

# Evaluated in the page; returns {actions: [{role, name, disabled, box}], errors, text}.
SCREEN_SCRIPT = "\n".join(
    line
    for line in (Path(__file__).parent / "screen.js").read_text(encoding="utf-8").splitlines()
    if not line.startswith("//")
)


@dataclass(frozen=True)
class Seen:
    role: str
    name: str
    disabled: bool = False

    def label(self) -> str:
        name = self.name or "(no name)"
        return f"{name} ({self.role}{', disabled' if self.disabled else ''})"


def similarity(looked_for: str, name: str) -> float:
    """How close a visible name is to what the newcomer looked for (0..1)."""
    a, b = looked_for.casefold().strip(), name.casefold().strip()
    if not a or not b:
        return 0.0
    if a == b:
        return 1.0
    ratio = difflib.SequenceMatcher(None, a, b).ratio()
    wa, wb = set(re.findall(r"\w+", a)), set(re.findall(r"\w+", b))
    overlap = len(wa & wb) / max(len(wa | wb), 1)
    contains = 0.9 if (a in b or b in a) else 0.0
    return max(ratio, overlap, contains)


def rank_seen(looked_for: str, seen: Iterable[Seen]) -> list[Seen]:
    """Nearest names first; ties keep their order on the page. Duplicates collapse."""
    unique: dict[tuple[str, str], Seen] = {}
    for item in seen:
        unique.setdefault((item.role, item.name), item)
    items = list(unique.values())
    order = {id(s): i for i, s in enumerate(items)}
    return sorted(items, key=lambda s: (-similarity(looked_for, s.name), order[id(s)]))


# --- text metrics ---------------------------------------------------------------------------

_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")
_ACRONYM = re.compile(r"\b[A-Z][A-Z0-9]{1,5}s?\b")
_SENTENCE_END = re.compile(r"[.!?]+(\s|$)|\n+")
_COMMON_ACRONYMS = frozenset({"OK", "US", "UK", "EU", "FAQ", "PM", "AM", "ID", "TV"})


def count_syllables(word: str) -> int:
    word = word.lower().strip("'’-")
    if not word:
        return 0
    groups = re.findall(r"[aeiouy]+", word)
    count = len(groups)
    if word.endswith("e") and not word.endswith(("le", "ee")) and count > 1:
        count -= 1
    return max(count, 1)


def reading_grade(text: str) -> float:
    """Flesch-Kincaid grade level (US school years); 0 for no text."""
    words = _WORD.findall(text)
    if not words:
        return 0.0
    sentences = max(len([s for s in _SENTENCE_END.split(text) if s and s.strip()]), 1)
    syllables = sum(count_syllables(w) for w in words)
    grade = 0.39 * len(words) / sentences + 11.8 * syllables / len(words) - 15.59
    return round(max(grade, 0.0), 1)


def find_jargon(text: str, jargon: Sequence[str]) -> list[str]:
    """The scenario's jargon words that appear on screen (whole words, any case)."""
    found = []
    for term in jargon:
        if re.search(rf"(?<!\w){re.escape(term)}(?!\w)", text, flags=re.IGNORECASE):
            found.append(term)
    return found


def unexplained_acronyms(text: str) -> list[str]:
    """Acronyms on screen that are never spelled out there (e.g. 'Single Sign-On (SSO)')."""
    words = [w.strip("'’-").lower() for w in _WORD.findall(text)]
    words = [w for part in words for w in part.split("-") if w]
    found: list[str] = []
    for match in _ACRONYM.findall(text):
        acronym = match[:-1] if match.endswith("s") and match[:-1].isupper() else match
        if acronym in found or acronym in _COMMON_ACRONYMS or not acronym.isalpha():
            continue
        if not _spelled_out(acronym.lower(), words):
            found.append(acronym)
    return found


def _spelled_out(acronym: str, words: list[str]) -> bool:
    content = [w for w in words if w not in SMALL_WORDS]
    n = len(acronym)
    return any(
        "".join(w[0] for w in content[i : i + n]) == acronym for i in range(len(content) - n + 1)
    )


def text_metrics(text: str, jargon: Sequence[str] = ()) -> TextMetrics:
    words = len(_WORD.findall(text))
    return TextMetrics(
        words=words,
        reading_seconds=round(words / WORDS_PER_MINUTE * 60, 1),
        grade=reading_grade(text),
        jargon=find_jargon(text, jargon),
        acronyms=unexplained_acronyms(text),
    )
