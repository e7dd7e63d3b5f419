"""One fresh browser context and its page, with the trace and video Playwright keeps of it."""

from __future__ import annotations

import asyncio
import contextlib
import difflib
import tempfile
import time
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from harness.browser.errors import browser_errors
from harness.browser.network import Network, go_offline, throttle
from harness.errors import BrowserFailed, ShoshinError

if TYPE_CHECKING:
    from playwright.sync_api import Browser, CDPSession, Page


def context_options(
    devices: Mapping[str, Any],
    *,
    device: str | None = None,
    viewport: tuple[int, int] = (1280, 800),
    locale: str | None = None,
    timezone: str | None = None,
) -> dict[str, Any]:
    """Keyword arguments for `browser.new_context`: a named device, or a window of `viewport`."""
    options: dict[str, Any] = {}
    if device:
        if device not in devices:
            close = difflib.get_close_matches(device, list(devices), n=3)
            hint = f" Did you mean {', '.join(repr(c) for c in close)}?" if close else ""
            raise ShoshinError(f"--device {device!r} is not in Playwright's device list.{hint}")
        options.update({k: v for k, v in devices[device].items() if k != "default_browser_type"})
    else:
        width, height = viewport
        options["viewport"] = {"width": width, "height": height}
    if locale:
        options["locale"] = locale
    if timezone:
        options["timezone_id"] = timezone
    return options


class Tab:
    """A new browser context (no cookies, no storage, no cache) and the one page in it."""

    def __init__(
        self,
        browser: Browser,
        options: Mapping[str, Any],
        *,
        trace_title: str | None = None,
        video_dir: Path | None = None,
    ) -> None:
        options = {"accept_downloads": True, **options}  # `expect: {download: ...}` keeps them
        if video_dir is not None:
            options["record_video_dir"] = str(video_dir)
            options["record_video_size"] = options.get("viewport")
        self.tracing, self.recording = trace_title is not None, video_dir is not None
        self.video_dir = video_dir
        self.network: CDPSession | None = None
        with browser_errors():
            self.context = browser.new_context(**options)
            if trace_title is not None:
                self.context.tracing.start(
                    title=trace_title, screenshots=True, snapshots=True, sources=False
                )
            try:
                self.page = self.context.new_page()
            except asyncio.CancelledError:  # see launch.release_waiters
                raise BrowserFailed("The browser closed while a page was opening.") from None

    def throttle(self, preset: Network | None) -> None:
        """Watch the page's network over DevTools, throttled to `preset` when there is one."""
        self.network = throttle(self.context, self.page, preset)

    def go_offline(self) -> None:
        if self.network is not None:
            go_offline(self.network)

    @contextlib.contextmanager
    def group(self, name: str) -> Iterator[None]:
        """A named group in the trace (when tracing) around what happens inside."""
        if not self.tracing:
            yield
            return
        with browser_errors():
            self.context.tracing.group(name)
        try:
            yield
        finally:
            with browser_errors():
                self.context.tracing.group_end()

    def close(
        self,
        *,
        trace_to: Path | None,
        video_to: Path | None,
        scrub: Callable[[Path, Path], None] | None = None,
    ) -> bool:
        """Close the context, keeping the trace and the video where asked (None: drop it).

        With `scrub`, the trace Playwright writes goes to a private temporary folder and
        only `scrub(written, trace_to)`'s copy reaches `trace_to`. True when a video was
        kept at `video_to`.
        """
        with browser_errors():
            if self.tracing:
                self._stop_tracing(trace_to, scrub)
            video = self.page.video if self.recording else None
            self.context.close()
            if video is None:
                return False
            if video_to is not None:  # a copy: from a browser elsewhere, there is no path
                video.save_as(str(video_to))
            video.delete()
        if self.video_dir is not None:
            with contextlib.suppress(OSError):
                self.video_dir.rmdir()
        return video_to is not None

    def _stop_tracing(self, to: Path | None, scrub: Callable[[Path, Path], None] | None) -> None:
        if to is None or scrub is None:
            self.context.tracing.stop(path=str(to) if to is not None else None)
            return
        with tempfile.TemporaryDirectory(prefix="shoshin-trace-") as private:  # mode 0700
            written = Path(private) / "trace.zip"
            self.context.tracing.stop(path=str(written))
            scrub(written, to)


