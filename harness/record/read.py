"""Reading `run.json` into the record's own dataclasses: the one reader every report uses.

Tolerant by design: a crash leaves a partial record, older records lack newer fields, and a
record may be hand-edited. Missing or mistyped fields get their defaults, an outcome or
dead-end kind this version does not know becomes "unknown", and only a file that is not a
JSON object at all is refused, with a `RecordError` saying so.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, TypeVar

from harness.errors import ShoshinError
from harness.record.journal import fold_journal
from harness.record.model import (
    DEAD_END_KINDS,
    RECORD_FILE,
    RUNNING,
    SCENARIO_OUTCOMES,
    SCHEMA_VERSION,
    STEP_OUTCOMES,
    UNKNOWN,
    A11yTarget,
    A11yViolation,
    ActionRecord,
    DeadEnd,
    DeadEndKind,
    DownloadRecord,
    InteractionCost,
    Preparation,
    RunRecord,
    RunStatus,
    ScenarioOutcome,
    ScenarioResult,
    ShardRecord,
    StepOutcome,
    StepResult,
    TextMetrics,
)

__all__ = ["RecordError", "as_record", "read_run", "record_from_dict", "step_from_dict"]

DEFAULT_PATIENCE_S = 10.0
RUN_STATUSES: tuple[RunStatus, ...] = ("running", "finished", "interrupted")
_T = TypeVar("_T", bound=str)


class RecordError(ShoshinError):
    """A `run.json` that cannot be read at all."""


def read_run(run_dir: Path) -> RunRecord:
    """The record in `run_dir/run.json`, with the steps only its journal holds yet (a run
    still walking, or one that died mid-scenario); a missing or damaged `run.json` is a
    `RecordError`."""
    path = Path(run_dir) / RECORD_FILE
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise RecordError(f"{path}: no such file; is {run_dir} a run directory?") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise RecordError(f"{path} cannot be read ({exc}).") from None
    try:
        data = json.loads(text)
    except ValueError as exc:
        raise RecordError(
            f"{path} is damaged (not JSON: {exc}); run the scenarios again to record it anew."
        ) from None
    if not isinstance(data, Mapping):
        raise RecordError(f"{path} is damaged: it holds no run record (a JSON object).")
    return record_from_dict(fold_journal(Path(run_dir), dict(data)))


def as_record(record: RunRecord | Mapping[str, Any]) -> RunRecord:
    """The record as dataclasses: a `RunRecord` as it is, a mapping read tolerantly."""
    return record if isinstance(record, RunRecord) else record_from_dict(record)


def record_from_dict(data: Mapping[str, Any]) -> RunRecord:
    """A run record from loose JSON; never raises on a missing or mistyped field."""
    viewport = {
        k: int(n) for k in ("width", "height") if (n := _number(_map(data.get("viewport")).get(k)))
    }
    return RunRecord(
        run_id=_text(data.get("run_id")) or "",
        started_at=_text(data.get("started_at")) or "",
        base_url=_text(data.get("base_url")) or "",
        browser={str(k): t for k, v in _map(data.get("browser")).items() if (t := _text(v))},
        viewport=viewport,
        harness_version=_text(data.get("harness_version")) or "",
        schema_version=int(_number(data.get("schema_version")) or SCHEMA_VERSION),
        status=_choice(data.get("status"), RUN_STATUSES, UNKNOWN),
        finished_at=_text(data.get("finished_at")),
        conditions=dict(_map(data.get("conditions"))),
        results=[_scenario(r) for r in _maps(data.get("results"))],
        before_each=_text(data.get("before_each")),
        shard=_shard(data.get("shard")),
        merged_from=_texts(data.get("merged_from")),
    )


def _shard(value: Any) -> ShardRecord | None:
    """A shard's place, or None when the record has none or one that cannot be read."""
    if not isinstance(value, Mapping):
        return None
    index, total, count = (_number(value.get(k)) for k in ("index", "total", "scenarios"))
    if index is None or total is None or count is None:
        return None
    return ShardRecord(int(index), int(total), int(count), _text(value.get("fingerprint")) or "")


