"""The pytest plugin: `pytest scenarios/` and the `newcomer` fixture, in real pytest runs."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

from tests.conftest import ROOT

RUN_ID = re.compile(r"\d{8}-\d{6}-[0-9a-f]{4}(-gw\d+)?")  # xdist workers add -gwN
SHORT_PASSWORD_IN_PYTHON = """
import pytest

@pytest.mark.shoshin(name="Sign up with a short password", start="/", patience=5)
def test_short_password(newcomer):
    with newcomer.step("Find out how to start"):
        newcomer.click("Get started")
        newcomer.expect("Create your account")
    with newcomer.step("Create an account quickly"):
        newcomer.fill("Work email", "hurry+{run_id}@example.com")
        newcomer.fill("Password", "abc", secret=True)
        newcomer.click("Create account")
        newcomer.expect("Check your inbox")
    with newcomer.step("Confirm my email address"):
        newcomer.click("I've clicked the link")
        newcomer.expect("Provision your tenant")
"""


def pytest_run(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=300,
    )


def records(out: Path) -> list[dict[str, Any]]:
    runs = sorted(p for p in out.glob("*/run.json") if p.parent.name != "latest")
    return [json.loads(p.read_text()) for p in runs]


def shape(result: dict[str, Any]) -> list[tuple[Any, ...]]:
    """What must be the same whichever way the scenario was written (no times, no paths)."""
    return [
        (
            s["index"],
            s["intent"],
            s["outcome"],
            [RUN_ID.sub("RUN", a["description"]) for a in s["actions"]],
            s["expect"],
            s["dead_end"] and (s["dead_end"]["kind"], s["dead_end"]["seen"]),
            s["dead_end"] and s["dead_end"]["errors_on_screen"],
        )
        for s in result["steps"]
        # A Python scenario stops at its dead end: the steps after it are never declared.
        if s["outcome"] != "skipped"
    ]


def test_pytest_collects_yaml_scenarios_as_items(tmp_path: Path) -> None:
    result = pytest_run("scenarios/", "--shoshin-demo", "--shoshin-out", str(tmp_path), "-q")
    assert result.returncode == 1, result.stdout + result.stderr
    assert "3 failed, 1 passed" in result.stdout
    assert "Step 5 “Invite people later, not now”: no-way-forward" in result.stdout
    assert "Saw instead: Create account, Work email, Password." in result.stdout
    (record,) = records(tmp_path)
    outcomes = {r["scenario"]: r["outcome"] for r in record["results"]}
    assert outcomes == {
        "Sign up and create a first project": "completed",
        "Skip inviting teammates": "dead_end",
        "Sign up with a short password": "dead_end",
        "Bring my Trello board": "dead_end",
    }
    run_dir = tmp_path / record["run_id"]
    assert {"index.html", "junit.xml", "summary.md"} <= {p.name for p in run_dir.iterdir()}


def test_k_selects_scenarios_by_name(tmp_path: Path) -> None:
    result = pytest_run(
        "scenarios/", "--shoshin-demo", "--shoshin-out", str(tmp_path), "-q", "-k", "short"
    )
    assert "1 failed, 3 deselected" in result.stdout
    (record,) = records(tmp_path)
    assert [r["scenario"] for r in record["results"]] == ["Sign up with a short password"]


def test_without_a_base_url_pytest_says_what_to_pass(tmp_path: Path) -> None:
    result = pytest_run("scenarios/", "--shoshin-out", str(tmp_path), "-q")
    assert result.returncode != 0
    assert "pass --base-url URL" in result.stdout + result.stderr


def test_a_python_newcomer_records_what_the_yaml_scenario_records(tmp_path: Path) -> None:
    test_file = tmp_path / "test_python_newcomer.py"
    test_file.write_text(textwrap.dedent(SHORT_PASSWORD_IN_PYTHON))
    py_out, yaml_out = tmp_path / "py", tmp_path / "yaml"
    python = pytest_run(
        str(test_file),
        "--shoshin-demo",
        "--shoshin-out",
        str(py_out),
        "-q",
        "--rootdir",
        str(tmp_path),
    )
    assert "1 failed" in python.stdout
    assert "Step 2 “Create an account quickly”: expectation-unmet" in python.stdout
    cli = subprocess.run(
        [sys.executable, "-m", "harness.cli", "demo", "--out", str(yaml_out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert cli.returncode == 0, cli.stderr
    (py_record,) = records(py_out)
    (yaml_record,) = records(yaml_out)
    (from_python,) = py_record["results"]
    (from_yaml,) = [r for r in yaml_record["results"] if r["scenario"] == from_python["scenario"]]
    assert from_python["outcome"] == from_yaml["outcome"] == "dead_end"
    assert shape(from_python) == shape(from_yaml)
    assert "abc" not in json.dumps(py_record["results"][0]["steps"][1]["actions"])


def test_xdist_workers_each_write_a_run(tmp_path: Path) -> None:
    result = pytest_run(
        "scenarios/", "--shoshin-demo", "--shoshin-out", str(tmp_path), "-q", "-n", "2"
    )
    assert "3 failed, 1 passed" in result.stdout, result.stdout
    names = sorted(r["scenario"] for rec in records(tmp_path) for r in rec["results"])
    assert len(names) == 4
