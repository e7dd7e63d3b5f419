"""Comparing runs: statistics, word diffs, pixel diffs, and two real runs of the demo."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from PIL import Image, ImageDraw

from harness.analysis.compare import compare, judge_timing, mann_whitney_p, word_diff
from harness.browser.launch import BrowserChoice
from harness.demo import DemoServer
from harness.report.pixels import pixel_difference
from tests.conftest import ROOT, Walker


def test_mann_whitney_matches_known_values() -> None:
    # Exact two-sided p for fully separated samples of 3 and 3 is 2/20.
    assert mann_whitney_p([1, 2, 3], [4, 5, 6]) == pytest.approx(0.1)
    assert mann_whitney_p([1, 2, 3, 4, 5], [6, 7, 8, 9, 10]) == pytest.approx(2 / 252)
    assert mann_whitney_p([1, 2, 3, 4], [1, 2, 3, 4]) == pytest.approx(1.0)


def test_timing_with_samples_separates_noise_from_change() -> None:
    noisy_same = judge_timing([1000, 1400, 900, 1300, 1100], [1200, 950, 1350, 1050, 1250])
    assert noisy_same[0] == "same"
    slower = judge_timing([1000, 1020, 990, 1010, 1005], [1500, 1520, 1490, 1510, 1505])
    assert slower[0] == "slower" and slower[1] is not None and slower[1] < 0.05


def test_timing_of_single_walks_uses_a_threshold_and_a_noise_floor() -> None:
    assert judge_timing([1000], [1500])[0] == "slower"
    assert judge_timing([100], [300])[0] == "same"  # 3x, but under the noise floor
    assert judge_timing([1500], [1000])[0] == "faster"
    assert judge_timing([1000], [1100])[0] == "same"


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
    ) in data["regressions"]
    for unchanged in (steps[1], steps[3]):
        assert not unchanged["copy_added"] and not unchanged["copy_removed"]
        assert unchanged["diff_image"] is None and unchanged["dead_end"] is None
        # Single walks on a busy machine can differ: whatever is called slower must be so
        # by the documented rule, on the times the two runs measured.
        verdict, _ = judge_timing([unchanged["baseline_ms"]], [unchanged["current_ms"]])
        assert unchanged["timing"] == verdict
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
