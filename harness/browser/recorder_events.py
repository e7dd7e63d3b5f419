"""What the page may tell the recorder, kept to its shape.

The recorder's binding is a function in the product's own page: the product can call it
too, with anything. Each event is rebuilt here from the fields its kind has, each of its
type and bounded in size; an event of no known kind, or without what it needs, is dropped.
"""

from __future__ import annotations

import math
from typing import Any

TEXT_MAX = 500
CSS_MAX = 2_000
ERRORS_MAX = 100

KINDS = ("click", "settled", "input", "check", "select", "press", "activity", "errors", "document")


def text(value: Any, limit: int = TEXT_MAX) -> str | None:
    return value[:limit] if isinstance(value, str) else None


def number(value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return 0.0
    return float(value) if math.isfinite(value) else 0.0


def whole(value: Any) -> int | None:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        return None
    return int(value)


def _dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def target(value: Any) -> dict[str, Any] | None:
    """What was hit: {role, name, text, label, css, same_name_count, interactive, disabled,
    field}, or None."""
    if not isinstance(value, dict):
        return None
    return {
        "role": text(value.get("role")),
        "name": text(value.get("name")),
        "text": text(value.get("text")),
        "label": text(value.get("label")),
        "css": text(value.get("css"), CSS_MAX),
        "same_name_count": whole(value.get("same_name_count")) or 0,
        "interactive": value.get("interactive") is True,
        "disabled": value.get("disabled") is True,
        "field": value.get("field") is True,
    }


def clean(event: Any, *, values: bool = False) -> tuple[str, dict[str, Any]] | None:
    """(kind, fields) as the recorder's page script tells them, or None for anything else.
    A field's value is kept only when `values` were asked for."""
    if not isinstance(event, dict) or event.get("kind") not in KINDS:
        return None
    kind: str = event["kind"]
    out: dict[str, Any] = {"url": text(event.get("url"), CSS_MAX) or ""}
    if (at := whole(event.get("at"))) is not None:
        out["at"] = at  # milliseconds since the epoch, on the page's clock
    if kind == "click":
        seq = whole(event.get("seq"))
        if seq is None:
            return None
        viewport = _dict(event.get("viewport"))
        out |= {
            "seq": seq,
            **{k: number(event.get(k)) for k in ("x", "y", "page_x", "page_y")},
            "viewport": {k: whole(viewport.get(k)) or 0 for k in ("width", "height")},
            "target": target(event.get("target")),
        }
    elif kind == "settled":
        seq = whole(event.get("click"))
        if seq is None:
            return None
        out |= {
            "click": seq,
            **{k: bool(event.get(k)) for k in ("mutations", "requests", "navigating", "scrolled")},
        }
    elif kind in ("input", "check", "select", "press"):
        out["field"] = target(event.get("field"))
        if kind == "check":
            out["checked"] = event.get("checked") is True
        if kind == "select":
            out["option"] = text(event.get("option"))
        if kind == "press":
            out["key"] = text(event.get("key"), 40) or ""
        if values and kind in ("input", "select"):
            out["value"] = text(event.get("value"), 100_000)
    elif kind == "errors":
        found = event.get("errors")
        errors = found if isinstance(found, list) else []
        out["errors"] = [e for e in (text(x) for x in errors[:ERRORS_MAX]) if e]
    elif kind == "document":
        entry = _dict(event.get("entry"))
        index, key = whole(entry.get("index")), text(entry.get("key"))
        out |= {
            "title": text(event.get("title")) or "",
            "same_document": event.get("same_document") is True,
            "entry": {"index": index, "key": key} if index is not None and key else None,
        }
    return kind, out
