"""The JSON Schema of `run.json`, generated from the record's dataclasses.

`python -m harness.record.schema [PATH]` writes it (default `schemas/run.schema.json`);
a test keeps the committed file equal to what this module generates.
"""

from __future__ import annotations

import dataclasses
import json
import sys
import types
import typing
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from harness.record.model import (
    DEAD_END_KINDS,
    SCENARIO_OUTCOMES,
    SCHEMA_VERSION,
    STEP_OUTCOMES,
    RunRecord,
)

DRAFT = "https://json-schema.org/draft/2020-12/schema"
SCHEMA_FILE = Path("schemas/run.schema.json")
REGENERATE = "make schemas"

# The record spells these only in a comment or in the writers: named here so the schema can.
RUN_STATUSES = ("running", "finished", "interrupted")
FRICTION_KINDS = ("ambiguous-target", "dialog", "unlinked-label")

# Fields added to a version-1 record after the first records were written: an older
# run.json lacks them, so the schema does not require them although the writer always does.
ADDED_LATER = {("ActionRecord", "description")}

ENUMS: dict[tuple[str, str], tuple[str, ...]] = {
    ("A11yViolation", "impact"): ("minor", "moderate", "serious", "critical"),
    ("RunRecord", "status"): RUN_STATUSES,
    ("ScenarioResult", "outcome"): SCENARIO_OUTCOMES,
    ("StepResult", "outcome"): STEP_OUTCOMES,
    ("DeadEnd", "kind"): tuple(dict.fromkeys((*DEAD_END_KINDS, *FRICTION_KINDS))),
    ("Preparation", "kind"): ("before-each", "reset"),
}

BOX = "a box in pixels: x, y, width, height"

