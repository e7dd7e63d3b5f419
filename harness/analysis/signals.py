"""What a newcomer's screen tells: visible actions, visible errors, and text metrics.

The page-side part is a script the runner evaluates in the browser (it returns plain
data); everything else here is pure Python, testable without a browser.
"""

from __future__ import annotations

import functools
import re
import threading
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from harness.record.model import InteractionCost, TextMetrics

WORDS_PER_MINUTE = 238
SMALL_WORDS = frozenset({"of", "and", "the", "for", "to", "a", "an", "in", "on", "with", "&"})


# --- text metrics ---------------------------------------------------------------------------

_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")
_ACRONYM = re.compile(r"\b[A-Z][A-Z0-9]{1,5}s?\b")
_SENTENCE_END = re.compile(r"[.!?]+(\s|$)|\n+")
_COMMON_ACRONYMS = frozenset({"OK", "US", "UK", "EU", "FAQ", "PM", "AM", "ID", "TV"})

# Word frequencies are wordfreq's Zipf scale: log10 of uses per billion words, so 3 is once
# per million words and "the" is 7.7. Below RARE_ZIPF a word counts as rare. The cut-off is
# calibrated on 520 everyday and 132 jargon words from six open-source products' UI copy
# (tests/fixtures/words/, none from the demo): benchmarks/calibrate_words.py picks the highest
# F0.5 (precision weighs twice recall; a report that cries wolf gets ignored). At 3.2 it
# flags 61 % of the jargon ("middleware" 2.6, "endpoint" 2.9, "runtime" 3.1) with precision
# 0.78; the false alarms are UI words ("dropdown" 2.2, "checkbox" 2.4, "sidebar" 3.1). F0.5
# is flat from 3.05 to 3.4 and clearly lower at 2.8 (precision 0.78, recall 0.41). Jargon made
# of everyday words ("token", "port", "string") stays for the scenario's `jargon:` list.
RARE_ZIPF = 3.2
# An all-capitals word this common in lower case ("FREE", "TEAMS", "THE") is emphasis or
# CSS text-transform, not an acronym, and so are acronyms everyone reads ("PDF" 3.8, "GIF"
# 3.9). Calibrated like RARE_ZIPF on 46 everyday and 68 jargon capitals from the same copy:
# highest F0.5 at 3.3, precision 0.84, recall 0.90. The misses are acronyms that are also
# common tokens ("API" 3.7, "CSS" 3.4, "REST"); most false alarms are two-letter ("AI", "MB",
# "OR"), which are never measured by frequency, the rest "JPG" 2.9 and "QWERTY" 2.5.
EVERYDAY_ZIPF = 3.3
RARE_MIN_LETTERS = 4
RARE_WORDS_SHOWN = 12


_WORDS_LOADING = threading.Lock()
_zipf: Callable[[str, str], float] | None = None


def _word_list() -> Callable[[str, str], float]:
    """wordfreq with its English list loaded: once, whichever thread asks first."""
    # Imported on first use: wordfreq and its English list cost ~0.3 s, which commands that
    # never measure a screen (report, --help) should not pay.
    global _zipf
    with _WORDS_LOADING:
        if _zipf is None:
            from wordfreq import get_frequency_dict, zipf_frequency

            get_frequency_dict("en")
            _zipf = zipf_frequency
    return _zipf


def warm_up_words() -> None:
    """Load the word list in the background (a run does it while the browser starts)."""
    threading.Thread(target=_word_list, name="shoshin-words", daemon=True).start()


@functools.lru_cache(maxsize=16384)
def word_frequency(word: str) -> float:
    """How common `word` is in everyday English, on wordfreq's Zipf scale (0 = never seen)."""
    return float(_word_list()(word, "en"))


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


# A line of prose is mostly words; a line of data (ids, figures, key=value, code) is not.
_DATA_MARKS = re.compile(r"[{}\[\]<>=;|]")


def prose_of(text: str) -> str:
    """The lines of `text` that read as prose: tables (cells apart by tabs) and lines that
    are mostly figures, identifiers or code are looked up, not read, so they add no reading
    time and no reading grade."""
    kept = []
    for line in text.splitlines():
        chunks = line.split()
        if "\t" in line.strip():
            continue
        share = sum(1 for c in chunks if _WORD.fullmatch(c.strip(_EDGES))) / max(len(chunks), 1)
        if (len(chunks) >= 3 and share < 0.5) or (
            len(_DATA_MARKS.findall(line)) >= 2 and share < 0.8
        ):
            continue  # mostly figures and ids; or code ("x = f(y);", {"id": 3})
        kept.append(line)
    return "\n".join(kept)


def find_jargon(text: str, jargon: Sequence[str]) -> list[str]:
    """The scenario's jargon words that appear on screen (whole words, any case)."""
    found = []
    for term in jargon:
        if re.search(rf"(?<!\w){re.escape(term)}(?!\w)", text, flags=re.IGNORECASE):
            found.append(term)
    return found


