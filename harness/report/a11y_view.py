"""The accessibility audit as the report shows it: per step, and a summary per scenario."""

from __future__ import annotations

from collections.abc import Iterable

from harness.record.model import A11yViolation, StepResult

IMPACTS = ("critical", "serious", "moderate", "minor")


def a11y_summary(steps: Iterable[StepResult]) -> str | None:
    """“2 critical, 1 serious accessibility violations (axe-core)”; “none found” when the
    audit ran and found nothing; None when no step was audited (`--a11y off`)."""
    audited = [s.a11y for s in steps if s.a11y is not None]
    if not audited:
        return None
    counts = {impact: 0 for impact in IMPACTS}
    for violations in audited:
        for v in violations:
            counts[v.impact if v.impact in counts else "minor"] += v.nodes
    parts = [f"{n} {impact}" for impact, n in counts.items() if n]
    if not parts:
        return "Accessibility (axe-core): no violations found."
    plural = "s" if sum(counts.values()) != 1 else ""
    return f"Accessibility (axe-core): {', '.join(parts)} element{plural} with violations."


def a11y_brief(steps: Iterable[StepResult]) -> str:
    """“a11y: 2 critical, 1 serious” (serious and critical elements only), for CI summaries;
    empty when there are none, or no step was audited."""
    counts = {"critical": 0, "serious": 0}
    for step in steps:
        for v in step.a11y or ():
            if v.impact in counts:
                counts[v.impact] += v.nodes
    parts = [f"{n} {impact}" for impact, n in counts.items() if n]
    return f"a11y: {', '.join(parts)}" if parts else ""


def by_impact(violations: Iterable[A11yViolation]) -> tuple[A11yViolation, ...]:
    """The worst first."""
    order = {impact: i for i, impact in enumerate(IMPACTS)}
    return tuple(sorted(violations, key=lambda v: order.get(v.impact, len(IMPACTS))))
