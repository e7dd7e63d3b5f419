"""Observer sessions without a terminal: the file format, reading damage, figures, the prompt."""

from __future__ import annotations

import io
import json
import shutil
from pathlib import Path

import pytest

from harness.cli.prompt import ObserverPrompt, PromptOptions
from harness.scenario.load import load_scenario
from harness.scenario.model import Scenario
from harness.session.figures import scenario_figures
from harness.session.log import SessionLog, load_sessions, read_session
from harness.session.lookup import find_scenario, find_session
from harness.session.model import EntryProblem, ObserveError, Session, format_clock, sessions_for
from tests.conftest import ROOT, write_scenario

FIXTURES = ROOT / "tests/fixtures/sessions"


@pytest.fixture
def scenario() -> Scenario:
    return load_scenario(ROOT / "scenarios/01-first-project.yaml")


@pytest.fixture
def three_steps(tmp_path: Path) -> Scenario:
    path = write_scenario(
        tmp_path,
        """
        name: Three steps
        steps:
          - intent: Find the start
            expect: Start
          - intent: Sign up
            expect: Welcome
          - intent: Make a project
            expect: Project
        """,
        "three.yaml",
    )
    return load_scenario(path)


def lines_of(path: Path) -> list[dict[str, object]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


# --- the marks language ----------------------------------------------------------------


def test_clock_format() -> None:
    assert [format_clock(t) for t in (0, 75.9, 3599, 3725)] == [
        "00:00",
        "01:15",
        "59:59",
        "1:02:05",
    ]


# --- writing and reading ---------------------------------------------------------------


def test_a_session_file_has_the_header_and_numbered_events(
    tmp_path: Path, scenario: Scenario
) -> None:
    log = SessionLog.create(tmp_path, scenario, "Ana B.", observer="bo", url="http://x/")
    log.note("confusion", "where", t=3.04)
    log.next_step(t=10)
    log.assist("showed the link", t=12.5)
    log.end("done", t=20)
    log.rate_seq(6)
    log.close()
    assert log.path.parent == tmp_path
    assert log.path.name.endswith("-ana-b-" + log.path.stem[-4:] + ".jsonl")
    header, *events = lines_of(log.path)
    assert header["type"] == "session" and header["schema_version"] == 1
    assert header["session_id"] == log.path.stem
    assert header["scenario"] == "Sign up and create a first project"
    assert str(header["scenario_file"]).endswith("scenarios/01-first-project.yaml")
    assert header["steps"][0] == {"index": 1, "intent": "Find out how to start"}  # type: ignore[index]
    assert (header["tester"], header["observer"], header["url"]) == ("Ana B.", "bo", "http://x/")
    assert str(header["started_at"]).endswith("+00:00")
    assert events == [
        {"type": "note", "n": 1, "t": 3.0, "tag": "confusion", "text": "where", "step": 1},
        {"type": "step", "n": 2, "t": 10.0, "step": 2},
        {"type": "assist", "n": 3, "t": 12.5, "step": 2, "text": "showed the link"},
        {"type": "end", "n": 4, "t": 20.0, "reason": "done"},
        {"type": "seq", "n": 5, "score": 6},
    ]


def test_undo_is_an_event_and_takes_back_the_last_standing_entry(
    tmp_path: Path, scenario: Scenario
) -> None:
    log = SessionLog.create(tmp_path, scenario, "p1")
    log.note("note", "keep", t=1)
    log.mark_step(3, t=2)
    log.note("stuck", "typo", t=3)
    assert log.undo(t=4) is not None  # the typo
    undone = log.undo(t=5)  # the step mark
    assert undone is not None and getattr(undone, "step", None) == 3
    assert log.step == 1
    before = log.path.read_bytes()
    log.note("note", "after", t=6)
    assert log.path.read_bytes().startswith(before)  # appended, never rewritten
    log.close()
    session, warnings = read_session(log.path)
    assert warnings == []
    assert [n.text for n in session.notes] == ["keep", "after"]
    assert session.step_marks == [] and session.step == 1
    assert [e["type"] for e in lines_of(log.path)[1:]] == [
        "note",
        "step",
        "note",
        "undo",
        "undo",
        "note",
    ]
    assert lines_of(log.path)[4]["target"] == 3


def test_nothing_to_undo_and_steps_out_of_range(tmp_path: Path, scenario: Scenario) -> None:
    log = SessionLog.create(tmp_path, scenario, "p1")
    assert log.undo() is None
    with pytest.raises(EntryProblem, match="there is no step 7; this scenario has steps 1–6"):
        log.mark_step(7)
    log.mark_step(6)
    with pytest.raises(EntryProblem, match="step 6 is the last one; type /done"):
        log.next_step()
    log.close()


def test_the_clock_is_monotonic_and_resume_goes_on_from_the_last_t(
    tmp_path: Path, scenario: Scenario
) -> None:
    now = [100.0]
    log = SessionLog.create(tmp_path, scenario, "p1", clock=lambda: now[0])
    now[0] = 112.34
    log.note("note", "one")
    log.mark_step(2)
    log.end("interrupted")
    log.close()
    assert log.session.duration == pytest.approx(12.3)

    later = [5000.0]
    resumed, warnings = SessionLog.resume(log.path, clock=lambda: later[0])
    assert warnings == []
    later[0] = 5002.0
    resumed.note("confusion", "two")
    resumed.end("done")
    resumed.close()
    events = lines_of(log.path)
    assert events[4]["type"] == "resume" and events[4]["t"] == pytest.approx(12.3)
    assert events[5] == {
        "type": "note",
        "n": 5,
        "t": pytest.approx(14.3),
        "tag": "confusion",
        "text": "two",
        "step": 2,
    }
    session, _ = read_session(log.path)
    assert session.outcome == "done" and session.resumes == 1


def test_resume_after_a_cut_line_keeps_the_new_events_whole(
    tmp_path: Path,
) -> None:
    path = tmp_path / "s.jsonl"
    shutil.copy(FIXTURES / "cut_last_line.jsonl", path)
    log, warnings = SessionLog.resume(path)
    assert len(warnings) == 1 and "the last line is cut off" in warnings[0]
    log.note("note", "added later")
    log.close()
    session, warnings = read_session(path)
    assert [n.text for n in session.notes][-1] == "added later"
    assert warnings == [
        f"{path}:9: skipped this line (it is not valid JSON); read on.",
    ]
    assert session.outcome == "open" and session.step == 3
    assert session.resumes == 1  # the resume event is a whole line of its own, not glued on


# --- reading damaged files -----------------------------------------------------------------


def test_a_good_file_reads_without_warnings() -> None:
    session, warnings = read_session(FIXTURES / "good.jsonl")
    assert warnings == []
    assert session.id == "20261122-101500-p1-0a1b"
    assert (session.scenario, session.tester, session.observer) == (
        "Sign up and create a first project",
        "p1",
        "bo",
    )
    assert [(n.t, n.tag, n.step) for n in session.notes] == [
        (4.2, "confusion", 1),
        (15.5, "quote", 2),
        (52.3, "delight", 3),
    ]
    assert (session.outcome, session.seq, session.reached, session.unassisted) == (
        "done",
        6,
        3,
        True,
    )
    assert [session.step_time(i) for i in (1, 2, 3)] == [11.0, 29.0, 20.0]


def test_a_line_cut_off_at_the_end_is_read_up_to_the_damage() -> None:
    path = FIXTURES / "cut_last_line.jsonl"
    session, warnings = read_session(path)
    assert warnings == [
        f"{path}:9: the last line is cut off (the session stopped mid-write); "
        "kept the 3 notes before it."
    ]
    assert len(session.notes) == 3 and session.outcome == "open"


def test_garbage_in_the_middle_is_skipped_and_the_rest_read() -> None:
    path = FIXTURES / "garbage_middle.jsonl"
    session, warnings = read_session(path)
    assert warnings == [f"{path}:4: skipped this line (it is not valid JSON); read on."]
    assert len(session.notes) == 3 and session.outcome == "done" and session.seq == 6


def test_wrong_types_lose_only_what_is_wrong() -> None:
    path = FIXTURES / "wrong_types.jsonl"
    session, warnings = read_session(path)
    assert [w.removeprefix(f"{path}:") for w in warnings] == [
        "2: skipped this line ('t' must be elapsed seconds, not \"soon\"); read on.",
        '3: the tag "grumpy" is unknown; kept it as a plain note.',
        "4: 'step' must be a whole number, not \"two\"; left it out.",
        "5: skipped this line ('step' must be a whole number, not \"2\"); read on.",
        "6: skipped this line (the SEQ score must be a whole number from 1 to 7); read on.",
        "7: skipped this line (it is not a JSON object); read on.",
        "8: skipped this line ('text' must be text, not 42); read on.",
        "9: skipped this line (it undoes event 99, which is not a note, step or assist); read on.",
    ]
    assert [(n.tag, n.text, n.step) for n in session.notes] == [
        ("note", "unknown tag kept as a plain note", 1),
        ("stuck", "step is text", None),
        ("stuck", "still read after all that", 1),
    ]
    assert session.seq is None and session.step_marks == []


def test_unknown_event_types_and_fields_are_ignored_quietly() -> None:
    session, warnings = read_session(FIXTURES / "unknown_events.jsonl")
    assert warnings == []
    assert [n.text for n in session.notes] == ["first", "second"]
    assert session.outcome == "gaveup"


def test_an_empty_file_is_an_empty_session_with_a_warning() -> None:
    path = FIXTURES / "empty.jsonl"
    session, warnings = read_session(path)
    assert warnings == [f"{path}: the session file is empty; it holds no notes."]
    assert session.notes == [] and session.scenario is None and session.outcome == "open"


def test_a_missing_header_still_gives_the_notes() -> None:
    path = FIXTURES / "no_header.jsonl"
    session, warnings = read_session(path)
    assert warnings == [
        f"{path}:1: the session header is missing, so the scenario and tester are unknown; "
        "read the notes anyway."
    ]
    assert session.scenario is None and session.id == "no_header"
    assert len(session.notes) == 3 and session.outcome == "done"


def test_load_sessions_reads_a_folder_and_sessions_for_picks_a_scenario(
    scenario: Scenario,
) -> None:
    sessions, warnings = load_sessions(FIXTURES)
    assert len(sessions) == 7 and len(warnings) == 12
    mine = sessions_for(sessions, scenario)
    assert sorted(s.path.stem for s in mine) == [
        "cut_last_line",
        "garbage_middle",
        "good",
        "unknown_events",
        "wrong_types",
    ]
    assert len(sessions_for(sessions, "SIGN UP AND CREATE A FIRST PROJECT")) == 5
    assert len(sessions_for(sessions, "01-first-project")) == 5
    assert load_sessions(FIXTURES / "nowhere") == ([], [])


def test_find_session_by_id_prefix_or_path(tmp_path: Path, scenario: Scenario) -> None:
    log = SessionLog.create(tmp_path, scenario, "p9")
    log.close()
    assert find_session(tmp_path, log.session.id) == log.path
    assert find_session(tmp_path, log.session.id[:15]) == log.path
    assert find_session(tmp_path, str(log.path)) == log.path
    with pytest.raises(ObserveError, match="No session 'nope' in"):
        find_session(tmp_path, "nope")


def test_find_scenario_by_name_or_stem_and_a_helpful_miss() -> None:
    scenarios = ROOT / "scenarios"
    assert find_scenario("skip inviting teammates", scenarios).file.stem == "02-skip-invites"
    assert find_scenario("03-short-password", scenarios).name == "Sign up with a short password"
    with pytest.raises(ObserveError) as caught:
        find_scenario("onboarding", scenarios)
    assert str(caught.value) == (
        "No scenario called 'onboarding' in "
        f"{scenarios}; known: 'Sign up and create a first project' (01-first-project), "
        "'Skip inviting teammates' (02-skip-invites), "
        "'Sign up with a short password' (03-short-password), "
        "'Bring my Trello board' (04-import-from-trello)."
    )


# --- figures across sessions --------------------------------------------------------------


def _session(
    directory: Path,
    scenario: Scenario,
    tester: str,
    marks: list[tuple[float, int]],
    done: float,
    seq: int,
    sus: list[int] | None = None,
    assist: float | None = None,
) -> None:
    log = SessionLog.create(directory, scenario, tester)
    events: list[tuple[float, str, int]] = [(t, "step", step) for t, step in marks]
    if assist is not None:
        events.append((assist, "assist", 0))
    for t, kind, step in sorted(events):
        if kind == "step":
            log.mark_step(step, t=t)
        else:
            log.assist("pointed at the button", t=t)
    log.end("done", t=done)
    log.rate_seq(seq)
    if sus:
        log.rate_sus(sus)
    log.close()


def test_figures_of_three_testers(tmp_path: Path, three_steps: Scenario) -> None:
    _session(tmp_path, three_steps, "a", [(10, 2), (30, 3)], 60, 6, [3] * 10)
    _session(tmp_path, three_steps, "b", [(20, 2), (50, 3)], 70, 5, [5, 1, 5, 1, 5, 1, 5, 1, 5, 1])
    _session(tmp_path, three_steps, "c", [(15, 2), (80, 3)], 100, 2, assist=40)
    sessions, warnings = load_sessions(tmp_path)
    assert warnings == []
    sessions = sessions_for(sessions, "Three steps")
    figures = scenario_figures(sessions)
    assert figures.sessions == 3
    assert (figures.completed_unassisted, figures.completed_assisted) == (2, 1)
    assert figures.task_success == pytest.approx(2 / 3)
    assert figures.task_times == (60.0, 70.0) and figures.median_task_time == 65.0
    assert figures.seq_mean == pytest.approx(13 / 3)
    assert figures.seq_counts == {1: 0, 2: 1, 3: 0, 4: 0, 5: 1, 6: 1, 7: 0}
    assert figures.sus_mean == 75.0 and figures.sus_answers == 2
    one, two, three = figures.steps
    assert (one.times, one.median, one.fastest, one.slowest) == ((10.0, 20.0, 15.0), 15.0, 10, 20)
    assert (two.median, two.fastest, two.slowest) == (30.0, 20.0, 65.0)
    assert (three.median, three.fastest, three.slowest) == (20.0, 20.0, 30.0)
    assert [s.reached for s in figures.steps] == [3, 3, 3]
    assert [s.reached_unassisted for s in figures.steps] == [3, 3, 2]


def test_figures_of_unfinished_and_empty() -> None:
    session = Session(id="x", path=Path("x.jsonl"), steps=())
    figures = scenario_figures([session], steps=2)
    assert figures.task_success == 0.0 and figures.unfinished == 1
    assert [s.reached for s in figures.steps] == [0, 0]
    empty = scenario_figures([])
    assert empty.task_success is None and empty.seq_mean is None and empty.steps == ()


def test_a_step_not_finished_has_no_time_and_a_skipped_step_ends_at_the_next_mark(
    tmp_path: Path, scenario: Scenario
) -> None:
    log = SessionLog.create(tmp_path, scenario, "p1")
    log.mark_step(2, t=5)
    log.mark_step(4, t=25)  # step 3 went by unmarked
    log.end("gaveup", t=40)
    log.close()
    session, _ = read_session(log.path)
    assert [session.step_time(i) for i in (1, 2, 3, 4)] == [5.0, 20.0, None, None]
    assert session.reached == 4 and session.outcome == "gaveup" and session.task_time is None


# --- the prompt, driven in-process ----------------------------------------------------------


class _DiskCheckingInput(io.StringIO):
    """Piped input that, before giving each line, checks the previous one is in the file."""

    def __init__(self, text: str, sessions: Path) -> None:
        super().__init__(text)
        self.sessions = sessions
        self.seen: list[int] = []

    def readline(self, size: int | None = -1) -> str:  # type: ignore[override]
        files = list(self.sessions.glob("*.jsonl"))
        self.seen.append(len(files[0].read_text().splitlines()) if files else 0)
        return super().readline()


def test_each_line_is_in_the_file_before_the_next_is_read(
    tmp_path: Path, scenario: Scenario
) -> None:
    lines = ["? one", "/next", "+ two", "/undo", '"three"', "/done", "5"]
    stdin = _DiskCheckingInput("\n".join(lines) + "\n", tmp_path)
    stdout, stderr = io.StringIO(), io.StringIO()
    log = SessionLog.create(tmp_path, scenario, "p1")
    options = PromptOptions(interactive=False, fancy=False)
    ObserverPrompt(log, stdin, stdout, stderr, options).run()
    log.close()
    # header, then one more event per line read; after the SEQ line, one more read for leftovers
    assert stdin.seen == [1, 2, 3, 4, 5, 6, 7, 8]
    assert stderr.getvalue() == ""
    assert stdout.getvalue().splitlines() == [
        "2 notes, 1 step mark, 0 assists (done at 00:00, SEQ 5).",
        f"Session saved: {log.path}",
    ]


def test_piped_problems_are_named_by_line_on_stderr(tmp_path: Path, scenario: Scenario) -> None:
    text = "/step 9\n/undo\n/stpe 2\n/next now\n/gaveup\nseven\nleft over\n"
    stdout, stderr = io.StringIO(), io.StringIO()
    log = SessionLog.create(tmp_path, scenario, "p1")
    ObserverPrompt(
        log, io.StringIO(text), stdout, stderr, PromptOptions(interactive=False, fancy=False)
    ).run()
    log.close()
    assert stderr.getvalue().splitlines() == [
        "shoshin: line 1: there is no step 9; this scenario has steps 1–6.",
        "shoshin: line 2: there is nothing to undo.",
        "shoshin: line 3: there is no command /stpe; kept it as a note (/undo takes it back).",
        "shoshin: line 4: /next takes nothing after it.",
        "shoshin: line 6: the SEQ answer must be a whole number from 1 to 7, not 'seven'; "
        "no SEQ recorded.",
        "shoshin: ignored 1 line after the session ended (/gaveup).",
    ]
    session, _ = read_session(log.path)
    assert session.outcome == "gaveup" and session.seq is None
    assert [n.text for n in session.notes] == ["/stpe 2"]


def test_piped_sus_follows_the_seq_one_a_line_or_all_on_one(
    tmp_path: Path, scenario: Scenario
) -> None:
    for answers in ("4\n2\n4\n2\n4\n2\n4\n2\n4\n2\n", "4 2 4 2 4 2 4 2 4 2\n"):
        log = SessionLog.create(tmp_path / answers[:3].strip(), scenario, "p1")
        options = PromptOptions(interactive=False, fancy=False, sus=True)
        ObserverPrompt(
            log, io.StringIO("/done\n7\n" + answers), io.StringIO(), io.StringIO(), options
        ).run()
        log.close()
        session, _ = read_session(log.path)
        assert (session.seq, session.sus, session.sus_answers) == (7, 75.0, (4, 2) * 5)


def test_a_seq_given_as_an_option_is_recorded_without_asking(
    tmp_path: Path, scenario: Scenario
) -> None:
    log = SessionLog.create(tmp_path, scenario, "p1")
    stderr = io.StringIO()
    options = PromptOptions(interactive=False, fancy=False, seq=3)
    ObserverPrompt(log, io.StringIO("? hm\n/done\n6\n"), io.StringIO(), stderr, options).run()
    log.close()
    assert read_session(log.path)[0].seq == 3
    assert stderr.getvalue() == "shoshin: ignored 1 line after the session ended (/done).\n"


def test_end_of_input_closes_the_session_without_a_seq(tmp_path: Path, scenario: Scenario) -> None:
    log = SessionLog.create(tmp_path, scenario, "p1")
    ObserverPrompt(
        log,
        io.StringIO("? hm\n"),
        io.StringIO(),
        io.StringIO(),
        PromptOptions(interactive=False, fancy=False),
    ).run()
    log.close()
    assert lines_of(log.path)[-1]["reason"] == "eof"
    session, _ = read_session(log.path)
    assert session.outcome == "interrupted" and session.seq is None


def test_interactive_answers_are_asked_again_until_they_make_sense(
    tmp_path: Path, scenario: Scenario
) -> None:
    log = SessionLog.create(tmp_path, scenario, "p1")
    stdout = io.StringIO()
    typed = "/next\n/done\n0\nsix\n6\n" + "x\n" + "3\n" * 10
    options = PromptOptions(interactive=True, fancy=False, sus=True)
    ObserverPrompt(log, io.StringIO(typed), stdout, io.StringIO(), options).run()
    log.close()
    out = stdout.getvalue()
    assert "Overall, how difficult or easy was the task to complete?" in out
    assert out.count("⚠ answer with a whole number from 1 to 7") == 2
    assert out.count("⚠ answer with a whole number from 1 to 5") == 1
    assert "[00:00 · step 2/6] › " in out
    assert "SUS score 50" in out
    session, _ = read_session(log.path)
    assert (session.seq, session.sus) == (6, 50.0)


def test_resuming_a_finished_session_keeps_its_end(tmp_path: Path, scenario: Scenario) -> None:
    shutil.copy(FIXTURES / "good.jsonl", tmp_path / "good.jsonl")
    log, _ = SessionLog.resume(tmp_path / "good.jsonl")
    stderr = io.StringIO()
    options = PromptOptions(interactive=False, fancy=False, resumed=True)
    ObserverPrompt(log, io.StringIO("! forgot this one\n"), io.StringIO(), stderr, options).run()
    log.close()
    assert "this session had ended (done at 01:00)" in stderr.getvalue()
    session, _ = read_session(tmp_path / "good.jsonl")
    assert session.outcome == "done" and session.seq == 6
    assert session.notes[-1].text == "forgot this one" and session.notes[-1].t >= 60.0


def test_a_unique_part_of_a_name_finds_the_scenario() -> None:
    assert find_scenario("first project", ROOT / "scenarios").name == (
        "Sign up and create a first project"
    )
    with pytest.raises(ObserveError, match="No scenario called 'sign up'"):
        find_scenario("sign up", ROOT / "scenarios")  # two scenarios say "Sign up"
