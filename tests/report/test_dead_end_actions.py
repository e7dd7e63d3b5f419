"""A dead-end step shows what the newcomer tried, the action they got stuck on included."""

from __future__ import annotations

import re
from pathlib import Path

from harness.report.html import write_html_report
from tests.report.test_report_html import HOSTILE, Page, load_record, run_dir, sample_dir

__all__ = ["run_dir", "sample_dir"]  # the sample run, as the report tests build it


def card(html: str, anchor: str) -> str:
    found = re.search(rf'<article[^>]*id="{anchor}".*?</article>', html, re.S)
    assert found is not None
    return found.group(0)


def test_the_dead_end_card_lists_the_actions_tried_in_order(run_dir: Path) -> None:
    record = load_record()
    stuck = record["results"][1]["steps"][1]
    assert stuck["outcome"] == "dead_end"
    stuck["actions"] = [
        {"kind": "fill", "target": "Team name", "value": HOSTILE, "description": ""},
        {"kind": "click", "target": "Continue", "value": None, "description": ""},
    ]
    html = write_html_report(run_dir, record).read_text(encoding="utf-8")
    step = card(html, "s2-step-2")
    assert "<script>alert" not in step
    text = " ".join(Page(step).texts)
    tried = f"fill “Team name” with “{HOSTILE}” click “Continue” Expected"
    assert tried in text
    assert text.index(tried) < text.index("Couldn't find it")  # what was tried, then where
