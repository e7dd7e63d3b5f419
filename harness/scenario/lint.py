"""Beginner's-mind warnings about a scenario that loads but does not read like a newcomer."""

from __future__ import annotations

import re
from dataclasses import dataclass

from harness.scenario.model import Scenario

MAX_PATIENCE = 60.0
_TEST_ID = re.compile(r"^(?:[a-z0-9]+(?:[-_][a-z0-9]+)+|[a-z]+(?:[A-Z][a-z0-9]*)+)$")
_TEST_ATTRIBUTE = re.compile(r"test-?id|data-test|data-qa", re.IGNORECASE)


@dataclass(frozen=True)
class Warning:
    file: str
    line: int | None
    step: int | None
    message: str

    def sentence(self) -> str:
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        step = f" step {self.step}:" if self.step is not None else ""
        return f"{where}:{step} {self.message}"


def looks_like_test_id(text: str) -> bool:
    """`signup-button`, `btnSubmit`, `data-testid=x`: names a developer sees, not a newcomer."""
    text = text.strip()
    return " " not in text and bool(_TEST_ID.match(text) or _TEST_ATTRIBUTE.search(text))


def lint(scenario: Scenario) -> list[Warning]:
    file = str(scenario.file)
    out: list[Warning] = []
    for step in scenario.steps:

        def warn(message: str, line: int | None, step_index: int = step.index) -> None:
            out.append(Warning(file, line, step_index, message))

        if not step.intent:
            warn(
                "no 'intent': say in the newcomer's own words what they are trying to do.",
                step.line,
            )
        if not step.expect:
            warn("no 'expect': add the sign that tells the newcomer the step worked.", step.line)
        if step.patience > MAX_PATIENCE:
            warn(
                f"patience of {step.patience:g} s is over a minute; "
                "a newcomer rarely waits that long.",
                step.line,
            )
        for expectation in step.expect:
            if expectation.too_short:
                warn(
                    f"expect “{expectation.value}” is too short to prove anything; "
                    "expect a sentence the step makes appear.",
                    expectation.line or step.line,
                )
        for action in step.every_action:
            if action.target is None:
                continue
            if action.target.css:
                warn(
                    f"“css:{action.target.text}” is a CSS selector, and a newcomer cannot see "
                    "CSS; name what is written on screen instead.",
                    action.line,
                )
            elif looks_like_test_id(action.target.text):
                warn(
                    f"“{action.target.text}” looks like a test id, not words on screen; "
                    "name what a newcomer reads there instead.",
                    action.line,
                )
    return out
