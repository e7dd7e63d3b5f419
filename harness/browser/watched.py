"""A Chromium window for a person to use, recorded: a fresh context (a first visit), THE
recorder on it, and what the one thread that owns it needs (pump, look, screenshot, close).
The tester's window (`shoshin observe --browser`) and the author's (`shoshin record`) are
both this one.

Everything here runs on the thread that opened the window: Playwright's sync API belongs to
the thread that started it.
"""

from __future__ import annotations

import contextlib
import os
import socket
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from harness.browser.errors import browser_errors, message_line, net_words
from harness.browser.launch import BrowserChoice, launch_args
from harness.browser.recording import Event, Recording
from harness.browser.remote import mask_url
from harness.errors import BrowserFailed, BrowserNotFound, NoAnswer, ProductUnreachable

if TYPE_CHECKING:
    from playwright.sync_api import Browser, BrowserContext, Page, Playwright

HEADLESS_VIEWPORT = {"width": 1280, "height": 800}
OPEN_TIMEOUT_MS = 30_000
# What screenshots hide: every field a person types into (what they typed stays theirs).
TYPED_FIELDS = (
    "input:not([type=checkbox]):not([type=radio]):not([type=submit]):not([type=button])"
    ":not([type=reset]):not([type=hidden]):not([type=image]), textarea, [contenteditable='']"
    ", [contenteditable=true]"
)


def free_port() -> int:
    """A loopback port nothing listens on now, for the window's DevTools."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def needs_display(headless: bool, command: str = "shoshin observe --browser") -> str | None:
    """Why a headed window cannot open here, or None."""
    if headless or not sys.platform.startswith("linux"):
        return None
    if os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"):
        return None
    return (
        f"`{command}` opens a browser window, and neither DISPLAY nor WAYLAND_DISPLAY is set; "
        "run it on a desktop session, or add --headless --devtools-port 0 to drive the "
        "window from another program."
    )


class WatchedWindow:
    """One fresh Chromium window at `url`, everything done in it told to `on_event`.

    The context is off the record (as a private window): cookies, storage, cache and what
    the browser would remember of forms live in memory and die with it, so nothing typed
    reaches a profile on disk, even when shoshin is killed.
    """

    def __init__(
        self,
        choice: BrowserChoice,
        url: str,
        on_event: Callable[[Event], None],
        *,
        headless: bool = False,
        devtools_port: int | None = None,
        values: bool = False,
        prepare: Callable[[BrowserContext], None] | None = None,
        command: str = "shoshin observe --browser",
    ) -> None:
        """`values`: the recorder tells what is typed (for `shoshin record`); `prepare`
        readies the context (bindings, init scripts) before its first page opens."""
        why = needs_display(headless, command)
        if why:
            raise BrowserNotFound(why)
        self._pw: Playwright | None = None
        self._browser: Browser | None = None
        self.devtools: str | None = None
        try:
            from playwright.sync_api import sync_playwright

            self._pw = sync_playwright().start()
            port = free_port() if devtools_port == 0 else devtools_port
            self._browser = self._launch(choice, headless, port)
            size: dict[str, Any] = (
                {"viewport": HEADLESS_VIEWPORT} if headless else {"no_viewport": True}
            )
            self.context = self._browser.new_context(accept_downloads=True, **size)
            if prepare is not None:
                prepare(self.context)
            self.recording = Recording(self.context, on_event, values=values)
            self._open(self.context.new_page(), url)
            if port is not None:
                self.devtools = f"http://127.0.0.1:{port}"
        except BaseException:
            self.close()
            raise

    def _launch(self, choice: BrowserChoice, headless: bool, port: int | None) -> Browser:
        assert self._pw is not None
        args = launch_args()
        if port is not None:
            args += [f"--remote-debugging-port={port}", "--remote-debugging-address=127.0.0.1"]
        try:
            return self._pw.chromium.launch(
                executable_path=choice.executable,
                headless=headless,
                args=args,
                handle_sigint=False,
                handle_sigterm=False,
                handle_sighup=False,
            )
        except Exception as exc:
            raise BrowserNotFound(
                f"Chromium at {choice.describe()} would not open a browser window "
                f"({message_line(exc)})."
            ) from None

    def _open(self, page: Page, url: str) -> None:
        try:
            with browser_errors():
                page.goto(url, wait_until="domcontentloaded", timeout=OPEN_TIMEOUT_MS)
        except NoAnswer as exc:
            raise ProductUnreachable(
                f"The product at {mask_url(url)} did not answer ({net_words(exc.code)}); "
                "start it, or fix --base-url."
            ) from None
        except BrowserFailed as exc:
            raise ProductUnreachable(
                f"The browser window could not open {mask_url(url)} ({exc}); "
                "check that the product runs there, or fix --base-url."
            ) from None

    # --- on the owning thread, while the window is open ------------------------------------

    def pages(self) -> list[tuple[int, Page]]:
        """The open tabs, by number."""
        return self.recording.open_tabs()

    def pump(self, ms: float) -> bool:
        """Let the browser's events arrive for `ms`; False once the window is gone."""
        open_pages = self.pages()
        if not open_pages:
            return False
        try:
            open_pages[-1][1].wait_for_timeout(ms)
        except Exception:  # closed meanwhile: asked again next time
            return bool(self.pages())
        return True

    def transition(self, tab: int) -> str | None:
        """How the tab's current page came about, as its history says (`typed`, `link`...)."""
        page = self.recording.tab(tab)
        if page is None:
            return None
        try:
            cdp = self.context.new_cdp_session(page)
            try:
                history = cdp.send("Page.getNavigationHistory")
            finally:
                cdp.detach()
            return str(history["entries"][int(history["currentIndex"])].get("transitionType"))
        except Exception:
            return None

    def viewport(self, tab: int = 1) -> dict[str, int]:
        page = self.recording.tab(tab)
        try:
            assert page is not None
            size = page.evaluate("() => [innerWidth, innerHeight]")
            return {"width": int(size[0]), "height": int(size[1])}
        except Exception:
            return dict(HEADLESS_VIEWPORT)

    def screenshot(self, tab: int, path: Path) -> bool:
        """The tab's viewport as a PNG, typed-into fields masked; False when it failed."""
        page = self.recording.tab(tab)
        if page is None or page.is_closed():
            return False
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            page.screenshot(
                path=str(path), mask=[page.locator(TYPED_FIELDS)], scale="css", timeout=5_000
            )
        except Exception:
            return False
        return True

    def close(self) -> None:
        """Close the window (if it is still open) and the browser."""
        with contextlib.suppress(Exception):
            if self._browser is not None:
                self._browser.close()
        with contextlib.suppress(Exception):
            if self._pw is not None:
                self._pw.stop()
        self._pw = self._browser = None
