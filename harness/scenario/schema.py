"""The JSON Schema of scenario files, generated from the loader's own keys and kinds.

Editors use it to complete and check scenarios (see docs/scenarios.md).
`python -m harness.scenario.schema [PATH]` writes it (default
`schemas/scenario.schema.json`); a test keeps the committed file in sync.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from harness.record.schema import DRAFT, write
from harness.scenario.actions import ACTION_KINDS, SCROLL_WHERE
from harness.scenario.model import (
    DEFAULT_PATIENCE,
    EXPECT_KINDS,
    SCENARIO_KEYS,
    STEP_KEYS,
)

SCHEMA_FILE = Path("schemas/scenario.schema.json")

# YAML reads `name: 2024` as a number; the loader takes it as the text "2024".
TEXT: dict[str, Any] = {"type": ["string", "number"], "pattern": r"\S"}
MAYBE_TEXT: dict[str, Any] = {"type": ["string", "number", "null"]}
# Up to a day: the loader refuses more (and nan, inf), which no browser wait could honour.
SECONDS: dict[str, Any] = {"type": ["number", "null"], "exclusiveMinimum": 0, "maximum": 86_400}

SCENARIO_DOCS = {
    "name": "What the newcomer sets out to do; the scenario's title in every report.",
    "product": "The product's own name, so it is never counted as a rare word.",
    "persona": "Who the newcomer is, in a sentence.",
    "start": "Where the newcomer arrives: a path relative to --base-url (default /).",
    "reset": "A path (or URL) visited before the first step, outside its clock, that puts "
    "the product back in first-run state, e.g. /__reset. ${NAME} and {run_id} work.",
    "patience": "Seconds a newcomer keeps looking before they are stuck "
    f"(default {DEFAULT_PATIENCE:g}).",
    "jargon": "Words your team knows and a newcomer won't: flagged when on screen.",
    "budget": "Seconds the whole scenario may take; over it counts as slow.",
    "steps": "The newcomer's steps, in order.",
}
STEP_DOCS = {
    "intent": "What the newcomer wants, in their own words.",
    "expect": "The sign that the step worked: text on screen, url: /path (globs), "
    "title: words, gone: words that go away, download: a file name glob, "
    "or a list of these (all must appear).",
    "patience": "Seconds the newcomer keeps looking in this step (default: the scenario's).",
    "budget": "Seconds this step may take; slower counts as slow.",
    "actions": "Actions in order, one per entry (- click: Next); use it to repeat one. "
    "Not together with action keys.",
    "or": "Ways to do the step, tried in order while each ends in a dead end (kept as "
    "friction): - click: Group by, - click: Facets. Not together with action keys.",
    "visit": "Open a path relative to --base-url (or a full URL). ${NAME} and {run_id} work.",
    "click": "Click what is written on screen (a button, a link, ...); a list clicks each.",
    "fill": "Type into fields, by their label or placeholder: {Label: value}.",
    "select": "Choose an option (by its label, else its value) in fields: {Label: option}.",
    "check": "Tick a checkbox, radio or switch by its label; a list ticks each.",
    "press": "Press a key or a chord: Enter, Tab, Escape, Control+Enter, Shift+Tab, ...",
    "type": "Type text, key by key, into whatever has focus (a code editor, a terminal): "
    "click it first.",
    "hover": "Rest the pointer on what is written on screen; a list hovers each.",
    "upload": "Choose a file for a file field: {Label: path relative to the scenario file}.",
    "scroll": "Scroll down, up, to top or bottom, or to what is written on screen.",
}
EXPECT_DOCS = {
    "text": "Words that appear on screen: an element's whole text, or whole words of one.",
    "url": "The page's address: /path matches the path (* globs), else the whole URL.",
    "title": "Words in the page's title.",
    "gone": "Words on screen that must go away (a spinner's Loading…).",
    "download": "The step starts a download whose file name matches this glob (*.csv).",
}

PLACE_DOCS = {
    "under": "The words of a heading (or other visible text) the target sits under, "
    "in that heading's section: which one, when the same words show twice.",
    "near": "Visible words the target is nearest to on screen: which one, when the same "
    "words show twice.",
}
PLACES: dict[str, Any] = {key: {"description": doc, **TEXT} for key, doc in PLACE_DOCS.items()}
TARGET: dict[str, Any] = {
    "anyOf": [
        {**TEXT, "description": "The words on screen; 'css: selector' for CSS."},
        {
            "type": "object",
            "description": "The words on screen, and where they are: under a heading, "
            "near some text.",
            "properties": {
                "text": {**TEXT, "description": "The words on screen."},
                **PLACES,
            },
            "required": ["text"],
            "additionalProperties": False,
        },
        {
            "type": "object",
            "description": "A CSS selector, which a newcomer cannot see: the last resort.",
            "properties": {"css": {"type": "string", "description": "A CSS selector."}},
            "required": ["css"],
            "additionalProperties": False,
        },
    ]
}
FIELD_VALUE: dict[str, Any] = {
    "anyOf": [
        {"type": ["string", "number"], "description": "The value; ${NAME} and {run_id} work."},
        {
            "type": "object",
            "properties": {
                "value": {"type": ["string", "number"], "description": "The value."},
                "secret": {
                    "type": "boolean",
                    "description": "Keep the value out of every file shoshin writes and "
                    "mask the field in screenshots.",
                },
                **PLACES,
            },
            "required": ["value"],
            "additionalProperties": False,
        },
    ]
}


def _action_shape(kind: str) -> dict[str, Any]:
    """What the loader accepts after `kind:` (see _build_actions in the model)."""
    if kind in ("click", "check", "hover"):
        return {"anyOf": [{"$ref": "#/$defs/target"}, {"type": "array", "items": TARGET}]}
    if kind in ("fill", "select", "upload"):
        return {
            "type": "object",
            "minProperties": 1,
            "additionalProperties": {"$ref": "#/$defs/field_value"},
        }
    if kind in ("visit", "press", "type"):
        return dict(TEXT)
    if kind == "scroll":
        return {"anyOf": [{"enum": list(SCROLL_WHERE)}, {"$ref": "#/$defs/target"}]}
    raise KeyError(f"no schema shape for the action kind {kind!r}: add one to _action_shape.")


def _described(docs: dict[str, str], key: str, schema: dict[str, Any]) -> dict[str, Any]:
    if key not in docs:
        raise KeyError(f"the key {key!r} has no description in the scenario schema.")
    return {"description": docs[key], **schema}


def _expect() -> dict[str, Any]:
    one = {
        "anyOf": [
            {**TEXT, "description": EXPECT_DOCS["text"]},
            {
                "type": "object",
                "properties": {k: _described(EXPECT_DOCS, k, TEXT) for k in EXPECT_KINDS},
                "additionalProperties": False,
            },
        ]
    }
    return {"anyOf": [one, {"type": "array", "items": one}]}


def _step() -> dict[str, Any]:
    shapes: dict[str, dict[str, Any]] = {
        "intent": MAYBE_TEXT,
        "expect": {"$ref": "#/$defs/expect"},
        "patience": SECONDS,
        "budget": SECONDS,
        "actions": {"type": "array", "items": {"$ref": "#/$defs/action"}},
        "or": {"type": "array", "minItems": 2, "items": {"$ref": "#/$defs/way"}},
        **{kind: _action_shape(kind) for kind in ACTION_KINDS},
    }
    has_action = [{"required": [kind]} for kind in ACTION_KINDS]
    return {
        "type": "object",
        "properties": {key: _described(STEP_DOCS, key, shapes[key]) for key in STEP_KEYS},
        "additionalProperties": False,
        # A step does something or waits for something; action keys or a list, not both.
        "anyOf": [
            {"required": ["expect"]},
            *has_action,
            {"required": ["actions"], "properties": {"actions": {"minItems": 1}}},
            {"required": ["or"]},
        ],
        "allOf": [
            {"not": {"required": ["actions"], "anyOf": has_action}},
            {"not": {"required": ["or"], "anyOf": [*has_action, {"required": ["actions"]}]}},
        ],
    }


def _way() -> dict[str, Any]:
    """One way of an `or:`: action keys in order, or an `actions` list, as a step has them."""
    keys = ("actions", *ACTION_KINDS)
    has_action = [{"required": [kind]} for kind in ACTION_KINDS]
    return {
        "description": "One way to do the step: its actions, like '- click: Facets'.",
        "type": "object",
        "properties": {key: {"$ref": f"#/$defs/step/properties/{key}"} for key in keys},
        "additionalProperties": False,
        "anyOf": [
            *has_action,
            {"required": ["actions"], "properties": {"actions": {"minItems": 1}}},
        ],
        "not": {"required": ["actions"], "anyOf": has_action},
    }


def scenario_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of a scenario file, from the loader's constants."""
    shapes: dict[str, dict[str, Any]] = {
        "name": TEXT,
        "product": MAYBE_TEXT,
        "persona": MAYBE_TEXT,
        "start": MAYBE_TEXT,
        "reset": MAYBE_TEXT,
        "patience": {**SECONDS, "default": DEFAULT_PATIENCE},
        "jargon": {"type": "array", "items": {"type": "string"}},
        "budget": SECONDS,
        "steps": {"type": "array", "minItems": 1, "items": {"$ref": "#/$defs/step"}},
    }
    return {
        "$schema": DRAFT,
        "title": "shoshin scenario",
        "description": "A newcomer's steps through a web product's first run.",
        "type": "object",
        "properties": {key: _described(SCENARIO_DOCS, key, shapes[key]) for key in SCENARIO_KEYS},
        "required": ["name", "steps"],
        "additionalProperties": False,
        "$defs": {
            "step": _step(),
            "way": _way(),
            "action": {
                "description": "One action, like '- click: Next'.",
                "type": "object",
                "properties": {k: _described(STEP_DOCS, k, _action_shape(k)) for k in ACTION_KINDS},
                "minProperties": 1,
                "maxProperties": 1,
                "additionalProperties": False,
            },
            "target": TARGET,
            "field_value": FIELD_VALUE,
            "expect": _expect(),
        },
    }


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    write(scenario_schema(), Path(args[0]) if args else SCHEMA_FILE)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
