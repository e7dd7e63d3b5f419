"""A first visit is a first visit on the server too: `--before-each` and `reset:`, against a
real server that keeps state (it counts visits) and a real shell command."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from harness.browser.launch import BrowserChoice
from harness.cli.app import app
from harness.record.model import read_record
from harness.record.read import record_from_dict
from harness.run.conditions import Conditions
from harness.run.config import RunConfig
from harness.run.handlers import RecordWriter
from harness.run.runner import run_scenarios
from harness.scenario.load import load_scenario
from tests.conftest import write_scenario
from tests.lang_product import RESET_COMMAND, Visits, product

__all__ = ["product"]  # the fixture, used by name

pytestmark = pytest.mark.browser  # every test here drives a real Chromium


FIRST_VISIT = """
name: First visit
start: /home
patience: 30  # passes even on a loaded machine
steps:
  - intent: See the welcome
    expect: Welcome, first visit
"""


def walk(
    base_url: str,
    choice: BrowserChoice,
    out: Path,
    text: str,
    *,
    before_each: str | None = None,
    repeat: int = 2,
) -> tuple[Path, dict[str, Any]]:
    scenario = load_scenario(write_scenario(out, text))
    config = RunConfig(
        base_url=base_url,
        out_dir=out / "reports",
        browser=choice,
        conditions=Conditions(repeat=repeat),
        before_each=before_each,
    )
    record = run_scenarios([scenario], config, [RecordWriter()])
    run_dir = out / "reports" / record.run_id
    return run_dir, read_record(run_dir)


def walks(data: dict[str, Any]) -> list[str]:
    return [w["outcome"] for w in data["results"][0]["repeats"]]


def test_without_a_reset_the_second_walk_is_no_first_visit(
    product: tuple[str, Visits], browser_choice: BrowserChoice, tmp_path: Path
) -> None:
    """The server keeps state: the check the other tests rest on."""
    base_url, visits = product
    # The second walk waits out its patience; the first still passes within it when loaded.
    first_visit = FIRST_VISIT.replace("patience: 30", "patience: 5")
    _, data = walk(base_url, browser_choice, tmp_path, first_visit)
    assert walks(data) == ["completed", "dead_end"]
    assert visits.count == 2 and visits.resets == []
    assert data["results"][0]["prepared"] == [] and data["before_each"] is None


def test_before_each_runs_a_real_command_before_every_walk(
    product: tuple[str, Visits], browser_choice: BrowserChoice, tmp_path: Path
) -> None:
    base_url, visits = product
    run_dir, data = walk(base_url, browser_choice, tmp_path, FIRST_VISIT, before_each=RESET_COMMAND)
    assert walks(data) == ["completed", "completed"]
    assert len(visits.resets) == 2
    assert data["before_each"] == RESET_COMMAND
    result = data["results"][0]  # the walk shown (the first, as both completed)
    (prepared,) = result["prepared"]
    assert prepared["kind"] == "before-each" and prepared["what"] == RESET_COMMAND
    assert prepared["ok"] is True and prepared["exit_code"] == 0
    assert prepared["output"] == "before-each/01-scenario.log"
    told = (run_dir / prepared["output"]).read_text()
    assert told.strip() == f"reset for First visit {data['run_id']} {tmp_path / 'scenario.yaml'}"
    assert (run_dir / "before-each/01-scenario-r2.log").is_file()  # the second walk's
    assert record_from_dict(data).results[0].prepared[0].exit_code == 0  # the reader's view


def test_a_failing_command_stops_the_walk_with_one_sentence_and_keeps_its_output(
    product: tuple[str, Visits], browser_choice: BrowserChoice, tmp_path: Path
) -> None:
    base_url, visits = product
    run_dir, data = walk(
        base_url, browser_choice, tmp_path, FIRST_VISIT, before_each="echo no db; exit 3", repeat=1
    )
    result = data["results"][0]
    assert result["outcome"] == "error" and result["steps"] == []
    assert result["error"] == (
        "--before-each command `echo no db; exit 3` exited with code 3, so the product may not "
        "be in first-run state; its output is in before-each/01-scenario.log. Fix the command "
        "so that it exits 0."
    )
    assert (run_dir / "before-each/01-scenario.log").read_text() == "no db\n"
    assert result["prepared"][0]["exit_code"] == 3 and result["prepared"][0]["ok"] is False
    assert visits.count == 0  # the newcomer never came


def test_the_cli_option_runs_the_command_and_exits_2_when_it_fails(
    product: tuple[str, Visits], tmp_path: Path
) -> None:
    base_url, visits = product
    path = write_scenario(tmp_path, FIRST_VISIT)
    out = tmp_path / "reports"
    common = ["run", str(path), "--base-url", base_url, "--out", str(out), "--repeat", "2"]
    passed = CliRunner().invoke(app, [*common, "--before-each", RESET_COMMAND])
    assert passed.exit_code == 0, passed.output
    assert len(visits.resets) == 2
    failed = CliRunner().invoke(app, [*common, "--before-each", "exit 7"])
    assert failed.exit_code == 2
    assert "--before-each command `exit 7` exited with code 7" in failed.output
    empty = CliRunner().invoke(app, [*common, "--before-each", " "])
    assert empty.exit_code == 2 and "--before-each is empty" in empty.output


RESET_URL = """
name: First visit
start: /home
reset: /__reset?run={run_id}
patience: 30  # passes even on a loaded machine
steps:
  - intent: See the welcome, with no cookie from the reset
    expect: [Welcome, first visit, "Cookies: none"]
"""


def test_a_reset_url_is_visited_before_every_walk_and_leaves_no_cookie(
    product: tuple[str, Visits], browser_choice: BrowserChoice, tmp_path: Path
) -> None:
    base_url, visits = product
    _, data = walk(base_url, browser_choice, tmp_path, RESET_URL)
    assert walks(data) == ["completed", "completed"]
    run_id = data["run_id"]
    assert visits.resets == [f"/__reset?run={run_id}"] * 2
    (prepared,) = data["results"][0]["prepared"]
    assert prepared == {
        "kind": "reset",
        "what": f"{base_url}/__reset?run={run_id}",
        "ok": True,
        "duration_ms": prepared["duration_ms"],
        "exit_code": None,
        "http_status": 200,
        "output": None,
    }
    (step,) = data["results"][0]["steps"]
    assert [a["description"] for a in step["actions"]] == ["visit /home"]  # not the reset


def test_a_reset_url_that_fails_is_one_sentence(
    product: tuple[str, Visits], browser_choice: BrowserChoice, tmp_path: Path
) -> None:
    base_url, visits = product
    _, data = walk(
        base_url,
        browser_choice,
        tmp_path,
        RESET_URL.replace("/__reset?run={run_id}", "/__broken"),
        repeat=1,
    )
    result = data["results"][0]
    assert result["outcome"] == "error" and result["steps"] == []
    assert result["error"] == (
        f"reset: {base_url}/__broken answered HTTP 500, so the product may not be in first-run "
        "state. Check that the product serves that address (or fix 'reset' in the scenario)."
    )
    assert visits.count == 0
