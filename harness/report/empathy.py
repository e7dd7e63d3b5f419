"""An empathy map per scenario, from every session of it: Says, Thinks, Does, Feels, with
pains and gains. Each item names (and links to) its tester and step.

- Says: the testers' words, verbatim (`"` notes).
- Thinks: what confused them (`?` notes).
- Does: what their browsers recorded (detours, misclicks, rage and dead clicks, Back
  presses, long pauses) and how far each got.
- Feels: delight and stuck notes.
- Pains: the script's dead ends, where people were stuck, gave up, needed help, raged,
  clicked in vain, or met an error message. Gains: delights, unassisted completions.

Shown in the report and written beside it as `empathy-<scenario>.md`. Everything from the
product or a tester is escaped by the writer: jinja2 in HTML, `markdown.escape` here.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from harness.files import write_text_atomic
from harness.record.model import BLOCKING_OUTCOMES, RunRecord, StepResult
from harness.record.outcomes import dead_end_title
from harness.report.ci.markdown import escape
from harness.report.tester_paths import TesterPath, script_pages, tester_anchor, tester_path
from harness.session.model import Session, format_clock, sessions_for

__all__ = ["EmpathyItem", "EmpathyMap", "empathy_map", "render_markdown", "write_empathy_maps"]

WORDS_MOST = 48  # what was clicked, named in the empathy map in at most this many characters
QUADRANTS = (("says", "Says"), ("thinks", "Thinks"), ("does", "Does"), ("feels", "Feels"))


@dataclass(frozen=True)
class EmpathyItem:
    text: str
    tester: str | None  # None: the scripted run
    step: int | None
    tester_href: str | None
    step_href: str | None
    tone: str = ""  # "stuck", "delight", ... for Feels, Pains and Gains

    @property
    def where(self) -> str:
        who = self.tester or "the script"
        return f"{who}, step {self.step}" if self.step else who


@dataclass(frozen=True)
class EmpathyMap:
    scenario: str
    sessions: int
    says: tuple[EmpathyItem, ...]
    thinks: tuple[EmpathyItem, ...]
    does: tuple[EmpathyItem, ...]
    feels: tuple[EmpathyItem, ...]
    pains: tuple[EmpathyItem, ...]
    gains: tuple[EmpathyItem, ...]

    def quadrants(self) -> tuple[tuple[str, str, tuple[EmpathyItem, ...]], ...]:
        return tuple((key, label, getattr(self, key)) for key, label in QUADRANTS)


class _Items:
    def __init__(self, number: int) -> None:
        self.number = number
        self.lists: dict[str, list[EmpathyItem]] = {
            k: [] for k in ("says", "thinks", "does", "feels", "pains", "gains")
        }

    def add(
        self, where: str, text: str, session: Session | None, step: int | None, tone: str = ""
    ) -> None:
        self.lists[where].append(
            EmpathyItem(
                text=text,
                tester=None if session is None else session.tester or session.id,
                step=step,
                tester_href=None if session is None else f"#{tester_anchor(self.number, session)}",
                step_href=f"#s{self.number}-step-{step}" if step else None,
                tone=tone,
            )
        )


def empathy_map(
    number: int,
    scenario: str,
    sessions: Sequence[Session],
    scripted: Sequence[StepResult],
) -> EmpathyMap | None:
    """The scenario's empathy map (numbered from 1 in its run), or None without sessions."""
    if not sessions:
        return None
    items = _Items(number)
    for step in scripted:
        if step.dead_end is not None and step.outcome in BLOCKING_OUTCOMES:
            found = step.dead_end
            words = f"{dead_end_title(found.kind)} ({found.kind})"
            if found.looked_for:
                words += f", looking for “{found.looked_for}”"
            items.add("pains", f"The script hit a dead end: {words}", None, step.index, "dead-end")
    script = script_pages(scripted, sessions)
    for s in sessions:
        _notes(items, s)
        _recorded(items, s, tester_path(number, s, script))
        _outcome(items, s)
    lists = items.lists
    return EmpathyMap(
        scenario=scenario,
        sessions=len(sessions),
        **{key: tuple(value) for key, value in lists.items()},
    )


def _notes(items: _Items, s: Session) -> None:
    where = {"quote": "says", "confusion": "thinks", "delight": "feels", "stuck": "feels"}
    for note in s.notes:
        if note.tag in where:
            items.add(where[note.tag], note.text, s, note.step, note.tag)
        if note.tag == "stuck":
            items.add("pains", f"Stuck: {note.text}", s, note.step, "stuck")
        elif note.tag == "delight":
            items.add("gains", f"Delighted: {note.text}", s, note.step, "delight")
    for assist in s.assists:
        text = f"Needed help: {assist.text}" if assist.text else "Needed help"
        items.add("pains", text, s, assist.step, "assist")


