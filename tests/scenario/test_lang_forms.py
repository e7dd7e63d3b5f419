"""The scenario forms `type:` and `or:`: how they load, and one sentence for each mistake."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
import yaml

from harness.errors import ScenarioError
from harness.scenario.lint import lint
from harness.scenario.load import parse_scenario
from harness.scenario.model import Scenario
from harness.scenario.schema import scenario_schema

OR_STEP = """
name: Group rows
steps:
  - intent: Group the rows
    or:
      - click: Group by
      - actions:
          - click: More
          - click: Facets
      - fill: { Search: team }
        press: Enter
    expect: Grouped
"""


def parse(text: str, env: dict[str, str] | None = None) -> Scenario:
    return parse_scenario(text, Path("s.yaml"), env or {})


def problem(text: str) -> str:
    with pytest.raises(ScenarioError) as info:
        parse(text)
    return str(info.value)


def test_type_takes_the_text_with_env_and_run_id() -> None:
    scenario = parse(
        "name: T\nsteps:\n  - click: Terminal\n    type: echo ${WHO} {run_id}\n"
        "    press: Control+Enter\n",
        {"WHO": "ada"},
    )
    (step,) = scenario.steps
    assert [(a.kind, a.value) for a in step.actions] == [
        ("click", None),
        ("type", "echo ada {run_id}"),
        ("press", "Control+Enter"),
    ]


def test_type_without_text_is_one_sentence() -> None:
    assert problem("name: T\nsteps:\n  - type:\n") == (
        "s.yaml:3: step 1: 'type' takes the text to type, like SELECT 1."
    )


def test_or_loads_each_way_in_order() -> None:
    (step,) = parse(OR_STEP).steps
    assert [a.describe() for a in step.actions] == ["click “Group by”"]
    assert [[a.describe() for a in way] for way in step.alternatives] == [
        ["click “More”", "click “Facets”"],
        ["fill “Search” with “team”", "press Enter"],
    ]
    assert [e.value for e in step.expect] == ["Grouped"]
    assert [a.describe() for a in step.every_action][-1] == "press Enter"


@pytest.mark.parametrize(
    ("text", "sentence"),
    [
        (
            "name: G\nsteps:\n  - intent: Group\n    or:\n      - click: Group by\n",
            "s.yaml:4: step 1: 'or' takes a list of two or more ways to do the step. "
            "Write each way as an entry of its own: or: [{click: Group by}, {click: Facets}].",
        ),
        (
            "name: G\nsteps:\n  - intent: Group\n    or: Group by\n",
            "s.yaml:4: step 1: 'or' takes a list of two or more ways to do the step. "
            "Write each way as an entry of its own: or: [{click: Group by}, {click: Facets}].",
        ),
        (
            "name: G\nsteps:\n  - click: Go\n  - intent: Group\n    click: Rows\n    or:\n"
            "      - click: Group by\n      - click: Facets\n",
            "s.yaml:6: step 2: a step with 'or' has its actions inside each way, not beside "
            "it. Move the other actions into every way, or into a step of their own.",
        ),
        (
            "name: G\nsteps:\n  - intent: Group\n    or:\n      - click: Group by\n"
            "      - click: Facets\n        expect: Grouped\n",
            "s.yaml:7: step 1: 'expect' belongs to the step, not to way 2 of 'or'. "
            "Write expect: beside 'or', once for every way.",
        ),
        (
            "name: G\nsteps:\n  - intent: Group\n    or:\n      - click: Group by\n"
            "      - clik: Facets\n",
            "s.yaml:6: step 1: unknown 'or' way 2 key 'clik'. Did you mean 'click'?",
        ),
        (
            "name: G\nsteps:\n  - intent: Group\n    or:\n      - click: Group by\n"
            "      - Facets\n",
            "s.yaml:6: step 1: way 2 of 'or' must be actions, like '- click: Facets'. "
            "Write each way as an entry of its own: or: [{click: Group by}, {click: Facets}].",
        ),
        (
            "name: G\nsteps:\n  - intent: Group\n    or:\n      - click: Group by\n"
            "      - actions: []\n",
            "s.yaml:6: step 1: way 2 of 'or' has no action. "
            "Write each way as an entry of its own: or: [{click: Group by}, {click: Facets}].",
        ),
        (
            "name: G\nsteps:\n  - intent: Group\n    or:\n      - click: Group by\n"
            "      - or:\n          - click: A\n          - click: B\n",
            "s.yaml:6: step 1: way 2 of 'or' holds another 'or'; ways do not nest. "
            "Write each way's actions in full, as ways of the one 'or'.",
        ),
    ],
)
def test_or_mistakes_are_one_sentence_with_file_line_and_step(text: str, sentence: str) -> None:
    assert problem(text) == sentence


def test_lint_reads_every_way() -> None:
    scenario = parse(
        "name: G\nsteps:\n  - intent: Group\n    or:\n      - click: Group by\n"
        "      - click: 'css: .facets'\n    expect: Grouped\n"
    )
    (warning,) = lint(scenario)
    assert warning.line == 6 and "CSS selector" in warning.message


def test_the_schema_takes_or_and_type_and_refuses_or_beside_actions() -> None:
    schema = scenario_schema()
    validator = jsonschema.Draft202012Validator(schema)
    assert not list(validator.iter_errors(yaml.safe_load(OR_STEP)))
    typed = {"name": "T", "steps": [{"click": "Terminal", "type": "help", "press": "Shift+Tab"}]}
    assert not list(validator.iter_errors(typed))
    both = {"name": "G", "steps": [{"click": "Rows", "or": [{"click": "A"}, {"click": "B"}]}]}
    assert list(validator.iter_errors(both))
    one = {"name": "G", "steps": [{"or": [{"click": "A"}]}]}
    assert list(validator.iter_errors(one))
    misplaced = {"name": "G", "steps": [{"or": [{"click": "A"}, {"expect": "B"}]}]}
    assert list(validator.iter_errors(misplaced))
    wrong_shape = {"name": "G", "steps": [{"or": [{"click": "A"}, {"fill": "B"}]}]}
    assert list(validator.iter_errors(wrong_shape))  # the action shapes are the step's
    assert json.dumps(schema)  # plain JSON


def test_reset_takes_a_path_with_env_and_keeps_run_id_for_the_walk() -> None:
    scenario = parse(
        "name: R\nreset: /__reset?key=${KEY}&run={run_id}\nsteps:\n  - click: Go\n", {"KEY": "k1"}
    )
    assert scenario.reset == "/__reset?key=k1&run={run_id}"
    assert parse("name: R\nsteps:\n  - click: Go\n").reset is None


def test_an_empty_reset_is_one_sentence() -> None:
    assert problem("name: R\nreset: ' '\nsteps:\n  - click: Go\n") == (
        "s.yaml:2: 'reset' must be a path or URL that puts the product back in first-run "
        "state. Write it as reset: /__reset."
    )
