"""What `shoshin explore` found, as plain data for the terminal and the report (pure).

Lostness (Smith 1996, `analysis/lostness.py`) compares the explorer's pages, revisits
counted, with the pages of its own way that stood (the branches it went back from left
out), pages named as the report names them (`tester_paths.page_key`). The shortest way
is a scenario's for the same goal, when one is given: its actions beside the explorer's.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from harness.analysis.lostness import Lostness, lostness
from harness.analysis.scent import stems
from harness.report.tester_paths import page_key
from harness.run.explore_save import direct_path
from harness.scenario.model import Scenario

EXPLORE_FILE = "explore.json"


@dataclass(frozen=True)
class ExploreView:
    goal: str
    done: str
    reached: bool
    choices: list[str]  # what it chose and why, in order (going back included)
    path: list[str]  # the way that stood: each choice's action, described
    actions: int  # the choices on the way that stood
    pages: list[str]
    lost: Lostness
    shortest: list[str] | None  # the scenario's actions, when one for the goal is known
    shortest_name: str | None
    stuck_at: str | None  # the page it ended on, when it did not reach the goal

    @property
    def lostness(self) -> str:
        return "unknown" if self.lost.value is None else f"{self.lost.value:.2f}"


def read_explored(run_dir: Path) -> dict[str, Any] | None:
    """`explore.json`, when the run was an exploration (None for a scenario run)."""
    try:
        data = json.loads((run_dir / EXPLORE_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def explore_in(run_dir: Path) -> ExploreView | None:
    explored = read_explored(run_dir)
    return explore_view(explored) if explored is not None else None


def matching_scenario(goal: str, scenarios: list[Scenario], name: str | None) -> Scenario | None:
    """The scenario named `name`; else the one whose name and intents share most of the
    goal's words (at least half of them), the first on a tie."""
    if name is not None:
        return next((s for s in scenarios if s.name == name or s.file.stem == name), None)
    wanted = set(stems(goal))
    best, best_shared = None, 0
    for scenario in scenarios:
        text = " ".join([scenario.name, *(s.intent or "" for s in scenario.steps)])
        shared = len(wanted & set(stems(text)))
        if shared > best_shared:
            best, best_shared = scenario, shared
    return best if wanted and best_shared * 2 >= len(wanted) else None


def shortest_of(scenario: Scenario) -> tuple[str, tuple[str, ...]]:
    """A scenario's name and its actions, described, as `explore.json` keeps them."""
    return scenario.name, tuple(a.describe() for step in scenario.steps for a in step.actions)


def explore_view(explored: dict[str, Any]) -> ExploreView:
    steps = explored.get("steps", [])
    pages = [page_key(s["url"]) for s in steps if s.get("url")]
    stood = direct_path(steps)
    needed = [page_key(s["from"]) for s in stood if s.get("from")]
    needed += [page_key(stood[-1]["url"])] if stood and stood[-1].get("url") else []
    if not needed and pages:
        needed = pages[:1]
    said = [s["said"] for s in steps if s.get("said")]
    shortest = explored.get("shortest") or None
    return ExploreView(
        goal=explored.get("goal", ""),
        done=explored.get("done", ""),
        reached=bool(explored.get("reached")),
        choices=said,
        path=[
            f"{a['kind']} “{a['target']}”"
            for s in stood
            for a in s["actions"]
            if a["kind"] == "click"
        ],
        actions=len(stood),
        pages=pages,
        lost=lostness(pages, needed),
        shortest=[str(a) for a in shortest["actions"]] if shortest else None,
        shortest_name=str(shortest["name"]) if shortest else None,
        stuck_at=None if explored.get("reached") or not pages else pages[-1],
    )


def lines(view: ExploreView) -> list[str]:
    """The exploration in a few lines for the terminal."""
    head = (
        f"Reached “{view.done}” in {view.actions} action{'s' if view.actions != 1 else ''}."
        if view.reached
        else f"Did not reach “{view.done}”: lost at {view.stuck_at or 'the start'}."
    )
    out = [head, *(f"  {c}" for c in view.choices)]
    out.append(f"Lostness {view.lostness} ({'lost' if view.lost.lost else 'not lost'}).")
    if view.shortest is not None:
        out.append(
            f"Shortest known way ({view.shortest_name}): {len(view.shortest)} actions; "
            f"the explorer's: {view.actions}."
        )
    return out
