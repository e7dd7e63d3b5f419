"""Loading scenario files: YAML with line numbers, validated into the model once.

Loose YAML is accepted here alone; a mistake is one sentence with file:line, step and a fix.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from harness.errors import ScenarioError
from harness.scenario.actions import ACTION_KINDS, ACTIONS, SCROLL_WHERE
from harness.scenario.forms import PLACES, expect_of, placed, target_of
from harness.scenario.lines import MAX_CHARS, kind_of, read_yaml, reject_unknown, shown
from harness.scenario.lines import Problem as _Problem
from harness.scenario.lines import YamlMap as _Map
from harness.scenario.lines import YamlSeq as _Seq
from harness.scenario.model import (
    DEFAULT_PATIENCE,
    SCENARIO_KEYS,
    STEP_KEYS,
    Action,
    Scenario,
    Step,
)

_ENV = re.compile(r"\$\$|\$\{([A-Za-z_][A-Za-z0-9_]*)\}")


# --- loading ---------------------------------------------------------------------------


def find_scenario_files(paths: Iterable[Path]) -> list[Path]:
    """Expand directories into their YAML files (sorted); keep files as given."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            found = sorted([*path.glob("*.yaml"), *path.glob("*.yml")])
            if not found:
                raise ScenarioError(path, None, "this folder holds no .yaml scenario files.")
            files.extend(found)
        elif path.is_file():
            files.append(path)
        else:
            raise ScenarioError(
                path, None, "no such file or folder.", fix="Check the path and try again."
            )
    return files


def load_scenarios(paths: Iterable[Path], env: Mapping[str, str] | None = None) -> list[Scenario]:
    return [load_scenario(f, env) for f in find_scenario_files(paths)]


def load_scenario(path: Path, env: Mapping[str, str] | None = None) -> Scenario:
    """Read one scenario file; raise ScenarioError with file:line and a fix on any problem."""
    try:
        with path.open("rb") as file:
            # Never more than a scenario can be: past 4 bytes a character, it is refused
            # at the line where it passes MAX_CHARS, not read whole (a 10 GB file, /dev/zero).
            raw = file.read(4 * MAX_CHARS + 1)
        text = raw.decode("utf-8", errors="replace" if len(raw) > 4 * MAX_CHARS else "strict")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        raise ScenarioError(
            path,
            line,
            f"the file is not UTF-8 text (byte 0x{raw[exc.start]:02x} here).",
            fix="Save it as UTF-8.",
        ) from None
    except OSError as exc:
        raise ScenarioError(path, None, f"cannot read the file ({exc.strerror}).") from None
    return parse_scenario(text, path, os.environ if env is None else env)


def parse_scenario(text: str, path: Path, env: Mapping[str, str]) -> Scenario:
    try:
        data = read_yaml(text)
    except _Problem as p:
        raise ScenarioError(path, p.line, p.problem, fix=p.fix) from None
    try:
        return _build_scenario(data, path, env)
    except _Problem as p:
        raise ScenarioError(path, p.line, p.problem, step=p.step, fix=p.fix) from None


def _build_scenario(data: Any, path: Path, env: Mapping[str, str]) -> Scenario:
    if not isinstance(data, _Map):
        raise _Problem(1, "a scenario must be a mapping with 'name' and 'steps'.")
    reject_unknown(data, SCENARIO_KEYS, "scenario")
    name = _string(data, "name", required=True)
    assert name is not None
    patience = _seconds(data, "patience") or DEFAULT_PATIENCE
    jargon_raw = data.get("jargon", [])
    if not isinstance(jargon_raw, list) or not all(isinstance(j, str) for j in jargon_raw):
        raise _Problem(
            data.key_lines.get("jargon"),
            "'jargon' must be a list of words.",
            "Write it as jargon: [tenant, provision].",
        )
    if "steps" not in data:
        raise _Problem(data.line, "the scenario has no 'steps'.", "Add a list of steps.")
    raw_steps = data["steps"]
    if not isinstance(raw_steps, _Seq) or not raw_steps:
        raise _Problem(
            data.key_lines["steps"],
            "'steps' must be a non-empty list.",
            "Start each step with '- intent: ...'.",
        )
    secrets: list[str] = []
    steps = []
    for number, raw in enumerate(raw_steps, start=1):
        try:
            steps.append(_build_step(raw, number, patience, env, secrets, raw_steps.line))
        except _Problem as p:
            p.step = number
            raise
    return Scenario(
        name=name,
        file=path,
        steps=tuple(steps),
        persona=_string(data, "persona"),
        start=_string(data, "start"),
        patience=patience,
        budget=_seconds(data, "budget"),
        jargon=tuple(jargon_raw),
        secrets=tuple(secrets),
        product=_string(data, "product"),
        reset=_reset(data, env),
    )


