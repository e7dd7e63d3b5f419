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

What the tester does in a browser shoshin opened (`shoshin observe --browser`) is written
into the same file as it happens, by `SessionLog.record` (from the browser's own thread).
`step` is the step the tester is on when it happened; `target` names what was hit the way
scenarios name targets, `{"role", "name", "text"}` (each may be null), or null; URLs have
their query values and key-like path segments masked; `shot` is a viewport screenshot's path
relative to the sessions folder, `<session-id>/<n:04d>-<type>.png`, or null:

    {"type": "browser", "n", "t", "state": "opened"|"closed", "url",
     "viewport": {"width", "height"}}      (closed: the url last shown, the viewport opened)
    {"type": "page", "n", "t", "step", "url", "title", "via"}
        via: start link back forward reload other
    {"type": "click", "n", "t", "step", "url", "x", "y", "page_x", "page_y", "target",
     "interactive"}                            interactive false: a misclick (nothing to click)
    {"type": "rage", "n", "t", "step", "url", "x", "y", "clicks", "target", "shot"}
        3+ clicks within 1 s within ~30 px, written once per burst, when the 3rd lands
    {"type": "dead_click", "n", "t", "step", "url", "x", "y", "target", "shot"}
        a click on a control after which nothing visibly changed within 1 s
    {"type": "typed", "n", "t", "step", "url", "field"}   which field; never what was typed
    {"type": "form_error", "n", "t", "step", "url", "text"}   an error newly on screen
    {"type": "hesitation", "n", "t", "step", "url", "since", "seconds"}
        no input for more than 10 s (written when input resumes or the recording stops)
    {"type": "sign", "n", "t", "step", "url", "shot"}
        step `step`'s expected sign came true in the tester's page: the tester did step N,
        so reached step N + 1 (or finished, after the last step)

`x`, `y` are CSS pixels in the window (`page_x`, `page_y` in the page, scrolled). The
recording ends with the session: its last `hesitation` and `browser` closed may follow the
`end` event (a window the tester closed ends it earlier; the notes go on).

`t` is elapsed seconds on a monotonic clock; a resumed session continues from its last
`t`. Every event is written with one `write` and fsync'd before the prompt returns, and
the file is never rewritten: /undo is an event too. One process holds a session at a time,
and an event the disk refuses waits in memory until it can be written (see
`harness.session.writer` and `harness.session.appender`). Reading is forgiving: a damaged
line is skipped with a warning naming file:line and the rest is read (see
`harness.session.reader`, whose `read_session` and `load_sessions` are also here).
"""

from __future__ import annotations

import re
import secrets
import time
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from harness import __version__
from harness.scenario.model import Scenario
from harness.session.appender import Appender
from harness.session.model import (
    END_REASONS,
    SCHEMA_VERSION,
    SESSION_SUFFIX,
    TAGS,
    Assist,
    EntryProblem,
    Note,
    Session,
    StepMark,
)
from harness.session.questionnaires import sus_score, valid_seq
from harness.session.reader import load_sessions, read_replay, read_session
from harness.session.replay import Damaged, Replay
from harness.session.writer import SessionWriter, open_existing, open_new

__all__ = ["SessionLog", "load_sessions", "new_session_id", "read_session"]


def new_session_id(tester: str, now: datetime | None = None) -> str:
    """Sortable and unique: UTC time, the tester's alias, a little randomness."""
    now = now or datetime.now(UTC)
    slug = re.sub(r"[^a-z0-9]+", "-", tester.lower()).strip("-")[:24].strip("-") or "tester"
    return f"{now:%Y%m%d-%H%M%S}-{slug}-{secrets.token_hex(2)}"


class SessionLog(SessionWriter):
    """Writes a session as it happens: each method appends one event, on disk when it returns.

    Elapsed time comes from `clock` (monotonic) plus the last `t` of a resumed file; every
    method also takes an explicit `t`, for notes imported from elsewhere. Without a path
    (`in_memory=True`) the lines are kept in `lines` instead. Numbering, writing and the
    events the disk refuses (`unsaved`, `problem`, `retry()`, `close()`) are the
    `SessionWriter`'s.
    """

    def __init__(
        self,
        replay: Replay,
        appender: Appender | None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        super().__init__(replay, appender)
        self._clock = clock
        self._offset = self.session.duration
        self._began = clock()

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
        appender = None if in_memory else open_new(sessions_dir, path)
        log = cls(Replay(Session(id=session_id, path=path)), appender, clock)
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
        log._write_header(header, sessions_dir)
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
        appender = open_existing(path)
        replay, warnings = read_replay(path)
        log = cls(replay, appender, clock)
        warnings.extend(log._take_back_unsaved())
        at = (now or datetime.now(UTC)).isoformat(timespec="seconds")
        log._write({"type": "resume", "t": log._round(log.session.duration), "at": at})
        if log.unsaved:
            warnings.append(f"{path}: cannot be written now ({log.problem}); notes wait in memory.")
        return log, warnings

    @property
    def step(self) -> int | None:
        return self.session.step

    def record(
        self, event: dict[str, Any], *, shot: Callable[[int], str | None] | None = None
    ) -> dict[str, Any]:
        """Append one event of the tester's browser, from any thread; on disk when it returns.

        `t` is now on the session clock. `shot`, when given, is called with the number the
        event will have, before it is written (no other event can take that number
        meanwhile), and answers the path of the screenshot it took for it, or None. An event
        the reader would not take (`Damaged`) is written all the same, and the writing goes on.
        """
        with self._lock:
            fields = {k: v for k, v in event.items() if k not in ("type", "n", "t")}
            n = self.session.last_n + 1
            written: dict[str, Any] = {"type": event["type"], "n": n, "t": self.now(), **fields}
            if shot is not None:
                written["shot"] = shot(n)
            try:
                return self._write(written)
            except Damaged:  # on disk, numbered; only this session in memory goes without it
                return written

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
