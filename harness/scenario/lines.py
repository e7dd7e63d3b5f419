"""YAML with line numbers: mappings and lists that remember where they were written.

The loader (`scenario/load.py`) validates these, and a `Problem` carries the line until the
file name is attached.
"""

from __future__ import annotations

import difflib
from typing import Any

import yaml


class YamlMap(dict[str, Any]):
    line: int
    key_lines: dict[str, int]


class YamlSeq(list[Any]):
    line: int
    item_lines: list[int]


class LineLoader(yaml.SafeLoader):
    pass


def _construct_map(loader: LineLoader, node: yaml.MappingNode) -> YamlMap:
    loader.flatten_mapping(node)
    result = YamlMap()
    result.line = node.start_mark.line + 1
    result.key_lines = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        line = key_node.start_mark.line + 1
        if not isinstance(key, str):
            key = str(key)
        if key in result:
            raise Problem(line, f"the key '{key}' appears twice.", "Keep only one of them.")
        result[key] = loader.construct_object(value_node, deep=True)
        result.key_lines[key] = line
    return result


def _construct_seq(loader: LineLoader, node: yaml.SequenceNode) -> YamlSeq:
    result = YamlSeq(loader.construct_object(child, deep=True) for child in node.value)
    result.line = node.start_mark.line + 1
    result.item_lines = [child.start_mark.line + 1 for child in node.value]
    return result


LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_map)
LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _construct_seq)


class Problem(Exception):
    """A validation problem before the file name is attached."""

    def __init__(self, line: int | None, problem: str, fix: str | None = None) -> None:
        super().__init__(problem)
        self.line, self.problem, self.fix = line, problem, fix
        self.step: int | None = None


# --- what the loader says where ------------------------------------------------------


def reject_unknown(data: YamlMap, allowed: tuple[str, ...], what: str) -> None:
    for key in data:
        if key not in allowed:
            close = difflib.get_close_matches(key, allowed, n=1, cutoff=0.6)
            fix = f"Did you mean '{close[0]}'?" if close else f"Known keys: {', '.join(allowed)}."
            raise Problem(data.key_lines.get(key, data.line), f"unknown {what} key '{key}'.", fix)


def kind_of(value: Any) -> str:
    if isinstance(value, bool):
        return f"{str(value).lower()} (a yes/no value)"
    if isinstance(value, (int, float)):
        return f"{value!r}"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return repr(value)
