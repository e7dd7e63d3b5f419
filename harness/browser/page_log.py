"""What the page said while a step ran: console errors, failed requests, dialogs, crashes."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from harness.browser.errors import unanswered
from harness.record.model import DeadEnd, DownloadRecord, InteractionCost

if TYPE_CHECKING:
    from playwright.sync_api import (
        CDPSession,
        ConsoleMessage,
        Dialog,
        Download,
        Frame,
        Page,
        Request,
        Response,
    )


@dataclass
class StepLog:
    """Filled by the page listeners and the walk during one step."""

    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    failed_requests: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)
    http_errors: list[tuple[int, str]] = field(default_factory=list)
    http_status: int | None = None
    crashed: bool = False
    navigating: str | None = None  # a main-frame navigation asked for and not yet answered
    unanswered: tuple[str, str] | None = None  # (url, net::ERR_...) of one nothing answered
    pages_visited: int = 0  # screens: documents and in-page route changes, redirects not apart
    friction: list[DeadEnd] = field(default_factory=list)
    cost: InteractionCost = field(default_factory=InteractionCost)
    action_screenshot: str | None = None
    action_box: dict[str, float] | None = None
    started_downloads: list[Download] = field(default_factory=list)  # in the order started
    downloads: list[DownloadRecord] = field(default_factory=list)  # those kept, once saved


class PageWatcher:
    """Listens to one page for a whole scenario; `start_step` gives a fresh log per step."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.log = StepLog()
        page.on("console", self._on_console)
        page.on("pageerror", lambda error: self.log.page_errors.append(str(error)))
        page.on("request", self._on_request)
        page.on("response", self._on_response)
        page.on("requestfailed", self._on_request_failed)
        page.on("dialog", self._on_dialog)
        page.on("crash", self._on_crash)
        page.on("download", self.log_download)
        self.screens = _ScreenCounter(self)
        if not self.screens.watching:
            page.on("framenavigated", self._on_navigated)  # every navigation, redirects too

    def log_download(self, download: Download) -> None:
        self.log.started_downloads.append(download)
        if self.log.navigating == download.url:  # it turned out a download: no page to wait for
            self.log.navigating = None
        # The browser ends the request as aborted when it becomes a download: not a failure.
        aborted = _aborted(download.url)
        self.log.failed_requests = [f for f in self.log.failed_requests if not f.endswith(aborted)]

    def start_step(self) -> StepLog:
        self.log = StepLog()
        return self.log

    def _on_console(self, message: ConsoleMessage) -> None:
        if message.type == "error":
            self.log.console_errors.append(message.text)

    def _on_request(self, request: Request) -> None:
        if request.is_navigation_request() and request.frame == self.page.main_frame:
            self.log.navigating = request.url

    def _on_response(self, response: Response) -> None:
        request = response.request
        if request.is_navigation_request() and request.frame == self.page.main_frame:
            self.log.navigating = None
            self.log.http_status = response.status
            if response.status >= 400:
                self.log.http_errors.append((response.status, response.url))
        if response.status >= 400:
            self.log.failed_requests.append(f"{request.method} {response.url} → {response.status}")

    def _on_request_failed(self, request: Request) -> None:
        if request.url == self.log.navigating:
            self.log.navigating = None
        main = request.is_navigation_request() and request.frame == self.page.main_frame
        if main and unanswered(request.failure):
            self.log.unanswered = (request.url, str(request.failure))
        downloading = {d.url for d in self.log.started_downloads}
        if request.url in downloading and request.failure == "net::ERR_ABORTED":
            return  # it became a download (`log_download`)
        self.log.failed_requests.append(
            f"{request.method} {request.url} → {request.failure or 'failed'}"
        )

    def _on_dialog(self, dialog: Dialog) -> None:
        # Answered so the run goes on; a newcomer would have had to stop and read it.
        self.log.dialogs.append(f"{dialog.type}: {dialog.message}")
        self.log.friction.append(
            DeadEnd(
                kind="dialog",
                looked_for="",
                message=(
                    f"A {dialog.type} dialog interrupted the newcomer: “{dialog.message}” "
                    "(answered OK)."
                ),
            )
        )
        dialog.accept()

    def _on_navigated(self, frame: Frame) -> None:
        if frame == self.page.main_frame:
            self.log.pages_visited += 1

    def _on_crash(self, _: Page) -> None:
        self.log.crashed = True


def _without_fragment(url: str) -> str:
    return url.split("#", 1)[0]


class _ScreenCounter:
    """Counts the screens a newcomer sees, over DevTools: a redirect is no screen of its own.

    Every document the main frame commits is a new screen, except one the page navigated to
    by itself, without the newcomer's gesture: a script (`location.replace` on load) or a
    `<meta http-equiv=refresh>`. So a `visit` through two client-side redirects is one page,
    like a chain of HTTP redirects (which commit one document anyway), while a click whose
    handler sets `location` is a new page. A route change inside the document (the history
    API) is a new screen. Without DevTools (`watching` False) the watcher counts navigations.
    """

    def __init__(self, watcher: PageWatcher) -> None:
        self.watcher = watcher
        self.watching = False
        self.main_frame: str | None = None
        self.requested: str | None = None  # the URL the page itself asked to navigate to
        self.redirects: set[str] = set()  # loader ids of documents the page redirected to
        try:
            session: CDPSession = watcher.page.context.new_cdp_session(watcher.page)
            session.send("Page.enable")
            session.send("Network.enable")
            tree = session.send("Page.getFrameTree")
            self.main_frame = str(tree["frameTree"]["frame"]["id"])
        except Exception:
            return
        session.on("Page.frameRequestedNavigation", self._on_requested)
        session.on("Network.requestWillBeSent", self._on_request)
        session.on("Page.frameNavigated", self._on_committed)
        session.on("Page.navigatedWithinDocument", self._on_route)
        self.watching = True

    def _on_requested(self, event: dict[str, Any]) -> None:
        if event.get("frameId") == self.main_frame:
            self.requested = _without_fragment(str(event.get("url", "")))

    def _on_request(self, event: dict[str, Any]) -> None:
        if event.get("type") != "Document" or event.get("frameId") != self.main_frame:
            return
        if event.get("redirectResponse"):
            return  # an HTTP redirect: the same navigation goes on
        url = _without_fragment(str(event.get("request", {}).get("url", "")))
        by_the_page, self.requested = self.requested == url, None
        if by_the_page and not event.get("hasUserGesture"):
            self.redirects.add(str(event.get("loaderId")))

    def _on_committed(self, event: dict[str, Any]) -> None:
        frame = event.get("frame") or {}
        if frame.get("parentId") or frame.get("id") != self.main_frame:
            return
        loader = str(frame.get("loaderId"))
        if loader in self.redirects:
            self.redirects.discard(loader)
        else:
            self.watcher.log.pages_visited += 1

    def _on_route(self, event: dict[str, Any]) -> None:
        if event.get("frameId") == self.main_frame:
            self.watcher.log.pages_visited += 1


def _aborted(url: str) -> str:
    """How `_on_request_failed` ends the line of a request aborted for a download."""
    return f" {url} → net::ERR_ABORTED"
