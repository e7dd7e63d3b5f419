"""The pytest plugin: YAML scenarios as test items, and a `newcomer` fixture for Python ones.

`pytest scenarios/ --base-url URL` collects every scenario file (a YAML mapping with
`name` and `steps`) as one test item, so `-k`, pytest's reporting and pytest-xdist work.
Both kinds write the same run record, screenshots and reports as `shoshin run`: one run
directory per pytest session (per worker under xdist) under `--shoshin-out`.

Options shared with pytest-playwright keep its names (`--base-url`, `--headed`,
`--slowmo`) and are only added when no other plugin has added them already.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
import yaml

from harness.errors import ShoshinError
from harness.scenario.model import Action, Expectation, Scenario, Step, Target, load_scenario

if TYPE_CHECKING:
    from harness.demo import DemoServer
    from harness.record.model import RunRecord, StepResult
    from harness.run.handlers import RecordWriter, ReportWriter
    from harness.run.walk import ScenarioWalk

_SESSION = pytest.StashKey["ShoshinSession"]()


def _add(group: Any, *names: str, **kwargs: Any) -> None:
    """Add an option unless another plugin (pytest-playwright, pytest-base-url) has it."""
    with contextlib.suppress(ValueError):
        group.addoption(*names, **kwargs)


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("shoshin", "shoshin: first-run scenarios")
    _add(group, "--base-url", action="store", default=None, help="Where the product answers.")
    _add(group, "--headed", action="store_true", default=False, help="Show the browser.")
    _add(group, "--slowmo", action="store", type=float, default=0, help="Slow actions (ms).")
    group.addoption(
        "--shoshin-out",
        action="store",
        default="reports",
        help="Where shoshin writes run directories (default: reports).",
    )
    group.addoption(
        "--shoshin-demo",
        action="store_true",
        default=False,
        help="Serve the bundled demo product and use it as the base URL.",
    )
    parser.addini("shoshin_collect", "Collect YAML scenarios as tests (true/false)", default="true")


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        "shoshin(name, product, start, persona, patience, jargon): how the `newcomer` fixture's "
        "scenario is named and where it starts",
    )
    config.stash[_SESSION] = ShoshinSession(config)


def pytest_sessionfinish(session: pytest.Session) -> None:
    shoshin = session.config.stash.get(_SESSION, None)
    if shoshin is not None:
        shoshin.finish()


def pytest_collect_file(file_path: Path, parent: pytest.Collector) -> pytest.Collector | None:
    if file_path.suffix not in (".yaml", ".yml"):
        return None
    if parent.config.getini("shoshin_collect").strip().lower() in ("false", "no", "0"):
        return None
    if not _looks_like_scenario(file_path):
        return None
    collector: pytest.Collector = ScenarioFile.from_parent(parent, path=file_path)
    return collector


def _looks_like_scenario(path: Path) -> bool:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return False
    return isinstance(data, dict) and "steps" in data and "name" in data


class ScenarioFile(pytest.File):
    def collect(self) -> Iterator[pytest.Item]:
        try:
            scenario = load_scenario(self.path)
        except ShoshinError as error:
            raise self.CollectError(str(error)) from None
        yield ScenarioItem.from_parent(self, name=scenario.name, scenario=scenario)


class ScenarioItem(pytest.Item):
    def __init__(self, *, scenario: Scenario, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.scenario = scenario

    def runtest(self) -> None:
        shoshin = self.config.stash[_SESSION]
        walk = shoshin.walk_for(self.scenario)
        for _ in walk.walk():
            shoshin.save()
        shoshin.save()
        _raise_for(walk)

    def repr_failure(self, excinfo: pytest.ExceptionInfo[BaseException], style: Any = None) -> str:
        if isinstance(excinfo.value, (NewcomerStuck, ShoshinError)):
            return str(excinfo.value)
        return str(super().repr_failure(excinfo))

    def reportinfo(self) -> tuple[Path, int | None, str]:
        return self.path, 0, f"scenario: {self.scenario.name}"


class NewcomerStuck(AssertionError):
    """A scenario hit a dead end (or the browser failed in it)."""


def _raise_for(walk: ScenarioWalk) -> None:
    from harness.report.ci.junit import dead_end_sentence

    result = walk.result
    for step in result.steps:
        if step.dead_end is not None:
            raise NewcomerStuck(dead_end_sentence(_step_dict(step)))
        if step.outcome == "error":
            raise NewcomerStuck(f"Step {step.index}: the browser failed: {step.error}")
    if result.error:
        raise NewcomerStuck(f"The browser failed: {result.error}")


def _step_dict(step: StepResult) -> dict[str, Any]:
    from dataclasses import asdict

    return asdict(step)


class ShoshinSession:
    """One browser and one run directory for the whole pytest session (or xdist worker)."""

    def __init__(self, config: pytest.Config) -> None:
        self.config = config
        self.record: RunRecord | None = None
        self.run_dir: Path | None = None
        self.handlers: tuple[RecordWriter, ReportWriter] | None = None
        self.number = 0
        self._stack = contextlib.ExitStack()
        self._browser: Any = None
        self._demo: DemoServer | None = None

    def base_url(self) -> str:
        url = self.config.getoption("base_url", None)
        if url:
            return str(url)
        if self.config.getoption("shoshin_demo"):
            from harness.demo import DemoServer

            if self._demo is None:
                self._demo = self._stack.enter_context(DemoServer())
            return self._demo.base_url
        raise pytest.UsageError(
            "shoshin needs the product's address: pass --base-url URL "
            "(or --shoshin-demo for the bundled demo product)."
        )

    def _start(self) -> None:
        from playwright.sync_api import sync_playwright

        from harness.record.model import new_run_id
        from harness.run.events import RunStarted
        from harness.run.handlers import RecordWriter, ReportWriter
        from harness.run.runner import RunConfig, open_run

        worker = os.environ.get("PYTEST_XDIST_WORKER")
        self.config_run = RunConfig(
            base_url=self.base_url(),
            out_dir=Path(self.config.getoption("shoshin_out")),
            headed=bool(self.config.getoption("headed", False)),
            slowmo=float(self.config.getoption("slowmo", 0) or 0),
            run_id=new_run_id() + (f"-{worker}" if worker else ""),
        )
        playwright = self._stack.enter_context(sync_playwright())
        try:
            run = open_run(playwright, self.config_run)
        except ShoshinError as error:
            raise pytest.UsageError(str(error)) from None
        self._browser, self.record, self.run_dir = run.browser, run.record, run.run_dir
        self.handlers = (RecordWriter(), ReportWriter())
        for handler in self.handlers:
            handler.handle(RunStarted(self.record, self.run_dir, 0))

    def walk_for(self, scenario: Scenario) -> ScenarioWalk:
        from harness.run.walk import ScenarioWalk

        if self.record is None:
            self._start()
        assert self.record is not None and self.run_dir is not None
        self.number += 1
        walk = ScenarioWalk(
            self._browser, scenario, self.config_run, self.run_dir, self.record.run_id, self.number
        )
        self.record.results.append(walk.result)
        return walk

    def save(self) -> None:
        from harness.record.model import write_record

        if self.record is not None and self.run_dir is not None:
            write_record(self.run_dir, self.record)

    def finish(self) -> None:
        from harness.record.model import utc_now

        try:
            if self.record is not None and self.handlers is not None:
                self.record.status = "finished"
                self.record.finished_at = utc_now()
                for handler in self.handlers:
                    handler.shutdown()
                if self._browser is not None:
                    self._browser.close()
        finally:
            self._stack.close()


class Newcomer:
    """A scenario written in Python; each `step` runs when its `with` block closes.

    with newcomer.step("Create an account", patience=10):
        newcomer.fill("Email", "me@example.com")
        newcomer.click("Create account")
        newcomer.expect("Welcome")
    """

    def __init__(self, walk: ScenarioWalk, session: ShoshinSession) -> None:
        self.walk, self.session = walk, session
        self._actions: list[Action] | None = None
        self._expect: list[Expectation] = []
        self._index = 0

    @contextlib.contextmanager
    def step(
        self, intent: str, *, patience: float | None = None, budget: float | None = None
    ) -> Iterator[Newcomer]:
        self._actions, self._expect = [], []
        yield self
        self._index += 1
        step = Step(
            index=self._index,
            intent=intent,
            actions=tuple(self._actions),
            expect=tuple(self._expect),
            patience=patience or self.walk.scenario.patience,
            budget=budget,
        )
        self._actions = None
        result = self.walk.step(step)
        self.session.save()
        if result.dead_end is not None or result.outcome == "error":
            _raise_for(self.walk)

    def _do(self, action: Action) -> None:
        if self._actions is None:
            raise RuntimeError("newcomer actions belong inside `with newcomer.step(...)`.")
        self._actions.append(action)

    def visit(self, path: str) -> None:
        self._do(Action("visit", value=path))

    def click(self, text: str) -> None:
        self._do(Action("click", Target(text)))

    def hover(self, text: str) -> None:
        self._do(Action("hover", Target(text)))

    def check(self, text: str) -> None:
        self._do(Action("check", Target(text)))

    def press(self, key: str) -> None:
        self._do(Action("press", value=key))

    def select(self, label: str, option: str) -> None:
        self._do(Action("select", Target(label), option))

    def fill(self, label: str, value: str, *, secret: bool = False) -> None:
        if secret:
            scenario = self.walk.scenario
            self.walk.scenario = replace(scenario, secrets=(*scenario.secrets, value))
        self._do(Action("fill", Target(label), value, secret))

    def expect(
        self, text: str | None = None, *, url: str | None = None, title: str | None = None
    ) -> None:
        if self._actions is None:
            raise RuntimeError("newcomer.expect belongs inside `with newcomer.step(...)`.")
        for kind, value in (("text", text), ("url", url), ("title", title)):
            if value is not None:
                self._expect.append(Expectation(kind, value))


@pytest.fixture
def newcomer(request: pytest.FixtureRequest) -> Iterator[Newcomer]:
    """A first-time visitor in a fresh browser context, recorded like a YAML scenario."""
    session: ShoshinSession = request.config.stash[_SESSION]
    marker = request.node.get_closest_marker("shoshin")
    options = dict(marker.kwargs) if marker else {}
    scenario = Scenario(
        name=str(options.get("name", request.node.name)),
        file=Path(str(request.node.path)),
        steps=(),
        persona=options.get("persona"),
        start=options.get("start"),
        patience=float(options.get("patience", 10.0)),
        jargon=tuple(options.get("jargon", ())),
        product=options.get("product"),
    )
    walk = session.walk_for(scenario)
    walk.open()
    try:
        yield Newcomer(walk, session)
    finally:
        walk.close()
        session.save()
