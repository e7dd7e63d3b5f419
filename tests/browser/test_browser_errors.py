"""Playwright's exceptions become shoshin's, keeping the line run.json shows."""

from __future__ import annotations

import pytest
from playwright.sync_api import Error, TimeoutError

from harness.browser.errors import browser_errors, first_line, translate
from harness.errors import BrowserFailed, PageClosed, PageNavigated, PageTimeout


def test_a_timeout_keeps_its_name_and_first_line() -> None:
    with pytest.raises(PageTimeout) as caught, browser_errors():
        raise TimeoutError("Locator.click: Timeout 10000ms exceeded.\nCall log: ...")
    assert str(caught.value) == "TimeoutError: Locator.click: Timeout 10000ms exceeded."
    assert first_line(caught.value) == str(caught.value)
    assert isinstance(caught.value.__cause__, TimeoutError)


@pytest.mark.parametrize(
    ("message", "kind"),
    [
        ("Execution context was destroyed, most likely because of a navigation", PageNavigated),
        ("Frame was detached while navigating", PageNavigated),
        ("Element is not attached to the DOM", BrowserFailed),
    ],
)
def test_errors_by_what_happened(message: str, kind: type[BrowserFailed]) -> None:
    translated = translate(Error(message))
    assert type(translated) is kind
    assert str(translated) == f"Error: {message}"


def test_a_closed_target() -> None:
    from playwright._impl._errors import TargetClosedError

    assert isinstance(translate(TargetClosedError()), PageClosed)


def test_anything_else_passes_through_untouched() -> None:
    assert translate(ValueError("a bug")) is None
    with pytest.raises(ValueError, match="a bug"), browser_errors():
        raise ValueError("a bug")
    assert first_line(OSError("disk full\nmore")) == "OSError: disk full"
    assert first_line(RuntimeError()) == "RuntimeError"
