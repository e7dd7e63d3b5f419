"""YAML scenario files as pytest items, walked through the session's `shoshin_run`."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from harness.errors import ShoshinError
from harness.scenario.lines import Problem, read_yaml
from harness.scenario.load import load_scenario
from harness.scenario.model import Scenario

if TYPE_CHECKING:
    from harness.pytest_plugin.fixtures import ShoshinRun
    from harness.record.model import ScenarioResult


class NewcomerStuck(AssertionError):
    """A scenario hit a dead end (or the browser failed in it)."""


def raise_for(result: ScenarioResult) -> None:
    """Fail the test in the one sentence the JUnit report uses, if the newcomer got stuck."""
    from harness.report.ci.junit import dead_end_sentence

    for step in result.steps:
        if step.dead_end is not None:
            raise NewcomerStuck(dead_end_sentence(asdict(step)))
        if step.outcome == "error":
            raise NewcomerStuck(f"Step {step.index}: the browser failed: {step.error}")
    if result.error and any(not p.ok for p in result.prepared):
        raise NewcomerStuck(result.error)  # not a first run: the sentence says why
    if result.error:
        raise NewcomerStuck(f"The browser failed: {result.error}")


def collect_file(file_path: Path, parent: pytest.Collector) -> pytest.Collector | None:
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
        data = read_yaml(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, Problem):  # any text: read in bounded time, or not
        return False
    return isinstance(data, dict) and "steps" in data and "name" in data


class ScenarioFile(pytest.File):
    def collect(self) -> Iterator[pytest.Item]:
        try:
            scenario = load_scenario(self.path)
        except ShoshinError as error:
            raise self.CollectError(str(error)) from None
        yield ScenarioItem.from_parent(self, name=scenario.name, scenario=scenario)


class ScenarioItem(pytest.Function):
    """One YAML scenario; a test function of `shoshin_run`, so it gets the session's run."""

    def __init__(self, *, scenario: Scenario, **kwargs: Any) -> None:
        def walk_scenario(shoshin_run: ShoshinRun) -> None:
            raise_for(shoshin_run.walk(scenario))

        super().__init__(callobj=walk_scenario, **kwargs)
        self.scenario = scenario

    def repr_failure(self, excinfo: pytest.ExceptionInfo[BaseException], style: Any = None) -> str:
        if isinstance(excinfo.value, (NewcomerStuck, ShoshinError)):
            return str(excinfo.value)
        return str(super().repr_failure(excinfo))

    def reportinfo(self) -> tuple[Path, int | None, str]:
        return self.path, 0, f"scenario: {self.scenario.name}"
