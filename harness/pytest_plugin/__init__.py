"""The pytest plugin: YAML scenarios as test items, and a `newcomer` fixture for Python ones.

Fixtures, as a pytest-playwright user expects them:

- `shoshin_config` (session): the `RunConfig` built from the options below.
- `shoshin_run` (session): the open run. Chromium is launched once, `run.json` is kept
  current by the CLI's `RecordWriter`, and the CLI's `ReportWriter` writes the HTML, JUnit
  and Markdown reports when the session ends. One run directory per pytest session (per
  worker under xdist, its id ending in `-gwN`) under `--shoshin-out`.
- `newcomer` (function): a fresh browser context and page per test. Its actions
  (`visit click fill select check press hover upload scroll expect`) become `Step`s that
  `ScenarioWalk` walks, exactly as it walks a YAML step for `shoshin run`.

`pytest scenarios/ --base-url URL` collects every scenario file (a YAML mapping with
`name` and `steps`) as one test item of `shoshin_run`, so `-k`, pytest's reporting and
pytest-xdist work. Both kinds send the CLI's events (RunStarted, ScenarioStarted,
StepStarted, StepFinished, ScenarioFinished, RunFinished) to the CLI's handlers.

With pytest-playwright installed, shoshin shares its `playwright` fixture and launches
Chromium as it is set up to (`browser_type_launch_args`, `connect_options`: its `--headed`,
`--slowmo`, `--browser-channel` apply), else with the Chromium shoshin finds when
Playwright's own is not downloaded. Not its `browser` fixture itself: pytest-playwright
parametrizes that for `page` tests only, and pytest would close it between a `page` test
and a YAML item, ending the run mid-session. Without pytest-playwright shoshin starts
Playwright and launches the Chromium it finds, as `shoshin run` does.

Options. `--base-url`, `--headed` and `--slowmo` are pytest-playwright's names, added here
only when no other plugin has added them. The newcomer's conditions are the CLI's
(`shoshin run --device ...`) with a `--shoshin-` prefix: `--shoshin-device`,
`--shoshin-viewport`, `--shoshin-locale`, `--shoshin-timezone`, `--shoshin-network`,
`--shoshin-tracing`, `--shoshin-video`. The prefix keeps them apart from pytest-playwright's
`--device`, `--tracing` and `--video`, which configure its own `page` fixture, so each
option means one thing whichever plugins are installed. A bad value is the CLI's sentence.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from harness.pytest_plugin.fixtures import CONDITIONS, shoshin_config, shoshin_run
from harness.pytest_plugin.items import NewcomerStuck, ScenarioItem, collect_file
from harness.pytest_plugin.newcomer import Newcomer, newcomer
from harness.pytest_plugin.options import (
    browser_endpoint,
    conditions_from,
    pytest_addoption,
    pytest_load_initial_conftests,
)

__all__ = [
    "Newcomer",
    "NewcomerStuck",
    "ScenarioItem",
    "newcomer",
    "pytest_addoption",
    "pytest_load_initial_conftests",
    "shoshin_config",
    "shoshin_run",
]


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        "shoshin(name, product, start, reset, persona, patience, budget, jargon): how the "
        "`newcomer` fixture's scenario is named and where it starts",
    )
    config.stash[CONDITIONS] = conditions_from(config)
    browser_endpoint(config)  # a wrong address: a usage error before anything runs


def pytest_collect_file(file_path: Path, parent: pytest.Collector) -> pytest.Collector | None:
    return collect_file(file_path, parent)
