"""Information scent: which action on a screen best matches a newcomer's goal (pure).

Words are compared by their stems (Snowball's English stemmer, `snowballstemmer`), and a
goal's word also matches the words of its group in `SYNONYMS`, a small list of onboarding
words: "create" matches "new", "add", "start", "get started"; "account" matches "sign up",
"register". An action scores one point per goal word its own words match, half a point
per goal word the words explaining it match (its heading, its description), and a little
for words that move a newcomer forward ("Continue", "Next") or for looking like the
screen's primary action. The best score wins; a tie goes to the first in reading order,
so the same screen always gets the same choice. Destructive-looking actions ("Delete",
"Log out", "Cancel subscription") are never chosen.

It cannot understand what is not in words (icons without a name, pictures), words whose
meaning is not in their stem or in the list (a product's jargon, "provision a tenant" for
"create a workspace"), or negations ("Don't create a project").
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache

import snowballstemmer

__all__ = ["SYNONYMS", "Choice", "Option", "choose", "is_destructive", "said", "stems"]

# Groups of words a newcomer takes for one another while onboarding. Each goal word
# matches every word of its groups (after stemming).
SYNONYMS: tuple[frozenset[str], ...] = tuple(
    frozenset(group.split())
    for group in (
        "create new add make start begin started build setup",
        "project workspace app application board repository repo space site",
        "account signup sign register join",
        "login log signin",
        "invite team member colleague people teammate",
        "settings preferences configure configuration options",
        "help docs documentation guide tutorial learn",
        "pay plan pricing billing upgrade subscribe",
        "dashboard home overview",
    )
)
# Words that move a newcomer on through a form or a wizard: a little scent of their own.
FORWARD = frozenset(
    "continue next proceed submit finish done save confirm create go ok".split()  # noqa: SIM905
)
# An action whose words include one of these is never chosen.
DESTRUCTIVE = (
    "delete",
    "remove",
    "destroy",
    "erase",
    "discard",
    "deactivate",
    "unsubscribe",
    "cancel subscription",
    "cancel plan",
    "close account",
    "log out",
    "logout",
    "sign out",
    "signout",
    "leave",
    "reset",
    "revoke",
    "archive",
)
STOPWORDS = frozenset(
    "a an the my our your to of for in on at and or with i we me is be it this that".split()  # noqa: SIM905
)
_WORD = re.compile(r"[^\W_]+")
_STEMMER = snowballstemmer.stemmer("english")


def plain_words(text: str) -> list[str]:
    return _WORD.findall(text.lower())


@cache
def _stem(word: str) -> str:
    return str(_STEMMER.stemWord(word))


def stems(text: str) -> list[str]:
    """The stems of a text's words, stop words left out, in order."""
    return [_stem(w) for w in plain_words(text) if w not in STOPWORDS]


@cache
def _meanings(goal_word: str) -> frozenset[str]:
    """The stems a goal word matches: its own, and its synonym groups'."""
    found = {_stem(goal_word)}
    for group in SYNONYMS:
        if goal_word in group or _stem(goal_word) in {_stem(w) for w in group}:
            found |= {_stem(w) for w in group}
    return frozenset(found)


def is_destructive(name: str) -> bool:
    text = " ".join(plain_words(name))
    return any(re.search(rf"\b{d}\b", text) for d in DESTRUCTIVE)


@dataclass(frozen=True)
class Option:
    """An action on screen, as screen.js reads it, in reading order."""

    role: str
    name: str
    context: str = ""
    primary: bool = False


@dataclass(frozen=True)
class Choice:
    option: Option
    position: int  # in reading order
    score: float
    matched: tuple[tuple[str, tuple[str, ...]], ...]  # goal word → the screen's words

    def explain(self) -> str:
        """`chose “Get started” for “create”: start` — the words that made the choice."""
        if not self.matched:
            return (
                f"chose “{self.option.name}”: no word of the goal, first untried in reading order"
            )
        parts = "; ".join(f"for “{goal}”: {', '.join(seen)}" for goal, seen in self.matched)
        return f"chose “{self.option.name}” {parts}"


def _matches(goal: str, text: str) -> tuple[tuple[str, tuple[str, ...]], ...]:
    screen = [w for w in plain_words(text) if w not in STOPWORDS]
    found = []
    for word in dict.fromkeys(w for w in plain_words(goal) if w not in STOPWORDS):
        meanings = _meanings(word)
        seen = tuple(dict.fromkeys(w for w in screen if _stem(w) in meanings))
        if seen:
            found.append((word, seen))
    return tuple(found)


def score(goal: str, option: Option) -> Choice:
    own = _matches(goal, option.name)
    around = [
        (word, tuple(f"{w} (nearby: “{option.context}”)" for w in seen))
        for word, seen in _matches(goal, option.context)
        if word not in dict(own)
    ]
    value = len(own) + 0.5 * len(around)
    if any(_stem(w) in {_stem(f) for f in FORWARD} for w in plain_words(option.name)):
        value += 0.25
    if option.primary:
        value += 0.1
    return Choice(option, 0, value, own + tuple(around))


def choose(goal: str, options: Sequence[Option], tried: Iterable[str] = ()) -> Choice | None:
    """The untried, non-destructive action with the most scent; ties to reading order.

    `tried`: names already tried on this screen. None: nothing new to try."""
    done = set(tried)
    best: Choice | None = None
    for position, option in enumerate(options):
        if not option.name or option.name in done or is_destructive(option.name):
            continue
        found = score(goal, option)
        if best is None or found.score > best.score:
            best = Choice(option, position, found.score, found.matched)
    return best


def said(choice: Choice) -> str:
    return choice.explain()
