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

import contextlib
import json
import os
import re
import secrets
import signal
import statistics
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from harness import __version__
from harness.errors import ShoshinError
from harness.scenario import Scenario, find_scenario_files, load_scenario

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
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


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
    text = _CONTROL.sub("", line).strip()
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
    known, broken = [], []
    for file in files:
        try:
            scenario = load_scenario(file)
        except ShoshinError:
            broken.append(file.name)
            continue
        if scenario.name.casefold() == wanted:
            return scenario
        known.append(f"'{scenario.name}' ({file.stem})")
    unread = f" ({', '.join(broken)} could not be read)" if broken else ""
    raise ObserveError(
        f"No scenario called '{name}' in {scenarios_dir}{unread}; known: {', '.join(known)}."
        if known
        else f"No scenario called '{name}' in {scenarios_dir}{unread}."
    )


# --- writing -------------------------------------------------------------------------------


def new_session_id(tester: str, now: datetime | None = None) -> str:
    """Sortable and unique: UTC time, the tester's alias, a little randomness."""
    now = now or datetime.now(UTC)
    slug = re.sub(r"[^a-z0-9]+", "-", tester.lower()).strip("-")[:24].strip("-") or "tester"
    return f"{now:%Y%m%d-%H%M%S}-{slug}-{secrets.token_hex(2)}"


def _line(event: dict[str, Any]) -> bytes:
    return (json.dumps(event, ensure_ascii=False) + "\n").encode("utf-8")


class _Appender:
    """Appends whole lines with one write each and fsyncs them: a kill loses nothing written."""

    def __init__(self, path: Path, *, create: bool) -> None:
        flags = os.O_WRONLY | os.O_APPEND | (os.O_CREAT | os.O_EXCL if create else 0)
        self.fd = os.open(path, flags, 0o644)
        if create:
            _fsync_dir(path.parent)

    def write(self, data: bytes) -> None:
        view = memoryview(data)
        while view:
            view = view[os.write(self.fd, view) :]
        os.fsync(self.fd)

    def close(self) -> None:
        if self.fd >= 0:
            os.close(self.fd)
            self.fd = -1


@contextlib.contextmanager
def _signals_held() -> Iterator[None]:
    """Hold SIGINT, SIGTERM and SIGHUP back (on POSIX, in the main thread) for a moment."""
    held = {signal.SIGINT, signal.SIGTERM, getattr(signal, "SIGHUP", signal.SIGTERM)}
    if not hasattr(signal, "pthread_sigmask") or threading.current_thread() is not (
        threading.main_thread()
    ):
        yield
        return
    old = signal.pthread_sigmask(signal.SIG_BLOCK, held)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, old)


def _fsync_dir(directory: Path) -> None:
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass  # not every filesystem lets a directory be fsync'd
    finally:
        os.close(fd)


