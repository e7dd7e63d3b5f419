"""Observer sessions: the notes an observer takes while a real tester walks a scenario.

A session is one append-only JSON Lines file, `<sessions>/<session-id>.jsonl`: a header
event, then one event per line, each with a sequential `n`:

    {"type": "session", "schema_version": 1, "session_id", "scenario", "scenario_file",
     "steps": [{"index", "intent"}], "tester", "observer", "url", "started_at",
     "harness_version"}
    {"type": "note", "n", "t", "tag", "text", "step"}     tag: confusion stuck delight quote note
    {"type": "step", "n", "t", "step"}                    the tester reached step N
    {"type": "assist", "n", "t", "step", "text"}          the observer helped
    {"type": "undo", "n", "t", "target"}                  takes back event number `target`
    {"type": "end", "n", "t", "reason", "text"}           done gaveup interrupted eof
    {"type": "seq", "n", "score"}  {"type": "sus", "n", "answers", "score"}
    {"type": "resume", "n", "t", "at"}

`t` is elapsed seconds on a monotonic clock; a resumed session continues from its last
`t`. Every event is written with one `write` and fsync'd before the prompt returns, and
the file is never rewritten: /undo is an event too. Reading is forgiving: a damaged line
(cut off by a crash, or badly hand-edited) is skipped with a warning naming file:line and
the rest is read; unknown event types and fields are ignored, for newer versions.

Step 1 is current from t=0 unless a `/step 1` mark says when it began. The time a tester
spent on step N runs from its first mark to the first later mark of a higher step, or to
`/done`.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from harness.errors import ShoshinError
from harness.scenario.model import Scenario, find_scenario_files, load_scenario
from harness.text import plain

SCHEMA_VERSION = 1
SESSION_SUFFIX = ".jsonl"
TAGS = ("confusion", "stuck", "delight", "quote", "note")
MARKS = {"?": "confusion", "!": "stuck", "+": "delight", '"': "quote", "“": "quote"}
TAG_MARKS = {"confusion": "?", "stuck": "!", "delight": "+", "quote": '"', "note": "·"}
END_REASONS = ("done", "gaveup", "interrupted", "eof")
OUTCOMES = ("done", "gaveup", "interrupted", "open")
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
SEQ_QUESTION = "Overall, how difficult or easy was the task to complete?"
SEQ_SCALE = "1 = very difficult … 7 = very easy"
SUS_SCALE = "1 = strongly disagree … 5 = strongly agree"
SUS_ITEMS = (
    "I think that I would like to use this system frequently.",
    "I found the system unnecessarily complex.",
    "I thought the system was easy to use.",
    "I think that I would need the support of a technical person to be able to use this system.",
    "I found the various functions in this system were well integrated.",
    "I thought there was too much inconsistency in this system.",
    "I would imagine that most people would learn to use this system very quickly.",
    "I found the system very cumbersome to use.",
    "I felt very confident using the system.",
    "I needed to learn a lot of things before I could get going with this system.",
)
_COMMAND = re.compile(r"^/([a-z?-]+)\s*(.*)$", re.IGNORECASE | re.DOTALL)


class ObserveError(ShoshinError):
    """An observer session that cannot be started, resumed or read."""


class EntryProblem(ValueError):
    """A line the observer typed that cannot be taken as written (e.g. `/step 9` of 6)."""


# --- what the observer types ---------------------------------------------------------------


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
        if not arg.isdigit():
            raise EntryProblem(
                "/step takes the number of the step the tester reached, e.g. /step 3"
            )
        return Entry("step", step=int(arg))
    if command in ("next", "undo", "help") and arg:
        raise EntryProblem(f"/{command} takes nothing after it")
    if command in ("gaveup", "done"):
        return Entry("end", reason=command, text=arg)
    return Entry(command, text=arg)


def format_clock(t: float) -> str:
    """Elapsed seconds as 03:12, or 1:03:12 past an hour."""
    whole = int(t)
    hours, rest = divmod(whole, 3600)
    minutes, seconds = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{seconds:02d}" if hours else f"{minutes:02d}:{seconds:02d}"


def sus_score(answers: Sequence[int]) -> float:
    """The System Usability Scale score (0–100) of ten answers 1–5, item 1 first."""
    if len(answers) != len(SUS_ITEMS) or any(not 1 <= a <= 5 for a in answers):
        raise ValueError("SUS takes ten answers from 1 to 5")
    odd = sum(a - 1 for a in answers[0::2])
    even = sum(5 - a for a in answers[1::2])
    return (odd + even) * 2.5


# --- the session, as read ----------------------------------------------------------------


@dataclass(frozen=True)
class StepInfo:
    index: int
    intent: str | None


@dataclass(frozen=True)
class Note:
    n: int | None
    t: float
    tag: str
    text: str
    step: int | None


@dataclass(frozen=True)
class StepMark:
    n: int | None
    t: float
    step: int


@dataclass(frozen=True)
class Assist:
    n: int | None
    t: float
    step: int | None
    text: str


@dataclass
class Session:
    """An observer session after replaying its events (undo applied)."""

    id: str
    path: Path
    scenario: str | None = None
    scenario_file: str | None = None
    tester: str | None = None
    observer: str | None = None
    url: str | None = None
    started_at: str | None = None
    harness_version: str | None = None
    imported_from: str | None = None
    steps: tuple[StepInfo, ...] = ()
    notes: list[Note] = field(default_factory=list)
    step_marks: list[StepMark] = field(default_factory=list)
    assists: list[Assist] = field(default_factory=list)
    outcome: str = "open"  # "done" | "gaveup" | "interrupted" | "open"
    end_reason: str | None = None
    ended_t: float | None = None
    seq: int | None = None
    sus: float | None = None
    sus_answers: tuple[int, ...] | None = None
    duration: float = 0.0  # the last t in the file
    resumes: int = 0
    last_n: int = 0

    @property
    def step(self) -> int | None:
        """The step the tester is on now: the last mark, else step 1."""
        if self.step_marks:
            return self.step_marks[-1].step
        return 1 if self.steps else None

    @property
    def unassisted(self) -> bool:
        return not self.assists

    @property
    def completed(self) -> bool:
        return self.outcome == "done"

    @property
    def reached(self) -> int:
        """The highest step the tester reached (step 1 counts from the start)."""
        marked = max((m.step for m in self.step_marks), default=0)
        return max(marked, 1 if self.steps else 0)

    @property
    def task_time(self) -> float | None:
        """Seconds from the start of step 1 to /done, for a completed session."""
        start = self.reached_at(1)
        if not self.completed or self.ended_t is None or start is None:
            return None
        return self.ended_t - start

    def reached_at(self, step: int) -> float | None:
        """When the tester reached step N: its first mark (step 1 without one: 0.0)."""
        for mark in self.step_marks:
            if mark.step == step:
                return mark.t
        return 0.0 if step == 1 and self.steps else None

    def step_time(self, step: int) -> float | None:
        """Seconds spent on step N: from reaching it to reaching a later step, or /done."""
        began = self.reached_at(step)
        if began is None:
            return None
        later = [m.t for m in self.step_marks if m.step > step and m.t >= began]
        if later:
            return min(later) - began
        if self.completed and self.ended_t is not None:
            return self.ended_t - began
        return None

    def assisted_before(self, step: int) -> bool:
        """Whether the observer helped before the tester reached step N (or at all, if never)."""
        reached = self.reached_at(step)
        return any(reached is None or a.t <= reached for a in self.assists)

    def reached_unassisted(self, step: int) -> bool:
        return self.reached_at(step) is not None and not self.assisted_before(step)

    def notes_on(self, step: int) -> list[Note]:
        return [note for note in self.notes if note.step == step]


class _Damaged(Exception):
    pass


class _Replay:
    """Applies events in order to a Session; used both to read files and to write live.

    A problem that loses the event raises `_Damaged`; one that loses only a detail (an
    unknown tag, a header field of the wrong type) is kept in `soft` and the event applied.
    """

    def __init__(self, session: Session) -> None:
        self.session = session
        self.has_header = False
        self.soft: list[str] = []
        self._live: list[tuple[str, int]] = []  # undoable events still standing: (kind, n)

    def apply(self, event: dict[str, Any]) -> None:
        self.soft = []
        kind = event.get("type")
        s = self.session
        n = _opt_int(event, "n")
        t = _time(event) if kind in ("note", "step", "assist", "undo", "end", "resume") else None
        if kind == "session":
            self._header(event)
        elif kind == "note":
            assert t is not None
            text = _text(event, "text")
            tag = event.get("tag", "note")
            if tag not in TAGS:
                self.soft.append(f"the tag {json.dumps(tag)} is unknown; kept it as a plain note")
                tag = "note"
            s.notes.append(Note(n, t, tag, text, self._soft_int(event, "step")))
            self._remember("note", n)
        elif kind == "step":
            assert t is not None
            step = _opt_int(event, "step")
            if step is None or step < 1:
                raise _Damaged("a step event needs a step number from 1")
            s.step_marks.append(StepMark(n, t, step))
            self._remember("step", n)
        elif kind == "assist":
            assert t is not None
            text = _text(event, "text")
            s.assists.append(Assist(n, t, self._soft_int(event, "step"), text))
            self._remember("assist", n)
        elif kind == "undo":
            self._undo(_opt_int(event, "target"))
        elif kind == "end":
            reason = event.get("reason")
            if reason not in END_REASONS:
                raise _Damaged(
                    f"the end reason {json.dumps(reason)} is not one of {', '.join(END_REASONS)}"
                )
            s.end_reason, s.ended_t = reason, t
            s.outcome = "interrupted" if reason == "eof" else reason
        elif kind == "resume":
            s.outcome, s.resumes = "open", s.resumes + 1
        elif kind == "seq":
            score = _opt_int(event, "score")
            if score is None or not 1 <= score <= 7:
                raise _Damaged("the SEQ score must be a whole number from 1 to 7")
            s.seq = score
        elif kind == "sus":
            answers = event.get("answers")
            if not isinstance(answers, list) or not all(_is_int(a) for a in answers):
                raise _Damaged("SUS answers must be a list of ten numbers from 1 to 5")
            try:
                s.sus = sus_score(answers)
            except ValueError as exc:
                raise _Damaged(str(exc)) from None
            s.sus_answers = tuple(answers)
        # Unknown types are a newer shoshin's business: ignored without a word.
        if n is not None:
            s.last_n = max(s.last_n, n)
        if t is not None:
            s.duration = max(s.duration, t)

    def _soft_int(self, event: dict[str, Any], key: str) -> int | None:
        try:
            return _opt_int(event, key)
        except _Damaged as exc:
            self.soft.append(f"{exc}; left it out")
            return None

    def _soft_str(self, event: dict[str, Any], key: str) -> str | None:
        try:
            return _opt_str(event, key)
        except _Damaged as exc:
            self.soft.append(f"{exc}; left it unknown")
            return None

    def _header(self, event: dict[str, Any]) -> None:
        if self.has_header:
            raise _Damaged("it is a second session header")
        raw_steps = event.get("steps", [])
        infos: list[StepInfo] = []
        if isinstance(raw_steps, list) and all(isinstance(r, dict) for r in raw_steps):
            for i, raw in enumerate(raw_steps, start=1):
                index = self._soft_int(raw, "index")
                infos.append(StepInfo(index or i, self._soft_str(raw, "intent")))
        else:
            self.soft.append("'steps' must be a list of {index, intent}; the steps are unknown")
        s = self.session
        s.id = self._soft_str(event, "session_id") or s.id
        s.scenario = self._soft_str(event, "scenario")
        s.scenario_file = self._soft_str(event, "scenario_file")
        s.tester = self._soft_str(event, "tester")
        s.observer = self._soft_str(event, "observer")
        s.url = self._soft_str(event, "url")
        s.started_at = self._soft_str(event, "started_at")
        s.harness_version = self._soft_str(event, "harness_version")
        s.imported_from = self._soft_str(event, "imported_from")
        s.steps = tuple(infos)
        self.has_header = True

    def _remember(self, kind: str, n: int | None) -> None:
        if n is not None:
            self._live.append((kind, n))

    def last_undoable(self) -> tuple[str, int] | None:
        return self._live[-1] if self._live else None

    def _undo(self, target: int | None) -> None:
        found = next((item for item in self._live if item[1] == target), None)
        if found is None:
            raise _Damaged(f"it undoes event {target}, which is not a note, step or assist")
        self._live.remove(found)
        s = self.session
        kind, n = found
        if kind == "note":
            s.notes = [x for x in s.notes if x.n != n]
        elif kind == "step":
            s.step_marks = [x for x in s.step_marks if x.n != n]
        else:
            s.assists = [x for x in s.assists if x.n != n]


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _opt_int(event: dict[str, Any], key: str) -> int | None:
    value = event.get(key)
    if value is None:
        return None
    if not _is_int(value):
        raise _Damaged(f"'{key}' must be a whole number, not {json.dumps(value)}")
    return int(value)


def _opt_str(event: dict[str, Any], key: str) -> str | None:
    value = event.get(key)
    if value is None:
        return None
    if not isinstance(value, str):
        raise _Damaged(f"'{key}' must be text, not {json.dumps(value)}")
    return value


def _text(event: dict[str, Any], key: str) -> str:
    return _opt_str(event, key) or ""


def _time(event: dict[str, Any]) -> float:
    value = event.get("t")
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0:
        raise _Damaged(f"'t' must be elapsed seconds, not {json.dumps(value)}")
    return float(value)


def read_session(path: Path) -> tuple[Session, list[str]]:
    """Read a session file as far as it can be read; warnings name file:line and what was lost."""
    replay, warnings = _read(path)
    return replay.session, warnings


def _read(path: Path) -> tuple[_Replay, list[str]]:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ObserveError(f"{path}: cannot read the session file ({exc.strerror}).") from None
    replay = _Replay(Session(id=path.name.removesuffix(SESSION_SUFFIX), path=path))
    if not raw.strip():
        return replay, [f"{path}: the session file is empty; it holds no notes."]
    warnings: list[str] = []
    lines = raw.split(b"\n")
    cut = not raw.endswith(b"\n")
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        where = f"{path}:{number}"
        try:
            event = json.loads(line.decode("utf-8"))
            if not isinstance(event, dict):
                raise _Damaged("it is not a JSON object")
            kind = event.get("type")
            if number == 1 and kind != "session":
                warnings.append(
                    f"{where}: the session header is missing, so the scenario and tester "
                    "are unknown; read the notes anyway."
                )
            if kind == "session" and event.get("schema_version", 1) != SCHEMA_VERSION:
                warnings.append(
                    f"{where}: written by another version of shoshin (schema "
                    f"{event.get('schema_version')}); read what this one understands."
                )
            replay.apply(event)
            warnings.extend(f"{where}: {problem}." for problem in replay.soft)
        except (ValueError, _Damaged) as exc:
            notes = len(replay.session.notes)
            kept = f"{notes} note{'' if notes == 1 else 's'}"
            if number == len(lines) and cut:
                warnings.append(
                    f"{where}: the last line is cut off (the session stopped mid-write); "
                    f"kept the {kept} before it."
                )
            elif number == 1:
                why = exc if isinstance(exc, _Damaged) else "it is not valid JSON"
                warnings.append(
                    f"{where}: the session header is damaged ({why}), so the scenario and "
                    "tester are unknown; read the notes anyway."
                )
            else:
                why = exc if isinstance(exc, _Damaged) else "it is not valid JSON"
                warnings.append(f"{where}: skipped this line ({why}); read on.")
    return replay, warnings


def load_sessions(directory: Path) -> tuple[list[Session], list[str]]:
    """Every session in a folder, oldest first, with the warnings of all of them."""
    if not directory.is_dir():
        return [], []
    sessions, warnings = [], []
    for path in sorted(directory.glob(f"*{SESSION_SUFFIX}")):
        session, found = read_session(path)
        sessions.append(session)
        warnings.extend(found)
    return sessions, warnings


def sessions_for(sessions: Iterable[Session], scenario: str | Scenario) -> list[Session]:
    """The sessions of one scenario, matched by name (any case) or by scenario file stem."""
    if isinstance(scenario, Scenario):
        names, stems = {scenario.name.casefold()}, {scenario.file.stem.casefold()}
    else:
        names = stems = {scenario.casefold()}
    return [
        s
        for s in sessions
        if (s.scenario is not None and s.scenario.casefold() in names)
        or (s.scenario_file is not None and Path(s.scenario_file).stem.casefold() in stems)
    ]


def find_session(sessions_dir: Path, ref: str) -> Path:
    """A session file by id, unique id prefix, or path."""
    direct = Path(ref)
    if direct.suffix == SESSION_SUFFIX and direct.is_file():
        return direct
    exact = sessions_dir / f"{ref}{SESSION_SUFFIX}"
    if exact.is_file():
        return exact
    found = sorted(sessions_dir.glob(f"{_glob_escape(ref)}*{SESSION_SUFFIX}"))
    if len(found) == 1:
        return found[0]
    if found:
        ids = ", ".join(p.name.removesuffix(SESSION_SUFFIX) for p in found[:5])
        raise ObserveError(f"Several sessions in {sessions_dir} start with '{ref}' ({ids}).")
    raise ObserveError(
        f"No session '{ref}' in {sessions_dir}; give the id printed when it was saved "
        "(the file name without .jsonl)."
    )


def _glob_escape(text: str) -> str:
    return re.sub(r"([*?\[])", r"[\1]", text)


# --- finding the scenario ----------------------------------------------------------------


def find_scenario(name: str, scenarios_dir: Path) -> Scenario:
    """The scenario called NAME (its `name:`, any case, or its file stem) in a folder."""
    wanted = name.strip().casefold()
    try:
        files = find_scenario_files([scenarios_dir])
    except ShoshinError:
        raise ObserveError(
            f"No scenarios found in {scenarios_dir}; point --scenarios at the folder that holds "
            "them."
        ) from None
    for file in files:
        if file.stem.casefold() == wanted:
            return load_scenario(file)
    known, broken, partial = [], [], []
    for file in files:
        try:
            scenario = load_scenario(file)
        except ShoshinError:
            broken.append(file.name)
            continue
        if scenario.name.casefold() == wanted:
            return scenario
        if wanted and (wanted in scenario.name.casefold() or wanted in file.stem.casefold()):
            partial.append(scenario)
        known.append(f"'{scenario.name}' ({file.stem})")
    if len(partial) == 1:  # "first project" is enough when only one scenario says so
        return partial[0]
    unread = f" ({', '.join(broken)} could not be read)" if broken else ""
    raise ObserveError(
        f"No scenario called '{name}' in {scenarios_dir}{unread}; known: {', '.join(known)}."
        if known
        else f"No scenario called '{name}' in {scenarios_dir}{unread}."
    )
