"""The observer's marks language: one typed line, understood, and what it writes to the log.

`? ! + "` tag a note (confusion, stuck, delight, quote); `/step N`, `/next`, `/assist`,
`/undo`, `/gaveup`, `/done` and `/help` are commands, with short forms. Anything else is a
plain note. The prompt and the CSV import both read lines here, so a line means the same
wherever it was typed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from harness.session.log import SessionLog
from harness.session.model import TAGS, Assist, EntryProblem, Note, StepMark
from harness.text import plain

MARKS = {"?": "confusion", "!": "stuck", "+": "delight", '"': "quote", "“": "quote"}
TAG_MARKS = {"confusion": "?", "stuck": "!", "delight": "+", "quote": '"', "note": "·"}
TAG_WORDS = {**{tag: tag for tag in TAGS}, **MARKS, "confused": "confusion", "·": "note"}
COMMANDS = {
    "step": "step",
    "s": "step",
    "next": "next",
    "n": "next",
    "assist": "assist",
    "a": "assist",
    "undo": "undo",
    "u": "undo",
    "gaveup": "gaveup",
    "giveup": "gaveup",
    "gave-up": "gaveup",
    "done": "done",
    "help": "help",
    "h": "help",
    "?": "help",
}
_COMMAND = re.compile(r"^/([a-z?-]+)\s*(.*)$", re.IGNORECASE | re.DOTALL)


@dataclass(frozen=True)
class Entry:
    """One typed line, understood: a note, or a command (step, next, assist, undo, end, help)."""

    kind: str  # "note" | "step" | "next" | "assist" | "undo" | "end" | "help" | "empty"
    tag: str = "note"
    text: str = ""
    step: int | None = None
    reason: str | None = None
    hint: str | None = None  # said back to the observer, e.g. "no command /stpe; kept as a note"


def parse_entry(line: str) -> Entry:
    """Read the marks language: `? ! + "` tag a note, `/step N` and friends are commands."""
    text = plain(line).strip()
    if not text:
        return Entry("empty")
    if text[0] in MARKS:
        tag, rest = MARKS[text[0]], text[1:].strip()
        if tag == "quote" and len(rest) > 0 and rest[-1] in '"”':
            rest = rest[:-1].rstrip()
        return Entry("note", tag=tag, text=rest)
    match = _COMMAND.match(text)
    if match is None:
        return Entry("note", text=text)
    word, arg = match.group(1).lower(), match.group(2).strip()
    command = COMMANDS.get(word)
    if command is None:
        return Entry("note", text=text, hint=f"there is no command /{word}; kept it as a note")
    if command == "step":
        # ASCII digits only ("²" is a digit int() refuses), and few of them (int() of
        # 5000 digits is refused too; no scenario has a million steps)
        if not (arg.isascii() and arg.isdigit() and len(arg) <= 6):
            raise EntryProblem(
                "/step takes the number of the step the tester reached, e.g. /step 3"
            )
        return Entry("step", step=int(arg))
    if command in ("next", "undo", "help") and arg:
        raise EntryProblem(f"/{command} takes nothing after it")
    if command in ("gaveup", "done"):
        return Entry("end", reason=command, text=arg)
    return Entry(command, text=arg)


def parse_tag(word: str) -> str | None:
    """A tag given on its own (a CSV column): its name, `confused`, or its mark; else None."""
    return TAG_WORDS.get(word.strip().lower())


@dataclass(frozen=True)
class Undone:
    """What `/undo` took back."""

    item: Note | StepMark | Assist


@dataclass(frozen=True)
class Ended:
    """`/done` or `/gaveup`, with what was typed after it."""

    reason: str
    text: str


Recorded = Note | StepMark | Assist | Undone | Ended


def record_entry(log: SessionLog, entry: Entry, *, t: float | None = None) -> Recorded | None:
    """Write what the entry says to the log (on disk when this returns); None for help or empty.

    `t` is the time to stamp, for notes taken elsewhere; without it, now.
    """
    if entry.kind == "note":
        return log.note(entry.tag, entry.text, t=t)
    if entry.kind == "step":
        return log.mark_step(entry.step or 0, t=t)
    if entry.kind == "next":
        return log.next_step(t=t)
    if entry.kind == "assist":
        return log.assist(entry.text, t=t)
    if entry.kind == "undo":
        undone = log.undo(t=t)
        if undone is None:
            raise EntryProblem("there is nothing to undo")
        return Undone(undone)
    if entry.kind == "end":
        assert entry.reason is not None
        log.end(entry.reason, entry.text, t=t)
        return Ended(entry.reason, entry.text)
    return None
