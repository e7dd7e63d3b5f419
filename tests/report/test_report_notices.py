"""The report shows a dead end's notices apart from its errors, escaped like all product text."""

from __future__ import annotations

import json
from typing import Any

from harness.report.html import render_html
from tests.conftest import ROOT

FIXTURE = ROOT / "tests" / "fixtures" / "sample_run" / "run.json"
TOAST = "Would you like to get notified about news? <img src=x onerror=alert(1)>"


def record_with_a_notice() -> dict[str, Any]:
    record: dict[str, Any] = json.loads(FIXTURE.read_text(encoding="utf-8"))
    dead_end = record["results"][1]["steps"][1]["dead_end"]
    dead_end["notices_on_screen"] = [TOAST]
    return record


def test_notices_are_listed_apart_from_errors_and_escaped() -> None:
    html = render_html(record_with_a_notice())
    errors_at = html.index("Errors on screen:")
    notices_at = html.index("Other notices on screen:")
    error = html.index("Password must be at least 8 characters.")
    toast = html.index("about news? &lt;img src=x onerror=alert(1)&gt;")
    assert errors_at < error < notices_at < toast
    assert "<img src=x" not in html


def test_a_dead_end_without_notices_shows_no_notice_list() -> None:
    assert "Other notices on screen:" not in render_html(json.loads(FIXTURE.read_text("utf-8")))
