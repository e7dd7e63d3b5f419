"""What the observer's prompt shows, as strings: pure functions of the session and the screen."""

from __future__ import annotations

import re
import textwrap
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from harness.session.entries import TAG_MARKS
from harness.session.model import Assist, Note, Session, StepInfo, StepMark, format_clock
from harness.text import plain

HELP = '? confused  ! stuck  + delight  " quote  /step N  /next  /assist  /undo  /gaveup  /done'
MORE_HELP = (
    "Enter saves the line, stamped with the time. Short forms: /s N, /n, /a, /u. "
    "Text after /assist, /done or /gaveup is kept with it. Ctrl-C or Ctrl-D ends the session."
)
COLOURS = {
    "confusion": "33",
    "stuck": "31",
    "delight": "32",
    "quote": "36",
    "note": "",
    "step": "1;34",
    "assist": "35",
    "undo": "2",
    "end": "1",
    "warn": "33",
    "dim": "2",
    "bold": "1",
}
END_LABELS = {"done": "■ done", "gaveup": "■ gave up", "interrupted": "■ interrupted"}
OUTCOME_WORDS = {"done": "done", "gaveup": "gave up", "interrupted": "interrupted", "open": "open"}
ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]|[\x01\x02]")
LABEL_WIDTH = 11


@dataclass(frozen=True)
class Look:
    """How the screen is drawn: in colour or not, its width, and whether long lines wrap."""

    colour: bool = False
    width: int = 80
    wrap: bool = False

    def paint(self, style: str, text: str) -> str:
        code = COLOURS.get(style, "")
        return f"\x1b[{code}m{text}\x1b[0m" if self.colour and code else text


def width_of(text: str) -> int:
    """Columns the text takes on a terminal (wide characters count twice)."""
    text = ANSI.sub("", text)
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def count(n: int, noun: str) -> str:
    """`1 note`, `3 notes`."""
    return f"{n} {noun}{'' if n == 1 else 's'}"


# --- around the notes ----------------------------------------------------------------------


def steps_block(session: Session, look: Look) -> list[str]:
    """The scenario's steps, the current one marked."""
    current = session.step
    lines = []
    for info in session.steps:
        intent = plain(info.intent or "(no intent)")
        if info.index == current:
            lines.append(look.paint("bold", f"  ▸ {info.index}  {intent}"))
        else:
            lines.append(look.paint("dim", f"    {info.index}  {intent}"))
    return lines


def help_lines(look: Look) -> list[str]:
    """The marks, wrapped between marks (never inside one) to the screen's width."""
    lines = [""]
    for mark in [*HELP.split("  "), "/help"]:
        if lines[-1] and width_of(lines[-1]) + 2 + width_of(mark) >= look.width:
            lines.append("")
        lines[-1] = f"{lines[-1]}  {mark}" if lines[-1] else mark
    return [look.paint("dim", line) for line in lines]


def full_help(session: Session, path: Path, look: Look) -> list[str]:
    """What `/help` shows: the marks, how entry works, the steps, the file."""
    more = [look.paint("dim", line) for line in textwrap.wrap(MORE_HELP, look.width - 1)]
    saved = look.paint("dim", f"Saved to {path}")
    return [*help_lines(look), *more, *steps_block(session, look), saved]


def resumed_line(session: Session, look: Look) -> str:
    text = f"Resumed at {format_clock(session.duration)}; the clock goes on from there."
    if session.end_reason is not None and session.ended_t is not None:
        text = (
            f"Resumed at {format_clock(session.duration)}: this session had ended "
            f"({session.end_reason} at {format_clock(session.ended_t)}); "
            "what you add now comes after that end."
        )
    return look.paint("warn", text)


