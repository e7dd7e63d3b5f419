"""Writing a comparison of two runs: pixel diffs, `compare.html`, `compare.md`, `compare.json`.

Files go into `CURRENT_RUN/compare/`; image paths in the page are relative to it.
"""

from __future__ import annotations

import os
from dataclasses import asdict
from pathlib import Path

from harness.analysis.compare import Comparison, StepChange, evidence, seconds
from harness.files import contained, write_json_atomic, write_text_atomic
from harness.report.ci.markdown import escape
from harness.report.html import template_env
from harness.report.pixels import pixel_difference

COMPARE_DIR = "compare"
SCREENSHOT_CHANGED = 0.0002  # about 200 px of a desktop screen: a reworded label shows


def measure_screenshots(comparison: Comparison, baseline_dir: Path, current_dir: Path) -> None:
    """Fill each step's pixel difference and diff image (paths relative to compare/)."""
    out_dir = current_dir / COMPARE_DIR
    for number, scenario in enumerate(comparison.scenarios, start=1):
        for step in scenario.steps:
            before = _screenshot(baseline_dir, step.baseline_screenshot)
            after = _screenshot(current_dir, step.current_screenshot)
            if before is None or after is None:
                continue
            name = f"{number:02d}-step-{step.index:02d}-diff.png"
            share = pixel_difference(before, after, out_dir / name)
            step.pixels_changed = share
            if share is not None and share > SCREENSHOT_CHANGED:
                step.diff_image = name
            else:
                (out_dir / name).unlink(missing_ok=True)


def _screenshot(run_dir: Path, relative: str | None) -> Path | None:
    return contained(relative, run_dir) if relative else None


def render_markdown(comparison: Comparison) -> str:
    lines = [
        f"### shoshin compare: {escape(comparison.baseline_run, 40)} → "
        f"{escape(comparison.current_run, 40)}",
        "",
    ]
    regressions = comparison.regressions()
    lines.append(
        f"**{len(regressions)} regression{'s' if len(regressions) != 1 else ''}**"
        if regressions
        else "No regressions."
    )
    notes = comparison.notes()
    if notes:
        lines += ["", "Notes:", "", *(f"- {escape(note, 400)}" for note in notes)]
    lines += [
        "",
        "| Scenario | Step | Time | Dead end | Copy | Screen |",
        "|---|---|---|---|---|---|",
    ]
    for scenario in comparison.scenarios:
        for step in scenario.steps:
            notes = change_notes(step)
            if not any(notes):
                continue
            lines.append(
                f"| {escape(scenario.scenario)} | {step.index}. {escape(step.intent, 60)} | "
                + " | ".join(escape(n, 120) for n in notes)
                + " |"
            )
    return "\n".join(lines) + "\n"


def change_notes(step: StepChange) -> list[str]:
    """[time, dead end, copy, screen]: what changed in a step, empty where nothing did."""
    timing = ""
    if step.timing in ("slower", "faster"):
        timing = (
            f"{step.timing}: {seconds(step.baseline_ms)} → {seconds(step.current_ms)}"
            f" ({evidence(step)})"
        )
    elif step.timing in ("new", "gone"):
        timing = f"step {step.timing}"
    dead_end = ""
    if step.dead_end == "new":
        dead_end = f"new: {step.current_dead_end}"
    elif step.dead_end == "fixed":
        dead_end = f"fixed: {step.baseline_dead_end}"
    elif step.dead_end == "changed":
        dead_end = f"{step.baseline_dead_end} → {step.current_dead_end}"
    copy = ""
    if step.copy_changed:
        copy = "; ".join(
            [*(f"+“{a}”" for a in step.copy_added[:3]), *(f"−“{r}”" for r in step.copy_removed[:3])]
        )
    screen = ""
    if step.diff_image and step.pixels_changed is not None:
        screen = f"screen {step.pixels_changed:.2%} changed"
    return [timing, dead_end, copy, screen]


def render_html(comparison: Comparison) -> str:
    env = template_env()
    return env.get_template("compare.html.j2").render(
        comparison=comparison,
        regressions=comparison.regressions(),
        caveats=comparison.notes(),
        notes=change_notes,
        evidence=evidence,
    )


def write_comparison(comparison: Comparison, baseline_dir: Path, current_dir: Path) -> Path:
    """Measure screenshots and write the three files; return the HTML page's path."""
    out_dir = current_dir / COMPARE_DIR
    out_dir.mkdir(parents=True, exist_ok=True)
    measure_screenshots(comparison, baseline_dir, current_dir)
    data = asdict(comparison)
    data["baseline_dir"] = os.path.relpath(baseline_dir, out_dir)
    data["regressions"] = comparison.regressions()
    data["notes"] = comparison.notes()
    write_json_atomic(out_dir / "compare.json", data)
    write_text_atomic(out_dir / "compare.md", render_markdown(comparison))
    page = out_dir / "compare.html"
    write_text_atomic(page, render_html(comparison))
    return page
