"""Text a hostile page shows, through every output, without a browser.

The same payloads as tests/fixtures/pages/hostile-payloads.html, put straight in a record:
markup, script, a Markdown link to `javascript:`, XML, terminal escapes (clear screen, set
the window title, bell), a right-to-left override and NUL.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from harness.record.model import DeadEnd, RunRecord, ScenarioResult, StepResult
from harness.report.ci.junit import render_junit
from harness.report.ci.markdown import render_summary
from harness.report.html import render_html
from harness.text import one_line, plain, shown

PAYLOAD = (
    "<script>alert(1)</script> [x](javascript:alert(1)) ]]><x/> "
    "\x1b[2J\x1b]0;pwned\x07 \u202etxt.exe \x00 | # ```"
)
CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def _record() -> RunRecord:
    dead_end = DeadEnd(
        kind="missing-target",
        looked_for=PAYLOAD,
        message=f"Looked for {PAYLOAD}",
        seen=[f"button “{PAYLOAD}”"],
        errors_on_screen=[PAYLOAD],
        notices_on_screen=[PAYLOAD],
        box_label=PAYLOAD,
    )
    step = StepResult(
        index=1,
        intent=PAYLOAD,
        actions=[],
        expect=[PAYLOAD],
        outcome="dead_end",
        started_ms=0,
        duration_ms=10,
        patience_s=4,
        url="http://127.0.0.1/?q=%1B",
        title=PAYLOAD,
        dead_end=dead_end,
        friction=[DeadEnd(kind="dialog", looked_for="", message=PAYLOAD)],
        console_errors=[PAYLOAD],
        page_errors=[PAYLOAD],
        failed_requests=[PAYLOAD],
        dialogs=[f"alert: {PAYLOAD}"],
        screen_text=PAYLOAD,
        new_tab=f"http://127.0.0.1/{PAYLOAD}",
        page_height=50_000,
    )
    result = ScenarioResult(
        scenario=PAYLOAD, file="s.yaml", persona=PAYLOAD, outcome="dead_end", steps=[step]
    )
    return RunRecord(
        run_id="20261201-000000-000000000000",
        started_at="2026-12-01T00:00:00+00:00",
        base_url="http://127.0.0.1",
        browser={"name": "chromium", "version": "1"},
        viewport={"width": 1280, "height": 800},
        harness_version="0",
        status="finished",
        results=[result],
    )


def test_terminal_lines_and_one_liners_hold_no_control_or_bidi_character() -> None:
    for text in (plain(PAYLOAD), one_line(PAYLOAD), shown(PAYLOAD)):
        assert not CONTROLS.search(text), repr(text)
    assert "pwned" in plain(PAYLOAD)  # the words stay; only what drives a terminal goes


def test_the_html_report_shows_payloads_as_text() -> None:
    html = render_html(_record())
    assert not CONTROLS.search(html)
    assert "<script>alert" not in html and "<x/>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "The step opened a new tab" in html
    assert "shows only the top of this page, which is 50,000 px tall" in html


def test_junit_parses_and_markdown_is_literal() -> None:
    xml = render_junit(_record())
    ET.fromstring(xml)
    assert not CONTROLS.search(xml)
    markdown = render_summary(_record())
    assert not CONTROLS.search(markdown)
    assert "<script" not in markdown and "](javascript" not in markdown
