"""Playwright's exceptions told as shoshin's: the one place that looks at their classes or text.

Everything else catches the `BrowserFailed` branch of `harness.errors`.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from harness.errors import (
    BrowserFailed,
    NoAnswer,
    PageClosed,
    PageCrashed,
    PageNavigated,
    PageTimeout,
    TargetCovered,
)

if TYPE_CHECKING:
    from playwright.sync_api import Browser

# Playwright's words when a navigation destroys what was being read.
_NAVIGATED = ("context was destroyed", "navigat")
# Playwright's words when another element takes the pointer from the target.
_COVERED = "intercepts pointer events"
# Playwright's words when the page's renderer is gone (the browser itself still runs).
_CRASHED = ("Target crashed", "Page crashed")
# Chromium's network error for a navigation, and the address it was going to.
_NET_ERROR = re.compile(r"(net::ERR_[A-Z_]+)(?: at (\S+))?")
# Not "nothing answered": the browser dropped the load itself (a download, a new navigation
# that replaced it, a stop), or the product answered an HTTP error (an `http-error`).
_NOT_UNANSWERED = ("net::ERR_ABORTED", "net::ERR_HTTP_RESPONSE_CODE_FAILURE")
# What a newcomer would be told for Chromium's network errors (others: _NO_ANSWER).
_NET_WORDS = {
    "net::ERR_CONNECTION_REFUSED": "the connection was refused",
    "net::ERR_CONNECTION_RESET": "the connection was reset",
    "net::ERR_CONNECTION_CLOSED": "the connection was closed without an answer",
    "net::ERR_EMPTY_RESPONSE": "the connection was closed without an answer",
    "net::ERR_CONNECTION_TIMED_OUT": "the connection timed out",
    "net::ERR_TIMED_OUT": "the connection timed out",
    "net::ERR_NAME_NOT_RESOLVED": "its name did not resolve",
    "net::ERR_ADDRESS_UNREACHABLE": "its address is unreachable",
    "net::ERR_INTERNET_DISCONNECTED": "the browser is offline",
}
_NO_ANSWER = "nothing answered"

BROWSER_DIED = (
    "The browser (Chromium) died: its process ended (killed, crashed or out of memory), "
    "so this could not be judged; the next scenario gets a new browser."
)
REMOTE_BROWSER_GONE = (
    "The browser elsewhere (--browser-endpoint) went away: the connection to it was lost, "
    "or it was closed or died there, so this could not be judged; the next scenario "
    "connects anew."
)


def browser_gone_words(remote: bool) -> str:
    """What a walk says of a browser that went away: one of ours died, or one elsewhere was
    lost (a connection, a browser closed there): shoshin cannot tell which from here."""
    return REMOTE_BROWSER_GONE if remote else BROWSER_DIED


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


def unanswered(code: str | None) -> bool:
    """Whether Chromium's network error `code` (`net::ERR_...`) means nothing answered."""
    return bool(code) and code not in _NOT_UNANSWERED


def net_words(code: str) -> str:
    """Chromium's network error in a newcomer's words: "the connection was refused"."""
    if code.startswith("net::ERR_CERT_"):
        return "its certificate is not trusted"
    return _NET_WORDS.get(code, _NO_ANSWER)


def gone(browser: Browser) -> bool:
    """Whether the browser process is gone (asked after something failed).

    Playwright marks a browser disconnected once it learns its process ended; a round trip
    to the browser settles the moment in between.
    """
    if not browser.is_connected():
        return True
    try:
        browser.new_browser_cdp_session().detach()
    except (Exception, asyncio.CancelledError):  # cancelled: see launch.release_waiters
        return True
    return False


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
    net = _NET_ERROR.search(str(exc))
    if net is not None and unanswered(net.group(1)):
        return NoAnswer(line, net.group(2), net.group(1))
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
    except asyncio.CancelledError:  # a call the dead browser left waiting (launch.py)
        raise BrowserFailed("The browser closed while shoshin waited on it.") from None
    except Exception as exc:
        translated = translate(exc)
        if translated is None:
            raise
        raise translated from exc
