"""Scenario YAML from what `harness.scenario.compose` recorded: steps as plain data (an
intent drafted from the actions, consecutive fills as one mapping, an `actions:` list when a
kind comes back), and the file's text, every scalar quoted and escaped by PyYAML's emitter
so that it loads back to the same words."""

from __future__ import annotations

import unicodedata
from typing import Any

import yaml

# One recorded action: kind, target as written, value as written, the words for an intent.
Recorded = tuple[str, Any, Any, str]

HEAD = (
    "# Written by `shoshin record`: each step is what the author did up to the sign",
    "# they marked. Say each intent in the newcomer's own words.",
)


def scenario_text(data: dict[str, Any], secrets: dict[str, str]) -> str:
    """The scenario file: a few comments (the variables to set), then the scenario."""
    head = list(HEAD)
    if secrets:
        head.append("# Set before `shoshin check` and `shoshin run`:")
        head += [f"#   {name}  (the {label} typed)" for name, label in secrets.items()]
    body = _dump({k: v for k, v in data.items() if k != "steps"})
    steps = data["steps"]
    if not steps:
        return "\n".join([*head, body.rstrip("\n"), "steps: []", ""])
    chunks = [_indent(_dump([step])) for step in steps]
    return "\n".join(head) + "\n" + body + "steps:\n" + "\n".join(chunks)


def step_data(actions: list[Recorded], expect: list[Any]) -> dict[str, Any]:
    """A step as plain data: its intent, its actions grouped, what it expects."""
    out: dict[str, Any] = {"intent": _intent(actions)}
    groups = _groups(actions)
    kinds = [kind for kind, _ in groups]
    if len(kinds) == len(set(kinds)):
        out.update(groups)
    else:
        out["actions"] = [{kind: value} for kind, value in groups]
    if expect:
        out["expect"] = expect[0] if len(expect) == 1 else list(expect)
    return out


def _groups(actions: list[Recorded]) -> list[tuple[str, Any]]:
    """Consecutive fills (selects) as one mapping, consecutive clicks (checks) as one list."""
    groups: list[tuple[str, Any]] = []
    for kind, target, value, _ in actions:
        last = groups[-1] if groups else None
        if kind in ("fill", "select"):
            if last and last[0] == kind and target not in last[1]:
                last[1][target] = value
            else:
                groups.append((kind, {target: value}))
        elif kind in ("click", "check"):
            if last and last[0] == kind:
                value_list = last[1] if isinstance(last[1], list) else [last[1]]
                groups[-1] = (kind, [*value_list, target])
            else:
                groups.append((kind, target))
        else:
            groups.append((kind, value))
    return groups


_VERBS = {"fill": "fill in", "select": "choose", "click": "click", "check": "tick"}


def _intent(actions: list[Recorded]) -> str:
    """The actions in plain words, as a first draft of the newcomer's intent."""
    said: list[tuple[str, list[str]]] = []  # verb, what (in order, once each)
    for kind, _, _, what in actions:
        verb = _VERBS.get(kind, kind if kind != "visit" else "go to")
        shown = what if kind in ("visit", "press") else f"“{what}”"
        if said and said[-1][0] == verb:
            if shown not in said[-1][1]:
                said[-1][1].append(shown)
        else:
            said.append((verb, [shown]))
    if not said:
        return "Arrive and look around"
    phrases = [f"{verb} {_listed(things)}" for verb, things in said]
    text = ", ".join(phrases[:4]) + (", …" if len(phrases) > 4 else "")
    return text[0].upper() + text[1:]


def _listed(things: list[str]) -> str:
    return things[0] if len(things) == 1 else ", ".join(things[:-1]) + " and " + things[-1]


class _Dumper(yaml.SafeDumper):
    pass


def _str(dumper: yaml.SafeDumper, text: str) -> yaml.ScalarNode:
    """Text with line breaks or control characters in double quotes, every one escaped:
    PyYAML's single-quoted folding loses a `\x85`."""
    odd = any(c in "\x85\u2028\u2029" or unicodedata.category(c) == "Cc" for c in text)
    return dumper.represent_scalar("tag:yaml.org,2002:str", text, style='"' if odd else None)


_Dumper.add_representer(str, _str)


def _dump(data: Any) -> str:
    return yaml.dump(
        data,
        Dumper=_Dumper,
        sort_keys=False,
        allow_unicode=True,
        width=1_000_000,
        default_flow_style=False,
    )


def _indent(text: str) -> str:
    return "".join(f"  {line}\n" if line else "\n" for line in text.rstrip("\n").split("\n"))
