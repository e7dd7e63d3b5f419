"""What the page said while a step ran: console errors, failed requests, dialogs, crashes."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from harness.record.model import DeadEnd, DownloadRecord, InteractionCost

if TYPE_CHECKING:
    from playwright.sync_api import (
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
    pages_visited: int = 0
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
        page.on("framenavigated", self._on_navigated)
        page.on("download", self.log_download)

    def log_download(self, download: Download) -> None:
        self.log.started_downloads.append(download)
        if self.log.navigating == download.url:  # it turned out a download: no page to wait for
            self.log.navigating = None

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
