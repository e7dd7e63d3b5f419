"""The session's run: `shoshin_config` and `shoshin_run`, and the events they hand on.

One browser and one run directory per pytest session (per worker under xdist); the run
record and the reports are written by the CLI's own handlers from the CLI's own events.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterable, Iterator, Mapping
from typing import TYPE_CHECKING, Any

import pytest

from harness.errors import ShoshinError
from harness.pytest_plugin import options
from harness.record.model import ScenarioResult, StepResult, new_run_id, utc_now
from harness.run.conditions import Conditions
from harness.run.config import RunConfig
from harness.run.events import (
    Event,
    Handler,
    RunFinished,
    RunStarted,
    ScenarioFinished,
    ScenarioStarted,
    StepFinished,
    StepStarted,
)
from harness.run.runner import OpenRun

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Playwright

    from harness.run.walk import ScenarioWalk
    from harness.scenario.model import Scenario, Step

CONDITIONS = pytest.StashKey[Conditions]()


class ShoshinRun:
    """The open run of a pytest session; every scenario in it is walked by `ScenarioWalk`."""

    def __init__(
        self,
        config: RunConfig,
        opened: OpenRun,
        devices: Mapping[str, Any],
        handlers: Iterable[Handler],
        expected: int = 0,
    ) -> None:
        self.config, self.devices, self.handlers = config, devices, list(handlers)
        self.browser, self.record, self.run_dir = opened.browser, opened.record, opened.run_dir
        self.expected = expected
        self.number = 0
        self.emit(RunStarted(self.record, self.run_dir, expected))

    def emit(self, event: Event) -> None:
        for handler in self.handlers:
            handler.handle(event)

    @contextlib.contextmanager
    def scenario(self, scenario: Scenario) -> Iterator[ScenarioWalk]:
        """A new walk of `scenario`, in the record, between its start and finish events."""
        from harness.run.walk import ScenarioWalk

        self.number += 1
        walk = ScenarioWalk(
            self.browser,
            scenario,
            self.config,
            self.run_dir,
            self.record.run_id,
            self.number,
            self.devices,
        )
        self.record.results.append(walk.result)
        total = max(self.expected, self.number)
        self.emit(ScenarioStarted(scenario, self.number, total, walk.result))
        try:
            yield walk
        finally:
            self.emit(ScenarioFinished(walk.scenario, walk.result))

    def walk(self, scenario: Scenario) -> ScenarioResult:
        """Walk a whole scenario (a YAML file), as `shoshin run` does."""
        with self.scenario(scenario) as walk:
            for event in walk.walk():
                self.emit(event)
        return walk.result

    def step(self, walk: ScenarioWalk, step: Step) -> StepResult:
        """Walk one step of a scenario written in Python."""
        self.emit(StepStarted(walk.scenario, step))
        result = walk.step(step)
        self.emit(StepFinished(walk.scenario, step, result))
        return result

    def finish(self, *, interrupted: bool = False) -> None:
        """Close the record (left "interrupted" after Ctrl-C) and write the reports."""
        try:
            if not interrupted:
                self.record.status = "finished"
                self.record.finished_at = utc_now()
                self.emit(RunFinished(self.record, self.run_dir))
        finally:
            for handler in self.handlers:
                handler.shutdown()


def run_config(config: pytest.Config, base_url: str) -> RunConfig:
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    return RunConfig(
        base_url=base_url,
        out_dir=options.out_dir(config),
        headed=options.headed(config),
        slowmo=options.slowmo(config),
        run_id=new_run_id() + (f"-{worker}" if worker else ""),
        conditions=config.stash[CONDITIONS],
        before_each=options.before_each(config),
        browser_endpoint=options.browser_endpoint(config),
        a11y=options.a11y(config),
    )


@pytest.fixture(scope="session")
def shoshin_config(pytestconfig: pytest.Config) -> Iterator[RunConfig]:
    """The run's configuration: product address, output folder, the newcomer's conditions."""
    url = options.base_url(pytestconfig)
    if url:
        yield run_config(pytestconfig, url)
    elif pytestconfig.getoption("shoshin_demo"):
        from harness.demo import DemoServer

        with DemoServer() as server:
            yield run_config(pytestconfig, server.base_url)
    else:
        pytest.exit(
            "shoshin needs the product's address: pass --base-url URL "
            "(or --shoshin-demo for the bundled demo product).",
            returncode=pytest.ExitCode.USAGE_ERROR,
        )


@pytest.fixture(scope="session")
def shoshin_run(request: pytest.FixtureRequest, shoshin_config: RunConfig) -> Iterator[ShoshinRun]:
    """The open run: Chromium launched once (through pytest-playwright when it is there)."""
    from harness.report.writer import ReportWriter
    from harness.run.handlers import RecordWriter
    from harness.run.runner import open_run

    with contextlib.ExitStack() as stack:
        pw, launched = _playwright(request, stack)
        try:
            opened = open_run(pw, shoshin_config, launched)
        except ShoshinError as error:
            pytest.exit(options.pytest_words(error), returncode=pytest.ExitCode.USAGE_ERROR)
        if launched is None:
            stack.callback(opened.browser.close)
        expected = sum(
            1
            for item in request.session.items
            if "shoshin_run" in getattr(item, "fixturenames", ())
        )
        run = ShoshinRun(
            shoshin_config, opened, pw.devices, [RecordWriter(), ReportWriter()], expected
        )
        try:
            yield run
        finally:
            stopped = getattr(request.session, "exitstatus", None) == pytest.ExitCode.INTERRUPTED
            run.finish(interrupted=stopped)


def _playwright(
    request: pytest.FixtureRequest, stack: contextlib.ExitStack
) -> tuple[Playwright, Browser | None]:
    """pytest-playwright's Playwright, and a Chromium launched its way, else shoshin's own.

    Not its `browser` fixture itself: that hangs off `browser_name`, which pytest-playwright
    parametrizes for `page` tests only, so pytest would close it (and end the run) between
    a `page` test and a YAML item. Its launch settings are used instead.
    """
    if not request.config.pluginmanager.hasplugin("playwright"):
        from playwright.sync_api import sync_playwright

        return stack.enter_context(sync_playwright()), None
    if request.config.getoption("shoshin_browser_endpoint", None):  # shoshin connects there
        return request.getfixturevalue("playwright"), None
    from harness.browser.launch import playwright_chromium

    pw: Playwright = request.getfixturevalue("playwright")
    connect: dict[str, Any] | None = request.getfixturevalue("connect_options")
    settings: dict[str, Any] = request.getfixturevalue("browser_type_launch_args")
    if "chromium" not in (request.config.getoption("browser", None) or ["chromium"]):
        return pw, None  # shoshin measures through Chromium's DevTools: its own Chromium
    if connect:
        browser = pw.chromium.connect(**connect)
    elif settings.get("executable_path") or settings.get("channel") or playwright_chromium(pw):
        browser = pw.chromium.launch(**settings)
    else:  # Playwright's Chromium is not downloaded: the one shoshin finds
        return pw, None
    stack.callback(browser.close)
    return pw, browser
