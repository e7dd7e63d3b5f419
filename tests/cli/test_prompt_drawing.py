"""What the observer's prompt shows, rendered to strings for a given width."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from harness.cli.prompt import drawing
from harness.cli.prompt.drawing import Look
from harness.session.model import Assist, Note, Session, StepInfo, StepMark

PLAIN = Look()
PATH = Path("sessions/s1.jsonl")


def _session(**fields: Any) -> Session:
    steps = (StepInfo(1, "Find the sign-up"), StepInfo(2, "Create an account"), StepInfo(3, None))
    return Session(id="s1", path=PATH, steps=steps, **fields)


def test_a_log_line_pads_the_label_and_wraps_long_text_under_itself() -> None:
    assert drawing.log_line(75, "note", "· note", "hello", PLAIN) == "  01:15  · note       hello"
    assert drawing.log_line(75, "end", "■ done", "", PLAIN) == "  01:15  ■ done"
    long = "one two three four five six seven eight nine ten eleven twelve"
    wrapped = drawing.log_line(3, "note", "· note", long, Look(width=50, wrap=True))
    assert wrapped.splitlines() == [
        "  00:03  · note       one two three four five six",
        "                      seven eight nine ten eleven",
        "                      twelve",
    ]
    assert "\n" not in drawing.log_line(3, "note", "· note", long, Look(width=50))


def test_colour_wraps_styles_in_escape_codes_and_counts_no_width() -> None:
    line = drawing.log_line(1, "stuck", "! stuck", "here", Look(colour=True))
    assert line == "  \x1b[2m00:01\x1b[0m  \x1b[31m! stuck    \x1b[0m  here"
    assert drawing.width_of(line) == drawing.width_of("  00:01  ! stuck      here")
    assert Look(colour=True).paint("note", "x") == "x"  # a plain note has no colour


def test_each_event_has_its_line() -> None:
    session = _session()
    quote = Note(1, 4.0, "quote", "Where now?", 1)
    assert drawing.note_line(quote, PLAIN) == '  00:04  " quote      “Where now?”'
    mark = StepMark(2, 9.0, 2)
    assert drawing.step_line(mark, session.steps, PLAIN) == (
        "  00:09  ▸ step 2/3   Create an account"
    )
    assert drawing.step_line(StepMark(3, 9.0, 3), session.steps, PLAIN) == "  00:09  ▸ step 3/3"
    assert drawing.assist_line(Assist(4, 12.0, 2, "the menu"), PLAIN) == (
        "  00:12  ⚑ assist     the menu"
    )
    assert drawing.end_line(60, "gaveup", "too long", PLAIN) == "  01:00  ■ gave up    too long"
    assert drawing.end_line(60, "eof", "", PLAIN) == "  01:00  ■ ended"


def test_an_undone_line_says_what_was_taken_back_and_when() -> None:
    def undone(item: Note | StepMark | Assist) -> str:
        return drawing.undone_line(item, 30, 1, PLAIN)

    assert undone(Note(1, 4, "stuck", "form", 1)) == "  00:30  ↶ undone     ! form [00:04]"
    assert undone(StepMark(2, 9, 2)) == "  00:30  ↶ undone     ▸ step 2 (now on step 1) [00:09]"
    assert undone(Assist(3, 12, 1, "")) == "  00:30  ↶ undone     ⚑ assist [00:12]"


def test_the_prompt_shows_time_and_step_and_its_width_ignores_colour() -> None:
    assert drawing.prompt(192.4, 2, 6, PLAIN) == ("[03:12 · step 2/6] › ", 21)
    assert drawing.prompt(5, None, 0, PLAIN) == ("[00:05] › ", 10)
    painted, width = drawing.prompt(192.4, 2, 6, Look(colour=True))
    assert width == 21 and "\x01\x1b[0;36m\x0203:12 · step 2/6" in painted


def test_help_wraps_between_marks_never_inside_one() -> None:
    lines = drawing.help_lines(Look(width=40))
    assert lines == [
        '? confused  ! stuck  + delight  " quote',
        "/step N  /next  /assist  /undo  /gaveup",
        "/done  /help",
    ]
    assert all(drawing.width_of(line) < 40 for line in lines)
    assert len(drawing.help_lines(Look(width=200))) == 1


def test_the_header_names_the_session_and_marks_the_current_step() -> None:
    session = _session(scenario="Sign up", tester="p3", observer="bo", url="http://x/")
    session.step_marks.append(StepMark(1, 5.0, 2))
    assert drawing.header(session, PATH, Look(width=200)) == [
        "shoshin observe · Sign up",
        "tester p3 · observer bo · session s1",
        "url http://x/",
        "",
        "    1  Find the sign-up",
        "  ▸ 2  Create an account",
        "    3  (no intent)",
        "",
        drawing.HELP + "  /help",
        "Each line is on disk once you press Enter: sessions/s1.jsonl",
        "",
    ]


def test_a_resumed_header_says_where_the_clock_goes_on() -> None:
    open_session = _session(duration=75.0)
    assert drawing.header(open_session, PATH, PLAIN, resumed=True)[-2] == (
        "Resumed at 01:15; the clock goes on from there."
    )
    ended = _session(duration=80.0, end_reason="done", ended_t=60.0, outcome="done")
    assert drawing.resumed_line(ended, PLAIN) == (
        "Resumed at 01:20: this session had ended (done at 01:00); "
        "what you add now comes after that end."
    )


def test_full_help_ends_with_the_steps_and_the_file() -> None:
    lines = drawing.full_help(_session(), PATH, Look(width=60))
    assert lines[-4:] == [
        "  ▸ 1  Find the sign-up",
        "    2  Create an account",
        "    3  (no intent)",
        "Saved to sessions/s1.jsonl",
    ]
    assert any(line.startswith("Enter saves the line") for line in lines)
    assert all(drawing.width_of(line) < 60 for line in lines)


def test_the_summary_counts_what_was_recorded() -> None:
    session = _session(outcome="gaveup", duration=125.0, seq=3, sus=72.5)
    session.notes.append(Note(1, 4, "note", "x", 1))
    assert drawing.summary(session, PATH) == [
        "1 note, 0 step marks, 0 assists (gave up at 02:05, SEQ 3, SUS 72.5).",
        "Session saved: sessions/s1.jsonl",
    ]
    assert (
        drawing.summary(_session(), PATH)[0] == "0 notes, 0 step marks, 0 assists (open at 00:00)."
    )


def test_wide_characters_take_two_columns() -> None:
    assert drawing.width_of("日本") == 4
    assert drawing.width_of("\x1b[1mab\x1b[0m") == 2
    assert drawing.count(1, "note") == "1 note" and drawing.count(2, "assist") == "2 assists"
