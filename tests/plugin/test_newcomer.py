"""The `newcomer` fixture, in inner pytest runs (pytester), against real loopback pages."""

from __future__ import annotations

import json
import re
import textwrap
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from harness.cli.app import app
from harness.demo import DemoServer
from tests.plugin.conftest import NO_PLAYWRIGHT, records

pytest_plugins = ["pytester"]

RUN_ID = re.compile(r"\d{8}-\d{6}-[0-9a-f]{12}(-gw\d+)?")
SHORT_PASSWORD_YAML = """
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
  - intent: Confirm my email address
    click: I've clicked the link
    expect: Provision your tenant
"""
SHORT_PASSWORD_PYTHON = """
import pytest

@pytest.mark.shoshin(name="Sign up with a short password", start="/", patience=2)
def test_short_password(newcomer):
    with newcomer.step("Find out how to start", patience=30):  # passes on a loaded machine
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


def fields(value: Any) -> Any:
    """The field names of a record, all the way down (lists by their first element)."""
    if isinstance(value, dict):
        return {k: fields(v) for k, v in value.items()}
    if isinstance(value, list):
        return [fields(value[0])] if value else []
    return None


@pytest.mark.browser
def test_a_python_newcomer_records_what_shoshin_run_records(
    pytester: pytest.Pytester,
    shoshin_args: list[str],
    demo_server: DemoServer,
    tmp_path: Path,
) -> None:
    pytester.makepyfile(test_short_password=SHORT_PASSWORD_PYTHON)
    result = pytester.runpytest(*shoshin_args)
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["*Step 2 “Create an account quickly”: expectation-unmet*"])
    scenario = tmp_path / "short-password.yaml"
    scenario.write_text(textwrap.dedent(SHORT_PASSWORD_YAML).lstrip())
    cli_out = tmp_path / "cli"
    cli = CliRunner().invoke(
        app, ["run", str(scenario), "--base-url", demo_server.base_url, "--out", str(cli_out)]
    )
    assert cli.exit_code == 1, cli.output  # a dead end: a finding
    (from_pytest,) = records(tmp_path / "out")
    (from_cli,) = records(cli_out)
    assert fields(from_pytest) == fields(from_cli)
    (python_result,) = from_pytest["results"]
    (yaml_result,) = from_cli["results"]
    assert python_result["outcome"] == yaml_result["outcome"] == "dead_end"
    assert shape(python_result) == shape(yaml_result)
    assert "abc" not in json.dumps(python_result["steps"][1]["actions"])
    assert from_pytest["status"] == "finished"


@pytest.mark.browser
def test_actions_outside_a_step_are_steps_of_their_own_on_a_device(
    pytester: pytest.Pytester, shoshin_args: list[str], tmp_path: Path
) -> None:
    pytester.makepyfile(
        """
        def test_find_the_form(newcomer):
            newcomer.visit("/")
            newcomer.click("Get started")
            newcomer.expect("Create your account")
            assert newcomer.page.viewport_size["width"] == 390
            assert "iPhone" in newcomer.page.evaluate("navigator.userAgent")
        """
    )
    result = pytester.runpytest(*shoshin_args, "--shoshin-device", "iPhone 13")
    result.assert_outcomes(passed=1)
    (record,) = records(tmp_path / "out")
    assert record["conditions"]["device"] == "iPhone 13"
    assert record["viewport"] == {"width": 390, "height": 664}
    (scenario,) = record["results"]
    assert scenario["scenario"] == "test_find_the_form"
    assert scenario["outcome"] == "completed"
    steps = [(s["intent"], [a["description"] for a in s["actions"]]) for s in scenario["steps"]]
    assert steps == [(None, ["visit /"]), (None, ["click “Get started”"]), (None, [])]
    assert scenario["steps"][2]["expect"] == ["Create your account"]


@pytest.mark.browser
def test_upload_and_scroll_work_as_in_yaml(
    pytester: pytest.Pytester, plugin_pages: str, tmp_path: Path
) -> None:
    pytester.path.joinpath("avatar.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    pytester.makepyfile(
        """
        import pytest

        @pytest.mark.shoshin(name="Add a profile picture", start="/profile.html", patience=30)
        def test_profile_picture(newcomer):
            with newcomer.step("Look further down"):
                newcomer.scroll("bottom")
            assert newcomer.page.evaluate("scrollY") > 1000
            with newcomer.step("Back to the top"):
                newcomer.scroll("top")
            assert newcomer.page.evaluate("scrollY") == 0
            with newcomer.step("Add my picture"):
                newcomer.scroll("Profile picture")
                newcomer.upload("Profile picture", "avatar.png")
                newcomer.click("Save picture")
                newcomer.expect("Saved avatar.png as your picture")
        """
    )
    out = tmp_path / "out"
    result = pytester.runpytest(
        *NO_PLAYWRIGHT, "--base-url", plugin_pages, "--shoshin-out", str(out)
    )
    result.assert_outcomes(passed=1)
    (record,) = records(out)
    (scenario,) = record["results"]
    assert scenario["outcome"] == "completed"
    assert [a["description"] for a in scenario["steps"][2]["actions"]] == [
        "scroll to “Profile picture”",
        "upload “Profile picture” with “avatar.png”",
        "click “Save picture”",
    ]


@pytest.mark.browser
def test_with_pytest_playwright_page_tests_newcomers_and_yaml_share_one_run(
    pytester: pytest.Pytester, demo_server: DemoServer, tmp_path: Path
) -> None:
    pytester.makeconftest(
        """
        import pytest
        from harness.browser.launch import find_browser, launch_args

        @pytest.fixture(scope="session")
        def browser_type_launch_args(browser_type_launch_args):
            # Playwright's own Chromium may not be downloaded: the one shoshin finds.
            executable = find_browser().executable
            return {**browser_type_launch_args, "executable_path": executable,
                    "args": launch_args()}
        """
    )
    pytester.makepyfile(
        """
        def test_newcomer_alone(newcomer):
            newcomer.click("Get started")

        def test_page_and_newcomer(page, newcomer):
            newcomer.click("Get started")
            assert newcomer.page.context.browser.browser_type is page.context.browser.browser_type
            assert newcomer.page.context is not page.context
        """
    )
    pytester.makefile(".yaml", landing="name: Land\nstart: /\nsteps:\n  - expect: Get started\n")
    out = tmp_path / "out"
    result = pytester.runpytest_subprocess(
        "--base-url", demo_server.base_url, "--shoshin-out", str(out)
    )
    result.assert_outcomes(passed=3)
    (record,) = records(out)  # one run: nothing closed it between the kinds of test
    assert [r["outcome"] for r in record["results"]] == ["completed"] * 3
    assert record["status"] == "finished"
