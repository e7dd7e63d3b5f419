"""Playwright's exceptions told as shoshin's: the one place that looks at their classes or text.

Everything else catches the `BrowserFailed` branch of `harness.errors`.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from harness.errors import (
    BrowserFailed,
    PageClosed,
    PageCrashed,
    PageNavigated,
    PageTimeout,
    TargetCovered,
)

# Playwright's words when a navigation destroys what was being read.
_NAVIGATED = ("context was destroyed", "navigat")
# Playwright's words when another element takes the pointer from the target.
_COVERED = "intercepts pointer events"
# Playwright's words when the page's renderer is gone (the browser itself still runs).
_CRASHED = ("Target crashed", "Page crashed")


def first_line(exc: BaseException) -> str:
    """`Name: first line of the message`, as a step's `error` is written in run.json."""
    if isinstance(exc, BrowserFailed):
        return str(exc)  # already Playwright's own line, name first
    text = str(exc).strip()
    return f"{type(exc).__name__}: {text.splitlines()[0] if text else ''}".rstrip(": ")


def message_line(exc: BaseException) -> str:
    """The first line of the message, or the exception's name when it has none."""
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


def translate(exc: BaseException) -> BrowserFailed | None:
    """Shoshin's exception for one of Playwright's; None for anything else."""
    from playwright.sync_api import Error, TimeoutError

    if isinstance(exc, BrowserFailed) or not isinstance(exc, Error):
        return None
    line = first_line(exc)
    if isinstance(exc, TimeoutError):
        return TargetCovered(line) if _COVERED in str(exc) else PageTimeout(line)
    if any(words in str(exc) for words in _CRASHED):
        return PageCrashed(line)
    if type(exc).__name__ == "TargetClosedError":  # not exported by sync_api
        return PageClosed(line)
    if any(words in str(exc) for words in _NAVIGATED):
        return PageNavigated(line)
    return BrowserFailed(line)


@contextmanager
def browser_errors() -> Iterator[None]:
    """Raise Playwright's exceptions again as shoshin's, the original as the cause."""
    try:
        yield
    except Exception as exc:
        translated = translate(exc)
        if translated is None:
            raise
        raise translated from exc
