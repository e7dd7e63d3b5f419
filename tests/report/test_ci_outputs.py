"""JUnit XML and the Markdown summary: valid and literal for any text a product shows."""

from __future__ import annotations

import copy
import json
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest

from harness.report.ci.junit import render_junit, write_junit
from harness.report.ci.markdown import escape, render_summary, write_summary

HOSTILE = 'Save & <script>alert("x")</script> ]]> \x1b[31m red \x00 | *bold* [link](http://evil)'


def record() -> dict[str, Any]:
    def step(index: int, outcome: str, **more: Any) -> dict[str, Any]:
        return {
            "index": index,
            "intent": f"Step {index} {HOSTILE}",
            "outcome": outcome,
            "duration_ms": 1200,
            "url": "http://127.0.0.1/x",
            "screenshot": f"screenshots/01-a/step-{index:02d}.png",
            "console_errors": [HOSTILE],
            "dead_end": None,
            **more,
        }

    dead_end = {
        "kind": "missing-target",
        "looked_for": "Continue",
        "message": f"The newcomer looked for “Continue” {HOSTILE}",
        "seen": ["Skip for now", HOSTILE],
        "errors_on_screen": ["Password must be at least 8 characters."],
    }
    return {
        "run_id": "20261122-000000-abcd",
        "started_at": "2026-11-22T00:00:00+00:00",
        "base_url": "http://127.0.0.1:8000",
        "harness_version": "0.1.0",
        "browser": {"name": "chromium", "version": "156"},
        "results": [
            {
                "scenario": f"Happy {HOSTILE}",
                "file": "scenarios/01-a.yaml",
                "outcome": "completed",
                "duration_ms": 2400,
                "steps": [step(1, "passed"), step(2, "slow")],
            },
            {
                "scenario": "Stuck",
                "file": "scenarios/02-b.yaml",
                "outcome": "dead_end",
                "duration_ms": 5000,
                "steps": [step(1, "dead_end", dead_end=dead_end), step(2, "skipped")],
            },
            {
                "scenario": "Broken",
                "file": "scenarios/03-c.yaml",
                "outcome": "error",
                "duration_ms": 10,
                "error": f"TargetClosedError: {HOSTILE}",
                "steps": [],
            },
        ],
    }


def test_junit_parses_and_counts(tmp_path: Path) -> None:
    root = ET.fromstring(write_junit(tmp_path, record()).read_text(encoding="utf-8"))
    assert root.tag == "testsuites"
    assert (root.get("tests"), root.get("failures"), root.get("errors")) == ("3", "1", "1")
    cases = root.findall("./testsuite/testcase")
    assert [c.get("name") for c in cases][1:] == ["Stuck", "Broken"]
    assert cases[0].find("failure") is None and cases[0].find("error") is None
    failure = cases[1].find("failure")
    assert failure is not None and failure.get("type") == "missing-target"
    message = failure.get("message") or ""
    assert message.startswith("Step 1 “Step 1 Save & <script>")
    assert "Saw instead: Skip for now" in message
    assert "Errors on screen: Password must be at least 8 characters." in message
    error = cases[2].find("error")
    assert error is not None and "TargetClosedError" in (error.get("message") or "")


def test_junit_keeps_hostile_text_literal_and_strips_control_characters() -> None:
    xml = render_junit(record())
    root = ET.fromstring(xml)  # would raise on \x00 or \x1b
    assert "\x00" not in xml and "\x1b" not in xml
    names = [c.get("name") for c in root.iter("testcase")]
    expected = 'Happy Save & <script>alert("x")</script> ]]> [31m red  | *bold* [link](http://evil)'
    assert names[0] == expected
    assert "<script>" not in xml  # escaped as &lt;script&gt;


def test_junit_attaches_screenshots_for_common_viewers(tmp_path: Path) -> None:
    root = ET.fromstring(render_junit(record(), tmp_path))
    case = root.findall("./testsuite/testcase")[0]
    props = [p.get("value") for p in case.iter("property") if p.get("name") == "attachment"]
    assert props == ["screenshots/01-a/step-01.png", "screenshots/01-a/step-02.png"]
    out = case.findtext("system-out") or ""
    assert f"[[ATTACHMENT|{tmp_path.resolve()}/screenshots/01-a/step-01.png]]" in out
    assert "1. [passed] Step 1" in out and "2. [slow] Step 2" in out


def test_markdown_table_is_literal_for_any_product_text() -> None:
    md = render_summary(record())
    assert md.startswith("### shoshin: 1 of 3 scenarios completed")
    assert "<script>" not in md and "&lt;script&gt;" in md
    assert "\\[link\\]\\(http://evil\\)" in md
    table = [line for line in md.splitlines() if line.startswith("| ")]
    # Header plus one row per scenario, each with exactly six unescaped pipes.
    assert len(table) == 4
    for row in table:
        assert row.replace("\\|", "").count("|") == 6
    assert "| ❌ dead end | 0/2 |" in md and "step 1: missing\\-target" in md


@pytest.mark.parametrize("text", ["a|b", "`code`", "<b>", "*x*", "line\nbreak"])
def test_escape_never_leaves_markup(text: str) -> None:
    out = escape(text)
    assert "\n" not in out and "<" not in out
    assert all(ch not in out.replace("\\" + ch, "") for ch in "|`*")


def test_summary_is_appended_to_the_ci_step_summary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    step_summary = tmp_path / "step-summary.md"
    step_summary.write_text("earlier job output\n")
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(step_summary))
    path = write_summary(tmp_path, record())
    assert step_summary.read_text().startswith("earlier job output\n### shoshin:")
    assert path.read_text() in step_summary.read_text()


def test_a_record_read_back_from_json_renders_the_same() -> None:
    data = record()
    assert render_junit(json.loads(json.dumps(copy.deepcopy(data)))) == render_junit(data)
