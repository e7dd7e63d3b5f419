"""The accessibility audit in a real walk: axe-core's findings on purpose-built pages."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from harness.browser.launch import BrowserChoice
from harness.record.model import read_record
from harness.run import a11y_audit
from harness.run.config import RunConfig
from harness.run.handlers import RecordWriter
from harness.run.runner import run_scenarios
from harness.scenario.load import load_scenario
from tests.conftest import write_scenario

pytestmark = pytest.mark.browser

SCENARIO = """
name: Join the club
patience: 10
steps:
  - visit: /a11y-form.html
    expect: Join the club
  - click: Show more
    expect: More about us
  - click: Go to the clean page
    expect: All clear
"""


def _walk(base_url: str, choice: BrowserChoice, out: Path, *, a11y: bool) -> dict[str, Any]:
    out.mkdir(parents=True, exist_ok=True)
    scenario = load_scenario(write_scenario(out, SCENARIO, f"join-{a11y}.yaml"))
    config = RunConfig(base_url=base_url, out_dir=out, browser=choice, a11y=a11y)
    record = run_scenarios([scenario], config, [RecordWriter()])
    return read_record(out / record.run_id)


def test_audit_records_new_violations_outside_the_step_clock(
    pages_server: str,
    browser_choice: BrowserChoice,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    spent: list[int] = []
    original = a11y_audit.A11yAudit.after_step

    def timed(self: a11y_audit.A11yAudit, *args: Any) -> Any:
        found = original(self, *args)
        spent.append(self.spent_ms[-1])
        return found

    monkeypatch.setattr(a11y_audit.A11yAudit, "after_step", timed)
    on = _walk(pages_server, browser_choice, tmp_path / "on", a11y=True)
    steps = on["results"][0]["steps"]
    assert [s["outcome"] for s in steps] == ["passed"] * 3
    first, second, third = (s["a11y"] for s in steps)
    print(spent, [s["duration_ms"] for s in steps])
    print(first, second, third)
