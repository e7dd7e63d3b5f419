"""`shoshin explore`: a walk with no script, only a goal and the sign of success.

At each screen the explorer reads what a newcomer sees (`screen.js`), chooses the action
whose words best match the goal (`analysis/scent.py`), and walks it as a one-action step
of a scenario it writes as it goes, through the walk's own step code (`ScenarioWalk.step`):
timings, screenshots, dead ends and signals are a run's. Fields on the screen are filled
in the same step with plausible values. A screen with nothing new to try (or a step that
ends in a dead end) sends it back to the screen before (a `visit` step), within
`max_actions` steps. When the sign of success never shows, a last step expects it, and
its dead end says where the explorer was and what it saw instead.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Generator, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from harness.analysis.lostness import page_id
from harness.analysis.scent import Choice, Option, choose, plain_words
from harness.analysis.signals import warm_up_words
from harness.browser.errors import first_line
from harness.browser.page import read_screen, text_visible
from harness.errors import BrowserFailed, ShoshinError
from harness.files import write_json_atomic
from harness.record.model import utc_now
from harness.run.config import RunConfig, redactor_for
from harness.run.events import (
    Event,
    RunFinished,
    RunStarted,
    ScenarioFinished,
    ScenarioStarted,
    StepFinished,
    StepStarted,
)
from harness.run.runner import open_run
from harness.run.walk import ScenarioWalk
from harness.scenario.model import Action, Expectation, Scenario, Step, Target

EXPLORE_FILE = "explore.json"
FIELD_ROLES = frozenset({"textbox", "searchbox", "spinbutton"})
CLICK_ROLES = frozenset({"button", "link", "tab", "menuitem"})
FINAL_PATIENCE = 2.0  # the last look for the sign, once the explorer stopped


@dataclass(frozen=True)
class Goal:
    goal: str
    done: str
    start: str = "/"
    max_actions: int = 25
    persona: str | None = None
    secret_env: str | None = None
    patience: float = 10.0
    # The scenario for the same goal, when one is known: its name and actions, described.
    shortest: tuple[str, tuple[str, ...]] | None = None

    def password(self) -> str | None:
        if self.secret_env is None:
            return None
        value = os.environ.get(self.secret_env)
        if not value:
            raise ShoshinError(
                f"--secret-env {self.secret_env}: that environment variable is not set; "
                f"set it to the password the explorer should type."
            )
        return value


@dataclass
class Explored:
    """What the explorer did, step by step, beside the run record (`explore.json`)."""

    goal: str
    done: str
    reached: bool = False
    steps: list[dict[str, Any]] = field(default_factory=list)  # index, kind, said, actions
    backtracks: int = 0
    shortest: tuple[str, tuple[str, ...]] | None = None

    def data(self) -> dict[str, Any]:
        return {
            "goal": self.goal,
            "done": self.done,
            "reached": self.reached,
            "backtracks": self.backtracks,
            "steps": self.steps,
            "shortest": None
            if self.shortest is None
            else {"name": self.shortest[0], "actions": list(self.shortest[1])},
        }


def value_for(label: str, goal: Goal, password: str | None) -> tuple[str, bool] | None:
    """A plausible value for a field named `label` (value, secret); None: left alone."""
    words = set(plain_words(label))
    if words & {"password", "passcode", "passphrase"}:
        return (password, True) if password is not None else None
    if words & {"email", "mail", "e"}:
        return "newcomer+{run_id}@example.com", False
    if ("name" in words and words & {"your", "full", "first", "last", "user"}) or words == {"name"}:
        return "Ada Newcomer", False
    if words & {"search", "filter"}:
        return None
    return "My first " + (plain_words(goal.goal)[-1] if plain_words(goal.goal) else "one"), False


class Explorer:
    """One exploration in one fresh browser context, walked step by step."""

    def __init__(self, walk: ScenarioWalk, goal: Goal, password: str | None) -> None:
        self.walk, self.goal, self.password = walk, goal, password
        self.explored = Explored(goal.goal, goal.done, shortest=goal.shortest)
        self.tried: dict[str, set[str]] = {}
        self.trail: list[str] = []  # the addresses it came through, to go back to
        self.filled: set[str] = set()

    def _step(self, intent: str, actions: tuple[Action, ...], **extra: Any) -> Step:
        return Step(
            index=len(self.walk.result.steps) + 1,
            intent=intent,
            actions=actions,
            expect=tuple(extra.get("expect", ())),
            patience=extra.get("patience", self.goal.patience),
        )

    def steps(self) -> Iterator[Event]:
        walk = self.walk
        yield from self._walk_one(self._step(f"Open {self.goal.start}", ()), "start", "")
        while len(walk.result.steps) <= self.goal.max_actions:
            page = walk.watcher.page if walk.watcher is not None else None
            if page is None or any(s.error for s in walk.result.steps):
                break  # the browser failed: the walk's error, told on its step
            if _showing(page, self.goal.done):
                self.explored.reached = True
                break
            step, kind, said = self._next(page)
            if step is None:
                break
            yield from self._walk_one(step, kind, said)
        if not self.explored.reached and not any(s.error for s in walk.result.steps):
            final = self._step(
                f"Reach the goal: {self.goal.goal}",
                (),
                expect=(Expectation("text", self.goal.done),),
                patience=FINAL_PATIENCE,
            )
            yield from self._walk_one(final, "goal", "")

    def _walk_one(self, step: Step, kind: str, said: str) -> Iterator[Event]:
        walk = self.walk
        page = walk.watcher.page if walk.watcher is not None else None
        redact = redactor_for(walk.scenario, walk.run_id)
        came_from = redact.text(page.url) if page is not None else None  # as the record's URLs
        yield StepStarted(walk.scenario, step)
        result = walk.step(step)
        yield StepFinished(walk.scenario, step, result)
        walk.stuck_at = None  # a branch that dead-ended: the explorer goes back and goes on
        self.explored.steps.append(
            {
                "index": step.index,
                "kind": kind,
                "said": redact.text(said),
                "actions": [_saved(a, self.goal, redact.text) for a in step.actions],
                "from": came_from,
                "url": result.url,
                "title": result.title,
                "outcome": result.outcome,
            }
        )

    def _next(self, page: Any) -> tuple[Step | None, str, str]:
        here = page_id(page.url)
        screen = read_screen(page)
        primary = set(screen.get("primary") or [])
        options = [
            Option(
                str(a.get("role")),
                str(a.get("name") or ""),
                str(a.get("context") or ""),
                str(a.get("name")) in primary,
            )
            for a in screen.get("actions", [])
            if a.get("role") in CLICK_ROLES and not a.get("disabled")
        ]
        tried = self.tried.setdefault(here, set())
        choice = choose(self.goal.goal, options, tried)
        if choice is None:
            return self._back(here)
        tried.add(choice.option.name)
        if not self.trail or self.trail[-1] != page.url:
            self.trail.append(page.url)
        fills = self._fills(screen, here) if choice.option.role == "button" else ()
        click = Action("click", Target(choice.option.name))
        said = choice.explain()
        return self._step(_intent(choice), (*fills, click)), "choice", said

    def _back(self, here: str) -> tuple[Step | None, str, str]:
        while self.trail and page_id(self.trail[-1]) == here:
            self.trail.pop()
        if not self.trail:
            return None, "", ""
        back = self.trail.pop()
        self.explored.backtracks += 1
        again = page_id(back) + " "  # the page loads anew: its fields are empty again
        self.filled = {key for key in self.filled if not key.startswith(again)}
        said = f"nothing new to try on {here}: back to {back}"
        return (
            self._step("Go back and try another way", (Action("visit", value=back),)),
            "back",
            said,
        )

    def _fills(self, screen: dict[str, Any], here: str) -> tuple[Action, ...]:
        fills = []
        for item in screen.get("actions", []):
            label = str(item.get("name") or "")
            key = f"{here} {label}"
            if item.get("role") not in FIELD_ROLES or not label or key in self.filled:
                continue
            found = value_for(label, self.goal, self.password)
            if found is None:
                continue
            self.filled.add(key)
            value, secret = found
            fills.append(Action("fill", Target(label), value, secret=secret))
        return tuple(fills)


def _showing(page: Any, text: str) -> bool:
    """Whether the sign of success shows; a page that cannot say (it crashed, it is going
    away) does not show it, and the next step tells what the page did."""
    try:
        return text_visible(page, text)
    except BrowserFailed:
        return False


def _intent(choice: Choice) -> str:
    return choice.explain()[0].upper() + choice.explain()[1:]


def _saved(action: Action, goal: Goal, redact: Callable[[str], str]) -> dict[str, Any]:
    """An action as `--save-scenario` writes it: a secret as its variable, never its value
    (nor in an address it goes back to)."""
    value = f"${{{goal.secret_env}}}" if action.secret else action.value
    value = redact(value) if value is not None and not action.secret else value
    return {
        "kind": action.kind,
        "target": action.target.text if action.target else None,
        "value": value,
        "secret": action.secret,
    }


def explore_events(goal: Goal, config: RunConfig) -> Generator[Event, None, None]:
    """The events of one exploration, as a run of one scenario (the goal) yields them."""
    from playwright.sync_api import sync_playwright

    password = goal.password()
    scenario = Scenario(
        name=goal.goal,
        file=Path("explore.yaml"),
        steps=(),
        persona=goal.persona,
        start=goal.start,
        patience=goal.patience,
        secrets=(password,) if password else (),
    )
    warm_up_words()
    with sync_playwright() as pw:
        run = open_run(pw, config)
        browser, record, run_dir = run.browser, run.record, run.run_dir
        try:
            yield RunStarted(record, run_dir, 1)
            walk = ScenarioWalk(browser, scenario, config, run_dir, record.run_id, 1, pw.devices)
            record.results.append(walk.result)
            yield ScenarioStarted(scenario, 1, 1, walk.result, 1, 1)
            explorer = Explorer(walk, goal, password)
            try:
                walk.first_run.before_context()
                walk.open()
                assert walk.tab is not None
                walk.first_run.in_context(walk.tab.page)
                yield from explorer.steps()
            except Exception as exc:  # the browser itself failed: the walk's error
                walk.result.error = redactor_for(scenario, record.run_id).text(first_line(exc))
            finally:
                with contextlib.suppress(Exception):
                    walk.close()
            write_json_atomic(run_dir / EXPLORE_FILE, explorer.explored.data())
            yield ScenarioFinished(scenario, walk.result)
            record.status = "finished"
            record.finished_at = utc_now()
            yield RunFinished(record, run_dir)
        finally:
            with contextlib.suppress(Exception):
                browser.close()
