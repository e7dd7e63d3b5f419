"""A short Markdown summary of a run, for a CI job page or a pull request."""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from harness.record.model import write_text_atomic
from harness.report.ci.junit import dead_end_sentence
from harness.text import one_line

SUMMARY_FILE = "summary.md"
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|~>])")
VERDICT = {"completed": "✅ completed", "dead_end": "❌ dead end", "error": "⚠️ error"}


def escape(text: object, limit: int = 200) -> str:
    """Product text as literal Markdown: no markup, no HTML, no table breaks."""
    flat = one_line(text, limit).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _MARKDOWN_SPECIAL.sub(r"\\\1", flat)


def render_summary(record: Mapping[str, Any]) -> str:
    results = record.get("results") or []
    done = sum(1 for r in results if r.get("outcome") == "completed")
    lines = [
        f"### shoshin: {done} of {len(results)} scenarios completed",
        "",
        f"Run `{escape(record.get('run_id', ''), 40)}` against {escape(record.get('base_url'))}",
        "",
        "| Scenario | Outcome | Steps | Time | Where it hurt |",
        "|---|---|---|---|---|",
    ]
    for result in results:
        steps = result.get("steps") or []
        passed = sum(1 for s in steps if s.get("outcome") in ("passed", "slow"))
        stuck = [s for s in steps if s.get("dead_end")]
        slow = [s for s in steps if s.get("outcome") == "slow"]
        hurt = ""
        if stuck:
            dead_end = stuck[0]["dead_end"]
            hurt = f"step {stuck[0].get('index')}: {escape(dead_end.get('kind'))}"
        elif slow:
            hurt = "slow: " + ", ".join(f"step {s.get('index')}" for s in slow)
        outcome = VERDICT.get(str(result.get("outcome")), escape(result.get("outcome")))
        seconds = (result.get("duration_ms") or 0) / 1000
        lines.append(
            f"| {escape(result.get('scenario'))} | {outcome} | {passed}/{len(steps)} "
            f"| {seconds:.1f} s | {hurt} |"
        )
    details = [
        f"- **{escape(r.get('scenario'))}** — {escape(dead_end_sentence(s), 600)}"
        for r in results
        for s in (r.get("steps") or [])
        if s.get("dead_end")
    ]
    if details:
        lines += ["", "**Dead ends**", "", *details]
    return "\n".join(lines) + "\n"


def write_summary(run_dir: Path, record: Mapping[str, Any]) -> Path:
    """Write summary.md, and append it to $GITHUB_STEP_SUMMARY when CI provides one."""
    text = render_summary(record)
    path = run_dir / SUMMARY_FILE
    write_text_atomic(path, text)
    step_summary = os.environ.get("GITHUB_STEP_SUMMARY")
    if step_summary:
        with open(step_summary, "a", encoding="utf-8") as fh:
            fh.write(text + "\n")
    return path
