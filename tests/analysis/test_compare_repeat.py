"""A large slowdown found by the U test with `--repeat 5` and with `--repeat 3`, end to end:
the demo walked by `shoshin run --repeat N` at two delays, then compared and gated."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from harness.analysis.stats import ALPHA
from harness.demo import DemoServer
from tests.conftest import ROOT, write_scenario

BASELINE_DELAY, SLOWED_DELAY = 0.2, 3.0  # seconds the demo holds "Provision tenant"
NAME = "Provision a tenant"
SCENARIO = f"""
    name: {NAME}
    product: Pebble
    start: /workspace
    patience: 30  # both steps pass, the slowed one too, even on a loaded machine
    steps:
      - intent: Set up a place for my team
        fill:
          Tenant slug: "team-{{run_id}}"
        click: Provision tenant
        expect: Invite your teammates
      - intent: Invite a colleague
        fill:
          Teammate emails: "colleague@example.com"
        click: Send invites
        expect: Create your first project
"""


def shoshin(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "harness.cli", *args],
        cwd=ROOT, capture_output=True, text=True, timeout=300,
    )  # fmt: skip


def walk(
    scenario: Path, out: Path, delay: float, repeat: int, *extra: str
) -> tuple[Path, str, int]:
    """`shoshin run --repeat N` against the demo with this delay: run folder, output, exit."""
    with DemoServer(slow_seconds=delay) as server:
        result = shoshin(
            "run", str(scenario), "--base-url", server.base_url, "--out", str(out),
            "--repeat", str(repeat), *extra,
        )  # fmt: skip
    assert result.returncode in (0, 1), result.stdout + result.stderr
    return (out / "latest").resolve(), result.stdout + result.stderr, result.returncode


def slowed_step(run_dir: Path) -> dict[str, object]:
    data = json.loads((run_dir / "compare/compare.json").read_text())
    step: dict[str, object] = data["scenarios"][0]["steps"][0]
    return step


@pytest.mark.browser
def test_repeat_5_finds_the_slowdown_by_the_u_test(tmp_path: Path) -> None:
    scenario = write_scenario(tmp_path, SCENARIO)
    baseline, _, _ = walk(scenario, tmp_path / "before", BASELINE_DELAY, 5)
    current, _, _ = walk(scenario, tmp_path / "after", SLOWED_DELAY, 5)
    result = shoshin("compare", str(baseline), str(current), "--fail-on-regression")
    assert result.returncode == 1, result.stdout + result.stderr
    step = slowed_step(current)
    assert step["timing"] == "slower" and step["rule"] == "u-test"
    assert (step["baseline_walks"], step["current_walks"]) == (5, 5)
    p = step["p_value"]
    assert isinstance(p, float) and p <= ALPHA
    assert f"{NAME} · step 1: slower: " in result.stdout
    assert f"(p = {p:.3f}, 5 vs 5 walks)" in result.stdout
    assert "cannot show significance" not in result.stdout


@pytest.mark.browser
def test_repeat_3_finds_the_slowdown_and_the_run_gate_fires(tmp_path: Path) -> None:
    scenario = write_scenario(tmp_path, SCENARIO)
    baseline, _, _ = walk(scenario, tmp_path / "before", BASELINE_DELAY, 3)
    current, out, code = walk(
        scenario, tmp_path / "after", SLOWED_DELAY, 3,
        "--baseline", str(baseline), "--fail-on", "regression",
    )  # fmt: skip
    step = slowed_step(current)
    # 3 vs 3, every slowed walk slower than every baseline one: p = 1 / C(6, 3) = 0.05.
    assert step["timing"] == "slower" and step["p_value"] == pytest.approx(0.05)
    # Only step 1 is slowed on purpose; step 2 may drift too on a loaded machine, so the
    # gate is asked for step 1's finding, not for a count.
    assert code == 1 and "Gate (regression): " in out, out
    assert f"regression: “{NAME}” step 1: slower" in out and "p = 0.050, 3 vs 3 walks" in out
