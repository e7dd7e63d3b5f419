"""YAML scenarios as pytest items, in inner pytest runs (pytester)."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from tests.plugin.conftest import records

pytest_plugins = ["pytester"]

FIND_SIGN_UP = """
name: Find the sign-up form
start: /
steps:
  - intent: Find out how to start
    click: Get started
    expect: Create your account
"""
SHORT_PASSWORD = """
name: Sign up with a short password
start: /
patience: 2
steps:
  - intent: Find out how to start
    click: Get started
    expect: Create your account
    patience: 30  # passes even on a loaded machine; the dead end keeps 2 s
  - intent: Create an account quickly
    fill:
      Work email: "hurry+{run_id}@example.com"
      Password: { value: "abc", secret: true }
    click: Create account
    expect: Check your inbox
"""


def scenarios(pytester: pytest.Pytester, *texts: str) -> Path:
    folder = pytester.mkdir("scenarios")
    for number, text in enumerate(texts, start=1):
        (folder / f"{number:02d}.yaml").write_text(textwrap.dedent(text).lstrip())
    return folder


@pytest.mark.browser
def test_yaml_scenarios_pass_or_fail_as_items(
    pytester: pytest.Pytester, shoshin_args: list[str], tmp_path: Path
) -> None:
    folder = scenarios(pytester, FIND_SIGN_UP, SHORT_PASSWORD)
    result = pytester.runpytest(str(folder), *shoshin_args)
    result.assert_outcomes(passed=1, failed=1)
    result.stdout.fnmatch_lines(
        [
            "Step 2 “Create an account quickly”: expectation-unmet — *"
            "Saw instead: Create account, Work email, Password. *",
        ]
    )
    (record,) = records(tmp_path / "out")
    assert record["status"] == "finished"
    outcomes = {r["scenario"]: r["outcome"] for r in record["results"]}
    assert outcomes == {
        "Find the sign-up form": "completed",
        "Sign up with a short password": "dead_end",
    }
    run_dir = tmp_path / "out" / record["run_id"]
    assert {"index.html", "junit.xml", "summary.md"} <= {p.name for p in run_dir.iterdir()}


@pytest.mark.browser
def test_k_selects_scenarios_by_name(
    pytester: pytest.Pytester, shoshin_args: list[str], tmp_path: Path
) -> None:
    folder = scenarios(pytester, FIND_SIGN_UP, SHORT_PASSWORD)
    result = pytester.runpytest(str(folder), *shoshin_args, "-k", "form")
    result.assert_outcomes(passed=1, deselected=1)
    (record,) = records(tmp_path / "out")
    assert [r["scenario"] for r in record["results"]] == ["Find the sign-up form"]


def test_a_broken_scenario_is_a_collection_error_in_one_sentence(
    pytester: pytest.Pytester, shoshin_args: list[str]
) -> None:
    pytester.makefile(".yaml", broken="name: x\nsteps:\n  - clik: Go\n")
    result = pytester.runpytest(*shoshin_args)
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines(["*broken.yaml:3: step 1: unknown step key 'clik'*"])


def test_without_a_base_url_pytest_says_what_to_pass(
    pytester: pytest.Pytester, tmp_path: Path
) -> None:
    folder = scenarios(pytester, FIND_SIGN_UP)
    result = pytester.runpytest(str(folder), "--shoshin-out", str(tmp_path))
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stdout.fnmatch_lines(["*shoshin needs the product's address: pass --base-url URL*"])
    assert not list(tmp_path.iterdir())


def test_a_bad_condition_is_the_clis_sentence_before_anything_runs(
    pytester: pytest.Pytester, shoshin_args: list[str]
) -> None:
    folder = scenarios(pytester, FIND_SIGN_UP)
    result = pytester.runpytest(str(folder), *shoshin_args, "--shoshin-network", "slow-5g")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(
        [
            "*shoshin: --shoshin-network 'slow-5g' is not one of slow-3g, fast-3g, slow-4g, "
            "offline-after-load. Did you mean 'slow-4g'?"
        ]
    )


@pytest.mark.browser
def test_an_unknown_device_stops_the_session_in_one_sentence(
    pytester: pytest.Pytester, shoshin_args: list[str], tmp_path: Path
) -> None:
    folder = scenarios(pytester, FIND_SIGN_UP)
    result = pytester.runpytest(str(folder), *shoshin_args, "--shoshin-device", "iPhone 99")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stdout.fnmatch_lines(
        ["*shoshin: --shoshin-device 'iPhone 99' is not in Playwright's device list.*"]
    )
    assert not list((tmp_path / "out").glob("*/run.json"))


def test_scenario_collection_can_be_switched_off(
    pytester: pytest.Pytester, shoshin_args: list[str]
) -> None:
    scenarios(pytester, FIND_SIGN_UP)
    pytester.makeini("[pytest]\nshoshin_collect = false\n")
    result = pytester.runpytest(*shoshin_args)
    assert result.ret == pytest.ExitCode.NO_TESTS_COLLECTED


@pytest.mark.browser
def test_xdist_workers_each_write_a_run(
    pytester: pytest.Pytester, shoshin_args: list[str], tmp_path: Path
) -> None:
    folder = scenarios(pytester, FIND_SIGN_UP, SHORT_PASSWORD)
    result = pytester.runpytest_subprocess(str(folder), *shoshin_args, "-n", "2")
    result.assert_outcomes(passed=1, failed=1)
    runs = records(tmp_path / "out")
    assert all(r["run_id"].endswith(("-gw0", "-gw1")) for r in runs)
    names = sorted(r["scenario"] for run in runs for r in run["results"])
    assert names == ["Find the sign-up form", "Sign up with a short password"]
