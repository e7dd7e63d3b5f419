"""The newcomer's tab closing itself with no tab left to go back to is a dead end, not an error.

Chromium lets a script close only a window a script opened, so the newcomer's first tab
never closes itself (see test_hostile_pages.py). The case left: a window the page opened,
whose opener is gone, closes itself. The walk is driven step by step, and the opener is
closed between the steps, as a newcomer closing the first tab would.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright

from harness.browser.launch import BrowserChoice, launch
from harness.run.config import RunConfig
from harness.run.walk import ScenarioWalk
from harness.scenario.load import load_scenario
from tests.conftest import Walker, write_scenario

pytestmark = pytest.mark.browser


def test_the_last_tab_closing_itself_is_no_way_forward(
    pages_server: str, browser_choice: BrowserChoice, tmp_path: Path
) -> None:
    scenario = load_scenario(
        write_scenario(
            tmp_path,
            """
            name: Wizard alone
            start: /hostile-popup.html
            patience: 4
            steps:
              - intent: Open the wizard window
                click: Open the wizard
                expect: Setup wizard
              - intent: Finish the wizard
                click: Finish the wizard
                expect: All set
              - intent: Carry on
                click: Open the help centre
            """,
        )
    )
    config = RunConfig(base_url=pages_server, out_dir=tmp_path, browser=browser_choice)
    with sync_playwright() as pw:
        browser = launch(pw, browser_choice)
        try:
            walk = ScenarioWalk(browser, scenario, config, tmp_path, "hostile-tabs", 1)
            walk.open()
            assert walk.tab is not None
            opened = walk.step(scenario.steps[0])
            walk.tab.page.close()  # the opener: the wizard is the only tab left
            closed = walk.step(scenario.steps[1])
            after = walk.step(scenario.steps[2])
            walk.close()
        finally:
            browser.close()
    assert opened.outcome == "passed", opened
    assert opened.new_tab is not None and opened.new_tab.endswith("/hostile-popup-window.html")
    assert closed.outcome == "dead_end", closed
    assert closed.dead_end is not None and closed.dead_end.kind == "no-way-forward"
    assert "closed its own tab" in closed.dead_end.message
    assert closed.error is None
    assert after.outcome == "skipped"
    assert walk.result.outcome == "dead_end" and walk.result.error is None


def test_the_action_after_a_click_that_opens_a_tab_happens_in_that_tab(
    pages_walker: Walker, trials: int
) -> None:
    # The popup event may reach shoshin a moment after the click returns (one time in four
    # or so): the next action must still wait for it and look in the new tab.
    steps = """
      - intent: Open the help and mark it read at once
        actions:
          - click: Open the help centre
          - click: Mark as read
        expect: Marked as read
      - intent: Back to the start
        click: Close this tab
        expect: Open the wizard
    """
    record, _, _ = pages_walker.yaml(
        "name: Help, again and again\nstart: /hostile-popup.html\npatience: 4\nsteps:\n"
        + textwrap.indent(textwrap.dedent(steps).strip() + "\n", "  ") * trials
    )
    (walk,) = record.results
    assert walk.outcome == "completed", [(s.index, s.outcome, s.dead_end) for s in walk.steps]
    opened = walk.steps[::2]
    assert all(s.new_tab and s.new_tab.endswith("/hostile-popup-help.html") for s in opened)