def _recorded(items: _Items, s: Session, path: TesterPath | None) -> None:
    """What the browser recorded, told in the order it happened."""
    rec = s.recorded
    told: list[tuple[float, str, str, int | None, str]] = []  # (t, where, text, step, tone)
    if path is not None:
        for page, visit in zip(path.pages, rec.pages, strict=False):
            if page.detour and not page.revisit:
                told.append(
                    (visit.t, "does", f"Took a detour to {page.label}", page.step, "detour")
                )
    for visit in rec.pages:
        if visit.via == "back":
            told.append((visit.t, "does", "Pressed Back", visit.step, ""))
    for click in rec.clicks:
        if click.misclick:
            hit = f"{_short(click.target.words())}, " if click.target else ""
            told.append(
                (click.t, "does", f"Clicked {hit}where nothing is clickable", click.step, "")
            )
    for rage in rec.rage:
        hit = _short(rage.target.words()) if rage.target else "the page"
        told.append(
            (rage.t, "does", f"Clicked {hit} {rage.clicks} times in a second", rage.step, "")
        )
        told.append((rage.t, "pains", f"Rage-clicked {hit}", rage.step, "rage"))
    for dead in rec.dead_clicks:
        hit = _short(dead.target.words()) if dead.target else "something"
        told.append((dead.t, "does", f"Clicked {hit} and nothing happened", dead.step, ""))
        told.append((dead.t, "pains", f"Clicked {hit} in vain", dead.step, "dead"))
    for pause in rec.hesitations:
        told.append(
            (pause.t, "does", f"Paused {pause.seconds:.0f} s without a move", pause.step, "")
        )
    for error in rec.form_errors:
        told.append((error.t, "pains", f"Saw the error “{error.text}”", error.step, "error"))
    # The same thing told again and again in a row (the clicks of a rage burst) is one item.
    told.sort(key=lambda x: x[0])
    runs: list[tuple[str, str, int | None, str, int]] = []
    for _, where, text, step, tone in told:
        if runs and runs[-1][:4] == (where, text, step, tone):
            runs[-1] = (where, text, step, tone, runs[-1][4] + 1)
        else:
            runs.append((where, text, step, tone, 1))
    for where, text, step, tone, times in runs:
        items.add(where, text + (f" ({times} times)" if times > 1 else ""), s, step, tone)


def _short(words: str, most: int = WORDS_MOST) -> str:
    """What was clicked, in a few words: a card's whole text is no name."""
    if len(words) <= most:
        return words
    cut = words[: most - 1].rsplit(" ", 1)[0].rstrip(" ,.;:") or words[: most - 1]
    quoted = cut.startswith("“") and not cut.endswith("”")
    return f"{cut}…”" if quoted else f"{cut}…"


def _outcome(items: _Items, s: Session) -> None:
    count = len(s.steps)
    reached = f"Reached step {s.reached}" + (f" of {count}" if count else "")
    if s.finished_seen_at is not None:
        reached = f"Finished all {count} steps (seen by the browser)"
    items.add("does", reached, s, s.reached or None)
    if s.outcome == "gaveup":
        items.add("pains", "Gave up", s, s.step, "gaveup")
    if s.completed and s.unassisted:
        took = f" in {format_clock(s.task_time)}" if s.task_time is not None else ""
        items.add("gains", f"Completed unassisted{took}", s, None, "completed")


# ---------------------------------------------------------------- Markdown


def render_markdown(found: EmpathyMap) -> str:
    """The map as Markdown: every text from a tester or the product literal."""
    lines = [
        f"# Empathy map: {escape(found.scenario)}",
        "",
        f"From {found.sessions} session{'s' if found.sessions != 1 else ''} with people new "
        "to the product. Every item names its tester and step.",
    ]
    sections = (*((label, items) for _, label, items in found.quadrants()),)
    sections += (("Pains", found.pains), ("Gains", found.gains))
    for label, items in sections:
        lines += ["", f"## {label}", ""]
        if not items:
            lines.append("- (nothing)")
        for item in items:
            text = escape(item.text, 600)
            if label == "Says":
                text = f"“{text}”"
            lines.append(f"- {text} — {escape(item.where)}")
    return "\n".join(lines) + "\n"


def write_empathy_maps(run_dir: Path, record: RunRecord, sessions: Sequence[Session]) -> list[Path]:
    """`empathy-<scenario>.md` in the run folder for each scenario people were observed on."""
    written: list[Path] = []
    used: set[str] = set()
    for number, result in enumerate(record.results, start=1):
        found = empathy_map(
            number, result.scenario, sessions_for(sessions, result.scenario), result.steps
        )
        if found is None:
            continue
        stem = Path(result.file).stem if result.file else result.scenario
        slug = re.sub(r"[^a-z0-9]+", "-", stem.lower()).strip("-") or f"scenario-{number}"
        name = f"empathy-{slug}.md"
        if name in used:
            name = f"empathy-{slug}-{number}.md"
        used.add(name)
        written.append(write_text_atomic(run_dir / name, render_markdown(found)))
    return written