def header(session: Session, path: Path, look: Look, *, resumed: bool = False) -> list[str]:
    """The top of the screen: scenario, people, steps, marks, where the notes go."""
    people = [f"tester {plain(session.tester or '?')}"]
    if session.observer:
        people.append(f"observer {plain(session.observer)}")
    lines = [
        look.paint("bold", f"shoshin observe · {plain(session.scenario or '?')}"),
        look.paint("dim", " · ".join([*people, f"session {session.id}"])),
    ]
    if session.url:
        lines.append(look.paint("dim", f"url {plain(session.url)}"))
    lines += ["", *steps_block(session, look), "", *help_lines(look)]
    lines.append(look.paint("dim", f"Each line is on disk once you press Enter: {path}"))
    if resumed:
        lines.append(resumed_line(session, look))
    return [*lines, ""]


def prompt(t: float, step: int | None, steps: int, look: Look) -> tuple[str, int]:
    """The prompt, `[03:12 · step 2/6] › `, and how many columns it takes on screen."""
    clock = format_clock(t)
    where = f"{clock} · step {step}/{steps}" if step is not None and steps else clock
    text = f"[{where}] › "
    if not look.colour:
        return text, width_of(text)

    # \x01 … \x02 tell readline these bytes take no room on the screen.
    def esc(code: str) -> str:
        return f"\x01\x1b[{code}m\x02"

    painted = f"{esc('2')}[{esc('0;36')}{where}{esc('0;2')}]{esc('0;1')} › {esc('0')}"
    return painted, width_of(text)


def counts(session: Session) -> str:
    """`2 notes, 1 step mark, 0 assists`."""
    return ", ".join(
        [
            count(len(session.notes), "note"),
            count(len(session.step_marks), "step mark"),
            count(len(session.assists), "assist"),
        ]
    )


def summary(session: Session, path: Path) -> list[str]:
    """The last two lines: what was recorded, and where."""
    outcome = OUTCOME_WORDS.get(session.outcome, session.outcome)
    details = [f"{outcome} at {format_clock(session.duration)}"]
    if session.seq is not None:
        details.append(f"SEQ {session.seq}")
    if session.sus is not None:
        details.append(f"SUS {session.sus:g}")
    return [f"{counts(session)} ({', '.join(details)}).", f"Session saved: {path}"]


# --- one log line per event ------------------------------------------------------------------


def log_line(t: float, style: str, label: str, text: str, look: Look) -> str:
    """`  03:12  ? confusion  text`, long text wrapped under itself when the look wraps."""
    clock = format_clock(t)
    body = f"  {look.paint('dim', clock)}  {look.paint(style, f'{label:<{LABEL_WIDTH}}')}"
    text = plain(text)
    if not text:
        return body.rstrip()
    indent = 2 + len(clock) + 2 + max(len(label), LABEL_WIDTH) + 2
    if look.wrap and indent + width_of(text) > look.width:
        lines = textwrap.wrap(text, max(look.width - indent - 1, 20)) or [text]
        text = ("\n" + " " * indent).join(lines)
    return f"{body}  {text}"


def note_line(note: Note, look: Look) -> str:
    label = f"{TAG_MARKS[note.tag]} {note.tag}"
    text = f"“{note.text}”" if note.tag == "quote" and note.text else note.text
    return log_line(note.t, note.tag, label, text, look)


def step_line(mark: StepMark, steps: tuple[StepInfo, ...], look: Look) -> str:
    intent = next((s.intent for s in steps if s.index == mark.step), None) or ""
    return log_line(mark.t, "step", f"▸ step {mark.step}/{len(steps)}", intent, look)


def assist_line(assist: Assist, look: Look) -> str:
    return log_line(assist.t, "assist", "⚑ assist", assist.text, look)


def undone_line(undone: Note | StepMark | Assist, t: float, step: int | None, look: Look) -> str:
    """What /undo took back, at `t`; `step` is the step the tester is on after it."""
    if isinstance(undone, Note):
        what = f"{TAG_MARKS[undone.tag]} {undone.text}".rstrip()
    elif isinstance(undone, StepMark):
        what = f"▸ step {undone.step} (now on step {step})"
    else:
        what = f"⚑ assist {undone.text}".rstrip()
    return log_line(t, "undo", "↶ undone", f"{what} [{format_clock(undone.t)}]", look)


def end_line(t: float, reason: str, text: str, look: Look) -> str:
    return log_line(t, "end", END_LABELS.get(reason, "■ ended"), text, look)
