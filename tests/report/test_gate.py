"""The CI gate: which findings fail a run, in sentences, from typed or loose records."""

from __future__ import annotations

from typing import Any

import pytest

from harness.errors import ShoshinError
from harness.report.ci.gate import DEFAULT_GATES, broken, findings, parse_gates


def step(index: int, outcome: str) -> dict[str, Any]:
    return {"index": index, "intent": f"Step {index}", "outcome": outcome, "duration_ms": 900}


def record() -> dict[str, Any]:
    return {
        "run_id": "r1",
        "results": [
            {
                "scenario": "Sign up",
                "outcome": "dead_end",
                "duration_ms": 9000,
                "wall_ms": 20000,
                "budget_s": 5,
                "steps": [
                    {**step(1, "slow"), "duration_ms": 3400, "budget_s": 2.0},
                    {
                        **step(2, "dead_end"),
                        "duration_ms": 5600,
                        "console_errors": ["TypeError: x is undefined"],
                        "failed_requests": ["GET /api/avatar → 404"],
                        "dead_end": {"kind": "missing-target", "message": "No “Go”."},
                    },
                ],
            },
            {
                "scenario": "Import",
                "outcome": "completed",
                "steps": [
                    {
                        **step(1, "passed"),
                        "friction": [{"kind": "ambiguous-target", "message": "Two."}],
                    }
                ],
            },
        ],
    }


def test_gates_parse_from_repeated_and_comma_separated_options() -> None:
    assert parse_gates(["dead-end,slow", "http-error", "slow"]) == (
        "dead-end",
        "slow",
        "http-error",
    )
    assert parse_gates([]) == DEFAULT_GATES


@pytest.mark.parametrize("values", [["fast"], ["none,slow"]])
def test_an_unknown_or_contradictory_gate_is_a_clear_error(values: list[str]) -> None:
    with pytest.raises(ShoshinError, match="--fail-on"):
        parse_gates(values)


def test_each_gate_says_what_it_found() -> None:
    assert findings(record(), ("dead-end",)) == [
        "dead-end: “Sign up” step 2: missing-target — No “Go”."
    ]
    assert findings(record(), ("slow",)) == [
        "slow: “Sign up” step 1 took 3.4 s, over its 2 s budget",
        "slow: “Sign up” took 9.0 s, over its 5 s budget",
    ]
    assert findings(record(), ("console-error", "http-error")) == [
        "console-error: “Sign up” step 2: TypeError: x is undefined",
        "http-error: “Sign up” step 2: GET /api/avatar → 404",
    ]
    assert findings(record(), ("none",)) == []
    assert findings(record(), ("regression",), ["“S” step 1: slower"]) == [
        "regression: “S” step 1: slower"
    ]


def test_friction_alone_passes_the_dead_end_gate() -> None:
    data = record()
    data["results"] = data["results"][1:]
    assert findings(data, ("dead-end",)) == []


def test_scenarios_that_could_not_be_judged_are_broken_not_findings() -> None:
    data = record()
    data["results"].append(
        {
            "scenario": "Crashed",
            "outcome": "error",
            "steps": [{**step(1, "error"), "error": "boom"}],
        }
    )
    data["results"].append({"scenario": "Cut short", "outcome": "running"})

    assert broken(data) == ["“Crashed”: step 1: boom", "“Cut short”: the run did not finish"]
    assert broken(record()) == []


def test_why_a_scenario_could_not_be_judged_is_said_whole() -> None:
    # shoshin's own sentence, with its fix at the end, reaches the terminal uncut.
    why = (
        "--before-each command `./reset-demo-database --all-tenants` exited with code 3, so "
        "the product may not be in first-run state; its output is in "
        "before-each/01-01-first-project.log. Fix the command so that it exits 0."
    )
    data = record()
    data["results"].append({"scenario": "First project", "outcome": "error", "error": why})
    assert broken(data) == [f"“First project”: {why}"]


def test_the_scenario_budget_is_held_against_the_newcomers_time_not_the_harnesss() -> None:
    data = record()
    data["results"][0]["budget_s"] = 10  # 9 s of steps, 20 s of wall time
    assert not [f for f in findings(data, ["slow"]) if "“Sign up” took" in f]
    # An older record (no wall_ms) kept the wall time in duration_ms: the steps are summed.
    del data["results"][0]["wall_ms"]
    data["results"][0]["duration_ms"] = 20000
    assert not [f for f in findings(data, ["slow"]) if "“Sign up” took" in f]
    data["results"][0]["budget_s"] = 8
    assert "slow: “Sign up” took 9.0 s, over its 8 s budget" in findings(data, ["slow"])
