"""JUnit XML of a run: one testcase per scenario, as CI dashboards expect.

A dead end is a <failure> whose message is the dead-end sentence with what was seen
instead; a harness or browser error is an <error>. Steps go to <system-out>, and
screenshots are attached both as `[[ATTACHMENT|path]]` lines (Jenkins, GitLab) and as
`attachment` properties.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from harness.files import write_text_atomic
from harness.record.model import (
    DEAD_END,
    ERROR,
    JUDGED_OUTCOMES,
    SKIPPED,
    RunRecord,
    ScenarioResult,
    StepResult,
)
from harness.record.read import as_record, step_from_dict
from harness.report.a11y_view import a11y_brief
from harness.text import one_line, shown

JUNIT_FILE = "junit.xml"


def dead_end_sentence(step: StepResult | Mapping[str, Any]) -> str:
    """Step N “intent”: kind — message Saw instead: a, b, c. Errors on screen: …"""
    if not isinstance(step, StepResult):
        step = step_from_dict(step)
    dead_end = step.dead_end
    kind = dead_end.kind if dead_end else "dead end"
    parts = [
        f"Step {step.index} “{one_line(step.intent or '')}”: "
        f"{kind} — {one_line(dead_end.message if dead_end else '')}"
    ]
    seen = [one_line(s, 60) for s in (dead_end.seen if dead_end else [])][:8]
    parts.append(f"Saw instead: {', '.join(seen)}." if seen else "Saw nothing to act on.")
    errors = [one_line(e, 120).rstrip(".") for e in (dead_end.errors_on_screen if dead_end else [])]
    if errors:
        parts.append(f"Errors on screen: {'; '.join(errors)}.")
    return " ".join(parts)


def _step_line(step: StepResult) -> str:
    line = f"{step.index}. [{step.outcome}] {one_line(step.intent or '')}"
    line += f" — {step.duration_ms / 1000:.2f} s" if step.outcome != SKIPPED else ""
    if step.url:
        line += f" — {one_line(step.url)}"
    for error in step.console_errors:
        line += f"\n     console error: {one_line(error)}"
    return line


def render_junit(record: RunRecord | Mapping[str, Any], run_dir: Path | None = None) -> str:
    run = as_record(record)
    results = run.results
    suite_time = sum(r.newcomer_ms for r in results) / 1000
    failures = sum(1 for r in results if r.outcome == DEAD_END)
    errors = sum(1 for r in results if r.outcome not in JUDGED_OUTCOMES)
    root = ET.Element(
        "testsuites",
        name="shoshin",
        tests=str(len(results)),
        failures=str(failures),
        errors=str(errors),
        time=f"{suite_time:.3f}",
    )
    suite = ET.SubElement(
        root,
        "testsuite",
        name=shown(f"shoshin {run.run_id}"),
        tests=str(len(results)),
        failures=str(failures),
        errors=str(errors),
        skipped="0",
        time=f"{suite_time:.3f}",
        timestamp=shown(run.started_at),
    )
    props = ET.SubElement(suite, "properties")
    for name, value in (("base_url", run.base_url), ("harness_version", run.harness_version)):
        ET.SubElement(props, "property", name=name, value=shown(value))
    browser = f"{run.browser.get('name', '')} {run.browser.get('version', '')}".strip()
    ET.SubElement(props, "property", name="browser", value=shown(browser))
    for result in results:
        _testcase(suite, result, run_dir)
    ET.indent(root)
    return ET.tostring(root, encoding="unicode", xml_declaration=True) + "\n"


def _testcase(suite: ET.Element, result: ScenarioResult, run_dir: Path | None) -> None:
    file = shown(result.file)
    case = ET.SubElement(
        suite,
        "testcase",
        classname=shown("shoshin." + (Path(file).stem or "scenario")),
        name=shown(result.scenario or "scenario"),
        time=f"{result.newcomer_ms / 1000:.3f}",
        file=file,
    )
    steps = result.steps
    shots: list[str] = []
    for step in steps:
        if step.screenshot and step.screenshot not in shots:
            shots.append(shown(step.screenshot))
    if shots:
        props = ET.SubElement(case, "properties")
        for shot in shots:
            ET.SubElement(props, "property", name="attachment", value=shot)
    stuck = [s for s in steps if s.dead_end]
    broken = [s for s in steps if s.outcome == ERROR]
    if result.outcome == DEAD_END and stuck:
        sentence = dead_end_sentence(stuck[0])
        kind = stuck[0].dead_end.kind if stuck[0].dead_end else ""
        failure = ET.SubElement(case, "failure", message=sentence, type=shown(kind))
        failure.text = "\n".join(dead_end_sentence(s) for s in stuck)
    elif result.outcome not in JUDGED_OUTCOMES:
        text = one_line(result.error or (broken[0].error if broken else "") or "")
        error = ET.SubElement(case, "error", message=text or "the run did not finish", type="error")
        error.text = text
    out = "\n".join([*(_step_line(s) for s in steps), *filter(None, [a11y_brief(steps)])])
    base = run_dir.resolve() if run_dir is not None else None
    attachments = [f"[[ATTACHMENT|{(base / s) if base else s}]]" for s in shots]
    ET.SubElement(case, "system-out").text = shown("\n".join([out, *attachments]))


def write_junit(run_dir: Path, record: RunRecord | Mapping[str, Any]) -> Path:
    path = run_dir / JUNIT_FILE
    write_text_atomic(path, render_junit(record, run_dir))
    return path
