"""The accessibility audit in a real walk: axe-core's findings on purpose-built pages.

One walk with the audit and one without (through the CLI, in this process) check it all:
the exact rules, new-only across the steps of one page, the gate's exit code, the report,
the outlined screenshot, and that a step's time leaves the audit out.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from PIL import Image
from typer.testing import CliRunner

from harness.cli.app import app
from harness.record.model import read_record
from harness.report import images
from harness.run import a11y_audit
from tests.conftest import write_scenario

pytestmark = pytest.mark.browser

SCENARIO = """
name: Join the club
patience: 30  # passes even on a loaded machine
steps:
  - visit: /a11y-form.html
    expect: Join the club
  - click: Show more
    expect: More about us
  - click: Go to the clean page
    expect: All clear
"""


def _run(base_url: str, path: Path, out: Path, *extra: str) -> tuple[int, dict[str, Any], Path]:
    args = ["run", str(path), "--base-url", base_url, "--out", str(out), *extra]
    result = CliRunner().invoke(app, args)
    run_dir = next(p for p in out.iterdir() if p.is_dir() and not p.is_symlink())
    return result.exit_code, read_record(run_dir), run_dir


def test_each_step_is_audited_for_new_violations_outside_its_time(
    pages_server: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    spent: list[int] = []  # each audit's own time, as the audit measured it
    original = a11y_audit.A11yAudit.after_step

    def measured(self: a11y_audit.A11yAudit, *args: Any) -> Any:
        found = original(self, *args)
        spent.append(self.spent_ms[-1])
        return found

    monkeypatch.setattr(a11y_audit.A11yAudit, "after_step", measured)
    path = write_scenario(tmp_path, SCENARIO)
    code, on, run_dir = _run(pages_server, path, tmp_path / "on", "--fail-on", "a11y-critical")
    steps = on["results"][0]["steps"]
    assert [s["outcome"] for s in steps] == ["passed"] * 3
    first, second, third = (s["a11y"] for s in steps)

    # The exact rules, each element named as a newcomer meets it, never by CSS.
    assert sorted(v["rule"] for v in first) == ["color-contrast", "image-alt", "label"]
    rules = {v["rule"]: v for v in first}
    assert rules["label"]["impact"] == "critical" and "wcag412" in rules["label"]["tags"]
    assert rules["label"]["targets"][0]["name"] == "text field “with no name”"
    assert rules["color-contrast"]["impact"] == "serious"
    assert rules["color-contrast"]["nodes"] == 301  # the faint line and the small print
    assert len(rules["color-contrast"]["targets"]) == 3  # the first few only
    assert rules["color-contrast"]["targets"][0]["name"] == "“Fine print nobody can read”"
    # New only: the second step reports the picture it revealed, nothing seen before.
    assert [(v["rule"], v["nodes"]) for v in second] == [("image-alt", 1)]
    assert third == []  # the clean page: audited, nothing found

    # The gate: critical violations fail the run (exit 1).
    assert code == 1

    # The report shows them per step and sums them up per scenario.
    html = (run_dir / "index.html").read_text(encoding="utf-8")
    assert "Accessibility (axe-core): 3 critical, 301 serious elements with violations." in html
    assert "Form elements must have labels" in html
    # The outlines' legend names each kind once, with how many: not one label per box.
    assert "serious: color-contrast (3)" in html and "serious: color-contrast; serious" not in html
    summary = (run_dir / "summary.md").read_text(encoding="utf-8")
    assert "a11y: 3 critical, 301 serious" in summary

    # The step screenshot is outlined at the unlabelled field's box, measured at audit time.
    box = rules["label"]["targets"][0]["box"]
    annotated = run_dir / steps[0]["screenshot"].replace(".png", ".annotated.png")
    with Image.open(annotated) as image:
        rgb = image.convert("RGB")
        edge = [
            rgb.getpixel((round(box["x"] + box["width"] / 2), round(box["y"]) + dy))
            for dy in range(-4, 2)
        ]
    assert images.A11Y in edge, edge

    # --a11y off: nothing audited, nothing recorded, nothing gated.
    code_off, off, _ = _run(
        pages_server, path, tmp_path / "off", "--fail-on", "a11y-critical", "--a11y", "off"
    )
    assert code_off == 0
    assert [s.get("a11y") for s in off["results"][0]["steps"]] == [None] * 3
    assert len(spent) == 3  # the first walk's three audits, none in the second

    # A step's time leaves its audit out: the audited walk's steps take about as long as
    # the unaudited ones, far less than the audits themselves added.
    def total(record: dict[str, Any]) -> int:
        return sum(s["duration_ms"] for s in record["results"][0]["steps"])

    assert total(on) - total(off) < sum(spent) / 2, (json.dumps(spent), total(on), total(off))
