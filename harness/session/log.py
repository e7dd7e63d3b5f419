"""The session file: each event on disk before the prompt returns; read back forgivingly.

An observer session holds the notes an observer takes while a real tester walks a scenario.
It is one append-only JSON Lines file, `<sessions>/<session-id>.jsonl`: a header
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
the file is never rewritten: /undo is an event too. One process holds a session at a time,
and an event the disk refuses waits in memory until it can be written (see
`harness.session.appender`). Reading is forgiving: a damaged line
(cut off by a crash, or badly hand-edited) is skipped with a warning naming file:line and
the rest is read; unknown event types and fields are ignored, for newer versions.
"""

from __future__ import annotations

import json
import re
import secrets
import time
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from harness import __version__
from harness.scenario.model import Scenario
from harness.session.appender import (
    Appender,
    SessionBusy,
    keep_unsaved,
    signals_held,
    take_back_unsaved,
)
from harness.session.model import (
    END_REASONS,
    SCHEMA_VERSION,
    SESSION_SUFFIX,
    TAGS,
    Assist,
    EntryProblem,
    Note,
    ObserveError,
    Session,
    StepMark,
)
from harness.session.questionnaires import sus_score, valid_seq
from harness.session.replay import Damaged, Replay

# --- reading ---------------------------------------------------------------------------------


def read_session(path: Path) -> tuple[Session, list[str]]:
    """Read a session file as far as it can be read; warnings name file:line and what was lost."""
    replay, warnings = _read(path)
    return replay.session, warnings


def _read(path: Path) -> tuple[Replay, list[str]]:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ObserveError(f"{path}: cannot read the session file ({exc.strerror}).") from None
    replay = Replay(Session(id=path.name.removesuffix(SESSION_SUFFIX), path=path))
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
                raise Damaged("it is not a JSON object")
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
        except (ValueError, Damaged) as exc:
            notes = len(replay.session.notes)
            kept = f"{notes} note{'' if notes == 1 else 's'}"
            if number == len(lines) and cut:
                warnings.append(
                    f"{where}: the last line is cut off (the session stopped mid-write); "
                    f"kept the {kept} before it."
                )
            elif number == 1:
                why = exc if isinstance(exc, Damaged) else "it is not valid JSON"
                warnings.append(
                    f"{where}: the session header is damaged ({why}), so the scenario and "
                    "tester are unknown; read the notes anyway."
                )
            else:
                why = exc if isinstance(exc, Damaged) else "it is not valid JSON"
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


# --- writing ---------------------------------------------------------------------------------


def new_session_id(tester: str, now: datetime | None = None) -> str:
    """Sortable and unique: UTC time, the tester's alias, a little randomness."""
    now = now or datetime.now(UTC)
    slug = re.sub(r"[^a-z0-9]+", "-", tester.lower()).strip("-")[:24].strip("-") or "tester"
    return f"{now:%Y%m%d-%H%M%S}-{slug}-{secrets.token_hex(2)}"


def _line(event: dict[str, Any]) -> bytes:
    return (json.dumps(event, ensure_ascii=False) + "\n").encode("utf-8")


class SessionLog:
    """Writes a session as it happens: each method appends one event, on disk when it returns.

    Elapsed time comes from `clock` (monotonic) plus the last `t` of a resumed file; every
    method also takes an explicit `t`, for notes imported from elsewhere. Without a path
    (`in_memory=True`) the lines are kept in `lines` instead. An event the disk refuses
    still counts (it is shown, numbered and kept in memory): `unsaved` says how many wait,
    `problem` why, and each later event, `retry()` and `close()` try again.
    """

    def __init__(
        self,
        session: Session,
        replay: Replay,
        appender: Appender | None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.session = session
        self._replay = replay
        self._appender = appender
        self._clock = clock
        self._offset = session.duration
        self._began = clock()
        self.lines: list[bytes] = []
        self._kept: Path | None = None  # lines an earlier run could not write, while they wait

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
                appender = Appender(path, create=True)
            except SessionBusy:
                raise
            except OSError as exc:
                raise ObserveError(
                    f"Cannot write the session file in {sessions_dir} ({exc.strerror}); "
                    "choose another folder with --sessions."
                ) from None
        replay = Replay(Session(id=session_id, path=path))
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
        if log.unsaved:  # nothing typed yet: say so now rather than keep it in memory
            problem = log.problem
            log.close()
            path.unlink(missing_ok=True)
            raise ObserveError(
                f"Cannot write the session file in {sessions_dir} ({problem}); "
                "choose another folder with --sessions."
            )
        return log

    @classmethod
    def resume(
        cls,
        path: Path,
        *,
        now: datetime | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> tuple[SessionLog, list[str]]:
        """Continue a session file: read it, then append a resume event; t goes on from its end.

        Refused while another process has the session open. Lines an earlier run could not
        write (kept in `unsaved_path`) are added first.
        """
        try:
            appender = Appender(path, create=False)
        except SessionBusy:
            raise
        except OSError as exc:
            raise ObserveError(f"{path}: cannot open the session ({exc.strerror}).") from None
        replay, warnings = _read(path)
        log = cls(replay.session, replay, appender, clock)
        warnings.extend(log._take_back_unsaved())
        at = (now or datetime.now(UTC)).isoformat(timespec="seconds")
        log._write({"type": "resume", "t": log._round(log.session.duration), "at": at})
        if log.unsaved:
            warnings.append(f"{path}: cannot be written now ({log.problem}); notes wait in memory.")
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
        with signals_held():
            if self._appender is not None:
                self._appender.write(data)
            else:
                self.lines.append(data)
            self._replay.apply(event)
        self._forget_kept()
        return event

    @property
    def unsaved(self) -> int:
        """How many events are kept in memory because the disk refused them."""
        return self._appender.unsaved if self._appender is not None else 0

    @property
    def problem(self) -> str | None:
        """Why the last write failed, while events wait (e.g. 'No space left on device')."""
        return self._appender.problem if self._appender is not None else None

    def retry(self) -> bool:
        """Try again to write what waits; True when nothing is left unwritten."""
        if self._appender is None:
            return True
        with signals_held():
            saved = self._appender.flush()
        self._forget_kept()
        return saved

    def _forget_kept(self) -> None:
        if self._kept is not None and not self.unsaved:
            self._kept.unlink(missing_ok=True)
            self._kept = None

    def _take_back_unsaved(self) -> list[str]:
        assert self._appender is not None
        self._kept, warnings = take_back_unsaved(self._appender, self._replay)
        self.retry()
        return warnings

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
        if not valid_seq(score):
            raise EntryProblem("the answer must be a whole number from 1 to 7")
        self._write({"type": "seq", "score": score})

    def rate_sus(self, answers: Sequence[int]) -> float:
        try:
            score = sus_score(answers)
        except ValueError:
            raise EntryProblem("SUS takes ten answers from 1 to 5") from None
        self._write({"type": "sus", "answers": list(answers), "score": score})
        return score

    def close(self) -> str | None:
        """Let the session go; if some events still could not be written, where they are now."""
        if self._appender is None:
            return None
        unsaved = self._appender.close()
        return keep_unsaved(self.path, unsaved) if unsaved else None