# Marks, in every document, that the page is opening a tab or window (`window.open`, a link
# or form with a target of its own): the "popup" event may reach shoshin a moment after
# the click that caused it, and the step must go on in the new tab, not the old one.
_OPENING_SCRIPT = """
(() => {
  const opened = () => { try { window.__shoshinOpening(); } catch (e) { /* not watched */ } };
  const open = window.open;
  window.open = function (...args) { opened(); return open.apply(this, args); };
  const elsewhere = (el) => {
    const target = el && (el.getAttribute('target') || '').toLowerCase();
    return !!target && !['_self', '_top', '_parent'].includes(target)
      && !(window.frames[target]);
  };
  addEventListener('click', (event) => {
    const link = event.target instanceof Element && event.target.closest('a[href], area[href]');
    if (link && elsewhere(link)) opened();
  }, true);
  addEventListener('submit', (event) => { if (elsewhere(event.target)) opened(); }, true);
})()
"""
OPENING_POLL_MS = 20


class Tabs:
    """Which tab the newcomer is on, as they would follow it.

    A tab or window the page opens (a `target=_blank` link, `window.open`) is where the
    newcomer goes next: its page becomes `page`, and `opened` remembers it. When the tab
    the newcomer is on closes itself (`window.close()`), they are back on the tab that
    opened it, else on the last tab still open; with none, `closed` is the URL of the tab
    that closed, and `page` stays that closed page (acting on it raises `PageClosed`).
    `on_page` is told of every page as it comes, the first included.
    """

    def __init__(self, page: Page, on_page: Callable[[Page], None]) -> None:
        self.page = page
        self.opened: Page | None = None  # the last tab a page opened
        self.closed: str | None = None  # the tab that closed with nowhere to go back to
        self._on_page = on_page
        self._pages = [page]
        self._attach(page)
        self._opening = False  # the page said it is opening a tab, not yet here
        with contextlib.suppress(Exception):  # best effort: without it, the popup event alone
            page.context.expose_binding("__shoshinOpening", self._on_opening)
            page.context.add_init_script(_OPENING_SCRIPT)

    def await_opened(self, timeout_ms: float) -> None:
        """After an action: when the page was opening a tab, wait (at most `timeout_ms`: what
        is left of the step's patience) until the newcomer is on it, so that what follows
        happens there. On a busy machine the tab may take seconds to come."""
        page, opening, self._opening = self.page, self._opening, False
        deadline = time.monotonic() + timeout_ms / 1000
        while opening and self.page is page and time.monotonic() < deadline:
            try:
                page.wait_for_timeout(OPENING_POLL_MS)  # lets the popup event in
            except Exception:
                return

    def new_tab(self) -> Page | None:
        """The tab opened since `forget_opened()` that the newcomer is still on, if any."""
        opened = self.opened
        return opened if opened is self.page and not opened.is_closed() else None

    def _on_opening(self, source: Any) -> None:
        # Called by the page (a binding: no call of shoshin's in the page, nor in its trace).
        self._opening = True

    def forget_opened(self) -> None:
        self.opened = None

    def _attach(self, page: Page) -> None:
        page.on("popup", self._on_popup)
        page.on("close", self._on_close)
        self._on_page(page)

    def _on_popup(self, popup: Page) -> None:
        self._opening = False
        self._pages.append(popup)
        self.opened = self.page = popup
        self.closed = None
        self._attach(popup)

    def _on_close(self, page: Page) -> None:
        if page is not self.page:
            return
        back = page.opener()  # None when it closed too, or was opened without one
        if back is None:
            open_tabs = [p for p in self._pages if not p.is_closed()]
            back = open_tabs[-1] if open_tabs else None
        if back is None:
            self.closed = page.url
        else:
            self.page = back
