"""The errors shoshin reports to its users.

    ShoshinError                 anything shoshin explains in one sentence (exit code 2)
    ├── ScenarioError            a scenario file is wrong: names file, line and step
    ├── BrowserNotFound          no Chromium to drive, and how to get one
    │   └── EndpointFailed       (browser/remote.py) the browser at --browser-endpoint
    ├── ProductUnreachable       the product under test does not answer at --base-url
    ├── ObserveError             (observe.py) an observer session cannot start or resume
    └── NotesImportError         (notes_import.py) a notes CSV with bad rows, each named

    BrowserFailed                the browser or the page failed: a step's error, not a bug
    ├── PageTimeout              the browser waited its timeout for the page
    │   └── TargetCovered        another element takes the click (a cookie wall, a modal)
    ├── PageNavigated            the page navigated away while it was being read
    ├── PageCrashed              the page's renderer crashed (the product, not the browser)
    ├── NotOffered               a choice (a `select` option) the page does not offer
    ├── NoAnswer                 a navigation got no answer at all (refused, reset, offline)
    └── PageClosed               the page, its context or the browser closed

Only `harness.browser.errors` turns Playwright's exceptions into the `BrowserFailed`
branch; everything else catches these. Anything else that escapes is a bug in shoshin
and is shown with its traceback.
"""

from __future__ import annotations

from pathlib import Path


class ShoshinError(Exception):
    """A problem the user can fix; its message is one sentence saying what, where and how."""

    exit_code = 2


class ScenarioError(ShoshinError):
    """A scenario file that cannot be loaded."""

    def __init__(
        self,
        file: Path | str,
        line: int | None,
        problem: str,
        *,
        step: int | None = None,
        fix: str | None = None,
    ) -> None:
        self.file = str(file)
        self.line = line
        self.problem = problem
        self.step = step
        self.fix = fix
        super().__init__(self.sentence())

    def sentence(self) -> str:
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        step = f" step {self.step}:" if self.step is not None else ""
        fix = f" {self.fix}" if self.fix else ""
        return f"{where}:{step} {self.problem}{fix}"


class BrowserNotFound(ShoshinError):
    """No Chromium could be found or installed."""


class ProductUnreachable(ShoshinError):
    """The product under test did not answer."""


class BrowserFailed(Exception):
    """The browser or the page failed; the message is Playwright's first line, with its name."""


class PageTimeout(BrowserFailed):
    """The browser waited its timeout for the page."""


class PageNavigated(BrowserFailed):
    """The page navigated away (its context was destroyed) while it was being read."""


class PageClosed(BrowserFailed):
    """The page, its context or the browser closed."""


class TargetCovered(PageTimeout):
    """The target is there, but another element takes the pointer (an overlay, a wall)."""


class PageCrashed(BrowserFailed):
    """The page's renderer crashed: what the product did, not a failure of the browser."""


class NotOffered(BrowserFailed):
    """A choice the page does not offer; `offered` lists the ones it does."""

    def __init__(self, message: str, offered: list[str]) -> None:
        super().__init__(message)
        self.offered = offered


class NoAnswer(BrowserFailed):
    """A navigation got no answer at all: the product refused or dropped the connection, its
    name did not resolve, the browser is offline. The product's failure (`no-response`)."""

    def __init__(self, message: str, url: str | None, code: str) -> None:
        super().__init__(message)
        self.url, self.code = url, code  # code: Chromium's, e.g. net::ERR_CONNECTION_REFUSED
