"""The committed JSON Schemas match the models, accept what shoshin reads and writes, and
reject what the loader rejects; the docs name every key and field."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from harness.errors import ScenarioError
from harness.record.schema import REGENERATE, dump, run_schema
from harness.scenario.actions import ACTION_KINDS
from harness.scenario.load import parse_scenario
from harness.scenario.model import EXPECT_KINDS
from harness.scenario.schema import scenario_schema
from tests.conftest import ROOT, Walker

SCHEMAS = ROOT / "schemas"
MODELINE = "# yaml-language-server: $schema=../schemas/scenario.schema.json"


def validator(schema: dict[str, Any]) -> jsonschema.Draft202012Validator:
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def errors(schema: dict[str, Any], data: object) -> list[str]:
    return [e.message for e in validator(schema).iter_errors(data)]


@pytest.mark.parametrize(
    ("name", "generate"),
    [("scenario.schema.json", scenario_schema), ("run.schema.json", run_schema)],
)
def test_the_committed_schemas_are_the_generated_ones(name: str, generate: Any) -> None:
    path = SCHEMAS / name
    committed = path.read_text(encoding="utf-8") if path.exists() else ""
    assert committed == dump(generate()), (
        f"{path.relative_to(ROOT)} is out of date with the models: run `{REGENERATE}` "
        "and commit the result."
    )


def scenario_files() -> list[Path]:
    return sorted((ROOT / "scenarios").glob("*.yaml"))


@pytest.mark.parametrize("path", scenario_files(), ids=lambda p: p.name)
def test_every_bundled_scenario_is_valid_and_names_the_schema(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert errors(scenario_schema(), yaml.safe_load(text)) == []
    assert text.startswith(MODELINE + "\n")


GOOD = """
name: Create a first workspace
product: Pebble
persona: A team lead
start: /
patience: 8
budget: 60
jargon: [tenant, provision]
steps:
  - intent: Find out how to start
    click: Get started
    expect: Create your account
  - fill:
      Email: "newcomer+{run_id}@example.com"
      Password: { value: "${PASSWORD}", secret: true }
    select: {Team size: "2-5"}
    check: [I agree, {css: "#news"}]
    upload: {Avatar: me.png}
    click: "css: .next"
    expect: [Name your workspace, {url: /workspace*}, {title: Workspace}]
    patience: 15
    budget: 3
  - actions:
      - press: Tab
      - hover: Help
      - scroll: bottom
      - scroll: Pricing
      - visit: /done
"""

# Each wrong scenario, and the word its loader error starts with: the schema must agree.
BAD = {
    "unknown step key": "name: x\nsteps:\n  - clik: Go\n",
    "unknown scenario key": "name: x\npatiance: 3\nsteps:\n  - click: Go\n",
    "no steps": "name: x\n",
    "empty steps": "name: x\nsteps: []\n",
    "no name": "steps:\n  - click: Go\n",
    "patience not a number": "name: x\npatience: soon\nsteps:\n  - click: Go\n",
    "patience not positive": "name: x\npatience: 0\nsteps:\n  - click: Go\n",
    "budget yes/no": "name: x\nsteps:\n  - click: Go\n    budget: true\n",
    "fill without labels": "name: x\nsteps:\n  - fill: Email\n",
    "secret without value": "name: x\nsteps:\n  - fill: {Password: {secret: true}}\n",
    "step with nothing to do": "name: x\nsteps:\n  - intent: only words\n",
    "actions and action keys": "name: x\nsteps:\n  - click: Go\n    actions: [{press: Enter}]\n",
    "two actions in one entry": "name: x\nsteps:\n  - actions: [{click: A, press: Enter}]\n",
    "unknown expect key": "name: x\nsteps:\n  - click: Go\n    expect: {txt: Hi}\n",
    "jargon not a list": "name: x\njargon: tenant\nsteps:\n  - click: Go\n",
    "css with other keys": "name: x\nsteps:\n  - click: {css: '#a', text: A}\n",
    "a list of steps as the file": "- click: Go\n",
}


def test_a_full_scenario_is_valid_and_loads() -> None:
    parse_scenario(GOOD, Path("s.yaml"), {"PASSWORD": "pw"})
    assert errors(scenario_schema(), yaml.safe_load(GOOD)) == []


@pytest.mark.parametrize("text", BAD.values(), ids=list(BAD))
def test_what_the_loader_rejects_the_schema_rejects(text: str) -> None:
    with pytest.raises(ScenarioError):
        parse_scenario(text, Path("s.yaml"), {})
    assert errors(scenario_schema(), yaml.safe_load(text)) != []


def test_an_editor_has_help_for_every_key_and_action() -> None:
    schema = scenario_schema()
    step = schema["$defs"]["step"]["properties"]
    assert all(p["description"] for p in schema["properties"].values())
    assert all(step[kind]["description"] for kind in ACTION_KINDS)
    assert schema["properties"]["patience"]["default"] == 10.0


def test_the_sample_record_is_a_valid_run_record() -> None:
    data = json.loads((ROOT / "tests/fixtures/sample_run/run.json").read_text(encoding="utf-8"))
    assert errors(run_schema(), data) == []


def test_a_record_with_a_wrong_type_or_outcome_is_not() -> None:
    data = json.loads((ROOT / "tests/fixtures/sample_run/run.json").read_text(encoding="utf-8"))
    data["results"][0]["steps"][0]["outcome"] = "fine"
    data["results"][0]["steps"][1]["duration_ms"] = "3 s"
    del data["run_id"]
    found = errors(run_schema(), data)
    assert len(found) == 3 and any("'run_id' is a required property" in e for e in found)


@pytest.mark.browser
def test_a_real_record_with_dead_ends_and_friction_is_valid(pages_walker: Walker) -> None:
    _, _, data = pages_walker.yaml(
        """
        name: Delete then look
        start: /dialog.html
        patience: 1
        steps:
          - click: Delete project
            expect: Project deleted
            patience: 30  # must pass even on a loaded machine; the dead end keeps 1 s
          - click: Restore project
          - click: Anything
        """
    )
    steps = data["results"][0]["steps"]  # type: ignore[index]
    assert [s["outcome"] for s in steps] == ["passed", "dead_end", "skipped"]
    assert steps[0]["friction"][0]["kind"] == "dialog"
    assert errors(run_schema(), data) == []


@pytest.mark.parametrize(
    ("doc", "names"),
    [
        (
            "scenarios.md",
            lambda: [
                *scenario_schema()["properties"],
                *scenario_schema()["$defs"]["step"]["properties"],
                *EXPECT_KINDS,
            ],
        ),
        (
            "run-record.md",
            lambda: [
                name
                for d in [run_schema(), *run_schema()["$defs"].values()]
                for name in d["properties"]
            ],
        ),
    ],
)
def test_the_docs_name_every_key_and_field(doc: str, names: Any) -> None:
    text = (ROOT / "docs" / doc).read_text(encoding="utf-8")
    missing = [n for n in names() if f"`{n}" not in text]
    assert missing == [], f"docs/{doc} does not mention {missing}"
