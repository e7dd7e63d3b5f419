"""Words as a reader reads them: "Rename…" and "Rename...", ’ and ', – and -, are the same.

A person does not tell typography apart: an ellipsis character from three dots, curly
quotes from straight ones, an en dash from a hyphen, a non-breaking space from a space,
capitals from small letters. `reader_form` folds those away for comparing in Python;
`reader_pattern` is the same tolerance as a regular expression that also runs in the page
(Playwright hands it to JavaScript), so it keeps to syntax both languages read alike.
"""

from __future__ import annotations

import re
import unicodedata

# Each group: what a reader takes for the same mark. The first is the canonical form.
_QUOTES_SINGLE = "'’‘ʼ‛′"
_QUOTES_DOUBLE = '"“”„‟″'
_DASHES = "-‐‑‒–—―−"
_ELLIPSIS = ("...", "…")

_FOLD = str.maketrans(
    {**{c: "'" for c in _QUOTES_SINGLE}, **{c: '"' for c in _QUOTES_DOUBLE}}
    | {c: "-" for c in _DASHES}
)
_SPACES = re.compile(r"\s+")
# Where a word ends: not inside a longer word or number ("2" is not in "12" nor in "2b").
_WORD_CHAR = "A-Za-z0-9_"


def reader_form(text: str) -> str:
    """`text` as a reader compares it: typography folded, spaces collapsed, case folded,
    and a label's closing colon dropped ("Name:" is "Name")."""
    folded = unicodedata.normalize("NFKC", text).replace("…", "...").translate(_FOLD)
    return _unlabel(_SPACES.sub(" ", folded).strip().casefold())


def _unlabel(text: str) -> str:
    """Without the colon that closes a label ("Email:", "[ ]:"); a lone colon stays."""
    return text[:-1].rstrip() if len(text) > 1 and text.endswith(":") else text


def _piece(text: str, at: int) -> tuple[str, int]:
    """The pattern for the mark at `at`, and where the next one starts."""
    if text.startswith(_ELLIPSIS[0], at) or text.startswith(_ELLIPSIS[1], at):
        step = len(_ELLIPSIS[0]) if text.startswith(_ELLIPSIS[0], at) else 1
        return r"(?:\.\.\.|…)", at + step
    char = text[at]
    if char.isspace():
        end = at
        while end < len(text) and text[end].isspace():
            end += 1
        return r"\s+", end
    for group in (_QUOTES_SINGLE, _QUOTES_DOUBLE, _DASHES):
        if char in group:
            return "[" + "".join("\\" + c if c in "-]\\^" else c for c in group) + "]", at + 1
    if char.isalnum() or char == "_":
        return char, at + 1
    return "\\" + char if char in r"\^$.|?*+()[]{}/" else char, at + 1


def reader_pattern(text: str, *, whole: bool, words: bool = True) -> re.Pattern[str]:
    """A case-blind pattern for `text` as a reader sees it on screen.

    `whole`: the pattern is all of the text it is matched against (surrounding spaces
    and a label's closing colon aside: "Email" is "Email:", "[ ]:" is "[ ]"). Otherwise
    it may be part of it, and with `words` never inside a longer word or number ("Save"
    in "Save changes", not in "Saved"; "2" in "Step 2", not in "12").
    """
    core = _unlabel(_SPACES.sub(" ", text.strip()))
    parts: list[str] = []
    at = 0
    while at < len(core):
        piece, at = _piece(core, at)
        parts.append(piece)
    body = "".join(parts)
    if whole:  # a label's closing colon, written or shown, makes no other words
        return re.compile(rf"^\s*{body}\s*:?\s*$", re.IGNORECASE)
    if words and core:
        before = f"(?<![{_WORD_CHAR}])" if core[0].isalnum() else ""
        after = f"(?![{_WORD_CHAR}])" if core[-1].isalnum() else ""
        return re.compile(f"{before}{body}{after}", re.IGNORECASE)
    return re.compile(body, re.IGNORECASE)