def _reset(data: _Map, env: Mapping[str, str]) -> str | None:
    """`reset:` — a path (or URL) that puts the product back in first-run state."""
    reset = _string(data, "reset")
    if reset is None:
        return None
    if not reset.strip():
        raise _Problem(
            data.key_lines["reset"],
            "'reset' must be a path or URL that puts the product back in first-run state.",
            "Write it as reset: /__reset.",
        )
    return _substitute_env(reset.strip(), env, data.key_lines["reset"])


def _build_step(
    raw: Any,
    index: int,
    default_patience: float,
    env: Mapping[str, str],
    secrets: list[str],
    list_line: int,
) -> Step:
    if not isinstance(raw, _Map):
        raise _Problem(
            getattr(raw, "line", list_line),
            "a step must be a mapping of 'intent', actions and 'expect'.",
        )
    reject_unknown(raw, STEP_KEYS, "step")
    actions = _actions_of(raw, env, secrets)
    alternatives: tuple[tuple[Action, ...], ...] = ()
    if "or" in raw:
        if actions:
            raise _Problem(
                raw.key_lines["or"],
                "a step with 'or' has its actions inside each way, not beside it.",
                "Move the other actions into every way, or into a step of their own.",
            )
        first, *others = _build_ways(raw["or"], raw.key_lines["or"], env, secrets)
        actions, alternatives = list(first), tuple(others)
    if not actions and "expect" not in raw:
        raise _Problem(raw.line, "the step has no action and no 'expect'.", _ACTION_HINT)
    return Step(
        index=index,
        intent=_string(raw, "intent"),
        actions=tuple(actions),
        expect=expect_of(raw),
        patience=_seconds(raw, "patience") or default_patience,
        budget=_seconds(raw, "budget"),
        line=raw.line,
        alternatives=alternatives,
    )


def _actions_of(raw: _Map, env: Mapping[str, str], secrets: list[str]) -> list[Action]:
    """A step's (or an `or` way's) action keys in the order written, or its `actions` list."""
    actions: list[Action] = []
    for key in raw:
        if key in ACTION_KINDS:
            actions.extend(_build_actions(key, raw[key], raw.key_lines[key], env, secrets))
    if "actions" in raw:
        if actions:
            raise _Problem(
                raw.key_lines["actions"],
                "a step has either an 'actions' list or action keys, not both.",
            )
        listed = raw["actions"]
        if not isinstance(listed, _Seq):
            raise _Problem(raw.key_lines["actions"], "'actions' must be a list.")
        for item in listed:
            if not isinstance(item, _Map) or len(item) != 1:
                raise _Problem(
                    getattr(item, "line", listed.line),
                    "each entry of 'actions' must be one action, like '- click: Next'.",
                )
            reject_unknown(item, ACTION_KINDS, "action")
            (kind,) = item.keys()
            actions.extend(_build_actions(kind, item[kind], item.key_lines[kind], env, secrets))
    return actions


_OR_HINT = "Write each way as an entry of its own: or: [{click: Group by}, {click: Facets}]."
_WAY_KEYS = (*ACTION_KINDS, "actions")


