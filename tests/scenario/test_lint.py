"""`shoshin check`: beginner's-mind warnings, and its exit codes."""

from __future__ import annotations

from pathlib import Path

import pytest

from harness.scenario.lint import lint, looks_like_test_id
from harness.scenario.load import parse_scenario
from tests.cli.test_cli import shoshin
from tests.conftest import write_scenario

SMELLY = """
name: Smelly
steps:
  - click: Get started
  - intent: Find the sign-up
    click: {css: "#signup"}
    expect: Sign up
  - intent: Wait
    click: signup-button
    expect: Done
    patience: 90
"""


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("signup-button", True),
        ("btnSubmit", True),
        ("data-testid=go", True),
        ("Password", False),
        ("Get started", False),
        ("OK", False),
        ("e-mail", True),
    ],
)
def test_test_ids_are_told_from_words_on_screen(text: str, expected: bool) -> None:
    assert looks_like_test_id(text) is expected


def test_each_warning_names_file_line_and_step() -> None:
    warnings = [w.sentence() for w in lint(parse_scenario(SMELLY, Path("s.yaml"), {}))]
    assert warnings == [
        "s.yaml:4: step 1: no 'intent': say in the newcomer's own words what they are "
        "trying to do.",
        "s.yaml:4: step 1: no 'expect': add the sign that tells the newcomer the step worked.",
        "s.yaml:6: step 2: “css:#signup” is a CSS selector, and a newcomer cannot see CSS; "
        "name what is written on screen instead.",
        "s.yaml:8: step 3: patience of 90 s is over a minute; a newcomer rarely waits that long.",
        "s.yaml:9: step 3: “signup-button” looks like a test id, not words on screen; "
        "name what a newcomer reads there instead.",
    ]


def test_the_bundled_scenarios_have_no_warnings() -> None:
    result = shoshin("check", "--strict", "scenarios")
    assert result.returncode == 0, result.stdout
    assert "4 files checked: 0 errors, 0 warnings." in result.stdout


def test_check_exit_codes(tmp_path: Path) -> None:
    write_scenario(tmp_path, SMELLY, "a.yaml")
    assert shoshin("check", str(tmp_path)).returncode == 0
    strict = shoshin("check", "--strict", str(tmp_path))
    assert strict.returncode == 1 and "5 warnings" in strict.stdout
    write_scenario(tmp_path, "name: x\nsteps: 3\n", "b.yaml")
    broken = shoshin("check", str(tmp_path))
    assert broken.returncode == 2
    assert "b.yaml:2: 'steps' must be a non-empty list" in broken.stderr
    assert "ok     " in broken.stdout  # the good file is still reported
