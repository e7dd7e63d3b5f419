"""Replaying a session's events in order onto a `Session`: undo applied, fields checked.

The same replay reads a file and keeps a live session current as it is written, so what
the prompt shows is what a later read will find.
"""

from __future__ import annotations

import json
from typing import Any

from harness.session.model import END_REASONS, TAGS, Assist, Note, Session, StepInfo, StepMark
from harness.session.questionnaires import sus_score, valid_seq
from harness.session.recorded import RECORDED_TYPES, RecordedProblem, Sign, parse_recorded


class Damaged(Exception):
    """An event that cannot be applied; the sentence says why."""


class Replay:
    """Applies events in order to a Session; used both to read files and to write live.

    A problem that loses the event raises `Damaged`; one that loses only a detail (an
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
        timed = ("note", "step", "assist", "undo", "end", "resume", *RECORDED_TYPES)
        t = _time(event) if kind in timed else None
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
                raise Damaged("a step event needs a step number from 1")
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
                raise Damaged(
                    f"the end reason {json.dumps(reason)} is not one of {', '.join(END_REASONS)}"
                )
            s.end_reason, s.ended_t = reason, t
            s.outcome = "interrupted" if reason == "eof" else reason
        elif kind == "resume":
            s.outcome, s.resumes = "open", s.resumes + 1
        elif kind == "seq":
            score = _opt_int(event, "score")
            if score is None or not valid_seq(score):
                raise Damaged("the SEQ score must be a whole number from 1 to 7")
            s.seq = score
        elif kind == "sus":
            answers = event.get("answers")
            if not isinstance(answers, list) or not all(_is_int(a) for a in answers):
                raise Damaged("SUS answers must be a list of ten numbers from 1 to 5")
            try:
                s.sus = sus_score(answers)
            except ValueError as exc:
                raise Damaged(str(exc)) from None
            s.sus_answers = tuple(answers)
        elif kind in RECORDED_TYPES:
            assert t is not None
            self._recorded(event, n, t)
        # Unknown types are a newer shoshin's business: ignored without a word.
        if n is not None:
            s.last_n = max(s.last_n, n)
        if t is not None:
            s.duration = max(s.duration, t)

    def _recorded(self, event: dict[str, Any], n: int | None, t: float) -> None:
        """What the tester's browser recorded; a sign of step N < last also marks step N+1.

        A browser mark is not undoable: /undo takes back only what the observer typed.
        """
        s = self.session
        # Its number and time are taken even when it is damaged: a recorder writing live
        # goes on numbering after it.
        s.last_n = max(s.last_n, n or 0)
        s.duration = max(s.duration, t)
        try:
            record = parse_recorded(event, n, t)
        except RecordedProblem as exc:
            raise Damaged(str(exc)) from None
        s.recorded.add(record)
        if not isinstance(record, Sign):
            return
        last = len(s.steps)
        if last and record.step >= last:
            if s.finished_seen_at is None:
                s.finished_seen_at = t
        else:
            s.step_marks.append(StepMark(n, t, record.step + 1, by="browser"))

    def _soft_int(self, event: dict[str, Any], key: str) -> int | None:
        try:
            return _opt_int(event, key)
        except Damaged as exc:
            self.soft.append(f"{exc}; left it out")
            return None

    def _soft_str(self, event: dict[str, Any], key: str) -> str | None:
        try:
            return _opt_str(event, key)
        except Damaged as exc:
            self.soft.append(f"{exc}; left it unknown")
            return None

    def _header(self, event: dict[str, Any]) -> None:
        if self.has_header:
            raise Damaged("it is a second session header")
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
            raise Damaged(f"it undoes event {target}, which is not a note, step or assist")
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
        raise Damaged(f"'{key}' must be a whole number, not {json.dumps(value)}")
    return int(value)


def _opt_str(event: dict[str, Any], key: str) -> str | None:
    value = event.get(key)
    if value is None:
        return None
    if not isinstance(value, str):
        raise Damaged(f"'{key}' must be text, not {json.dumps(value)}")
    return value


def _text(event: dict[str, Any], key: str) -> str:
    return _opt_str(event, key) or ""


def _time(event: dict[str, Any]) -> float:
    value = event.get("t")
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0:
        raise Damaged(f"'t' must be elapsed seconds, not {json.dumps(value)}")
    return float(value)
