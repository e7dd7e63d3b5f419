"""The tester's window (harness/browser/watched.py): fresh, at its start, and its screenshots
hide what the tester typed."""

from __future__ import annotations

import socket
from pathlib import Path
from typing import Any

import pytest
from PIL import Image

from harness.browser.launch import BrowserChoice
from harness.browser.watched import WatchedWindow
from harness.errors import ProductUnreachable

pytestmark = pytest.mark.browser  # every test here drives a real Chromium


def test_screenshots_mask_every_field_typed_into(
    browser_choice: BrowserChoice, pages_server: str, tmp_path: Path
) -> None:
    events: list[dict[str, Any]] = []
    window = WatchedWindow(
        browser_choice, f"{pages_server}/tester-form.html", events.append, headless=True
    )
    try:
        ((tab, page),) = window.pages()
        assert window.devtools is None and window.viewport(tab)["width"] == 1280
        page.click("#email")
        page.keyboard.type("W" * 30)
        assert window.screenshot(tab, tmp_path / "shot.png")
        box = page.locator("#email").bounding_box()
        assert box is not None
        with Image.open(tmp_path / "shot.png") as image:
            rgb = image.convert("RGB")
            inside = {
                rgb.getpixel((int(box["x"] + dx), int(box["y"] + box["height"] / 2)))
                for dx in range(2, int(box["width"]) - 2, 3)
            }
        assert inside == {(255, 0, 255)}  # Playwright's mask, all across: no letter shows
        assert window.pump(10)
        assert [e["via"] for e in events if e["kind"] == "navigation"] == ["start"]
    finally:
        window.close()
    assert not window.pump(10)


def test_a_product_that_does_not_answer_is_one_sentence(browser_choice: BrowserChoice) -> None:
    with socket.socket() as closed:  # a port nothing listens on
        closed.bind(("127.0.0.1", 0))
        port = closed.getsockname()[1]
    with pytest.raises(ProductUnreachable, match=r"did not answer \(the connection was refused\)"):
        WatchedWindow(browser_choice, f"http://127.0.0.1:{port}/", lambda _: None, headless=True)
