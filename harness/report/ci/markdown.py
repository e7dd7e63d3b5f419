"""A short Markdown summary of a run, for a CI job page or a pull request."""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from harness.files import write_text_atomic
from harness.record.model import COMPLETED, SLOW, TIMED_OUTCOMES, RunRecord
from harness.record.outcomes import scenario_row
from harness.record.read import as_record
from harness.report.a11y_view import a11y_brief
from harness.report.ci.junit import dead_end_sentence
from harness.text import one_line

SUMMARY_FILE = "summary.md"
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|~>])")


def escape(text: object, limit: int = 200) -> str:
    """Product text as literal Markdown: no markup, no HTML, no table breaks."""
    flat = one_line(text, limit).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _MARKDOWN_SPECIAL.sub(r"\\\1", flat)


def render_summary(record: RunRecord | Mapping[str, Any]) -> str:
    run = as_record(record)
    results = run.results
    done = sum(1 for r in results if r.outcome == COMPLETED)
    lines = [
        f"### shoshin: {done} of {len(results)} scenarios completed",
        "",
        f"Run `{escape(run.run_id, 40)}` against {escape(run.base_url)}",
        "",
        "| Scenario | Outcome | Steps | Time | Where it hurt |",
        "|---|---|---|---|---|",
    ]
    for result in results:
        steps = result.steps
        passed = sum(1 for s in steps if s.outcome in TIMED_OUTCOMES)
        stuck = [s for s in steps if s.dead_end]
        slow = [s for s in steps if s.outcome == SLOW]
        hurt = ""
        if stuck and stuck[0].dead_end:
            hurt = f"step {stuck[0].index}: {escape(stuck[0].dead_end.kind)}"
        elif slow:
            hurt = "slow: " + ", ".join(f"step {s.index}" for s in slow)
        hurt = "; ".join(part for part in (hurt, a11y_brief(steps)) if part)
        row = scenario_row(result.outcome)
        outcome = f"{row.emoji} {row.label.lower()}" if row.emoji else escape(result.outcome)
        lines.append(
            f"| {escape(result.scenario)} | {outcome} | {passed}/{len(steps)} "
            f"| {result.newcomer_ms / 1000:.1f} s | {hurt} |"
        )
    details = [
        f"- **{escape(r.scenario)}** — {escape(dead_end_sentence(s), 600)}"
        for r in results
        for s in r.steps
        if s.dead_end
    ]
    if details:
        lines += ["", "**Dead ends**", "", *details]
    return "\n".join(lines) + "\n"


def write_summary(run_dir: Path, record: RunRecord | Mapping[str, Any]) -> Path:
    """Write summary.md, and append it to $GITHUB_STEP_SUMMARY when CI provides one."""
    text = render_summary(record)
    path = run_dir / SUMMARY_FILE
    write_text_atomic(path, text)
    step_summary = os.environ.get("GITHUB_STEP_SUMMARY")
    if step_summary:
        with open(step_summary, "a", encoding="utf-8") as fh:
            fh.write(text + "\n")
    return path
