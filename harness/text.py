"""Text from a product or a person made safe to show: in a terminal, XML, one line."""

from __future__ import annotations

import re

# Characters XML 1.0 forbids, plus C1 controls and lone surrogates.
_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
_SPACE = re.compile(r"\s+")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
# Bidirectional overrides and isolates: they reorder what follows them on screen, so that
# "txt.exe" reads "exe.txt" (a Unicode "Trojan Source" trick); a line shows them as nothing.
_BIDI = re.compile("[\u202a-\u202e\u2066-\u2069]")


def plain(text: str) -> str:
    """No control characters at all: nothing a page shows or a person types drives a terminal,
    or turns the order of what the terminal shows."""
    return _BIDI.sub("", _CONTROL.sub("", text))


def clean(text: object) -> str:
    """Strip what a parser or a terminal would choke on; keep newlines and tabs."""
    return _ILLEGAL.sub("", "" if text is None else str(text))


def shown(text: str) -> str:
    """`clean`, and no bidirectional overrides: text as a report may show it."""
    return _BIDI.sub("", clean(text))


def one_line(text: object, limit: int = 300) -> str:
    flat = _SPACE.sub(" ", _BIDI.sub("", clean(text))).strip()
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


class NotUtf8(ValueError):
    """A file that is not UTF-8 text; the message says where (file:line) and how to fix it."""


def utf8_csv(path: object, raw: bytes) -> str:
    """A CSV file's bytes as UTF-8 text (a BOM allowed); anything else is refused, in one
    sentence, at the line it goes wrong."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        raise NotUtf8(
            f"{path}:{line}: the file is not UTF-8 text (byte 0x{raw[exc.start]:02x} here); "
            "save or export it as UTF-8 CSV."
        ) from None
    if "\x00" in text.split("\n", 1)[0]:
        # UTF-16 without its byte-order mark decodes as UTF-8 with a NUL beside every letter.
        raise NotUtf8(
            f"{path}:1: the first row holds NUL characters, as UTF-16 text does; "
            "save or export the file as UTF-8 CSV."
        )
    return text
