"""Comparing runs: statistics, word diffs, pixel diffs, and two real runs of the demo."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from PIL import Image, ImageDraw

from harness.analysis.compare import compare, judge_timing, word_diff
from harness.browser.launch import BrowserChoice
from harness.demo import DemoServer
from harness.report.pixels import pixel_difference
from tests.conftest import ROOT, Walker


def test_word_diff_finds_added_and_removed_runs() -> None:
    added, removed = word_diff("Skip for now or send invites", "Maybe later or send invites")
    assert added == ["Maybe later"] and removed == ["Skip for now"]


def test_pixel_difference_counts_and_draws(tmp_path: Path) -> None:
    before, after = tmp_path / "a.png", tmp_path / "b.png"
    Image.new("RGB", (100, 100), "white").save(before)
    image = Image.new("RGB", (100, 100), "white")
    ImageDraw.Draw(image).rectangle((10, 10, 29, 29), fill="black")  # 400 px = 4 %
    image.save(after)
    share = pixel_difference(before, after, tmp_path / "diff.png")
    assert share == pytest.approx(0.04)
    with Image.open(tmp_path / "diff.png") as diff:
        assert diff.getpixel((20, 20))[0] > 200  # changed: red
        assert diff.getpixel((80, 80)) == (255, 255, 255)  # untouched: faded white
    assert pixel_difference(before, before) == 0.0
    assert pixel_difference(before, tmp_path / "missing.png") is None


def step(index: int, ms: int, dead: str | None = None, text: str = "") -> dict[str, Any]:
    return {
        "index": index,
        "intent": f"step {index}",
        "outcome": "dead_end" if dead else "passed",
        "duration_ms": ms,
        "dead_end": {"kind": dead} if dead else None,
        "screen_text": text,
    }


def test_new_and_fixed_dead_ends() -> None:
    before = {
        "run_id": "a",
        "results": [{"scenario": "S", "steps": [step(1, 100, "http-error"), step(2, 100)]}],
    }
    after = {
        "run_id": "b",
        "results": [{"scenario": "S", "steps": [step(1, 100), step(2, 100, "missing-target")]}],
    }
    (scenario,) = compare(before, after).scenarios
    assert [s.dead_end for s in scenario.steps] == ["fixed", "new"]
    assert compare(before, after).regressions() == ["“S” step 2: new dead end (missing-target)"]


def test_run_ids_in_the_text_are_not_copy_changes() -> None:
    before = {
        "run_id": "r1",
        "results": [{"scenario": "S", "steps": [step(1, 100, text="Hi x+r1@e.com")]}],
    }
    after = {
        "run_id": "r2",
        "results": [{"scenario": "S", "steps": [step(1, 100, text="Hi x+r2@e.com")]}],
    }
    assert not compare(before, after).scenarios[0].steps[0].copy_changed


def walk(number: int, *steps: tuple[int, str, int, str | None]) -> dict[str, Any]:
    """One `--repeat` walk as run.json keeps it: (index, outcome, ms, dead-end kind)."""
    return {
        "repeat": number,
        "outcome": "dead_end" if any(s[1] == "dead_end" for s in steps) else "completed",
        "duration_ms": sum(s[2] for s in steps),
        "steps": [
            {"index": i, "outcome": o, "duration_ms": ms, "dead_end": kind}
            for i, o, ms, kind in steps
        ],
    }


def repeated(run_id: str, shown: list[dict[str, Any]], *walks: dict[str, Any]) -> dict[str, Any]:
    return {
        "run_id": run_id,
        "results": [{"scenario": "S", "outcome": "completed", "steps": shown, "repeats": walks}],
    }


def test_repeats_that_hit_a_dead_end_are_reported_not_timed() -> None:
    fine = [(1, "passed", 100, None), (2, "passed", 200, None), (3, "passed", 100, None)]
    before = repeated(
        "a", [step(1, 100), step(2, 200), step(3, 100)],
        *(walk(n, (1, "passed", 100, None), (2, "passed", 200 + n, None), (3, "passed", 100, None))
          for n in range(1, 6)),
    )  # fmt: skip
    stuck = walk(1, (1, "passed", 100, None), (2, "dead_end", 8000, "missing-target"),
                 (3, "skipped", 0, None))  # fmt: skip
    after = repeated(
        "b", [step(1, 100), step(2, 8000, "missing-target")],
        stuck, walk(2, *fine[:1], (2, "passed", 3000, None), *fine[2:]),
        {**stuck, "repeat": 3}, walk(4, *fine[:1], (2, "passed", 3100, None), *fine[2:]),
        walk(5, *fine[:1], (2, "passed", 3050, None), *fine[2:]),
    )  # fmt: skip
    comparison = compare(before, after)
    steps = {s.index: s for s in comparison.scenarios[0].steps}
    slowed = steps[2]
    # The two dead ends are no timings: 5 vs 3 walks, every timed one slower (1 / C(8, 3)).
    assert (slowed.baseline_walks, slowed.current_walks) == (5, 3)
    assert slowed.timing == "slower" and slowed.p_value == pytest.approx(1 / 56)
    assert (slowed.baseline_ms, slowed.current_ms) == (203, 3050)  # medians
    assert slowed.current_untimed == (
        "2 of 5 repeats hit a dead end (missing-target) — timed over the other 3"
    )
    assert slowed.baseline_untimed is None
    # Step 3 is absent from the shown walk, yet timed in the three walks that got there.
    assert steps[3].timing == "same" and steps[3].current_walks == 3
    assert steps[3].current_untimed == "2 of 5 did not reach it — timed over the other 3"
    assert comparison.notes() == [
        "“S” step 2, current: 2 of 5 repeats hit a dead end (missing-target) — timed over the "
        "other 3",
        "“S” step 3, current: 2 of 5 did not reach it — timed over the other 3",
    ]
    assert comparison.regressions() == [
        "“S” step 2: new dead end (missing-target)",
        "“S” step 2: slower, 0.20 s → 3.05 s (p = 0.018, 5 vs 3 walks)",
    ]


def test_too_few_repeats_say_the_u_test_could_not_fire() -> None:
    before = repeated("a", [step(1, 200)], *(walk(n, (1, "passed", 200 + n, None)) for n in (1, 2)))
    after = repeated(
        "b", [step(1, 3000)], *(walk(n, (1, "passed", 3000 + n, None)) for n in (1, 2))
    )
    comparison = compare(before, after)
    (slowed,) = comparison.scenarios[0].steps
    assert slowed.timing == "slower" and slowed.rule == "threshold" and slowed.p_value is None
    assert comparison.notes() == [
        "“S” step 1: 2 vs 2 walks cannot show significance at p ≤ 0.05; judged by the "
        "threshold rule instead (median 25% and 250 ms apart). Walk both runs with --repeat 3 "
        "or more for the U test."
    ]
    assert comparison.regressions() == [
        "“S” step 1: slower, 0.20 s → 3.00 s (threshold rule, 2 vs 2 walks)"
    ]


# The second release's slowed step: far above what a busy machine adds to a step.
SLOWED = 3.0


@pytest.fixture(scope="module")
def two_demo_runs(
    browser_choice: BrowserChoice, tmp_path_factory: pytest.TempPathFactory
) -> tuple[Path, Path]:
    """The happy path walked twice: the second release is slower and reworded."""
    out = tmp_path_factory.mktemp("releases")
    scenario = ROOT / "scenarios/01-first-project.yaml"
    runs = []
    for slow, copy in ((0.2, {}), (SLOWED, {"Skip for now": "Maybe later"})):
        with DemoServer(slow_seconds=slow, copy=copy) as server:
            _, run_dir, _ = Walker(server.base_url, browser_choice, out).run(scenario)
            runs.append(run_dir)
    return runs[0], runs[1]


@pytest.mark.browser
def test_compare_finds_the_regression_the_copy_change_and_the_changed_screen(
    two_demo_runs: tuple[Path, Path],
) -> None:
    baseline, current = two_demo_runs
    result = subprocess.run(
        [sys.executable, "-m", "harness.cli", "compare", str(baseline), str(current),
         "--fail-on-regression"],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert result.returncode == 1, result.stdout + result.stderr
    data = json.loads((current / "compare/compare.json").read_text())
    steps = {s["index"]: s for s in data["scenarios"][0]["steps"]}
    provision = steps[4]  # the slowed step
    assert provision["timing"] == "slower"
    assert provision["copy_added"] == ["Maybe later"] and provision["copy_removed"] == [
        "Skip for now"
    ]
    assert provision["diff_image"] and provision["pixels_changed"] > 0.0001
    assert (current / "compare" / provision["diff_image"]).is_file()
    assert (
        f"“Sign up and create a first project” step 4: slower, "
        f"{provision['baseline_ms'] / 1000:.2f} s → {provision['current_ms'] / 1000:.2f} s"
        " (threshold rule, 1 vs 1 walks)"
    ) in data["regressions"]
    # Single walks: the comparison says the U test could not have fired.
    assert any("1 vs 1 walks cannot show significance" in n for n in data["notes"])
    assert "1 vs 1 walks cannot show significance" in result.stdout
    for unchanged in (steps[1], steps[3]):
        assert not unchanged["copy_added"] and not unchanged["copy_removed"]
        assert unchanged["diff_image"] is None and unchanged["dead_end"] is None
        # Single walks on a busy machine can differ: whatever is called slower must be so
        # by the documented rule, on the times the two runs measured.
        verdict = judge_timing([unchanged["baseline_ms"]], [unchanged["current_ms"]])
        assert unchanged["timing"] == verdict.timing and unchanged["rule"] == "threshold"
    assert len(data["regressions"]) == sum(s["timing"] == "slower" for s in steps.values())
    md = (current / "compare/compare.md").read_text()
    assert "+“Maybe later”" in md and "slower" in md
    html = (current / "compare/compare.html").read_text()
    assert f"{len(data['regressions'])} regression" in html and "<ins>Maybe later</ins>" in html


@pytest.mark.browser
def test_run_with_a_baseline_gates_on_regressions(
    two_demo_runs: tuple[Path, Path], tmp_path: Path
) -> None:
    baseline, _ = two_demo_runs
    with DemoServer(slow_seconds=SLOWED) as server:
        result = subprocess.run(
            [sys.executable, "-m", "harness.cli", "run", "scenarios/01-first-project.yaml",
             "--base-url", server.base_url, "--out", str(tmp_path), "--baseline", str(baseline),
             "--fail-on", "dead-end,regression"],
            cwd=ROOT, capture_output=True, text=True, timeout=120,
        )  # fmt: skip
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Gate (dead-end, regression):" in result.stdout
    assert "regression: “Sign up and create a first project” step 4: slower" in result.stdout


def test_regression_gate_without_a_baseline_is_a_usage_error(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "harness.cli", "run", "scenarios", "--base-url",
         "http://127.0.0.1:9", "--fail-on", "regression"],
        cwd=ROOT, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert result.returncode == 2 and "pass --baseline RUN_DIR" in result.stderr


def test_compare_names_a_folder_that_is_not_there(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "harness.cli", "compare", str(tmp_path / "a"), str(tmp_path / "b")],
        cwd=ROOT, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert result.returncode == 2
    assert result.stderr.strip() == (
        f"shoshin: {tmp_path / 'a'}: no such folder; pass a run directory such as reports/<run-id>."
    )
