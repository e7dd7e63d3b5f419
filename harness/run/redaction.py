"""Secrets out of every text kept: however a page, a URL or a JSON body wrote them.

A secret reaches what shoshin keeps not only as typed. A form posts it URL-encoded
(`p%40ss+w%22rd`), a query string percent-encodes it (`%20` for a space), a JSON body or
Playwright's own trace escapes it (`w\\"rd`, `\\u00e9`), an HTML page writes it with
entities (`w&quot;rd`). `Redactor` finds each character of a secret in any of these
forms (mixed, as a browser mixes them: `p@ss%20w%22rd/%C3%A9`) and puts the mask in its
place. Pure: no browser, no files.
"""

from __future__ import annotations

import dataclasses
import functools
import html.entities
import re
import unicodedata
from collections.abc import Iterable
from typing import Any, TypeVar

from harness.scenario.actions import SECRET_MASK

T = TypeVar("T")

# JSON's and JavaScript's one-letter escapes of control characters.
_SHORT_ESCAPES = {"\b": "b", "\f": "f", "\n": "n", "\r": "r", "\t": "t"}


def _hex(number: int, width: int) -> str:
    """`number` in hexadecimal as a pattern that takes either case of the letters."""
    digits = f"{number:0{width}X}"
    return "".join(f"[{d}{d.lower()}]" if d.isalpha() else d for d in digits)


def _percent(data: bytes) -> str:
    """Percent-encoded bytes (`%C3%A9`), the `%` itself maybe encoded again (`%25C3`)."""
    return "".join(f"%(?:25)?{_hex(b, 2)}" for b in data)


def _char_forms(char: str, raw: str) -> list[str]:
    """Patterns for one character of a secret in every encoding a page or a trace uses.

    `raw` is the character as the scanned text holds it when unencoded (itself in text;
    its UTF-8 bytes read as Latin-1 in a binary file).
    """
    code = ord(char)
    escapes = [re.escape(raw)]  # as it is, or after a backslash (`\"` in JSON, `\/`)
    encoded = [_percent(char.encode("utf-8"))]
    if code < 256:
        encoded.append(f"%(?:25)?{_hex(code, 2)}")  # a Latin-1 page's form
        escapes.append(r"\\x" + _hex(code, 2))  # a JavaScript string
    if char == " ":
        encoded.append(r"\+")  # application/x-www-form-urlencoded
    if code < 0x10000:
        escapes.append(r"\\u" + _hex(code, 4))
    else:  # JSON writes a character outside the BMP as its UTF-16 surrogate pair
        high, low = 0xD800 + ((code - 0x10000) >> 10), 0xDC00 + ((code - 0x10000) & 0x3FF)
        escapes.append(r"\\u" + _hex(high, 4) + r"\\u" + _hex(low, 4))
    if char in _SHORT_ESCAPES:
        escapes.append(r"\\" + _SHORT_ESCAPES[char])
    # HTML's entities, numeric or named, their `&` maybe escaped again (`&amp;quot;`).
    entities = [f"#0*{code};?", f"#[xX]0*{_hex(code, 1)};?"]
    name = html.entities.codepoint2name.get(code) or ("apos" if char == "'" else None)
    if name:
        entities.append(f"{name};?")
    # Any number of backslashes before: JSON inside JSON writes `"` as `\\\"`.
    return [
        r"\\*(?:" + "|".join(escapes) + ")",
        *encoded,
        "&(?:amp;)?(?:" + "|".join(entities) + ")",
    ]


def _secret_pattern(secret: str, binary: bool) -> str:
    def raw(char: str) -> str:
        return char.encode("utf-8").decode("latin-1") if binary else char

    parts = []
    for char in secret:
        forms = _char_forms(char, raw(char))
        if binary and ord(char) < 256 and raw(char) != char:  # the Latin-1 byte itself
            forms.append(re.escape(char))
        parts.append(f"(?:{'|'.join(forms)})")
    return "".join(parts)


@functools.lru_cache(maxsize=64)
def _compiled(secrets: tuple[str, ...], binary: bool) -> re.Pattern[str] | None:
    variants = {unicodedata.normalize(form, s) for s in secrets for form in ("NFC", "NFD")}
    variants |= set(secrets)
    ordered = sorted((v for v in variants if v), key=len, reverse=True)  # longest first
    if not ordered:
        return None
    return re.compile("|".join(_secret_pattern(v, binary) for v in ordered))


class Redactor:
    """Masks the given secrets in text, in bytes, and in every text of a record."""

    def __init__(self, secrets: Iterable[str], mask: str = SECRET_MASK) -> None:
        self.secrets = tuple(sorted({s for s in secrets if s}))
        self.mask = mask

    def __bool__(self) -> bool:
        return bool(self.secrets)

    def finds(self, text: str) -> bool:
        """Whether `text` holds a secret in any form."""
        pattern = _compiled(self.secrets, False)
        return pattern is not None and pattern.search(text) is not None

    def text(self, text: str) -> str:
        """`text` with every form of every secret replaced by the mask."""
        pattern = _compiled(self.secrets, False)
        return text if pattern is None else pattern.sub(self.mask, text)

    def binary(self, data: bytes) -> bytes:
        """`data` (not text) with every form of every secret overwritten byte for byte,
        so that offsets in the file stay where they were."""
        pattern = _compiled(self.secrets, True)
        if pattern is None:
            return data
        view = data.decode("latin-1")
        return pattern.sub(lambda m: "*" * len(m.group()), view).encode("latin-1")

    def tree(self, value: T) -> T:
        """`value` with the secrets masked in every text it holds: in dataclasses (a
        record), lists, tuples and dicts (keys too), all the way down."""
        return self._tree(value)  # type: ignore[no-any-return]

    def _tree(self, value: Any) -> Any:
        if not self.secrets:
            return value
        if isinstance(value, str):
            return self.text(value)
        if dataclasses.is_dataclass(value) and not isinstance(value, type):
            changes = {
                f.name: self._tree(getattr(value, f.name))
                for f in dataclasses.fields(value)
                if f.init
            }
            return dataclasses.replace(value, **changes)
        if isinstance(value, list):
            return [self._tree(v) for v in value]
        if isinstance(value, tuple):
            return tuple(self._tree(v) for v in value)
        if isinstance(value, dict):
            return {self._tree(k): self._tree(v) for k, v in value.items()}
        return value