FIELD_DOCS: dict[str, dict[str, str]] = {
    "RunRecord": {
        "": "One run of shoshin: every scenario walked, step by step (`run.json`).",
        "run_id": "The run's id and folder name: UTC time plus a little randomness.",
        "started_at": "When the run started, ISO 8601 in UTC.",
        "base_url": "The product the run walked (--base-url).",
        "browser": "The browser used: name and version.",
        "viewport": "The window size in CSS pixels: width and height.",
        "harness_version": "The shoshin version that wrote the record.",
        "schema_version": f"The record's format; {SCHEMA_VERSION} until a field changes meaning.",
        "status": "running while the run goes on; finished; interrupted when it was stopped.",
        "finished_at": "When the run ended (finished or interrupted), ISO 8601 in UTC.",
        "conditions": "The newcomer's conditions: device, viewport, locale, network, ...",
        "results": "One entry per scenario, in the order walked.",
        "before_each": "The --before-each command, run through the shell before every walk.",
        "shard": "With --shard i/n: which part of the whole run this run walked; null otherwise.",
        "merged_from": "A run made by shoshin merge: the run ids of the shards it joins.",
    },
    "ShardRecord": {
        "": "Which part of a whole run a --shard i/n run walked.",
        "index": "This shard, from 1.",
        "total": "How many shards the run was split into.",
        "scenarios": "How many scenarios the whole run has.",
        "fingerprint": "A digest of the whole run's scenarios in order: one run's shards share it.",
    },
    "ScenarioResult": {
        "": "One scenario walked by the newcomer.",
        "scenario": "The scenario's name.",
        "file": "The scenario file, as given on the command line.",
        "persona": "Who the newcomer is, from the scenario.",
        "outcome": "completed, dead_end, error; running while it is walked.",
        "duration_ms": (
            "The newcomer's time: the sum of the steps' duration_ms, in milliseconds "
            "(before wall_ms existed, the wall time of the whole walk)."
        ),
        "wall_ms": (
            "The harness's wall time for the walk, context set-up to teardown, its own "
            "screenshots and measurements included; absent in older records."
        ),
        "budget_s": "The scenario's budget in seconds; over it counts as slow in CI.",
        "error": "What broke when the harness or browser failed (outcome error).",
        "steps": "One entry per step of the scenario, including skipped ones.",
        "trace": "The Playwright trace zip, relative to the run folder.",
        "video": "The video of the walk, relative to the run folder.",
        "repeats": "With --repeat: every walk's outcome and timings, step by step.",
        "prepared": "What put the product back in first-run state before this walk "
        "(--before-each, reset:), in the order done.",
        "position": "The scenario's number in the whole run, from 1 (its place in a run "
        "without --shard); screenshots and traces are named by it.",
    },
    "Preparation": {
        "": "One thing done before a walk, outside every step's clock, to make it a first run.",
        "kind": "before-each (the --before-each command) or reset (the scenario's reset: URL).",
        "what": "The command as given, or the URL as visited.",
        "ok": "Whether it worked: the command exited 0, the URL answered below 400.",
        "duration_ms": "How long it took, in milliseconds.",
        "exit_code": "The command's exit code; null when it did not finish in time.",
        "http_status": "The reset URL's HTTP status.",
        "output": "The command's output (stdout and stderr), relative to the run folder.",
    },
    "StepResult": {
        "": "One step: what was done, how long it took, and what the screen showed.",
        "index": "The step's number in the scenario, from 1.",
        "intent": "What the newcomer wanted, in their words.",
        "actions": "The actions performed, in order.",
        "expect": "The expected signs as written: text, or 'url: ...' / 'title: ...'.",
        "outcome": "passed, slow (over budget), dead_end, error, or skipped after one.",
        "started_ms": "When the step started, in ms since the scenario started.",
        "duration_ms": "The step's time in ms, without the harness's own work.",
        "patience_s": "How long the newcomer kept looking, in seconds.",
        "budget_s": "The step's budget in seconds; slower counts as slow.",
        "url": "The page's address after the step.",
        "title": "The page's title after the step.",
        "http_status": "The HTTP status of the step's last page load.",
        "screenshot": "The screen after the step, relative to the run folder.",
        "dead_end": "Where the newcomer got stuck, when the outcome is dead_end.",
        "friction": "What got in the way without stopping the newcomer.",
        "action_screenshot": "The screen as the newcomer acted, relative to the run folder.",
        "action_box": f"The element acted on in action_screenshot: {BOX}.",
        "cost": "What the step asked of the newcomer.",
        "console_errors": "Console errors logged during the step.",
        "page_errors": "Uncaught page errors during the step.",
        "failed_requests": "Requests that failed or answered 4xx/5xx: 'METHOD URL → status'.",
        "dialogs": "Dialogs that opened, answered OK: 'type: message'.",
        "error": "What broke, when the outcome is error.",
        "text": "Beginner's-mind signals of the screen after the step.",
        "screen_text": "The visible text after the step, secrets masked.",
        "expect_met_before": (
            "The expected signs were on screen before the step's first action: the step "
            "passed because the page then changed, and its expectation proves little."
        ),
        "downloads": "Files the step downloaded, for its download: expectations.",
        "new_tab": (
            "The address of the tab or window the step opened (a target=_blank link, "
            "window.open), where the newcomer went on; null when it opened none."
        ),
        "page_height": (
            "The page's full height in CSS pixels when the screenshot shows only its top; "
            "null when it shows the whole page."
        ),
        "invisible_focus": (
            "With --input keyboard, the targets that showed no sign of focus when Tab "
            "reached them (outline, shadow, border, background and colour all unchanged)."
        ),
        "a11y": (
            "The accessibility audit (axe-core) of the screen after the step, outside its "
            "time: the violations new in this scenario (a rule and element already reported "
            "on an earlier step are not again); null when not audited (--a11y off)."
        ),
    },
    "A11yViolation": {
        "": "An axe-core accessibility rule the screen broke, first seen on this step.",
        "rule": "axe-core's rule id, e.g. label, color-contrast, image-alt.",
        "impact": "axe-core's impact: minor, moderate, serious or critical.",
        "help": "axe-core's one-line description of the rule.",
        "tags": "The WCAG success criteria and levels the rule checks (e.g. wcag2aa, wcag143).",
        "nodes": "How many elements newly broke the rule on this step.",
        "targets": "The first few of them, as a newcomer would name them.",
    },
    "A11yTarget": {
        "": "An element that broke an accessibility rule.",
        "name": "Its role and name, or its words, as a newcomer would meet it (never CSS).",
        "box": f"Where it was, in the step screenshot: {BOX}.",
    },
    "DownloadRecord": {
        "": "A file the step downloaded.",
        "name": "The file name the product suggested.",
        "file": "Where it was saved, relative to the run folder (downloads/...).",
        "size": "Its size in bytes.",
    },
    "ActionRecord": {
        "": "One action as performed, secrets masked.",
        "kind": "visit, click, fill, select, check, press, hover, upload or scroll.",
        "target": "What the newcomer looked for, as written ('css:...' for CSS).",
        "value": "The value typed, chosen, visited or pressed; masked when secret.",
        "description": "The action in plain words.",
        "box": f"Where the element was, in the step screenshot: {BOX}.",
    },
    "DeadEnd": {
        "": "Where the newcomer got stuck (or, in friction, was slowed down).",
        "kind": "What kind of dead end or friction.",
        "looked_for": "What the newcomer looked for.",
        "message": "One sentence saying what happened.",
        "seen": "What the newcomer saw instead: buttons, links, fields, nearest first.",
        "errors_on_screen": "Error messages shown on the page.",
        "notices_on_screen": (
            "Other notices shown on the page (statuses, live regions, toasts) that do not "
            "read as errors."
        ),
        "box": f"Where the newcomer was looking, in the step screenshot: {BOX}.",
        "box_label": "A caption for that box.",
    },
    "TextMetrics": {
        "": "Beginner's-mind signals of the screen after a step.",
        "words": "Visible words.",
        "reading_seconds": "Reading time of the prose (no tables or code) at 238 words a minute.",
        "grade": "Flesch-Kincaid US school grade of the prose.",
        "jargon": "Words from the scenario's jargon list on screen.",
        "acronyms": "Acronyms not spelled out on the page.",
        "rare_words": "Words rare in everyday English.",
        "vague_labels": "Buttons and links that do not say what they do.",
        "primary_actions": "Primary actions competing in view.",
        "flags": "The signals over their threshold (reading-load, grade, jargon, ...).",
    },
    "InteractionCost": {
        "": "What the step asked of the newcomer.",
        "clicks": "Clicks and checks.",
        "fields_filled": "Fields filled, chosen or uploaded to.",
        "required_fields": "Required fields on the screen acted on.",
        "pages_visited": (
            "Screens the newcomer saw during the step: documents loaded and in-page route "
            "changes; a chain of redirects (HTTP, script or meta refresh) counts once."
        ),
        "tab_presses": (
            "With --input keyboard, the presses of Tab that brought focus to the step's "
            "targets; 0 with the mouse."
        ),
    },
}


