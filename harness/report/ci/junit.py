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

from harness.record.model import write_text_atomic
from harness.text import clean, one_line

JUNIT_FILE = "junit.xml"


def dead_end_sentence(step: Mapping[str, Any]) -> str:
    """Step N “intent”: kind — message Saw instead: a, b, c. Errors on screen: …"""
    dead_end = step.get("dead_end") or {}
    parts = [
        f"Step {step.get('index')} “{one_line(step.get('intent') or '')}”: "
        f"{dead_end.get('kind', 'dead end')} — {one_line(dead_end.get('message', ''))}"
    ]
    seen = [one_line(s, 60) for s in dead_end.get("seen") or []][:8]
    parts.append(f"Saw instead: {', '.join(seen)}." if seen else "Saw nothing to act on.")
    errors = [one_line(e, 120).rstrip(".") for e in dead_end.get("errors_on_screen") or []]
    if errors:
        parts.append(f"Errors on screen: {'; '.join(errors)}.")
    return " ".join(parts)


def _step_line(step: Mapping[str, Any]) -> str:
    seconds = (step.get("duration_ms") or 0) / 1000
    line = f"{step.get('index')}. [{step.get('outcome')}] {one_line(step.get('intent') or '')}"
    line += f" — {seconds:.2f} s" if step.get("outcome") != "skipped" else ""
    if step.get("url"):
        line += f" — {one_line(step.get('url'))}"
    for error in step.get("console_errors") or []:
        line += f"\n     console error: {one_line(error)}"
    return line


def render_junit(record: Mapping[str, Any], run_dir: Path | None = None) -> str:
    results = record.get("results") or []
    suite_time = sum((r.get("duration_ms") or 0) for r in results) / 1000
    failures = sum(1 for r in results if r.get("outcome") == "dead_end")
    errors = sum(1 for r in results if r.get("outcome") not in ("completed", "dead_end"))
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
        name=clean(f"shoshin {record.get('run_id', '')}"),
        tests=str(len(results)),
        failures=str(failures),
        errors=str(errors),
        skipped="0",
        time=f"{suite_time:.3f}",
        timestamp=clean(record.get("started_at") or ""),
    )
    props = ET.SubElement(suite, "properties")
    for name in ("base_url", "harness_version"):
        ET.SubElement(props, "property", name=name, value=clean(record.get(name) or ""))
    browser = record.get("browser") or {}
    ET.SubElement(
        props,
        "property",
        name="browser",
        value=clean(f"{browser.get('name', '')} {browser.get('version', '')}".strip()),
    )
    for result in results:
        _testcase(suite, result, run_dir)
    ET.indent(root)
    return ET.tostring(root, encoding="unicode", xml_declaration=True) + "\n"


def _testcase(suite: ET.Element, result: Mapping[str, Any], run_dir: Path | None) -> None:
    file = clean(result.get("file") or "")
    case = ET.SubElement(
        suite,
        "testcase",
        classname=clean("shoshin." + (Path(file).stem or "scenario")),
        name=clean(result.get("scenario") or "scenario"),
        time=f"{(result.get('duration_ms') or 0) / 1000:.3f}",
        file=file,
    )
    steps = result.get("steps") or []
    shots = []
    for step in steps:
        shot = step.get("screenshot")
        if shot and shot not in shots:
            shots.append(clean(shot))
    if shots:
        props = ET.SubElement(case, "properties")
        for shot in shots:
            ET.SubElement(props, "property", name="attachment", value=shot)
    stuck = [s for s in steps if s.get("dead_end")]
    broken = [s for s in steps if s.get("outcome") == "error"]
    if result.get("outcome") == "dead_end" and stuck:
        sentence = dead_end_sentence(stuck[0])
        failure = ET.SubElement(
            case, "failure", message=sentence, type=clean(stuck[0]["dead_end"].get("kind", ""))
        )
        failure.text = "\n".join(dead_end_sentence(s) for s in stuck)
    elif result.get("outcome") not in ("completed", "dead_end"):
        text = one_line(result.get("error") or (broken[0].get("error") if broken else "") or "")
        error = ET.SubElement(case, "error", message=text or "the run did not finish", type="error")
        error.text = text
    out = "\n".join(_step_line(s) for s in steps)
    base = run_dir.resolve() if run_dir is not None else None
    attachments = [f"[[ATTACHMENT|{(base / s) if base else s}]]" for s in shots]
    ET.SubElement(case, "system-out").text = clean("\n".join([out, *attachments]))


def write_junit(run_dir: Path, record: Mapping[str, Any]) -> Path:
    path = run_dir / JUNIT_FILE
    write_text_atomic(path, render_junit(record, run_dir))
    return path