def _scenario(data: Mapping[str, Any]) -> ScenarioResult:
    outcome: ScenarioOutcome = (
        RUNNING
        if data.get("outcome") is None
        else _choice(data.get("outcome"), SCENARIO_OUTCOMES, UNKNOWN)
    )
    return ScenarioResult(
        scenario=_text(data.get("scenario")) or "",
        file=_text(data.get("file")) or "",
        persona=_text(data.get("persona")),
        outcome=outcome,
        duration_ms=_ms(data.get("duration_ms")),
        budget_s=_number(data.get("budget_s")),
        error=_text(data.get("error")),
        steps=[step_from_dict(s, n) for n, s in enumerate(_maps(data.get("steps")), start=1)],
        trace=_text(data.get("trace")),
        video=_text(data.get("video")),
        repeats=[_walk(w) for w in _maps(data.get("repeats"))],
        wall_ms=None if data.get("wall_ms") is None else _ms(data.get("wall_ms")),
        prepared=[_prepared(p) for p in _maps(data.get("prepared"))],
        position=None if (place := _number(data.get("position"))) is None else int(place),
    )


def _prepared(data: Mapping[str, Any]) -> Preparation:
    code, status = _number(data.get("exit_code")), _number(data.get("http_status"))
    return Preparation(
        kind="reset" if data.get("kind") == "reset" else "before-each",
        what=_text(data.get("what")) or "",
        ok=data.get("ok") is True,
        duration_ms=_ms(data.get("duration_ms")),
        exit_code=None if code is None else int(code),
        http_status=None if status is None else int(status),
        output=_text(data.get("output")),
    )


def _walk(data: Mapping[str, Any]) -> dict[str, Any]:
    """One walk of `--repeat`: its outcome and step timings, in the runner's shape."""
    return {
        "repeat": int(_number(data.get("repeat")) or 0),
        "outcome": _choice(data.get("outcome"), SCENARIO_OUTCOMES, UNKNOWN),
        "duration_ms": _ms(data.get("duration_ms")),
        "steps": [
            {
                "index": int(_number(s.get("index")) or 0),
                "outcome": _choice(s.get("outcome"), STEP_OUTCOMES, UNKNOWN),
                "duration_ms": _ms(s.get("duration_ms")),
                "dead_end": _choice(s.get("dead_end"), DEAD_END_KINDS, UNKNOWN)
                if s.get("dead_end")
                else None,
            }
            for s in _maps(data.get("steps"))
        ],
    }


def step_from_dict(data: Mapping[str, Any], position: int = 0) -> StepResult:
    """One step from loose JSON; `position` numbers it when the record does not."""
    outcome: StepOutcome = _choice(data.get("outcome"), STEP_OUTCOMES, UNKNOWN)
    patience = _number(data.get("patience_s"))
    status = _number(data.get("http_status"))
    text, cost = data.get("text"), data.get("cost")
    return StepResult(
        index=int(_number(data.get("index")) or position),
        intent=_text(data.get("intent")),
        actions=[_action(a) for a in _maps(data.get("actions"))],
        expect=_texts(data.get("expect")),
        outcome=outcome,
        started_ms=_ms(data.get("started_ms")),
        duration_ms=_ms(data.get("duration_ms")),
        patience_s=DEFAULT_PATIENCE_S if patience is None else patience,
        budget_s=_number(data.get("budget_s")),
        url=_text(data.get("url")),
        title=_text(data.get("title")),
        http_status=None if status is None else int(status),
        screenshot=_text(data.get("screenshot")),
        dead_end=_dead_end(data.get("dead_end")),
        friction=[d for f in _maps(data.get("friction")) if (d := _dead_end(f))],
        action_screenshot=_text(data.get("action_screenshot")),
        action_box=_box(data.get("action_box")),
        cost=_cost(cost) if isinstance(cost, Mapping) else None,
        console_errors=_texts(data.get("console_errors")),
        page_errors=_texts(data.get("page_errors")),
        failed_requests=_texts(data.get("failed_requests")),
        dialogs=_texts(data.get("dialogs")),
        error=_text(data.get("error")),
        invisible_focus=_texts(data.get("invisible_focus")),
        text=_metrics(text) if isinstance(text, Mapping) else None,
        screen_text=_text(data.get("screen_text")),
        expect_met_before=data.get("expect_met_before") is True,
        downloads=[_download(d) for d in _maps(data.get("downloads"))],
        new_tab=_text(data.get("new_tab")),
        page_height=None if (height := _number(data.get("page_height"))) is None else int(height),
        a11y=_a11y(data.get("a11y")),
    )


