"""Targets and expectations as a scenario writes them, read into the model.

A target is words (`Get started`), `css: ...`, or a mapping that says which one
(`{text: "Python 3", under: Notebook}`); an expectation is words, a list, or a mapping
of one kind (`url:`, `title:`, `gone:`, `download:`). Problems carry their line.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from harness.scenario.lines import Problem, YamlMap, YamlSeq, kind_of, reject_unknown
from harness.scenario.model import EXPECT_KINDS, Expectation, Target


def target_of(value: Any, line: int) -> Target:
    if isinstance(value, YamlMap) and set(value) == {"css"} and isinstance(value["css"], str):
        return Target(value["css"], css=True)
    if isinstance(value, YamlMap) and "css" not in value:
        reject_unknown(value, ("text", *PLACES), "target")
        if "text" not in value:
            raise Problem(
                value.line,
                "a target written as a mapping needs 'text', the words the newcomer looks for.",
                PLACED_HINT,
            )
        return placed(target_of(words(value, "text"), value.key_lines["text"]), value, "target")
    if isinstance(value, YamlMap) and set(value) & set(PLACES):
        raise Problem(
            value.line,
            "a CSS target cannot say 'under' or 'near': a newcomer sees words, not CSS.",
            PLACED_HINT,
        )
    if isinstance(value, str) and value.startswith("css:"):
        return Target(value[4:].strip(), css=True)
    if isinstance(value, (str, int, float)) and not isinstance(value, bool) and str(value).strip():
        return Target(str(value).strip())
    raise Problem(
        line,
        "a target must be the words a newcomer sees on screen.",
        "Write it as click: Get started.",
    )


# Where a target is, in a newcomer's words: under a heading, near some text.
PLACES = ("under", "near")
PLACED_HINT = 'Write it as click: {text: "Python 3", under: Notebook} (or near: ...).'


def placed(target: Target, data: YamlMap, what: str) -> Target:
    """`target`, told apart by the `under` and `near` of `data` (the words of `what`)."""
    under = words(data, "under") if "under" in data else None
    near = words(data, "near") if "near" in data else None
    if under is None and near is None:
        return target
    if target.css:
        raise Problem(data.line, f"a CSS {what} cannot say 'under' or 'near'.", PLACED_HINT)
    return replace(target, under=under, near=near)


def words(data: YamlMap, key: str) -> str:
    """The text at `key`: words a newcomer reads on screen."""
    value = data[key]
    if isinstance(value, (str, int, float)) and not isinstance(value, bool) and str(value).strip():
        return str(value).strip()
    shown = kind_of(value) if isinstance(value, (bool, list, dict, int, float)) else "empty"
    problem = f"'{key}' must be words the newcomer reads on screen, not {shown}."
    raise Problem(data.key_lines[key], problem, PLACED_HINT)


def expect_of(raw: YamlMap) -> tuple[Expectation, ...]:
    if "expect" not in raw:
        return ()
    value = raw["expect"]
    line = raw.key_lines["expect"]
    items = value if isinstance(value, list) else [value]
    lines = value.item_lines if isinstance(value, YamlSeq) else [line]
    out = []
    for item, line in zip(items, lines, strict=True):
        if isinstance(item, YamlMap):
            reject_unknown(item, EXPECT_KINDS, "expect")
            for kind, text in item.items():
                at = item.key_lines[kind]
                if isinstance(text, bool) or not isinstance(text, (str, int, float)) or text == "":
                    raise Problem(at, f"'expect: {kind}:' takes text.", _EXPECT_FIX[kind])
                out.append(Expectation(kind, str(text), at))
        elif isinstance(item, (str, int, float)) and not isinstance(item, bool) and item != "":
            out.append(Expectation("text", str(item), line))
        else:
            raise Problem(
                line,
                "'expect' takes the words that show the step worked, "
                "or url: / title: / gone: / download:.",
                "Write it as expect: Create your account.",
            )
    return tuple(out)


_EXPECT_FIX = {
    "text": "Write it as expect: { text: Create your account }.",
    "url": "Write it as expect: { url: /projects/* }.",
    "title": "Write it as expect: { title: Your workspace }.",
    "gone": "Write it as expect: { gone: Loading… }.",
    "download": 'Write it as expect: { download: "*.csv" }.',
}