def run_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of `run.json`, from `RunRecord` and what it holds."""
    defs: dict[str, Any] = {}
    root = _object_schema(RunRecord, defs)
    defs.pop("RunRecord")
    return {
        "$schema": DRAFT,
        "title": "shoshin run record",
        **root,
        "$defs": dict(sorted(defs.items())),
    }


def _object_schema(cls: type, defs: dict[str, Any]) -> dict[str, Any]:
    name = cls.__name__
    docs = FIELD_DOCS.get(name)
    if docs is None:
        raise KeyError(f"{name} has no entry in FIELD_DOCS: describe its fields there.")
    defs[name] = {}  # reserved first, so a class that holds itself refers to itself
    hints = typing.get_type_hints(cls)
    properties: dict[str, Any] = {}
    required: list[str] = []
    for f in dataclasses.fields(cls):
        if f.name not in docs:
            raise KeyError(f"{name}.{f.name} has no description in FIELD_DOCS.")
        prop = {"description": docs[f.name], **_type_schema(hints[f.name], defs)}
        if (name, f.name) in ENUMS:
            prop["enum"] = list(ENUMS[name, f.name])
        default = _default(f)
        if default is not dataclasses.MISSING:
            prop["default"] = default
        elif (name, f.name) not in ADDED_LATER:
            required.append(f.name)
        properties[f.name] = prop
    # Records grow by adding fields: readers must accept ones they do not know.
    schema = {
        "description": docs[""],
        "type": "object",
        "properties": properties,
        "required": required,
    }
    defs[name] = schema
    return schema


def _default(f: dataclasses.Field[Any]) -> Any:
    if f.default is not dataclasses.MISSING:
        return f.default
    if f.default_factory is not dataclasses.MISSING:
        return f.default_factory()
    return dataclasses.MISSING


def _type_schema(hint: Any, defs: dict[str, Any]) -> dict[str, Any]:
    if hint is Any:
        return {}
    if hint is type(None):
        return {"type": "null"}
    simple = {str: "string", bool: "boolean", int: "integer", float: "number"}
    if hint in simple:
        return {"type": simple[hint]}
    if dataclasses.is_dataclass(hint) and isinstance(hint, type):
        if hint.__name__ not in defs:
            _object_schema(hint, defs)
        return {"$ref": f"#/$defs/{hint.__name__}"}
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if origin is typing.Literal:
        kind = {"type": "string"} if all(isinstance(a, str) for a in args) else {}
        return {**kind, "enum": list(args)}
    if origin in (types.UnionType, typing.Union):
        options = [_type_schema(a, defs) for a in args]
        if all(set(o) == {"type"} for o in options):
            return {"type": [o["type"] for o in options]}
        return {"anyOf": options}
    if origin is list:
        return {"type": "array", "items": _type_schema(args[0], defs)}
    if origin is dict:
        values = _type_schema(args[1], defs)
        return {"type": "object", **({"additionalProperties": values} if values else {})}
    raise TypeError(f"no JSON Schema for the type {hint!r}: teach _type_schema about it.")


def dump(schema: dict[str, Any]) -> str:
    """The schema as it is committed: stable key order, two-space indent, final newline."""
    return json.dumps(schema, ensure_ascii=False, indent=2) + "\n"


def write(schema: dict[str, Any], path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(dump(schema), encoding="utf-8")
    return path


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    write(run_schema(), Path(args[0]) if args else SCHEMA_FILE)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
