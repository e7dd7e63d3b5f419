"""`or:` in a real walk: the first way's dead end is friction, the next way does the step."""

from __future__ import annotations

import re
from typing import Any

import pytest

from harness.report.html import write_html_report
from tests.conftest import Walker

pytestmark = pytest.mark.browser  # every test here drives a real Chromium

GROUP = """
name: Group the rows
start: /lang-group.html
steps:
  - intent: Group the rows
    or:
      - click: Group by
      - click: Facets
    expect: Grouped by team
    # Each way has the step's patience: way 1 must wait it out, way 2 must pass within it,
    # even on a loaded machine.
    patience: 10
  - intent: Look at the groups
    expect: Platform
    patience: 30  # passes even on a loaded machine
"""


def steps_of(data: dict[str, Any]) -> list[dict[str, Any]]:
    return list(data["results"][0]["steps"])  # type: ignore[index]


def test_a_dead_end_way_is_friction_and_the_next_way_does_the_step(pages_walker: Walker) -> None:
    _, run_dir, data = pages_walker.yaml(GROUP)
    first, second = steps_of(data)
    assert first["outcome"] == "passed", first["dead_end"]
    assert first["dead_end"] is None
    (friction,) = first["friction"]
    assert friction["kind"] == "missing-target"
    assert friction["looked_for"] == "Group by"
    assert friction["message"].startswith("Way 1 of 2 (click “Group by”) was a dead end: ")
    assert "Facets" in friction["seen"]  # what the newcomer saw instead, kept
    # What the newcomer tried, every way: the arrival at `start`, the way that was a dead
    # end (its action they got stuck on), then the way that worked.
    assert [a["description"] for a in first["actions"]] == [
        "visit /lang-group.html",
        "click “Group by”",
        "click “Facets”",
    ]
    # The newcomer's time is every way's: the patience spent looking for "Group by" too.
    assert first["duration_ms"] >= first["patience_s"] * 1000
    assert second["outcome"] == "passed"
    assert data["results"][0]["outcome"] == "completed"  # type: ignore[index]

    html = write_html_report(run_dir, data).read_text(encoding="utf-8")
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))
    assert "Way 1 of 2 (click “Group by”) was a dead end" in text
    assert "Saw instead: Export Facets" in text  # not "These all matched": no choice there
    assert "Passed" in text
    assert "Facets" in text


def test_when_every_way_fails_the_last_ways_dead_end_is_the_steps(pages_walker: Walker) -> None:
    _, _, data = pages_walker.yaml(
        """
        name: Group the rows, no way
        start: /lang-group.html
        patience: 5  # way 2 clicks Export within it even on a loaded machine
        steps:
          - intent: Group the rows
            or:
              - click: Group by
              - actions:
                  - click: Export
                  - click: Group rows
            expect: Grouped by team
        """
    )
    (step,) = steps_of(data)
    assert step["outcome"] == "dead_end"
    assert step["dead_end"]["kind"] == "missing-target"
    assert step["dead_end"]["looked_for"] == "Group rows"
    (friction,) = step["friction"]
    assert friction["looked_for"] == "Group by"
    # Every way tried from where the last left the page: Export was clicked; each way's
    # stuck action is kept as tried.
    assert [a["description"] for a in step["actions"]][1:] == [
        "click “Group by”",
        "click “Export”",
        "click “Group rows”",
    ]
    assert data["results"][0]["outcome"] == "dead_end"  # type: ignore[index]


def test_the_first_way_that_works_ends_the_step(pages_walker: Walker) -> None:
    _, _, data = pages_walker.yaml(
        """
        name: Group the rows at once
        start: /lang-group.html
        patience: 30  # passes even on a loaded machine
        steps:
          - intent: Group the rows
            or:
              - click: Facets
              - click: Export
            expect: Grouped by team
        """
    )
    (step,) = steps_of(data)
    assert step["outcome"] == "passed" and step["friction"] == []
    assert [a["description"] for a in step["actions"]] == [
        "visit /lang-group.html",
        "click “Facets”",
    ]