def _a11y(value: Any) -> list[A11yViolation] | None:
    if not isinstance(value, list):
        return None
    return [
        A11yViolation(
            rule=_text(v.get("rule")) or "",
            impact=_text(v.get("impact")) or "minor",
            help=_text(v.get("help")) or "",
            tags=_texts(v.get("tags")),
            nodes=int(_number(v.get("nodes")) or 0),
            targets=[
                A11yTarget(name=_text(t.get("name")) or "", box=_box(t.get("box")))
                for t in _maps(v.get("targets"))
            ],
        )
        for v in _maps(value)
    ]


def _download(data: Mapping[str, Any]) -> DownloadRecord:
    return DownloadRecord(
        name=_text(data.get("name")) or "",
        file=_text(data.get("file")) or "",
        size=int(_number(data.get("size")) or 0),
    )


def _action(data: Mapping[str, Any]) -> ActionRecord:
    return ActionRecord(
        kind=_text(data.get("kind")) or "",
        target=_text(data.get("target")),
        value=_text(data.get("value")),
        description=_text(data.get("description")) or "",
        box=_box(data.get("box")),
    )


def _dead_end(value: Any) -> DeadEnd | None:
    if not isinstance(value, Mapping):
        return None
    kind: DeadEndKind = _choice(value.get("kind"), DEAD_END_KINDS, UNKNOWN)
    return DeadEnd(
        kind=kind,
        looked_for=_text(value.get("looked_for")) or "",
        message=_text(value.get("message")) or "",
        seen=_texts(value.get("seen")),
        errors_on_screen=_texts(value.get("errors_on_screen")),
        notices_on_screen=_texts(value.get("notices_on_screen")),
        box=_box(value.get("box")),
        box_label=_text(value.get("box_label")),
    )


def _metrics(data: Mapping[str, Any]) -> TextMetrics:
    return TextMetrics(
        words=int(_number(data.get("words")) or 0),
        reading_seconds=_number(data.get("reading_seconds")) or 0.0,
        grade=_number(data.get("grade")) or 0.0,
        jargon=_texts(data.get("jargon")),
        acronyms=_texts(data.get("acronyms")),
        rare_words=_texts(data.get("rare_words")),
        vague_labels=_texts(data.get("vague_labels")),
        primary_actions=int(_number(data.get("primary_actions")) or 0),
        flags=_texts(data.get("flags")),
    )


def _cost(data: Mapping[str, Any]) -> InteractionCost:
    fields = ("clicks", "fields_filled", "required_fields", "pages_visited", "tab_presses")
    return InteractionCost(*(int(_number(data.get(f)) or 0) for f in fields))


def _box(value: Any) -> dict[str, float] | None:
    """A box of four finite numbers, or None: a bad box loses its outline, not the report."""
    if not isinstance(value, Mapping):
        return None
    numbers = {k: _number(value.get(k)) for k in ("x", "y", "width", "height")}
    box = {k: n for k, n in numbers.items() if n is not None}
    return box if len(box) == 4 else None


# ---------------------------------------------------------------- loose values


def _choice(value: Any, known: tuple[_T, ...], default: _T) -> _T:
    for option in known:
        if value == option:
            return option
    return default


def _text(value: Any) -> str | None:
    if value is None:
        return None
    return value if isinstance(value, str) else str(value)


def _texts(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    return [t for v in _seq(value) if (t := _text(v)) is not None]


def _number(value: Any) -> float | None:
    """A finite int or float, else None (bools and strings are not numbers)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    number = float(value)
    return number if math.isfinite(number) else None


def _ms(value: Any) -> int:
    return round(_number(value) or 0)


def _seq(value: Any) -> Sequence[Any]:
    return value if isinstance(value, list | tuple) else ()


def _map(value: Any) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}


def _maps(value: Any) -> list[Mapping[str, Any]]:
    return [v for v in _seq(value) if isinstance(v, Mapping)]
