"""The CI gate: which findings of a run fail it (`--fail-on`), in plain sentences."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from harness.errors import ShoshinError
from harness.text import one_line

GATES = ("dead-end", "slow", "console-error", "http-error", "regression", "none")
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
    record: Mapping[str, Any], gates: Sequence[str], regressions: Sequence[str] = ()
) -> list[str]:
    """One sentence per finding over the gate; empty when the run passes."""
    out: list[str] = []
    for result in record.get("results") or []:
        name = one_line(result.get("scenario"), 80)
        steps = result.get("steps") or []
        if "dead-end" in gates:
            for step in steps:
                dead_end = step.get("dead_end")
                if dead_end:
                    out.append(
                        f"dead-end: “{name}” step {step.get('index')}: {dead_end.get('kind')} — "
                        f"{one_line(dead_end.get('message'), 160)}"
                    )
        if "slow" in gates:
            for step in steps:
                if step.get("outcome") == "slow":
                    out.append(
                        f"slow: “{name}” step {step.get('index')} took "
                        f"{(step.get('duration_ms') or 0) / 1000:.1f} s, "
                        f"over its {step.get('budget_s'):g} s budget"
                    )
            budget = result.get("budget_s")
            total = (result.get("duration_ms") or 0) / 1000
            if budget is not None and total > budget:
                out.append(f"slow: “{name}” took {total:.1f} s, over its {budget:g} s budget")
        if "console-error" in gates:
            for step in steps:
                for message in [
                    *(step.get("console_errors") or []),
                    *(step.get("page_errors") or []),
                ]:
                    out.append(
                        f"console-error: “{name}” step {step.get('index')}: "
                        f"{one_line(message, 160)}"
                    )
        if "http-error" in gates:
            for step in steps:
                for failed in step.get("failed_requests") or []:
                    out.append(
                        f"http-error: “{name}” step {step.get('index')}: {one_line(failed, 160)}"
                    )
                dead_end = step.get("dead_end") or {}
                if dead_end.get("kind") == "http-error" and not step.get("failed_requests"):
                    out.append(
                        f"http-error: “{name}” step {step.get('index')}: "
                        f"{one_line(dead_end.get('message'), 160)}"
                    )
    if "regression" in gates:
        out.extend(f"regression: {one_line(r, 200)}" for r in regressions)
    return out


def broken(record: Mapping[str, Any]) -> list[str]:
    """Scenarios the harness or browser could not judge: infrastructure, exit code 2."""
    return [
        f"“{one_line(r.get('scenario'), 80)}”: "
        f"{one_line(r.get('error') or _step_error(r) or 'the run did not finish', 200)}"
        for r in record.get("results") or []
        if r.get("outcome") not in ("completed", "dead_end")
    ]


def _step_error(result: Mapping[str, Any]) -> str | None:
    for step in result.get("steps") or []:
        if step.get("error"):
            return f"step {step.get('index')}: {step['error']}"
    return None
