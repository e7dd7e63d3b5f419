"""Finding what the observer names: a session by id or prefix, a scenario by name or stem."""

from __future__ import annotations

import re
from pathlib import Path

from harness.errors import ShoshinError
from harness.scenario.load import find_scenario_files, load_scenario
from harness.scenario.model import Scenario
from harness.session.model import SESSION_SUFFIX, ObserveError


def find_scenario(name: str, scenarios_dir: Path) -> Scenario:
    """The scenario called NAME (its `name:`, any case, or its file stem) in a folder."""
    wanted = name.strip().casefold()
    try:
        files = find_scenario_files([scenarios_dir])
    except ShoshinError:
        raise ObserveError(
            f"No scenarios found in {scenarios_dir}; point --scenarios at the folder that holds "
            "them."
        ) from None
    for file in files:
        if file.stem.casefold() == wanted:
            return load_scenario(file)
    known, broken, partial = [], [], []
    for file in files:
        try:
            scenario = load_scenario(file)
        except ShoshinError:
            broken.append(file.name)
            continue
        if scenario.name.casefold() == wanted:
            return scenario
        if wanted and (wanted in scenario.name.casefold() or wanted in file.stem.casefold()):
            partial.append(scenario)
        known.append(f"'{scenario.name}' ({file.stem})")
    if len(partial) == 1:  # "first project" is enough when only one scenario says so
        return partial[0]
    unread = f" ({', '.join(broken)} could not be read)" if broken else ""
    raise ObserveError(
        f"No scenario called '{name}' in {scenarios_dir}{unread}; known: {', '.join(known)}."
        if known
        else f"No scenario called '{name}' in {scenarios_dir}{unread}."
    )


def find_session(sessions_dir: Path, ref: str) -> Path:
    """A session file by id, unique id prefix, or path."""
    direct = Path(ref)
    if direct.suffix == SESSION_SUFFIX and direct.is_file():
        return direct
    exact = sessions_dir / f"{ref}{SESSION_SUFFIX}"
    if exact.is_file():
        return exact
    found = sorted(sessions_dir.glob(f"{_glob_escape(ref)}*{SESSION_SUFFIX}"))
    if len(found) == 1:
        return found[0]
    if found:
        ids = ", ".join(p.name.removesuffix(SESSION_SUFFIX) for p in found[:5])
        raise ObserveError(f"Several sessions in {sessions_dir} start with '{ref}' ({ids}).")
    raise ObserveError(
        f"No session '{ref}' in {sessions_dir}; give the id printed when it was saved "
        "(the file name without .jsonl)."
    )


def _glob_escape(text: str) -> str:
    return re.sub(r"([*?\[])", r"[\1]", text)
