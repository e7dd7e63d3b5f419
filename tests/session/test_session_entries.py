"""The marks language: every mark and command, the problems it names, what each line writes."""

from __future__ import annotations

from pathlib import Path

import pytest

from harness.scenario.load import load_scenario
from harness.scenario.model import Scenario
from harness.session.entries import Ended, Undone, parse_entry, parse_tag, record_entry
from harness.session.log import SessionLog
from harness.session.model import EntryProblem, Note, StepMark
from tests.conftest import ROOT


@pytest.fixture
def log(tmp_path: Path) -> SessionLog:
    scenario: Scenario = load_scenario(ROOT / "scenarios/01-first-project.yaml")
    return SessionLog.create(tmp_path, scenario, "p1", in_memory=True)


@pytest.mark.parametrize(
    ("line", "kind", "tag", "text"),
    [
        ("? where is sign up", "note", "confusion", "where is sign up"),
        ("!stuck on the form", "note", "stuck", "stuck on the form"),
        ("+ smiled", "note", "delight", "smiled"),
        ('"I would never find this"', "note", "quote", "I would never find this"),
        ("“Nice”", "note", "quote", "Nice"),
        ("?", "note", "confusion", ""),
        ("plain words", "note", "note", "plain words"),
        ("/assist showed the menu", "assist", "note", "showed the menu"),
        ("/a", "assist", "note", ""),
        ("/undo", "undo", "note", ""),
        ("/next", "next", "note", ""),
        ("/help", "help", "note", ""),
        ("   ", "empty", "note", ""),
    ],
)
def test_each_mark_and_command_is_understood(line: str, kind: str, tag: str, text: str) -> None:
    entry = parse_entry(line)
    assert (entry.kind, entry.tag, entry.text) == (kind, tag, text)


def test_step_done_and_gaveup_carry_their_arguments() -> None:
    assert parse_entry("/step 3").step == 3
    assert parse_entry("/s4").step == 4
    done = parse_entry("/done quickly")
    assert (done.kind, done.reason, done.text) == ("end", "done", "quickly")
    assert parse_entry("/gaveup").reason == "gaveup"


def test_a_bad_command_argument_is_a_problem_but_an_unknown_command_is_kept() -> None:
    with pytest.raises(EntryProblem, match="/step takes the number"):
        parse_entry("/step two")
    kept = parse_entry("/settings page looked empty")
    assert (kept.kind, kept.text) == ("note", "/settings page looked empty")
    assert kept.hint == "there is no command /settings; kept it as a note"


def test_typed_control_characters_are_dropped() -> None:
    assert parse_entry("? arrow\x1b[A keys").text == "arrow[A keys"


@pytest.mark.parametrize(
    ("line", "kind", "reason"),
    [
        ("/s 2", "step", None),
        ("/n", "next", None),
        ("/u", "undo", None),
        ("/h", "help", None),
        ("/?", "help", None),
        ("/NEXT", "next", None),
        ("/done", "end", "done"),
        ("/Done", "end", "done"),
        ("/giveup", "end", "gaveup"),
        ("/gave-up", "end", "gaveup"),
        ("/gaveup", "end", "gaveup"),
    ],
)
def test_short_forms_and_spellings_of_commands(line: str, kind: str, reason: str | None) -> None:
    entry = parse_entry(line)
    assert (entry.kind, entry.reason) == (kind, reason)


def test_a_quote_keeps_its_inner_marks_but_drops_the_closing_one() -> None:
    assert parse_entry('" it said "Save" here"').text == 'it said "Save" here'
    assert parse_entry("“curly”").text == "curly"


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("/step", "/step takes the number of the step the tester reached, e.g. /step 3"),
        ("/step -1", "/step takes the number of the step the tester reached, e.g. /step 3"),
        ("/next now", "/next takes nothing after it"),
        ("/undo that", "/undo takes nothing after it"),
        ("/help me", "/help takes nothing after it"),
    ],
)
def test_bad_input_names_what_is_wrong(line: str, message: str) -> None:
    with pytest.raises(EntryProblem) as caught:
        parse_entry(line)
    assert str(caught.value) == message


@pytest.mark.parametrize(
    ("word", "tag"),
    [
        ("confusion", "confusion"),
        ("Confused", "confusion"),
        ("?", "confusion"),
        ("!", "stuck"),
        (" + ", "delight"),
        ('"', "quote"),
        ("·", "note"),
        ("note", "note"),
        ("angry", None),
    ],
)
def test_a_tag_on_its_own(word: str, tag: str | None) -> None:
    assert parse_tag(word) == tag


def test_each_entry_writes_its_event(log: SessionLog) -> None:
    note = record_entry(log, parse_entry("? where"), t=1)
    assert isinstance(note, Note) and (note.tag, note.text, note.step) == ("confusion", "where", 1)
    mark = record_entry(log, parse_entry("/next"), t=2)
    assert isinstance(mark, StepMark) and mark.step == 2
    undone = record_entry(log, parse_entry("/undo"), t=3)
    assert isinstance(undone, Undone) and undone.item == mark
    assert record_entry(log, parse_entry("/help")) is None
    assert record_entry(log, parse_entry("")) is None
    ended = record_entry(log, parse_entry("/gaveup too long"), t=4)
    assert ended == Ended("gaveup", "too long")
    kinds = [line.split(b'"type": "')[1].split(b'"')[0] for line in log.lines]
    assert kinds == [b"session", b"note", b"step", b"undo", b"end"]
    assert log.session.outcome == "gaveup" and log.session.step == 1


def test_an_entry_the_log_refuses_writes_nothing(log: SessionLog) -> None:
    with pytest.raises(EntryProblem, match="there is nothing to undo"):
        record_entry(log, parse_entry("/undo"))
    with pytest.raises(EntryProblem, match="there is no step 7; this scenario has steps 1–6"):
        record_entry(log, parse_entry("/step 7"))
    assert len(log.lines) == 1  # the header alone
