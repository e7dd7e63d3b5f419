"""A terminal's Ctrl-C reaches every process of its job: Playwright's driver too. The browser
is shoshin's to close, after the run's wrap-up, not the driver's on that Ctrl-C."""

from __future__ import annotations

import os
import signal

import pytest

from harness.browser.launch import BrowserChoice, launch
from tests.faults.crash_tools import command, descendants

pytestmark = pytest.mark.browser


def _drivers() -> set[int]:
    return {p for p in descendants(os.getpid()) if "run-driver" in command(p)}


def test_a_ctrl_c_to_playwrights_driver_leaves_the_browser_running(
    browser_choice: BrowserChoice,
) -> None:
    from playwright.sync_api import sync_playwright

    before = _drivers()
    with sync_playwright() as pw:
        (driver,) = _drivers() - before
        browser = launch(pw, browser_choice)
        try:
            os.kill(driver, signal.SIGINT)
            page = browser.new_page()  # the driver has read the signal by now: it answers
            page.set_content("<p>Still here</p>")
            assert page.inner_text("p") == "Still here"
            assert browser.is_connected()
        finally:
            browser.close()