class SessionLog:
    """Writes a session as it happens: each method appends one event, on disk when it returns.

    Elapsed time comes from `clock` (monotonic) plus the last `t` of a resumed file; every
    method also takes an explicit `t`, for notes imported from elsewhere. Without a path
    (`in_memory=True`) the lines are kept in `lines` instead.
    """

    def __init__(
        self,
        session: Session,
        replay: _Replay,
        appender: _Appender | None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.session = session
        self._replay = replay
        self._appender = appender
        self._clock = clock
        self._offset = session.duration
        self._began = clock()
        self.lines: list[bytes] = []

    @classmethod
    def create(
        cls,
        sessions_dir: Path,
        scenario: Scenario,
        tester: str,
        *,
        observer: str | None = None,
        url: str | None = None,
        now: datetime | None = None,
        clock: Callable[[], float] = time.monotonic,
        in_memory: bool = False,
        extra: dict[str, Any] | None = None,
    ) -> SessionLog:
        now = now or datetime.now(UTC)
        session_id = new_session_id(tester, now)
        path = sessions_dir / f"{session_id}{SESSION_SUFFIX}"
        appender = None
        if not in_memory:
            try:
                sessions_dir.mkdir(parents=True, exist_ok=True)
                appender = _Appender(path, create=True)
            except OSError as exc:
                raise ObserveError(
                    f"Cannot write the session file in {sessions_dir} ({exc.strerror}); "
                    "choose another folder with --sessions."
                ) from None
        replay = _Replay(Session(id=session_id, path=path))
        log = cls(replay.session, replay, appender, clock)
        header: dict[str, Any] = {
            "type": "session",
            "schema_version": SCHEMA_VERSION,
            "session_id": session_id,
            "scenario": scenario.name,
            "scenario_file": str(scenario.file),
            "steps": [{"index": s.index, "intent": s.intent} for s in scenario.steps],
            "tester": tester,
            "observer": observer,
            "url": url,
            "started_at": now.isoformat(timespec="seconds"),
            "harness_version": __version__,
            **(extra or {}),
        }
        log._write(header)
        return log

    @classmethod
    def resume(
        cls,
        path: Path,
        *,
        now: datetime | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> tuple[SessionLog, list[str]]:
        """Continue a session file: read it, then append a resume event; t goes on from its end."""
        replay, warnings = _read(path)
        try:
            appender = _Appender(path, create=False)
            if path.stat().st_size and not path.read_bytes().endswith(b"\n"):
                # End the cut-off line, so that it stays one damaged line and ours stay whole.
                appender.write(b"\n")
        except OSError as exc:
            raise ObserveError(f"{path}: cannot append to the session ({exc.strerror}).") from None
        log = cls(replay.session, replay, appender, clock)
        at = (now or datetime.now(UTC)).isoformat(timespec="seconds")
        log._write({"type": "resume", "t": log._round(log.session.duration), "at": at})
        return log, warnings

    @property
    def path(self) -> Path:
        return self.session.path

    @property
    def step(self) -> int | None:
        return self.session.step

    def elapsed(self) -> float:
        return self._offset + (self._clock() - self._began)

    def now(self) -> float:
        """The `t` an event written now would get."""
        return self._round(self.elapsed())

    def _round(self, t: float) -> float:
        # One decimal is plenty, and t never goes back, even if a clock is odd.
        return max(round(float(t), 1), self.session.duration)

    def _t(self, t: float | None) -> float:
        return self._round(self.elapsed() if t is None else t)

    def _write(self, event: dict[str, Any]) -> dict[str, Any]:
        if event["type"] != "session":
            event = {"type": event["type"], "n": self.session.last_n + 1, **event}
        data = _line(event)
        # Ctrl-C between the write and the bookkeeping would leave the next event with a
        # number already on disk; signals wait until both are done (a few milliseconds).
        with _signals_held():
            if self._appender is not None:
                try:
                    self._appender.write(data)
                except OSError as exc:
                    raise ObserveError(
                        f"{self.path}: cannot save to disk ({exc.strerror}); everything "
                        "entered before this line is saved."
                    ) from None
            else:
                self.lines.append(data)
            self._replay.apply(event)
        return event

    def note(self, tag: str, text: str, *, t: float | None = None) -> Note:
        if tag not in TAGS:
            raise EntryProblem(f"the tag {tag!r} is not one of {', '.join(TAGS)}")
        self._write({"type": "note", "t": self._t(t), "tag": tag, "text": text, "step": self.step})
        return self.session.notes[-1]

    def mark_step(self, step: int, *, t: float | None = None) -> StepMark:
        count = len(self.session.steps)
        if not count:
            raise EntryProblem("this session's header lists no steps, so steps cannot be marked")
        if not 1 <= step <= count:
            raise EntryProblem(f"there is no step {step}; this scenario has steps 1–{count}")
        self._write({"type": "step", "t": self._t(t), "step": step})
        return self.session.step_marks[-1]

    def next_step(self, *, t: float | None = None) -> StepMark:
        current, count = self.step or 0, len(self.session.steps)
        if count and current >= count:
            raise EntryProblem(
                f"step {count} is the last one; type /done when the tester has finished"
            )
        return self.mark_step(current + 1, t=t)

    def assist(self, text: str = "", *, t: float | None = None) -> Assist:
        self._write({"type": "assist", "t": self._t(t), "step": self.step, "text": text})
        return self.session.assists[-1]

    def undo(self, *, t: float | None = None) -> Note | StepMark | Assist | None:
        """Take back the last note, step mark or assist still standing; None if there is none."""
        last = self._replay.last_undoable()
        if last is None:
            return None
        _, n = last
        standing: list[Note | StepMark | Assist] = [
            *self.session.notes,
            *self.session.step_marks,
            *self.session.assists,
        ]
        undone = next(x for x in standing if x.n == n)
        self._write({"type": "undo", "t": self._t(t), "target": n})
        return undone

    def end(self, reason: str, text: str = "", *, t: float | None = None) -> None:
        if reason not in END_REASONS:
            raise ValueError(f"unknown end reason {reason!r}")
        event: dict[str, Any] = {"type": "end", "t": self._t(t), "reason": reason}
        if text:
            event["text"] = text
        self._write(event)

    def rate_seq(self, score: int) -> None:
        if not 1 <= score <= 7:
            raise EntryProblem("the answer must be a whole number from 1 to 7")
        self._write({"type": "seq", "score": score})

    def rate_sus(self, answers: Sequence[int]) -> float:
        try:
            score = sus_score(answers)
        except ValueError:
            raise EntryProblem("SUS takes ten answers from 1 to 5") from None
        self._write({"type": "sus", "answers": list(answers), "score": score})
        return score

    def close(self) -> None:
        if self._appender is not None:
            self._appender.close()


# --- figures across sessions, for the report -------------------------------------------------


@dataclass(frozen=True)
class StepFigures:
    """One step across the sessions of a scenario."""

    index: int
    sessions: int
    reached: int
    reached_unassisted: int
    times: tuple[float, ...]  # seconds on the step, of the sessions that finished it
    median: float | None
    fastest: float | None
    slowest: float | None


@dataclass(frozen=True)
class ScenarioFigures:
    """What the observer sessions of one scenario add up to."""

    sessions: int
    completed_unassisted: int
    completed_assisted: int
    gave_up: int
    unfinished: int  # interrupted or still open
    task_success: float | None  # unassisted completions / sessions
    task_times: tuple[float, ...]  # of unassisted completions
    median_task_time: float | None
    seq_mean: float | None
    seq_counts: dict[int, int]  # 1..7 → how many answered it
    sus_mean: float | None
    sus_answers: int
    steps: tuple[StepFigures, ...]


def step_figures(sessions: Sequence[Session], step: int) -> StepFigures:
    times = tuple(t for s in sessions if (t := s.step_time(step)) is not None)
    return StepFigures(
        index=step,
        sessions=len(sessions),
        reached=sum(1 for s in sessions if s.reached_at(step) is not None),
        reached_unassisted=sum(1 for s in sessions if s.reached_unassisted(step)),
        times=times,
        median=statistics.median(times) if times else None,
        fastest=min(times) if times else None,
        slowest=max(times) if times else None,
    )


def scenario_figures(sessions: Sequence[Session], steps: int | None = None) -> ScenarioFigures:
    """Task success, SEQ, SUS and per-step reach and times; `steps` defaults to the headers'."""
    if steps is None:
        steps = max((len(s.steps) for s in sessions), default=0)
    done = [s for s in sessions if s.completed]
    unassisted = [s for s in done if s.unassisted]
    task_times = tuple(t for s in unassisted if (t := s.task_time) is not None)
    seqs = [s.seq for s in sessions if s.seq is not None]
    suses = [s.sus for s in sessions if s.sus is not None]
    return ScenarioFigures(
        sessions=len(sessions),
        completed_unassisted=len(unassisted),
        completed_assisted=len(done) - len(unassisted),
        gave_up=sum(1 for s in sessions if s.outcome == "gaveup"),
        unfinished=sum(1 for s in sessions if s.outcome in ("interrupted", "open")),
        task_success=len(unassisted) / len(sessions) if sessions else None,
        task_times=task_times,
        median_task_time=statistics.median(task_times) if task_times else None,
        seq_mean=statistics.fmean(seqs) if seqs else None,
        seq_counts={score: seqs.count(score) for score in range(1, 8)},
        sus_mean=statistics.fmean(suses) if suses else None,
        sus_answers=len(suses),
        steps=tuple(step_figures(sessions, i) for i in range(1, steps + 1)),
    )
