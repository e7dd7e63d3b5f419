"""The accessibility audit's pure parts: new-only, the gates, the summaries, the record."""

from __future__ import annotations

from typing import Any

import pytest
from typer.testing import CliRunner

from harness.browser.a11y import Finding, Offender
from harness.cli.app import app
from harness.record.model import A11yTarget, A11yViolation, StepResult
from harness.record.read import step_from_dict
from harness.report.a11y_view import a11y_brief, a11y_summary, by_impact
from harness.report.ci.gate import findings, parse_gates
from harness.run.a11y_audit import A11yAudit

BOX = {"x": 1.0, "y": 2.0, "width": 3.0, "height": 4.0}


def finding(rule: str, impact: str, *selectors: str) -> Finding:
    offenders = tuple(Offender(s, f"field “{s}”", BOX) for s in selectors)
    return Finding(rule, impact, f"{rule} help", ("wcag2a",), offenders)


def test_only_elements_not_reported_earlier_in_the_scenario_are_new() -> None:
    audit = A11yAudit()
    first = audit.new_only([finding("label", "critical", "#a", "#b")])
    assert [(v.rule, v.nodes) for v in first] == [("label", 2)]
    again = audit.new_only([finding("label", "critical", "#a", "#b", "#c")])
    assert [(v.rule, v.nodes, [t.name for t in v.targets]) for v in again] == [
        ("label", 1, ["field “#c”"])
    ]
    # The same element breaking another rule is new; nothing new at all is no violation.
    other = audit.new_only([finding("color-contrast", "serious", "#a")])
    assert [v.rule for v in other] == ["color-contrast"]
    assert audit.new_only([finding("label", "critical", "#a")]) == []


def test_only_the_first_few_elements_are_named() -> None:
    found = A11yAudit().new_only([finding("image-alt", "critical", *"abcdef")])
    assert found[0].nodes == 6 and len(found[0].targets) == 3


def step(*violations: A11yViolation, audited: bool = True) -> StepResult:
    return StepResult(
        index=1,
        intent=None,
        actions=[],
        expect=[],
        outcome="passed",
        started_ms=0,
        duration_ms=10,
        patience_s=5,
        a11y=list(violations) if audited else None,
    )


def violation(rule: str, impact: str, nodes: int = 1) -> A11yViolation:
    return A11yViolation(rule, impact, f"{rule} <b>help</b>", ["wcag2a"], nodes, [A11yTarget("x")])


def record(*steps: StepResult) -> dict[str, Any]:
    from dataclasses import asdict

    return {
        "run_id": "r",
        "results": [
            {"scenario": "Sign up", "outcome": "completed", "steps": [asdict(s) for s in steps]}
        ],
    }


def test_the_gates_fail_on_their_impacts_only() -> None:
    assert parse_gates(["a11y-serious,a11y-critical"]) == ("a11y-serious", "a11y-critical")
    run = record(step(violation("label", "critical"), violation("color-contrast", "serious", 4)))
    critical = findings(run, ("a11y-critical",))
    assert critical == [
        "a11y-critical: “Sign up” step 1: critical label on 1 element (x) — label <b>help</b>"
    ]
    serious = findings(run, ("a11y-serious",))
    assert [f.split(": ")[0] for f in serious] == ["a11y-serious", "a11y-serious"]
    assert "serious color-contrast on 4 elements" in serious[1]
    assert findings(run, ("dead-end",)) == []
    assert findings(record(step(violation("region", "moderate"))), ("a11y-serious",)) == []


def test_summaries_count_elements_by_impact_and_tell_off_from_clean() -> None:
    steps = [step(violation("label", "critical", 2)), step(violation("list", "minor"))]
    assert a11y_summary(steps) == (
        "Accessibility (axe-core): 2 critical, 1 minor elements with violations."
    )
    assert a11y_summary([step()]) == "Accessibility (axe-core): no violations found."
    assert a11y_summary([step(audited=False)]) is None
    assert a11y_brief(steps) == "a11y: 2 critical"
    assert a11y_brief([step(violation("list", "minor"))]) == ""
    ordered = by_impact([violation("a", "minor"), violation("b", "critical")])
    assert [v.rule for v in ordered] == ["b", "a"]


def test_the_record_reads_back_what_it_wrote_and_tells_unaudited_from_clean() -> None:
    from dataclasses import asdict

    written = step(violation("label", "critical", 2))
    assert step_from_dict(asdict(written)).a11y == written.a11y
    assert step_from_dict(asdict(step())).a11y == []
    assert step_from_dict(asdict(step(audited=False))).a11y is None


def test_a_bad_a11y_value_is_one_clear_sentence() -> None:
    result = CliRunner().invoke(
        app, ["run", "nowhere.yaml", "--base-url", "http://127.0.0.1:9", "--a11y", "maybe"]
    )
    assert result.exit_code == 2
    assert "--a11y 'maybe' is neither on nor off" in result.output
    assert "Traceback" not in result.output


@pytest.mark.parametrize("value", ["a11y-minor", "a11y"])
def test_an_unknown_a11y_gate_is_a_clear_error(value: str) -> None:
    from harness.errors import ShoshinError

    with pytest.raises(ShoshinError, match="is not a gate"):
        parse_gates([value])


def test_the_report_escapes_what_the_page_named() -> None:
    from harness.report.html import render_html

    hostile = A11yViolation(
        "label",
        "critical",
        "Form <i>help</i>",
        ["wcag412"],
        1,
        [A11yTarget("<img src=x onerror=alert(1)>")],
    )
    html = render_html(record(step(hostile)))
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
    assert "<img src=x onerror" not in html
    assert "Form &lt;i&gt;help&lt;/i&gt;" in html


def test_the_pytest_plugin_passes_its_a11y_option_to_the_run() -> None:
    from harness.pytest_plugin.fixtures import CONDITIONS, run_config
    from harness.run.conditions import Conditions

    class Config:
        def __init__(self, a11y: str) -> None:
            self.values = {"shoshin_out": "reports", "shoshin_a11y": a11y}
            self.stash = {CONDITIONS: Conditions()}

        def getoption(self, name: str, default: Any = None) -> Any:
            return self.values.get(name, default)

    assert run_config(Config("off"), "http://127.0.0.1:9").a11y is False  # type: ignore[arg-type]
    assert run_config(Config("on"), "http://127.0.0.1:9").a11y is True  # type: ignore[arg-type]
