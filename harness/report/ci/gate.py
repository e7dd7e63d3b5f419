"""The CI gate: which findings of a run fail it (`--fail-on`), in plain sentences."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from harness.errors import ShoshinError
from harness.record.model import JUDGED_OUTCOMES, SLOW, RunRecord, ScenarioResult, StepResult
from harness.record.read import as_record
from harness.text import one_line

GATES = (
    "dead-end",
    "slow",
    "console-error",
    "http-error",
    "regression",
    "a11y-serious",
    "a11y-critical",
    "none",
)
# The axe-core impacts each accessibility gate fails on.
A11Y_GATES = {"a11y-serious": ("serious", "critical"), "a11y-critical": ("critical",)}
DEFAULT_GATES = ("dead-end",)


def parse_gates(values: Iterable[str]) -> tuple[str, ...]:
    """`--fail-on dead-end,slow --fail-on http-error` → ("dead-end", "slow", "http-error")."""
    gates: list[str] = []
    for value in values:
        for part in value.split(","):
            name = part.strip().lower()
            if not name:
                continue
            if name not in GATES:
                raise ShoshinError(
                    f"--fail-on {name!r} is not a gate; choose from {', '.join(GATES)}."
                )
            if name not in gates:
                gates.append(name)
    if "none" in gates and len(gates) > 1:
        raise ShoshinError("--fail-on none cannot be combined with other gates.")
    return tuple(gates) or DEFAULT_GATES


def findings(
    record: RunRecord | Mapping[str, Any], gates: Sequence[str], regressions: Sequence[str] = ()
) -> list[str]:
    """One sentence per finding over the gate; empty when the run passes."""
    out: list[str] = []
    for result in as_record(record).results:
        name = one_line(result.scenario, 80)
        for step in result.steps:
            out.extend(_step_findings(name, step, gates))
        if "slow" in gates and result.budget_s is not None:
            total = result.newcomer_ms / 1000
            if total > result.budget_s:
                out.append(
                    f"slow: “{name}” took {total:.1f} s, over its {result.budget_s:g} s budget"
                )
    if "regression" in gates:
        out.extend(f"regression: {one_line(r, 200)}" for r in regressions)
    return out


def _step_findings(name: str, step: StepResult, gates: Sequence[str]) -> list[str]:
    where = f"“{name}” step {step.index}"
    out: list[str] = []
    dead_end = step.dead_end
    if "dead-end" in gates and dead_end is not None:
        out.append(f"dead-end: {where}: {dead_end.kind} — {one_line(dead_end.message, 160)}")
    if "slow" in gates and step.outcome == SLOW:
        budget = f"{step.budget_s:g}" if step.budget_s is not None else "None"
        out.append(
            f"slow: {where} took {step.duration_ms / 1000:.1f} s, over its {budget} s budget"
        )
    if "console-error" in gates:
        for message in [*step.console_errors, *step.page_errors]:
            out.append(f"console-error: {where}: {one_line(message, 160)}")
    if "http-error" in gates:
        for failed in step.failed_requests:
            out.append(f"http-error: {where}: {one_line(failed, 160)}")
        if dead_end is not None and dead_end.kind == "http-error" and not step.failed_requests:
            out.append(f"http-error: {where}: {one_line(dead_end.message, 160)}")
    out.extend(_a11y_findings(where, step, gates))
    return out


def _a11y_findings(where: str, step: StepResult, gates: Sequence[str]) -> list[str]:
    """One sentence per accessibility violation at or over the gates' impact."""
    impacts = {impact for gate in gates for impact in A11Y_GATES.get(gate, ())}
    if not impacts:
        return []
    gate = "a11y-serious" if "a11y-serious" in gates else "a11y-critical"
    out: list[str] = []
    for v in step.a11y or []:
        if v.impact in impacts:
            first = f" ({one_line(v.targets[0].name, 80)})" if v.targets else ""
            out.append(
                f"{gate}: {where}: {v.impact} {v.rule} on {v.nodes} element"
                f"{'' if v.nodes == 1 else 's'}{first} — {one_line(v.help, 120)}"
            )
    return out


def broken(record: RunRecord | Mapping[str, Any]) -> list[str]:
    """Scenarios the harness or browser could not judge: infrastructure, exit code 2."""
    return [
        f"“{one_line(r.scenario, 80)}”: "
        f"{one_line(r.error or _step_error(r) or 'the run did not finish', 400)}"
        for r in as_record(record).results
        if r.outcome not in JUDGED_OUTCOMES
    ]


def _step_error(result: ScenarioResult) -> str | None:
    for step in result.steps:
        if step.error:
            return f"step {step.index}: {step.error}"
    return None
