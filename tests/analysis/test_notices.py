"""Errors apart from notices, and prose apart from tables, code and data: pure, no browser."""

from __future__ import annotations

from dataclasses import asdict

from harness.analysis.dead_ends import classify, errors_and_notices, reads_as_error
from harness.analysis.signals import WORDS_PER_MINUTE, measure, prose_of
from harness.record.model import DeadEnd, StepResult
from harness.record.read import step_from_dict


def test_error_wording_reads_as_an_error_and_a_question_does_not() -> None:
    for text in (
        "Upload failed.",
        "Something went wrong, please try again",
        "Email is required",
        "We couldn’t save your changes",
        "Invalid code",
        "Error 42",
    ):
        assert reads_as_error(text), text
    for text in ("Would you like to get notified about news?", "Saved", "3 people joined"):
        assert not reads_as_error(text), text


def test_notices_stay_apart_unless_their_words_read_as_errors() -> None:
    screen = {
        "errors": ["Password: too short"],
        "notices": ["Would you like to get notified about news?", "Could not reach the server"],
    }
    errors, notices = errors_and_notices(screen)
    assert errors == ["Password: too short", "Could not reach the server"]
    assert notices == ["Would you like to get notified about news?"]


def test_a_dead_end_lists_errors_and_notices_apart() -> None:
    screen = {
        "actions": [{"role": "button", "name": "Save"}],
        "errors": ["Name is required"],
        "notices": ["Would you like to get notified about news?"],
    }
    dead_end = classify("expectation-unmet", "Saved", "Not there.", screen)
    assert dead_end.errors_on_screen == ["Name is required"]
    assert dead_end.notices_on_screen == ["Would you like to get notified about news?"]


def test_a_screen_read_without_notices_still_classifies() -> None:
    dead_end = classify("missing-target", "Next", "Not there.", {"actions": [], "errors": []})
    assert dead_end.notices_on_screen == []


def test_notices_survive_the_record_and_old_records_have_none() -> None:
    dead_end = DeadEnd("expectation-unmet", "Saved", "m", notices_on_screen=["Hello there"])
    step = StepResult(1, None, [], [], "dead_end", 0, 1, 1.0, dead_end=dead_end)
    data = asdict(step)
    assert step_from_dict(data).dead_end == dead_end
    del data["dead_end"]["notices_on_screen"]
    read = step_from_dict(data).dead_end
    assert read is not None and read.notices_on_screen == []


TABLE = "Plan\tSeats\tPrice\nStarter\t3\t$0\nTeam\t25\t$99"
DATA = 'id 7f3a-22c1 2026-11-02 14:03 200 OK\n{"id": 3, "name": "x"}\nconst plan = pick(team);'


def test_tables_and_data_lines_are_not_prose() -> None:
    prose = "Choose a plan for your team.\nStep 1 of 3\nPress <Enter> or [Tab] to go on."
    assert prose_of(f"{prose}\n{TABLE}\n{DATA}") == prose


def test_reading_time_and_grade_come_from_prose_and_words_from_all_the_text() -> None:
    prose = "Choose a plan for your team. You can change it later."
    text = prose + "\nconfiguration orchestration infrastructure\nMonitoring dashboards"
    metrics = measure({"text": text, "prose": prose})
    assert metrics.words == 16
    assert metrics.reading_seconds == round(11 / WORDS_PER_MINUTE * 60, 1)
    assert metrics.grade == measure({"text": prose}).grade


def test_without_prose_the_text_is_read_as_prose() -> None:
    text = "Choose a plan for your team.\n" + TABLE
    metrics = measure({"text": text})
    assert metrics.reading_seconds == round(6 / WORDS_PER_MINUTE * 60, 1)
