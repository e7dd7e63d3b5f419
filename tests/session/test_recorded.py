"""Reading what the tester's browser recorded: every event, damaged lines, browser marks."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from harness.scenario.model import Scenario, Step
from harness.session.figures import scenario_figures
from harness.session.log import SessionLog
from harness.session.model import Session
from harness.session.reader import read_session
from harness.session.recorded import Target
from harness.session.replay import Damaged, Replay
from tests.conftest import ROOT

FIXTURES = ROOT / "tests/fixtures/sessions/recorded-walks"


def read(name: str) -> tuple[Session, list[str]]:
    return read_session(FIXTURES / name)


def test_every_recorded_event_is_read_into_its_record() -> None:
    s, warnings = read("recorded-p1.jsonl")
    assert warnings == []
    r = s.recorded
    assert [(b.state, b.width, b.height) for b in r.browser] == [
        ("opened", 640, 400),
        ("closed", 640, 400),
    ]
    assert r.viewport == (640, 400)
    assert [(p.step, p.url.rsplit("/", 1)[1], p.via) for p in r.pages] == [
        (1, "", "start"),
        (1, "pricing?plan=team", "link"),
        (1, "", "back"),
        (1, "signup", "link"),
        (2, "welcome", "other"),
        (3, "new", "link"),
        (3, "1", "other"),
    ]
    first = r.clicks[0]
    assert (first.n, first.t, first.step, first.x, first.y, first.misclick) == (
        3,
        3.0,
        1,
        320,
        200,
        True,
    )
    assert first.target == Target(None, None, "Pebble helps teams")
    assert r.clicks[1].target == Target("link", "Pricing", None) and not r.clicks[1].misclick
    assert len(r.clicks) == 8
    assert [(x.step, x.clicks, x.target.name if x.target else None) for x in r.rage] == [
        (2, 3, "Create account")
    ]
    assert r.rage[0].shot == "20261130-100000-p1-aaaa/0015-rage.png"
    assert [(d.step, d.shot) for d in r.dead_clicks] == [
        (3, "20261130-100000-p1-aaaa/0023-dead_click.png")
    ]
    assert [(x.step, x.field) for x in r.typed] == [(2, Target("textbox", "Work email"))]
    assert r.form_errors[0].text.endswith("Password is required")
    assert [(h.step, h.since, h.seconds) for h in r.hesitations] == [(2, 16.0, 14.0)]
    assert [(x.step, x.t) for x in r.signs] == [(1, 11.0), (2, 34.0), (3, 50.0)]


def test_a_sign_marks_the_next_step_as_the_browser_saw_it_and_the_last_one_finishes() -> None:
    s, _ = read("recorded-p1.jsonl")
    assert [(m.step, m.t, m.by) for m in s.step_marks] == [
        (2, 11.0, "browser"),
        (3, 34.0, "browser"),
        (3, 36.0, "observer"),
    ]
    # The earliest mark of a step is when it was reached, whoever made it.
    assert s.reached_at(2) == 11.0 and s.reached_at(3) == 34.0
    assert s.reached_by_browser(3) and not s.reached_by_browser(1)
    assert s.finished_seen_at == 50.0
    assert s.outcome == "done"  # the observer's word, not the browser's
    # The last step ends when the browser saw its sign, before the observer typed /done.
    assert s.step_time(3) == pytest.approx(16.0)
    assert s.step_time(1) == pytest.approx(11.0)


def test_the_browser_seeing_the_end_does_not_complete_a_session_the_observer_did_not_end() -> None:
    s = Session(id="x", path=Path("x.jsonl"))
    replay = Replay(s)
    replay.apply({"type": "session", "steps": [{"index": 1, "intent": "a"}, {"index": 2}]})
    replay.apply({"type": "sign", "n": 1, "t": 4.0, "step": 1})
    replay.apply({"type": "sign", "n": 2, "t": 9.0, "step": 2})
    replay.apply({"type": "sign", "n": 3, "t": 12.0, "step": 2})
    assert s.outcome == "open" and not s.completed and s.task_time is None
    assert s.finished_seen_at == 9.0  # the first time it was seen
    assert s.step_time(2) == pytest.approx(5.0)
    assert [m.step for m in s.step_marks] == [2]


def test_undo_never_takes_a_browser_mark() -> None:
    log = SessionLog.create(
        Path("/nonexistent"), _scenario(), "p9", in_memory=True, clock=lambda: 0.0
    )
    log.mark_step(2, t=1.0)
    log._write({"type": "sign", "t": 2.0, "step": 2, "url": "http://h/", "shot": None})
    assert [(m.step, m.by) for m in log.session.step_marks] == [(2, "observer"), (3, "browser")]
    undone = log.undo()
    assert undone is not None and undone.step == 2  # the observer's own mark, not the browser's
    assert [(m.step, m.by) for m in log.session.step_marks] == [(3, "browser")]
    assert log.undo() is None
    with pytest.raises(Damaged, match="not a note, step or assist"):
        log._replay.apply({"type": "undo", "n": 99, "t": 3.0, "target": 3})


def test_the_browser_moves_the_current_step_on_never_back() -> None:
    s = Session(id="x", path=Path("x.jsonl"))
    replay = Replay(s)
    replay.apply({"type": "session", "steps": [{"index": i} for i in (1, 2, 3, 4)]})
    assert s.step == 1
    replay.apply({"type": "sign", "n": 1, "t": 1.0, "step": 1})
    assert s.step == 2
    replay.apply({"type": "step", "n": 2, "t": 2.0, "step": 4})
    replay.apply({"type": "sign", "n": 3, "t": 3.0, "step": 2})  # seen late: stays on 4
    assert s.step == 4 and s.reached_at(3) == 3.0
    replay.apply({"type": "step", "n": 4, "t": 4.0, "step": 2})  # the observer may go back
    assert s.step == 2


def test_a_damaged_event_written_live_keeps_its_number() -> None:
    log = SessionLog.create(Path("/nonexistent"), _scenario(), "p9", in_memory=True)
    with pytest.raises(Damaged, match="interactive"):
        log._write({"type": "click", "t": 1.0, "step": 1, "x": 1, "y": 2})
    log._write({"type": "click", "t": 2.0, "step": 1, "x": 1, "y": 2, "interactive": True})
    numbers = [json.loads(line)["n"] for line in log.lines[1:]]
    assert numbers == [1, 2] and log.session.duration == 2.0


def test_damaged_recorded_lines_are_skipped_with_file_and_line_and_the_rest_is_read() -> None:
    s, warnings = read("recorded-damaged.jsonl")
    where = str(FIXTURES / "recorded-damaged.jsonl")
    assert warnings == [
        f"{where}:2: skipped this line (a click needs 'interactive': true or false); read on.",
        f"{where}:3: skipped this line (a page event needs its 'url'); read on.",
        f"{where}:4: skipped this line ('step' must be a whole number, not \"two\"); read on.",
        f"{where}:5: skipped this line (it is not valid JSON); read on.",
        f"{where}:7: skipped this line (it undoes event 4, which is not a note, step or assist);"
        " read on.",
        f"{where}:10: skipped this line (a hesitation's 'seconds' cannot be negative); read on.",
    ]
    # The sign stands (an undo cannot take it); unknown types and fields are ignored.
    assert [(m.step, m.by) for m in s.step_marks] == [(2, "browser")]
    assert [(c.step, c.target) for c in s.recorded.clicks] == [(2, Target("button", "Next"))]
    assert s.recorded.hesitations == []


def test_per_step_activity_counts_what_the_recording_shows() -> None:
    s, _ = read("recorded-p1.jsonl")
    one, two, three = (s.recorded.activity(i) for i in (1, 2, 3))
    assert (one.clicks, one.misclicks, one.back, one.rage) == (3, 1, 1, 0)
    assert (two.clicks, two.rage, two.hesitations, two.hesitation_seconds) == (3, 1, 1, 14.0)
    assert (two.typed, two.form_errors, two.misclicks) == (1, 1, 0)
    assert (three.dead_clicks, three.clicks, three.back) == (1, 2, 0)


def test_a_session_of_notes_only_reads_as_before() -> None:
    s, warnings = read("recorded-notes-only.jsonl")
    assert warnings == [] and s.recorded.empty
    assert s.finished_seen_at is None and [m.by for m in s.step_marks] == ["observer"]


def test_figures_count_the_steps_the_browser_saw_reached() -> None:
    sessions = [read(name)[0] for name in ("recorded-p1.jsonl", "recorded-p2.jsonl")]
    figures = scenario_figures(sessions, 3)
    assert [f.reached for f in figures.steps] == [2, 2, 1]
    assert [f.reached_seen for f in figures.steps] == [0, 2, 1]
    assert figures.finished_seen == 1
    assert figures.completed_unassisted == 1 and figures.gave_up == 1


def _scenario() -> Scenario:
    steps = tuple(Step(i, f"step {i}", (), (), 10.0) for i in (1, 2, 3))
    return Scenario(name="S", file=Path("s.yaml"), steps=steps)