def _build_ways(
    value: Any, line: int, env: Mapping[str, str], secrets: list[str]
) -> list[tuple[Action, ...]]:
    """`or:` — two or more ways, each the action keys (or `actions` list) of one attempt."""
    if not isinstance(value, _Seq) or len(value) < 2:
        raise _Problem(line, "'or' takes a list of two or more ways to do the step.", _OR_HINT)
    ways = []
    for number, way in enumerate(value, start=1):
        if not isinstance(way, _Map) or not way:
            raise _Problem(
                value.item_lines[number - 1],
                f"way {number} of 'or' must be actions, like '- click: Facets'.",
                _OR_HINT,
            )
        for key in way:
            if key == "or":
                raise _Problem(
                    way.key_lines[key],
                    f"way {number} of 'or' holds another 'or'; ways do not nest.",
                    "Write each way's actions in full, as ways of the one 'or'.",
                )
            if key in STEP_KEYS and key not in _WAY_KEYS:
                raise _Problem(
                    way.key_lines[key],
                    f"'{key}' belongs to the step, not to way {number} of 'or'.",
                    f"Write {key}: beside 'or', once for every way.",
                )
        reject_unknown(way, _WAY_KEYS, f"'or' way {number}")
        actions = _actions_of(way, env, secrets)
        if not actions:
            raise _Problem(way.line, f"way {number} of 'or' has no action.", _OR_HINT)
        ways.append(tuple(actions))
    return ways


_ACTION_HINT = "Add one of: " + ", ".join(ACTION_KINDS) + "."


def _build_actions(
    kind: str, value: Any, line: int, env: Mapping[str, str], secrets: list[str]
) -> list[Action]:
    written = ACTIONS[kind].written
    if written == "fields":
        if not isinstance(value, _Map) or not value:
            raise _Problem(
                line,
                f"'{kind}' takes a mapping of field label to value.",
                f'Write it as {kind}: {{Email: "newcomer@example.com"}}.',
            )
        out = []
        for label, raw_value in value.items():
            field_line = value.key_lines[label]
            secret = False
            target = target_of(label, field_line)
            if isinstance(raw_value, _Map):
                reject_unknown(raw_value, ("value", "secret", *PLACES), f"{kind} value")
                secret = bool(raw_value.get("secret", False))
                target = placed(target, raw_value, f"{kind} label")
                raw_value = raw_value.get("value")
            if raw_value is None or isinstance(raw_value, (list, dict)):
                raise _Problem(field_line, f"the value for “{shown(label)}” must be text.")
            text = _substitute_env(str(raw_value), env, field_line)
            if secret and text:
                secrets.append(text)
            out.append(Action(kind, target, text, secret, field_line))
        return out
    if written == "targets":
        targets = value if isinstance(value, list) else [value]
        return [Action(kind, target_of(t, line), line=line) for t in targets]
    if written == "word":
        if not isinstance(value, (str, int, float)) or isinstance(value, bool) or value == "":
            raise _Problem(line, f"'{kind}' takes {ACTIONS[kind].word}.")
        return [Action(kind, value=_substitute_env(str(value), env, line), line=line)]
    # scroll: a direction, or a target to bring into view
    if isinstance(value, str) and value in SCROLL_WHERE:
        return [Action(kind, value=value, line=line)]
    return [Action(kind, target_of(value, line), line=line)]


# --- small helpers ------------------------------------------------------------------------


def _string(data: _Map, key: str, *, required: bool = False) -> str | None:
    if key not in data or data[key] is None:
        if required:
            raise _Problem(data.line, f"the {key!r} is missing.", f"Add {key}: ... at the top.")
        return None
    value = data[key]
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        raise _Problem(data.key_lines[key], f"'{key}' must be text, not {kind_of(value)}.")
    return str(value)


def _seconds(data: _Map, key: str) -> float | None:
    if key not in data or data[key] is None:
        return None
    value = data[key]
    # `not value > 0` refuses nan too; a huge int is compared, never made a float
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not value > 0:
        raise _Problem(
            data.key_lines[key],
            f"'{key}' must be a positive number of seconds, not {kind_of(value)}.",
            f"Write it as {key}: 10.",
        )
    if value > _DAY:
        raise _Problem(
            data.key_lines[key],
            f"'{key}' of {kind_of(value)} seconds is longer than a day ({_DAY}).",
            f"Write it in seconds, e.g. {key}: 10.",
        )
    return float(value)


_DAY = 86_400


def _substitute_env(text: str, env: Mapping[str, str], line: int) -> str:
    def replace(match: re.Match[str]) -> str:
        name = match.group(1)
        if name is None:
            return "$"
        if name not in env:
            raise _Problem(
                line,
                f"the environment variable {name} is not set.",
                f"Set it before running, e.g. export {name}=...",
            )
        return env[name]

    return _ENV.sub(replace, text)
