"""Loading and validating scenario files: good files, and one clear sentence for each bad one."""

from __future__ import annotations

from pathlib import Path

import pytest

from harness.errors import ScenarioError
from harness.scenario.actions import SECRET_MASK
from harness.scenario.load import find_scenario_files, load_scenario, load_scenarios, parse_scenario
from harness.scenario.model import with_run_id
from tests.conftest import ROOT, write_scenario

GOOD = """
name: Create a first workspace
persona: A team lead who has never heard of the product
start: /
patience: 8
jargon: [tenant, provision]
steps:
  - intent: Find out how to start
    click: Get started
    expect: Create your account
  - intent: Create an account
    fill:
      Email: "newcomer+{run_id}@example.com"
      Password: { value: "${ACME_PASSWORD}", secret: true }
    click: Create account
    expect: [Name your workspace, {url: /workspace}, {title: Workspace}]
    patience: 15
    budget: 3
"""


def parse(text: str, env: dict[str, str] | None = None) -> object:
    return parse_scenario(text, Path("s.yaml"), env or {})


def problem(text: str, env: dict[str, str] | None = None) -> str:
    with pytest.raises(ScenarioError) as info:
        parse(text, env)
    return str(info.value)


def test_the_design_example_loads_with_every_field() -> None:
    scenario = parse_scenario(GOOD, Path("s.yaml"), {"ACME_PASSWORD": "hunter22"})
    assert scenario.name == "Create a first workspace"
    assert scenario.patience == 8.0
    assert scenario.jargon == ("tenant", "provision")
    first, second = scenario.steps
    assert first.patience == 8.0 and second.patience == 15.0 and second.budget == 3.0
    assert [(a.kind, a.target.text if a.target else None) for a in second.actions] == [
        ("fill", "Email"),
        ("fill", "Password"),
        ("click", "Create account"),
    ]
    password = second.actions[1]
    assert password.value == "hunter22" and password.secret
    assert scenario.secrets == ("hunter22",)
    assert SECRET_MASK in password.describe() and "hunter22" not in password.describe()
    assert [(e.kind, e.value) for e in second.expect] == [
        ("text", "Name your workspace"),
        ("url", "/workspace"),
        ("title", "Workspace"),
    ]
    assert first.line == 8 and second.line == 11


def test_run_id_makes_every_run_a_first_run() -> None:
    assert with_run_id("newcomer+{run_id}@example.com", "r1") == "newcomer+r1@example.com"


def test_a_doubled_dollar_is_a_literal_dollar() -> None:
    scenario = parse("name: x\nsteps:\n  - fill: {Price: '$${AMOUNT}'}\n")
    assert scenario.steps[0].actions[0].value == "${AMOUNT}"  # type: ignore[attr-defined]


def test_actions_list_keeps_order_and_allows_repeats() -> None:
    scenario = parse(
        "name: x\nsteps:\n  - actions:\n      - click: Next\n      - click: Next\n"
        "      - press: Enter\n    expect: Done\n"
    )
    kinds = [a.kind for a in scenario.steps[0].actions]  # type: ignore[attr-defined]
    assert kinds == ["click", "click", "press"]


def test_css_targets_are_allowed_only_when_written_out() -> None:
    scenario = parse("name: x\nsteps:\n  - click: {css: '#go'}\n  - click: 'css: .next'\n")
    targets = [s.actions[0].target for s in scenario.steps]  # type: ignore[attr-defined]
    assert [(t.text, t.css) for t in targets] == [("#go", True), (".next", True)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "name: x\nsteps:\n  - intent: a\n    clik: Go\n",
            "s.yaml:4: step 1: unknown step key 'clik'. Did you mean 'click'?",
        ),
        (
            "name: x\npatiance: 3\nsteps:\n  - click: Go\n",
            "s.yaml:2: unknown scenario key 'patiance'. Did you mean 'patience'?",
        ),
        ("name: x\n", "s.yaml:1: the scenario has no 'steps'. Add a list of steps."),
        ("name: x\nsteps: []\n", "s.yaml:2: 'steps' must be a non-empty list."),
        ("steps:\n  - click: Go\n", "s.yaml:1: the 'name' is missing."),
        (
            "name: x\npatience: soon\nsteps:\n  - click: Go\n",
            "s.yaml:2: 'patience' must be a positive number of seconds, not 'soon'.",
        ),
        (
            "name: x\nsteps:\n  - click: Go\n  - click: Next\n    budget: true\n",
            "s.yaml:5: step 2: 'budget' must be a positive number of seconds",
        ),
        (
            "name: x\nsteps:\n  - fill: Email\n",
            "s.yaml:3: step 1: 'fill' takes a mapping of field label to value.",
        ),
        (
            "name: x\nsteps:\n  - fill: {Password: '${NOPE}'}\n",
            "s.yaml:3: step 1: the environment variable NOPE is not set.",
        ),
        (
            "name: x\nsteps:\n  - intent: only words\n",
            "s.yaml:3: step 1: the step has no action and no 'expect'.",
        ),
        ("name: x\nsteps:\n  - click: [a\n", "s.yaml:4: this is not valid YAML"),
        (
            "name: x\nname: y\nsteps:\n  - click: Go\n",
            "s.yaml:2: the key 'name' appears twice.",
        ),
        ("- just a list\n", "s.yaml:1: a scenario must be a mapping"),
        (
            "name: x\nsteps:\n  - click: Go\n    expect: {txt: Hi}\n",
            "s.yaml:4: step 1: unknown expect key 'txt'. Did you mean 'text'?",
        ),
    ],
)
def test_each_bad_file_gets_one_sentence_with_file_line_and_step(text: str, expected: str) -> None:
    message = problem(text)
    assert message.startswith(expected)
    assert "\n" not in message and "Traceback" not in message


def test_missing_env_message_says_how_to_fix() -> None:
    assert "export NOPE=" in problem("name: x\nsteps:\n  - fill: {Password: '${NOPE}'}\n")


def test_folders_expand_to_their_yaml_files_sorted(tmp_path: Path) -> None:
    write_scenario(tmp_path, "name: b\nsteps:\n  - click: Go\n", "b.yaml")
    write_scenario(tmp_path, "name: a\nsteps:\n  - click: Go\n", "a.yml")
    (tmp_path / "notes.txt").write_text("not a scenario")
    assert [p.name for p in find_scenario_files([tmp_path])] == ["a.yml", "b.yaml"]


def test_a_missing_path_and_an_empty_folder_are_errors(tmp_path: Path) -> None:
    with pytest.raises(ScenarioError, match="no such file or folder"):
        find_scenario_files([tmp_path / "nope.yaml"])
    with pytest.raises(ScenarioError, match=r"holds no \.yaml scenario files"):
        find_scenario_files([tmp_path])


def test_a_file_that_is_not_utf8_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_bytes(b"name: \xff\xfe\n")
    with pytest.raises(ScenarioError, match="not UTF-8"):
        load_scenario(path)


def test_the_bundled_scenarios_all_load() -> None:
    scenarios = load_scenarios([ROOT / "scenarios"])
    assert len(scenarios) >= 3
    assert all(s.steps and all(step.intent for step in s.steps) for s in scenarios)
