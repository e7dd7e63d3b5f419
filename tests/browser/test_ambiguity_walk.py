"""Ambiguity across roles in a walk: friction that names each candidate with its role."""

from __future__ import annotations

from typing import Any

import pytest

from tests.conftest import Walker

pytestmark = pytest.mark.browser  # every test here drives a real Chromium


def only_step(data: dict[str, Any]) -> dict[str, Any]:
    (step,) = data["results"][0]["steps"]
    return dict(step)


def test_a_walk_records_the_choice_as_friction_naming_each_role(pages_walker: Walker) -> None:
    _, _, data = pages_walker.yaml(
        """
        name: Save or save
        start: /ambiguous_roles.html
        patience: 30  # passes even on a loaded machine
        steps:
          - intent: Save my profile
            fill: { Name: Ada }
            click: Save
            expect: Profile saved
        """
    )
    step = only_step(data)
    assert step["outcome"] == "passed" and step["dead_end"] is None
    (friction,) = step["friction"]
    assert friction["kind"] == "ambiguous-target"
    assert friction["looked_for"] == "Save"
    assert friction["seen"] == ["button “Save”", "link “Save”"]
