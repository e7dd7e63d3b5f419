"""The terminal view of a run, rendered to a string, and the one terminal decision."""

from __future__ import annotations

import io
from pathlib import Path

from harness.cli.progress import ProgressPrinter
from harness.cli.terminal import Terminal, terminal
from harness.record.model import DeadEnd, RunRecord, ScenarioResult, StepResult
from harness.run.events import (
    RunFinished,
    RunStarted,
    ScenarioFinished,
    ScenarioStarted,
    StepFinished,
    StepStarted,
)
from harness.scenario.load import parse_scenario

SCENARIO = parse_scenario(
    "name: Sign up\nstart: /\nsteps:\n"
    "  - intent: Find the start\n    click: Get started\n"
    "  - intent: Say who I am\n    click: Continue\n",
    Path("signup.yaml"),
    {},
)
RECORD = RunRecord(
    run_id="20261122-000000-abcd",
    started_at="2026-11-22T00:00:00+00:00",
    base_url="http://127.0.0.1:8000",
    browser={"name": "chromium", "version": "156"},
    viewport={"width": 1280, "height": 800},
    harness_version="0.1.0",
)


def step(index: int, outcome: str, ms: int, dead_end: DeadEnd | None = None) -> StepResult:
    return StepResult(
        index=index,
        intent=SCENARIO.steps[index - 1].intent,
        actions=[],
        expect=[],
        outcome=outcome,  # type: ignore[arg-type]
        started_ms=0,
        duration_ms=ms,
        patience_s=10.0,
        dead_end=dead_end,
    )


def render(term: Terminal) -> str:
    out = io.StringIO()
    printer = ProgressPrinter(out, term)
    stuck = DeadEnd(
        "missing-target", "Continue", "No “Continue” on the page.", seen=["Next", "Skip"]
    )
    result = ScenarioResult("Sign up", "signup.yaml", None, "dead_end", 4250)
    first, second = SCENARIO.steps
    events = [
        RunStarted(RECORD, Path("reports/r"), 1),
        ScenarioStarted(SCENARIO, 1, 1, result),
        StepStarted(SCENARIO, first),
        StepFinished(SCENARIO, first, step(1, "passed", 1250)),
        StepStarted(SCENARIO, second),
        StepFinished(SCENARIO, second, step(2, "dead_end", 3000, stuck)),
        ScenarioFinished(SCENARIO, result),
        RunFinished(RECORD, Path("reports/r")),
    ]
    for event in events:
        printer.handle(event)
    printer.shutdown()
    return out.getvalue()


def test_logs_get_plain_lines_with_marks_times_and_the_dead_end() -> None:
    text = render(Terminal(live=False, colour=False))

    assert text.splitlines() == [
        "shoshin run 20261122-000000-abcd: 1 scenario against http://127.0.0.1:8000 (chromium 156)",
        "",
        "[1/1] Sign up",
        "  ✓ passed   1. Find the start   1.25 s",
        "  ✗ DEAD END 2. Say who I am   3.00 s",
        "      missing-target: No “Continue” on the page.",
        "      saw instead: Next, Skip",
        "  → hit a dead end in 4.2 s",
        "",
    ]


def test_a_live_terminal_redraws_the_running_step_and_paints_outcomes() -> None:
    text = render(Terminal(live=True, colour=True))

    assert "  … 1. Find the start\r\x1b[2K  \x1b[32m✓ passed  \x1b[0m 1." in text
    assert "\x1b[31m✗ DEAD END\x1b[0m" in text
    assert "\x1b[1m[1/1] Sign up\x1b[0m" in text


def test_colour_is_off_without_a_terminal_and_with_no_color() -> None:
    class Tty(io.StringIO):
        def isatty(self) -> bool:
            return True

    assert terminal(io.StringIO(), {}) == Terminal(live=False, colour=False, width=80)
    assert terminal(Tty(), {"TERM": "xterm"}).colour
    assert not terminal(Tty(), {"TERM": "xterm", "NO_COLOR": ""}).colour
    assert not terminal(Tty(), {"TERM": "dumb"}).live
