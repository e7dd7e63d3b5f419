"""Targets told apart by their place on screen: `under:` a heading, `near:` some text."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from harness.errors import ScenarioError
from harness.scenario.load import parse_scenario
from harness.scenario.model import Action, Scenario, Target
from harness.scenario.schema import scenario_schema
from tests.conftest import ROOT, write_scenario


def parse(text: str) -> Scenario:
    return parse_scenario(text, Path("s.yaml"), {})


def actions(text: str) -> list[Action]:
    return [a for step in parse(text).steps for a in step.actions]


def problem(text: str) -> str:
    with pytest.raises(ScenarioError) as info:
        parse(text)
    return str(info.value)


def test_a_click_under_a_heading_and_near_some_text() -> None:
    found = actions(
        """
name: Two kernels
steps:
  - click: {text: "Python 3 (ipykernel)", under: Notebook}
  - click: {text: Delete, near: Final.txt}
  - click: [{text: Open, under: Files, near: Draft.txt}, Close]
  - scroll: {text: Pricing, under: Plans}
"""
    )
    assert [a.target for a in found] == [
        Target("Python 3 (ipykernel)", under="Notebook"),
        Target("Delete", near="Final.txt"),
        Target("Open", under="Files", near="Draft.txt"),
        Target("Close"),
        Target("Pricing", under="Plans"),
    ]


def test_a_field_label_under_a_heading() -> None:
    (fill,) = actions(
        """
name: Billing and shipping
steps:
  - fill: {Name: {value: Ada, under: Shipping, secret: true}}
"""
    )
    assert fill.target == Target("Name", under="Shipping")
    assert fill.value == "Ada" and fill.secret


def test_the_place_shows_where_the_target_is_described() -> None:
    assert Target("Python 3", under="Notebook").describe() == "Python 3 (under “Notebook”)"
    assert Target("Delete", near="Final.txt").describe() == "Delete (near “Final.txt”)"
    both = Target("Open", under="Files", near="a.txt").describe()
    assert both == "Open (under “Files”, near “a.txt”)"
    assert Target("Save").describe() == "Save"


WORDS = "must be words the newcomer reads on screen"


@pytest.mark.parametrize(
    ("target", "sentence"),
    [
        ("{under: Notebook}", "a target written as a mapping needs 'text'"),
        ("{text: Open, above: Files}", "unknown target key 'above'"),
        ('{css: "#open", under: Files}', "a CSS target cannot say 'under' or 'near'"),
        ("{text: Open, under: [Files]}", f"'under' {WORDS}, not a list"),
        ('{text: Open, near: ""}', f"'near' {WORDS}, not empty"),
        ("{text: Open, near: yes}", f"'near' {WORDS}, not true"),
        ('{text: "  ", under: Files}', f"'text' {WORDS}"),
    ],
)
def test_a_bad_place_is_one_sentence_with_file_line_and_step(target: str, sentence: str) -> None:
    said = problem(f"name: x\nsteps:\n  - intent: first\n    click: {target}\n")
    assert said.startswith(f"s.yaml:4: step 1: {sentence}")
    assert said.count(".") >= 1 and "\n" not in said


def test_a_place_on_a_css_field_label_is_refused() -> None:
    said = problem('name: x\nsteps:\n  - fill: {"css: #n": {value: a, near: Name}}\n')
    assert said.startswith("s.yaml:3: step 1: a CSS fill label cannot say 'under' or 'near'")


def test_the_line_of_a_bad_place_in_a_later_step() -> None:
    text = "name: x\nsteps:\n  - click: Go\n  - click:\n      text: Open\n      near: {a: b}\n"
    assert problem(text).startswith("s.yaml:6: step 2: 'near' must be words")


def test_the_scenario_schema_knows_the_mapping_target() -> None:
    forms = scenario_schema()["$defs"]["target"]["anyOf"]
    placed = [f for f in forms if "text" in f.get("properties", {})]
    assert placed and set(placed[0]["properties"]) == {"text", "under", "near"}
    field_value = scenario_schema()["$defs"]["field_value"]["anyOf"][1]["properties"]
    assert {"under", "near"} <= set(field_value)


def test_check_exits_2_with_the_sentence_and_no_traceback(tmp_path: Path) -> None:
    bad = write_scenario(
        tmp_path, "name: x\nsteps:\n  - click: {text: Open, below: Files}\n", "bad.yaml"
    )
    result = subprocess.run(
        [sys.executable, "-m", "harness.cli", "check", str(bad)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 2
    assert "bad.yaml:3: step 1: unknown target key 'below'" in result.stderr
    assert "Traceback" not in result.stderr
