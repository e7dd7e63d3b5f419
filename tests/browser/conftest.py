"""A real Chromium page for the tests of one module, shared by its tests."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Page, sync_playwright

from harness.browser.launch import BrowserChoice, launch


@pytest.fixture(scope="module")
def page(browser_choice: BrowserChoice) -> Iterator[Page]:
    with sync_playwright() as pw:
        browser = launch(pw, browser_choice)
        yield browser.new_page()
        browser.close()
