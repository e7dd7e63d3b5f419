"""The keyboard-only newcomer (`--input keyboard`) in a real Chromium: Tab to each target,
then Enter, Space, arrows or typing; a target Tab never reaches is a dead end."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from harness.browser.launch import BrowserChoice
from harness.record.model import read_record
from harness.run.conditions import Conditions
from harness.run.config import RunConfig
from harness.run.handlers import RecordWriter
from harness.run.runner import run_scenarios
from harness.scenario.load import load_scenario
from tests.conftest import write_scenario

pytestmark = pytest.mark.browser  # drives a real Chromium

FORM = """
name: Sign up by keyboard
start: /keyboard-form.html
patience: 20  # passes even on a loaded machine
steps:
  - intent: Give a name
    fill: { Your name: Ada }
  - intent: Choose a plan
    select: { Plan: Team }
  - intent: Pay yearly  # a radio group takes one Tab; the arrows choose in it
    check: Yearly
  - intent: Agree
    check: I agree to the terms
  - intent: Create the account
    click: Create account
    expect: "Welcome, Ada (Team, yearly, agreed); keys in: name plan monthly terms create"
"""
DIV = """
name: Create a project
start: /keyboard-div.html
patience: 20  # passes even on a loaded machine
steps:
  - intent: Create a project
    click: Create project
    expect: Project created
"""
FOCUS = """
name: Save then publish
start: /keyboard-focus.html
patience: 20  # passes even on a loaded machine
steps:
  - intent: Save the draft
    click: Save draft
    expect: Draft saved
  - intent: Publish it
    click: Publish
    expect: Published
"""


def _walk(
    base_url: str, choice: BrowserChoice, out: Path, how: str, *texts: str
) -> list[dict[str, Any]]:
    out.mkdir(exist_ok=True)
    files = [write_scenario(out, text, f"{how}{n}.yaml") for n, text in enumerate(texts)]
    config = RunConfig(
        base_url=base_url, out_dir=out, browser=choice, conditions=Conditions(input=how)
    )
    record = run_scenarios([load_scenario(f) for f in files], config, [RecordWriter()])
    data = read_record(out / record.run_id)
    assert data["conditions"]["input"] == how
    return list(data["results"])


def test_the_keyboard_newcomer_tabs_types_and_is_stopped_where_tab_never_goes(
    pages_server: str, browser_choice: BrowserChoice, tmp_path: Path
) -> None:
    form, div, focus = _walk(pages_server, browser_choice, tmp_path, "keyboard", FORM, DIV, FOCUS)

    # A form walkable by keyboard: Tab counts exact, from the page's start and then onward.
    steps = form["steps"]
    assert [s["outcome"] for s in steps] == ["passed"] * 5, steps[-1]["screen_text"]
    assert [s["cost"]["tab_presses"] for s in steps] == [2, 1, 1, 1, 1]
    assert all(s["invisible_focus"] == [] for s in steps)  # the browser's own ring shows

    # A div acting as a button: Tab goes round the link and the button, never to it.
    (stuck,) = div["steps"]
    assert stuck["outcome"] == "dead_end"
    dead_end = stuck["dead_end"]
    assert dead_end["kind"] == "not-keyboard-reachable"
    assert dead_end["looked_for"] == "Create project"
    assert dead_end["seen"] == ["link “Read the intro”", "button “Help”"]  # the focus order
    assert dead_end["box"] is not None  # where it is on screen
    assert stuck["cost"]["tab_presses"] == 3  # link, button, and back round

    # Focus with its outline removed is flagged; a visible ring is not.
    save, publish = focus["steps"]
    assert [save["outcome"], publish["outcome"]] == ["passed", "passed"]
    assert save["invisible_focus"] == ["Save draft"]
    assert publish["invisible_focus"] == []
    assert [save["cost"]["tab_presses"], publish["cost"]["tab_presses"]] == [1, 1]

    # The same div scenario passes with the mouse, which counts no Tab presses.
    (mouse,) = _walk(pages_server, browser_choice, tmp_path / "mouse", "mouse", DIV)
    (clicked,) = mouse["steps"]
    assert clicked["outcome"] == "passed", clicked["dead_end"]
    assert clicked["cost"]["tab_presses"] == 0
