"""Small, pure helpers the report modules share: wording numbers, dates and outlines.

The record itself is read once, tolerantly, by `harness.record.read`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any
from urllib.parse import quote

from harness.record.model import DeadEnd

__all__ = [
    "as_date",
    "as_mapping",
    "as_seq",
    "as_text",
    "duration",
    "mark_label",
    "pct",
    "plural",
    "safe_relative_href",
    "seconds",
]

_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*:")


def safe_relative_href(path: str) -> str | None:
    """The path as a URL relative to the run directory, or None if it could leave it.

    Screenshot paths come from the record: anything with a scheme (`javascript:`, `data:`),
    absolute, drive-lettered, or climbing with `..` is never put in an href or src.
    """
    if not path or path != path.strip() or any(ord(c) < 32 or c == "\x7f" for c in path):
        return None
    if "\\" in path or ":" in path or _SCHEME.match(path):
        return None
    if path.startswith("/"):
        return None
    parts = path.split("/")
    if any(p in ("", ".", "..") for p in parts):
        return None
    return quote(path, safe="/")


def mark_label(item: DeadEnd) -> str | None:
    """The words beside an outline the record asks for (a dead end's or friction's `box`).

    The image's tag and the report's caption say the same; None when there is no box.
    """
    if item.box is None:
        return None
    label = item.box_label
    if label and label.strip():
        return " ".join(label.split())
    looked_for, kind = item.looked_for, item.kind
    if kind == "disabled-target" and looked_for:
        return f"“{looked_for}” stayed disabled"
    if kind == "ambiguous-target" and looked_for:
        return f"several matched “{looked_for}”"
    if kind == "dialog":
        return "a dialog opened"
    if looked_for:
        return f"looked for “{looked_for}”"
    return "where they were stuck"


def pct(fraction: float) -> str:
    """A fraction as a CSS/SVG percentage, clamped to 0..100."""
    return f"{max(0.0, min(fraction, 1.0)) * 100:.1f}"


def seconds(value: float, *, whole: bool = False) -> str:
    if value >= 60:
        minutes, rest = divmod(round(value), 60)
        return f"{minutes} min {rest} s" if rest else f"{minutes} min"
    if whole or value >= 10:
        return f"{round(value)} s"
    return f"{value:.1f}".removesuffix(".0") + " s"


def duration(ms: float) -> str:
    if ms <= 0:
        return "0 s"
    if ms < 100:
        return "< 0.1 s"
    return seconds(ms / 1000)


def as_date(value: Any) -> str:
    text = as_text(value)
    if not text:
        return ""
    try:
        when = datetime.fromisoformat(text)
    except ValueError:
        return text
    zone = when.tzname() or ""
    if zone in ("UTC+00:00", "UTC"):
        zone = "UTC"
    stamp = f"{when.day} {when:%b %Y}, {when:%H:%M}"
    return f"{stamp} {zone}".strip()


def plural(n: int, word: str) -> str:
    if n == 1 or word.startswith(("still", "stopped")):
        return f"{n} {word}"
    return f"{n} {word}s"


def as_text(value: Any) -> str | None:
    if value is None:
        return None
    return value if isinstance(value, str) else str(value)


def as_seq(value: Any) -> Sequence[Any]:
    return value if isinstance(value, list | tuple) else ()


def as_mapping(value: Any) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}
