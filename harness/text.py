"""Text from a product or a person made safe to show: in a terminal, XML, one line."""

from __future__ import annotations

import re

# Characters XML 1.0 forbids, plus C1 controls and lone surrogates.
_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
_SPACE = re.compile(r"\s+")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def plain(text: str) -> str:
    """No control characters at all: nothing a page shows or a person types drives a terminal."""
    return _CONTROL.sub("", text)


def clean(text: object) -> str:
    """Strip what a parser or a terminal would choke on; keep newlines and tabs."""
    return _ILLEGAL.sub("", "" if text is None else str(text))


def one_line(text: object, limit: int = 300) -> str:
    flat = _SPACE.sub(" ", clean(text)).strip()
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"
