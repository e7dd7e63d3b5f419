"""The questions asked once the task is over: the Single Ease Question and the SUS.

The wording is the published wording; the SUS is scored the standard way (odd items
positive, even items negative, the sum times 2.5, so 0–100).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

SEQ_QUESTION = "Overall, how difficult or easy was the task to complete?"
SEQ_SCALE = "1 = very difficult … 7 = very easy"
SEQ_RANGE = (1, 7)
SUS_SCALE = "1 = strongly disagree … 5 = strongly agree"
SUS_RANGE = (1, 5)
SUS_ITEMS = (
    "I think that I would like to use this system frequently.",
    "I found the system unnecessarily complex.",
    "I thought the system was easy to use.",
    "I think that I would need the support of a technical person to be able to use this system.",
    "I found the various functions in this system were well integrated.",
    "I thought there was too much inconsistency in this system.",
    "I would imagine that most people would learn to use this system very quickly.",
    "I found the system very cumbersome to use.",
    "I felt very confident using the system.",
    "I needed to learn a lot of things before I could get going with this system.",
)


def sus_score(answers: Sequence[int]) -> float:
    """The System Usability Scale score (0–100) of ten answers 1–5, item 1 first."""
    if len(answers) != len(SUS_ITEMS) or any(not 1 <= a <= 5 for a in answers):
        raise ValueError("SUS takes ten answers from 1 to 5")
    odd = sum(a - 1 for a in answers[0::2])
    even = sum(5 - a for a in answers[1::2])
    return (odd + even) * 2.5


def valid_seq(score: int) -> bool:
    low, high = SEQ_RANGE
    return low <= score <= high


def whole(text: str) -> int | None:
    """A whole number typed as an answer (`6`, ` 6 `), else None."""
    text = text.strip()
    return int(text) if text.isdigit() else None


def seq_answer(text: str) -> int | None:
    """The SEQ score a typed answer gives, or None if it is not a whole number from 1 to 7."""
    score = whole(text)
    return score if score is not None and valid_seq(score) else None


def sus_answer(text: str) -> int | None:
    """One SUS answer, or None if it is not a whole number from 1 to 5."""
    value = whole(text)
    low, high = SUS_RANGE
    return value if value is not None and low <= value <= high else None


def split_sus_line(line: str) -> list[str]:
    """A line holding all ten SUS answers (by spaces, commas or semicolons), else the one answer."""
    parts = re.split(r"[\s,;]+", line.strip())
    return list(parts) if len(parts) == len(SUS_ITEMS) else [line.strip()]
