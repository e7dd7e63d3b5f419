"""What the page said while a step ran: console errors, failed requests, dialogs, crashes."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from harness.browser.errors import unanswered
from harness.browser.tab import Tabs
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
    page_height: int | None = None  # the page's height, when its screenshot shows only its top
    invisible_focus: list[str] = field(default_factory=list)  # --input keyboard: focus unseen
    tabs: Tabs | None = None  # which tab the newcomer is on (a tab the page opens is followed)
    started_downloads: list[Download] = field(default_factory=list)  # in the order started
    downloads: list[DownloadRecord] = field(default_factory=list)  # those kept, once saved


class PageWatcher:
    """Listens to the newcomer's tab for a whole scenario; `start_step` gives a fresh log per
    step. A tab the page opens is followed (`tabs`, `page`) and listened to as well."""

    def __init__(self, page: Page) -> None:
        self.log = StepLog()
        self.tabs = Tabs(page, self._listen)
        self.log.tabs = self.tabs

    @property
    def page(self) -> Page:
        """The page the newcomer is on now."""
        return self.tabs.page

    def new_tab(self) -> str | None:
        """The address of the tab the step opened and the newcomer is still on, if any."""
        page = self.tabs.new_tab()
        return page.url if page is not None else None

    def _listen(self, page: Page) -> None:
        page.on("console", self._on_console)
        page.on("pageerror", lambda error: self.log.page_errors.append(str(error)))
        page.on("request", self._on_request)
        page.on("response", self._on_response)
        page.on("requestfailed", self._on_request_failed)
        page.on("dialog", self._on_dialog)
        page.on("crash", self._on_crash)
        page.on("download", self.log_download)
        if not _ScreenCounter(self, page).watching:
            page.on("framenavigated", self._on_navigated)  # every navigation, redirects too

    def log_download(self, download: Download) -> None:
        self.log.started_downloads.append(download)
        if self.log.navigating == download.url:  # it turned out a download: no page to wait for
            self.log.navigating = None
        # The browser ends the request as aborted when it becomes a download: not a failure.
        aborted = _aborted(download.url)
        self.log.failed_requests = [f for f in self.log.failed_requests if not f.endswith(aborted)]

    def start_step(self) -> StepLog:
        self.log = StepLog(tabs=self.tabs)
        self.tabs.forget_opened()
        return self.log

    def _on_console(self, message: ConsoleMessage) -> None:
        if message.type == "error":
            self.log.console_errors.append(message.text)

    def _on_request(self, request: Request) -> None:
        if _navigation(request):
            self.log.navigating = request.url

    def _on_response(self, response: Response) -> None:
        request = response.request
        if _navigation(request):
            self.log.navigating = None
            self.log.http_status = response.status
            if response.status >= 400:
                self.log.http_errors.append((response.status, response.url))
        if response.status >= 400:
            self.log.failed_requests.append(f"{request.method} {response.url} → {response.status}")

    def _on_request_failed(self, request: Request) -> None:
        if request.url == self.log.navigating:
            self.log.navigating = None
        if _navigation(request) and unanswered(request.failure):
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
        self.log.friction.append(DeadEnd(kind="dialog", looked_for="", message=_asked(dialog)))
        try:
            # OK, as a newcomer in a hurry presses it: a prompt keeps the text it offers,
            # and a page that asks before it is left is left.
            dialog.accept(dialog.default_value if dialog.type == "prompt" else None)
        except Exception:
            return  # the page or its dialog went away meanwhile: nothing left to answer

    def _on_navigated(self, frame: Frame) -> None:
        if frame.parent_frame is None:
            self.log.pages_visited += 1

    def _on_crash(self, _: Page) -> None:
        self.log.crashed = True


def _navigation(request: Request) -> bool:
    """Whether `request` loads a document into a tab (the main frame of a page)."""
    try:
        return request.is_navigation_request() and request.frame.parent_frame is None
    except Exception:  # its frame is gone already
        return False


def _asked(dialog: Dialog) -> str:
    """The friction a dialog is: what it asked, and how it was answered."""
    if dialog.type == "beforeunload":
        return "The page asked the newcomer whether to leave it (answered Leave)."
    answer = f"OK, keeping “{dialog.default_value}”" if dialog.default_value else "OK"
    return (
        f"A {dialog.type} dialog interrupted the newcomer: “{dialog.message}” (answered {answer})."
    )


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

    def __init__(self, watcher: PageWatcher, page: Page) -> None:
        self.watcher = watcher
        self.watching = False
        self.main_frame: str | None = None
        self.requested: str | None = None  # the URL the page itself asked to navigate to
        self.redirects: set[str] = set()  # loader ids of documents the page redirected to
        try:
            session: CDPSession = page.context.new_cdp_session(page)
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
