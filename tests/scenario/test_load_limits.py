"""The loader's bounds, as the schema an editor checks with states them too."""

from __future__ import annotations

from pathlib import Path

import jsonschema
import pytest
import yaml

from harness.errors import ScenarioError
from harness.scenario.load import parse_scenario
from harness.scenario.schema import scenario_schema


def _valid(data: object) -> bool:
    return not list(jsonschema.Draft202012Validator(scenario_schema()).iter_errors(data))


@pytest.mark.parametrize("field", ["patience", "budget"])
def test_seconds_up_to_a_day_load_and_more_is_refused_by_both(field: str) -> None:
    day = f"name: x\n{field}: 86400\nsteps:\n  - click: Go\n"
    more = f"name: x\n{field}: 86400.5\nsteps:\n  - click: Go\n"
    parse_scenario(day, Path("s.yaml"), {})
    assert _valid(yaml.safe_load(day))
    with pytest.raises(ScenarioError, match=rf"s.yaml:2: '{field}' of 86400.5 seconds"):
        parse_scenario(more, Path("s.yaml"), {})
    assert not _valid(yaml.safe_load(more))
