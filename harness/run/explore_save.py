"""`shoshin explore --save-scenario`: the explorer's way to the goal as a scenario file.

The branches it went back from are left out: what is written is the way that reached the
goal (or the last screen), one step per choice, each expecting the page's title it led to
and the last one the sign of success. Passwords are written as the `--secret-env`
variable, with `secret: true`, never their value (`scenario/compose.py` writes the file).
"""

from __future__ import annotations

from typing import Any

from harness.analysis.lostness import page_id
from harness.scenario.compose import Click, Composer, Expect, Fill, Named, Navigate


def direct_path(steps: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The choice steps on the way that stood: a step going back to a page drops every
    choice made from that page on."""
    kept: list[dict[str, Any]] = []
    for step in steps:
        if step["kind"] == "choice":
            kept.append(step)
        elif step["kind"] == "back":
            target = page_id(str(step["actions"][0]["value"]))
            while kept and page_id(str(kept[-1]["from"])) != target:
                kept.pop()
            if kept:
                kept.pop()
    return kept


def scenario_text(
    explored: dict[str, Any], base_url: str, start: str, secret_env: str | None
) -> str:
    composer = Composer(explored["goal"], base_url, secret_prefix="EXPLORE")
    composer.add(Navigate(base_url.rstrip("/") + "/" + start.lstrip("/"), "start"))
    path = direct_path(explored["steps"])
    for number, step in enumerate(path, start=1):
        for action in step["actions"]:
            named = Named(role="textbox", name=action["target"], label=action["target"])
            if action["kind"] == "fill":
                composer.add(Fill(named, str(action["value"]), secret=bool(action["secret"])))
            elif action["kind"] == "click":
                composer.add(Click(Named(role="button", name=action["target"])))
        if number == len(path) and explored.get("reached"):
            composer.add(Expect(explored["done"]))
        elif step.get("title"):
            composer.add(Expect(str(step["title"]), kind="title"))
    text = composer.text()
    for variable in composer.secrets:
        if secret_env:
            text = text.replace("${" + variable + "}", "${" + secret_env + "}")
    return text
