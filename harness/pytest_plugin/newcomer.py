"""The `newcomer` fixture: a scenario written in Python, walked by the CLI's own walk."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from harness.pytest_plugin.fixtures import ShoshinRun
from harness.pytest_plugin.items import raise_for
from harness.run.config import redactor_for
from harness.run.prepare import NotFirstRun
from harness.scenario.actions import SCROLL_WHERE
from harness.scenario.model import (
    DEFAULT_PATIENCE,
    Action,
    Expectation,
    Scenario,
    Step,
    Target,
)

if TYPE_CHECKING:
    from playwright.sync_api import Page

    from harness.record.model import StepResult
    from harness.run.walk import ScenarioWalk


class Newcomer:
    """A first-time visitor; each action becomes a `Step` that `ScenarioWalk` walks.

    Group actions into one step (one screenshot, one timing) with `step`:

        with newcomer.step("Create an account", patience=10):
            newcomer.fill("Email", "me@example.com")
            newcomer.click("Create account")
            newcomer.expect("Welcome")

    An action outside a `with` block is a step of its own, walked at once. Targets are the
    words on the screen, as in YAML; `css:...` for a selector.
    """

    def __init__(self, walk: ScenarioWalk, run: ShoshinRun) -> None:
        self.walk, self.run = walk, run
        self._actions: list[Action] | None = None
        self._expect: list[Expectation] = []

    @property
    def page(self) -> Page:
        """The newcomer's page, for checks shoshin does not make itself."""
        assert self.walk.tab is not None, "the newcomer's page is open only during the test"
        return self.walk.tab.page

    @contextlib.contextmanager
    def step(
        self,
        intent: str | None = None,
        *,
        patience: float | None = None,
        budget: float | None = None,
    ) -> Iterator[Newcomer]:
        if self._actions is not None:
            raise RuntimeError("newcomer steps do not nest: close one before starting another.")
        self._actions, self._expect = [], []
        try:
            yield self
            actions, expect = tuple(self._actions), tuple(self._expect)
        finally:
            self._actions = None
        self._walk(intent, actions, expect, patience, budget)

    def _walk(
        self,
        intent: str | None,
        actions: tuple[Action, ...],
        expect: tuple[Expectation, ...],
        patience: float | None = None,
        budget: float | None = None,
    ) -> StepResult:
        step = Step(
            index=len(self.walk.result.steps) + 1,
            intent=intent,
            actions=actions,
            expect=expect,
            patience=patience or self.walk.scenario.patience,
            budget=budget,
        )
        result = self.run.step(self.walk, step)
        if result.outcome in ("dead_end", "error"):
            raise_for(self.walk.result)
        return result

    def _do(self, action: Action) -> None:
        if self._actions is None:
            self._walk(None, (action,), ())
        else:
            self._actions.append(action)

    def visit(self, path: str) -> None:
        self._do(Action("visit", value=path))

    # `under` and `near` say which one in a newcomer's words, as in YAML: the one under a
    # heading, the one nearest to some text.
    def click(self, target: str, *, under: str | None = None, near: str | None = None) -> None:
        self._do(Action("click", _target(target, under, near)))

    def hover(self, target: str, *, under: str | None = None, near: str | None = None) -> None:
        self._do(Action("hover", _target(target, under, near)))

    def check(self, target: str, *, under: str | None = None, near: str | None = None) -> None:
        self._do(Action("check", _target(target, under, near)))

    def press(self, key: str = "Enter") -> None:
        self._do(Action("press", value=key))

    def type(self, text: str) -> None:
        """Keystrokes into whatever has focus (a code editor, a terminal): click it first."""
        self._do(Action("type", value=text))

    def select(
        self, label: str, option: str, *, under: str | None = None, near: str | None = None
    ) -> None:
        self._do(Action("select", _target(label, under, near), option))

    def fill(
        self,
        label: str,
        value: str,
        *,
        secret: bool = False,
        under: str | None = None,
        near: str | None = None,
    ) -> None:
        if secret and value:  # masked in the record and on screenshots, as in YAML
            scenario = self.walk.scenario
            self.walk.scenario = replace(scenario, secrets=(*scenario.secrets, value))
        self._do(Action("fill", _target(label, under, near), value, secret))

    def upload(self, label: str, path: str | Path) -> None:
        """Attach a file; a relative path is read from the test file's folder."""
        self._do(Action("upload", _target(label), str(path)))

    def scroll(self, where: str = "down") -> None:
        """`down`, `up`, `top`, `bottom`, or the words to scroll into view."""
        if where in SCROLL_WHERE:
            self._do(Action("scroll", value=where))
        else:
            self._do(Action("scroll", _target(where)))

    def expect(
        self,
        text: str | None = None,
        *,
        url: str | None = None,
        title: str | None = None,
        gone: str | None = None,
        download: str | None = None,
    ) -> None:
        """What shows the step worked: words on the screen, a URL (`/done`, a glob), a title,
        words that go away (`gone=`), a download named like a glob (`download="*.csv"`)."""
        asked = (("text", text), ("url", url), ("title", title), ("gone", gone))
        wanted = tuple(
            Expectation(kind, value)
            for kind, value in (*asked, ("download", download))
            if value is not None
        )
        if not wanted:
            raise TypeError(
                "newcomer.expect needs the words, url=, title=, gone= or download= to wait for."
            )
        if self._actions is None:
            self._walk(None, (), wanted)
        else:
            self._expect.extend(wanted)


def _target(text: str, under: str | None = None, near: str | None = None) -> Target:
    if text.startswith("css:"):
        if under or near:
            raise TypeError("A css: target cannot say under= or near=: a newcomer sees words.")
        return Target(text[4:].strip(), css=True)
    return Target(text, under=under, near=near)


def scenario_for(request: pytest.FixtureRequest) -> Scenario:
    """The test as a scenario: its name and start from `@pytest.mark.shoshin(...)`."""
    marker = request.node.get_closest_marker("shoshin")
    options: dict[str, Any] = dict(marker.kwargs) if marker else {}
    return Scenario(
        name=str(options.get("name", request.node.name)),
        file=Path(str(request.node.path)),
        steps=(),
        persona=options.get("persona"),
        start=options.get("start"),
        patience=float(options.get("patience", DEFAULT_PATIENCE)),
        budget=options.get("budget"),
        jargon=tuple(options.get("jargon", ())),
        product=options.get("product"),
        reset=options.get("reset"),
    )


@pytest.fixture
def newcomer(request: pytest.FixtureRequest, shoshin_run: ShoshinRun) -> Iterator[Newcomer]:
    """A first-time visitor in a fresh browser context, recorded like a YAML scenario."""
    with shoshin_run.scenario(scenario_for(request)) as walk:
        not_first: str | None = None
        try:
            walk.first_run.before_context()
            walk.open()
            assert walk.tab is not None
            walk.first_run.in_context(walk.tab.page)
            yield Newcomer(walk, shoshin_run)
        except NotFirstRun as exc:  # the product is not in first-run state: said below, once
            walk.result.error = not_first = redactor_for(walk.scenario, walk.run_id).text(str(exc))
        except Exception as exc:  # only the set-up raises here; the test's failures stay its own
            said = f"{type(exc).__name__}: {exc}".splitlines()[0]
            walk.result.error = redactor_for(walk.scenario, walk.run_id).text(said)
            raise
        finally:
            walk.close()
        if not_first is not None:
            pytest.fail(not_first, pytrace=False)
