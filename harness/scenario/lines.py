"""YAML with line numbers: mappings and lists that remember where they were written.

The loader (`scenario/load.py`) validates these, and a `Problem` carries the line until the
file name is attached. `read_yaml` is the only way in: whatever the text, it returns the
document or raises a `Problem` with a line, in bounded time and memory (no nesting deeper
than `MAX_DEPTH`, no alias expanding past `MAX_NODES`, no text longer than `MAX_CHARS`).
"""

from __future__ import annotations

import difflib
from typing import Any

import yaml

from harness.text import one_line

# A scenario is a few kilobytes nested five or six levels deep; these bounds are far above
# any real one and keep a hostile file (a billion laughs, ten thousand brackets) harmless.
MAX_CHARS = 250_000
MAX_DEPTH = 100
MAX_NODES = 100_000
MAX_INT_BITS = 1_000  # about 300 digits: past that, a number is text written without quotes


class YamlMap(dict[str, Any]):
    line: int
    key_lines: dict[str, int]


class YamlSeq(list[Any]):
    line: int
    item_lines: list[int]


class LineLoader(yaml.SafeLoader):
    """The safe loader, with every collection's line, and a bound on how deep it nests."""

    depth = 0

    def compose_node(self, parent: yaml.Node | None, index: Any) -> yaml.Node | None:
        self.depth += 1
        try:
            if self.depth > MAX_DEPTH:
                line = self.peek_event().start_mark.line + 1  # type: ignore[no-untyped-call]
                raise Problem(
                    line,
                    f"the YAML nests more than {MAX_DEPTH} levels deep here.",
                    "A scenario needs five or six; check for unclosed brackets.",
                )
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1

    def construct_object(self, node: yaml.Node, deep: bool = False) -> Any:
        """A value YAML cannot read (`2001-13-45`, `!!float abc`) is a Problem at its line."""
        try:
            data = super().construct_object(node, deep)
        except (ValueError, TypeError, LookupError, ArithmeticError, AttributeError):
            # PyYAML's own constructors fail so on a value its resolver did not pick:
            # `!!timestamp x` is AttributeError, `!!bool abc` KeyError, `2001-13-45` ValueError
            data = None
        else:
            if not (isinstance(data, int) and data.bit_length() > MAX_INT_BITS):
                return data
        written = f"“{shown(node.value)}”" if isinstance(node, yaml.ScalarNode) else "this value"
        what = _TAG_WORDS.get(node.tag, "a value")
        raise Problem(
            node.start_mark.line + 1,
            f"{written} cannot be read as {what}.",
            "Put it in quotes to keep it as text.",
        )


_TAG_WORDS = {
    "tag:yaml.org,2002:int": "a whole number of a sensible size",
    "tag:yaml.org,2002:float": "a number",
    "tag:yaml.org,2002:bool": "a yes/no value",
    "tag:yaml.org,2002:timestamp": "a date",
    "tag:yaml.org,2002:null": "an empty value",
}


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
            raise Problem(line, f"the key '{shown(key)}' appears twice.", "Keep only one.")
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


def read_yaml(text: str) -> Any:
    """The one document in `text`, as YamlMap/YamlSeq/scalars; any problem is a `Problem`."""
    if len(text) > MAX_CHARS:
        raise Problem(
            text.count("\n", 0, MAX_CHARS) + 1,
            f"the file goes on past {MAX_CHARS:,} characters here; a scenario is a few kilobytes.",
            "Split it into several scenario files.",
        )
    try:
        loader = LineLoader(text)
    except yaml.reader.ReaderError as exc:
        raise _unreadable(text, exc) from None
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        _check_size(node)
        return loader.construct_document(node)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        why = exc.problem or exc.context or "it does not parse"
        raise Problem(
            mark.line + 1 if mark is not None else 1,
            f"this is not valid YAML ({why}).",
            "Check the indentation.",
        ) from None
    finally:
        loader.dispose()


def _unreadable(text: str, exc: yaml.reader.ReaderError) -> Problem:
    """A character YAML does not allow in a file (NUL, other controls, a lone surrogate)."""
    line = text.count("\n", 0, exc.position) + 1
    code = exc.character if isinstance(exc.character, int) else 0
    return Problem(
        line,
        f"the file holds the character U+{code:04X}, which YAML does not allow.",
        'Remove it, or write it as an escape inside double quotes ("\\x00").',
    )


def _check_size(root: yaml.Node) -> None:
    """Refuse a document whose aliases expand past MAX_NODES nodes or MAX_DEPTH levels, or
    refer to themselves: each node is sized once (memoised), so a billion laughs costs as
    little to refuse as it took to write."""
    sizes: dict[int, tuple[int, int]] = {}  # id(node) -> (expanded nodes, expanded depth)
    open_nodes: set[int] = set()
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    while stack:
        node, children_done = stack.pop()
        children = _children(node)
        if children_done:
            open_nodes.discard(id(node))
            size = 1 + sum(sizes[id(c)][0] for c in children)
            depth = 1 + max((sizes[id(c)][1] for c in children), default=0)
            if size > MAX_NODES or depth > MAX_DEPTH:
                what = f"{MAX_NODES:,} values" if size > MAX_NODES else f"{MAX_DEPTH} levels"
                raise Problem(
                    node.start_mark.line + 1,
                    f"the aliases here expand to more than {what}; a scenario needs far fewer.",
                    "Write the steps out, or use fewer nested aliases (*name).",
                )
            sizes[id(node)] = (size, depth)
            continue
        if id(node) in sizes:
            continue
        open_nodes.add(id(node))
        stack.append((node, True))
        for child in children:
            if id(child) in open_nodes:
                raise Problem(
                    child.start_mark.line + 1,
                    "an alias here refers to the list or mapping it sits in, which never ends.",
                    "Point the alias (*name) at something outside it.",
                )
            if id(child) not in sizes:
                stack.append((child, False))


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    if isinstance(node, yaml.MappingNode):
        return [part for pair in node.value for part in pair]
    return []


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
            line = data.key_lines.get(key, data.line)
            raise Problem(line, f"unknown {what} key '{shown(key)}'.", fix)


def kind_of(value: Any) -> str:
    if isinstance(value, bool):
        return f"{str(value).lower()} (a yes/no value)"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return shown(repr(value))


def shown(text: str, limit: int = 60) -> str:
    """Text to quote in a one-line sentence: no line breaks or control characters, and a long
    one (a 1000-digit number) cut to its start."""
    return one_line(text, limit)