# Around a word: quotes, brackets, sentence punctuation, bullets and dashes.
_EDGES = "\"'“”‘’()[]{}<>.,;:!?…—–-*•·|"
_CLOSERS = "\"'”’)]}"
# Inside a chunk these mean a number, an email, a URL, a path or an identifier, not a word.
_NOT_PROSE = re.compile(r"[\d@/\\_#=&%+.:~]")


def rare_words(text: str, known: Iterable[str] = (), limit: int = RARE_WORDS_SHOWN) -> list[str]:
    """Words on screen that are rare in everyday English, lower-cased, first seen first.

    Skipped: words under four letters, numbers, emails, URLs and identifiers, acronyms
    (measured apart), capitalised words inside a sentence (names: "Import from Trello"),
    CamelCase brands, and `known` words such as the product's own name.
    """
    skip = {w.casefold() for term in known for w in re.split(r"[\s-]+", term) if w}
    found: list[str] = []
    for line in text.splitlines():
        at_start = True  # a line is a heading, label, button or paragraph: a fresh start
        for chunk in line.split():
            core = chunk.strip(_EDGES)
            if not core:
                continue  # a bullet or a dash keeps the sentence where it was
            starts_sentence, at_start = at_start, chunk.rstrip(_CLOSERS).endswith(tuple(".!?:"))
            if _NOT_PROSE.search(core):
                continue
            for index, part in enumerate(core.split("-")):
                word = re.sub(r"['’]s?$", "", part)
                if len(word) < RARE_MIN_LETTERS or not re.sub(r"['’]", "", word).isalpha():
                    continue
                if _name_or_acronym(word, sentence_start=starts_sentence and index == 0):
                    continue
                key = word.casefold().replace("’", "'")
                if key in skip or key in found or word_frequency(key) >= RARE_ZIPF:
                    continue
                found.append(key)
                if len(found) >= limit:
                    return found
    return found


def _name_or_acronym(word: str, *, sentence_start: bool) -> bool:
    if word.isupper():
        return len(word) <= 6  # an acronym (measured apart); longer is shouting or CSS
    if any(c.isupper() for c in word[1:]):
        return True  # CamelCase: a brand (GitHub, iPhone)
    return word[0].isupper() and not sentence_start  # a name inside a sentence


def unexplained_acronyms(text: str) -> list[str]:
    """Acronyms on screen that are never spelled out there (e.g. 'Single Sign-On (SSO)')."""
    words = [w.strip("'’-").lower() for w in _WORD.findall(text)]
    words = [w for part in words for w in part.split("-") if w]
    found: list[str] = []
    for line in text.splitlines():
        shouting = not any(c.islower() for c in line) and len(_WORD.findall(line)) > 1
        for match in _ACRONYM.findall(line):
            acronym = match[:-1] if match.endswith("s") and match[:-1].isupper() else match
            if acronym in found or acronym in _COMMON_ACRONYMS or not acronym.isalpha():
                continue
            if (shouting or len(acronym) > 2) and word_frequency(acronym.lower()) >= EVERYDAY_ZIPF:
                continue
            if not _spelled_out(acronym.lower(), words):
                found.append(acronym)
    return found


def _spelled_out(acronym: str, words: list[str]) -> bool:
    """Whether consecutive words start with the acronym's letters; small words ("of", "on")
    may count or be skipped, so both "Single Sign-On" and "Bureau of Labor" spell out."""
    # The acronym itself is no spelling out ("IT team" would read as I-T).
    words = [w for w in words if w not in (acronym, acronym + "s")]

    def spells(rest: str, i: int) -> bool:
        if not rest:
            return True
        if i >= len(words):
            return False
        if words[i][0] == rest[0] and spells(rest[1:], i + 1):
            return True
        return words[i] in SMALL_WORDS and spells(rest, i + 1)

    return any(w[0] == acronym[0] and spells(acronym, i) for i, w in enumerate(words))


# Labels that say how to act, not what happens: vague wherever they stand.
ALWAYS_VAGUE = frozenset({"click here", "click", "click me", "here", "this", "link", "tap here"})
# Labels that only make sense next to something that explains them (see `vague_labels`).
VAGUE_WITHOUT_CONTEXT = frozenset(
    {
        "submit",
        "ok",
        "okay",
        "continue",
        "next",
        "go",
        "yes",
        "no",
        "proceed",
        "done",
        "confirm",
        "learn more",
        "read more",
        "see more",
        "more",
        "more info",
        "details",
    }
)
_ACTING_ROLES = frozenset({"button", "link", "menuitem"})


def _label_key(name: str) -> str:
    # "Continue →", "Next »", "OK!" read as "continue", "next", "ok".
    return " ".join(re.sub(r"^[\W_]+|[\W_]+$", "", name.casefold()).split())


def vague_labels(actions: Iterable[Mapping[str, Any]]) -> list[str]:
    """Names of visible buttons and links that do not say what they do.

    "Click here" is always vague. "Continue", "OK", "Submit", "Learn more"... are vague only
    without context: an aria-describedby text, the dialog's heading, the fieldset's legend, a
    heading before it on the page, or else the question just before it ("Do you use a
    password manager? [Yes] [No]"); screen.js puts it in each action's `context`. So
    "Continue" under "Choose a plan" passes, "Continue to payment" passes, and a lone
    "Continue" on a page without headings does not. Radio and checkbox labels ("Yes", "No")
    answer a question and are never vague.
    """
    found: list[str] = []
    for action in actions:
        name = str(action.get("name") or "").strip()
        role = str(action.get("role") or "button")
        if not name or role not in _ACTING_ROLES or name in found:
            continue
        key = _label_key(name)
        explained = bool(str(action.get("context") or "").strip())
        if key in ALWAYS_VAGUE or (key in VAGUE_WITHOUT_CONTEXT and not explained):
            found.append(name)
    return found


# --- thresholds -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Threshold:
    """A signal is flagged when its value is above `limit`; `sentence` says so in words."""

    limit: float
    sentence: str


GRADE_MIN_WORDS = 20

THRESHOLDS: dict[str, Threshold] = {
    # 30 s is ~120 words at 238 words/min. Newcomers skim a step screen (they read about a
    # quarter of its words); a screen that needs half a minute is a wall of text.
    "reading-load": Threshold(30, "more than 30 s of reading (about 120 words)"),
    # Grade 8 is the usual plain-language ceiling for the general public; onboarding should
    # not be harder than that. Flesch-Kincaid is noise on a handful of words (a lone
    # "Authentication required" scores grade 20), so it needs GRADE_MIN_WORDS on screen.
    "grade": Threshold(8, f"harder to read than US school grade 8 ({GRADE_MIN_WORDS}+ words)"),
    # The team listed these words because newcomers won't know them: one is enough.
    "jargon": Threshold(0, "any word from the scenario's jargon list"),
    # One rare word is often a fair name or a word the user typed ("relaunch"); two or more
    # on one screen is a vocabulary the newcomer has not learned yet.
    "rare-words": Threshold(1, "two or more words rare in everyday English"),
    # An acronym nobody spelled out is a word the newcomer has to look up.
    "acronyms": Threshold(0, "any acronym not spelled out on the page"),
    # Each vague label makes the newcomer guess what happens next.
    "vague-labels": Threshold(0, "any button or link that does not say what it does"),
    # One primary action is the ideal; the heuristic also counts e.g. a header "Sign up"
    # beside a form's submit button, so two is common and fine. Three in view is a choice.
    "competing-actions": Threshold(2, "more than two primary actions in view"),
    # Clicks plus fields (filled, or required if more) in one step. Six is a login or a short
    # form plus a click or two; past that the step asks more than a first visit should.
    "interaction-cost": Threshold(6, "more than six clicks and fields in one step"),
}


def over_thresholds(values: Mapping[str, float | None]) -> list[str]:
    """The flags whose value is above its limit, in THRESHOLDS order; None is not measured."""
    return [
        name
        for name, threshold in THRESHOLDS.items()
        if (value := values.get(name)) is not None and value > threshold.limit
    ]


def describe_thresholds() -> list[tuple[str, str]]:
    """(flag, what it means) for each threshold, for the README and the report."""
    return [(name, threshold.sentence) for name, threshold in THRESHOLDS.items()]


def measure(
    screen: Mapping[str, Any],
    jargon: Sequence[str] = (),
    cost: InteractionCost | None = None,
    known_words: Sequence[str] = (),
) -> TextMetrics:
    """All beginner's-mind signals of one screen, as read by SCREEN_SCRIPT.

    `jargon` is the scenario's list; `known_words` are words never counted as rare (the
    product's name); `cost` is what the step asked (no interaction-cost flag without it).
    """
    text = str(screen.get("text") or "")
    prose = prose_of(str(screen.get("prose") if screen.get("prose") is not None else text))
    actions = [a for a in screen.get("actions") or () if isinstance(a, Mapping)]
    primary = [str(p) for p in screen.get("primary") or ()]
    words = len(_WORD.findall(text))
    prose_words = len(_WORD.findall(prose))
    listed = find_jargon(text, jargon)
    rare = rare_words(text, known_words)
    seen = {term.casefold() for term in listed}
    metrics = TextMetrics(
        words=words,
        reading_seconds=round(prose_words / WORDS_PER_MINUTE * 60, 1),
        grade=reading_grade(prose),
        jargon=listed + [w for w in rare if w.casefold() not in seen],
        acronyms=unexplained_acronyms(text),
        rare_words=rare,
        vague_labels=vague_labels(actions),
        primary_actions=len(primary),
    )
    effort = cost.clicks + max(cost.fields_filled, cost.required_fields) if cost else None
    metrics.flags = over_thresholds(
        {
            "reading-load": metrics.reading_seconds,
            "grade": metrics.grade if prose_words >= GRADE_MIN_WORDS else None,
            "jargon": len(listed),
            "rare-words": len(rare),
            "acronyms": len(metrics.acronyms),
            "vague-labels": len(metrics.vague_labels),
            "competing-actions": metrics.primary_actions,
            "interaction-cost": effort,
        }
    )
    return metrics
