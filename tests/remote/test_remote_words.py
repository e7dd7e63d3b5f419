"""The pure part of `--browser-endpoint`: which protocol, masking, and the sentences."""

from __future__ import annotations

import pytest

from harness.browser.remote import (
    EndpointFailed,
    check_endpoint,
    connect_timeout_s,
    mask_url,
    scrub,
    speaks_devtools,
)


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        (
            "ws://me:pa55word@grid:3000/pw?token=abc123&region=eu",
            "ws://***@grid:3000/pw?token=***&region=***",
        ),
        ("wss://grid/playwright?K3YK3Y", "wss://grid/playwright?***"),
        ("https://apikey@grid.example/", "https://***@grid.example/"),
        ("http://127.0.0.1:9222", "http://127.0.0.1:9222"),
        ("ws://127.0.0.1:9/x#frag", "ws://127.0.0.1:9/x"),
        # a Playwright server's random path, a browser's DevTools id: whoever has it connects
        ("ws://127.0.0.1:3000/0f8c2b7e9d1a4c6f8e2b", "ws://127.0.0.1:3000/***"),
        (
            "ws://127.0.0.1:9222/devtools/browser/5c1d2e3f-aaaa-4b5c-9d8e-0123456789ab",
            "ws://127.0.0.1:9222/devtools/browser/***",
        ),
        ("wss://grid.example/chromium/playwright", "wss://grid.example/chromium/playwright"),
    ],
)
def test_credentials_and_query_values_are_masked(url: str, shown: str) -> None:
    assert mask_url(url) == shown


def test_playwrights_words_lose_the_endpoints_secrets() -> None:
    url = "ws://me:pa55word@grid:3000/pw?token=abc123"
    said = scrub(f"WebSocket error: {url} 401; token abc123 refused for pa55word", url)
    assert "abc123" not in said and "pa55word" not in said and mask_url(url) in said
    server = "ws://127.0.0.1:3000/0f8c2b7e9d1a4c6f8e2b"
    said = scrub("connecting to 0f8c2b7e9d1a4c6f8e2b: 428 Precondition Required", server)
    assert "0f8c2b7e9d1a4c6f8e2b" not in said


@pytest.mark.parametrize(
    ("url", "devtools"),
    [
        ("http://127.0.0.1:9222", True),
        ("HTTPS://grid.example", True),
        ("ws://127.0.0.1:9222/devtools/browser/0a1b", True),  # a Chromium's own socket
        ("ws://127.0.0.1:3000/", False),
        ("wss://grid.example/playwright?token=x", False),
    ],
)
def test_the_protocol_follows_the_address(url: str, devtools: bool) -> None:
    assert speaks_devtools(check_endpoint(url)) is devtools


@pytest.mark.parametrize("url", ["ftp://grid", "127.0.0.1:9222", "chrome://x", "ws://", ""])
def test_another_scheme_is_one_sentence(url: str) -> None:
    with pytest.raises(EndpointFailed, match=r"is not a browser's address; write ws://"):
        check_endpoint(url)


def test_the_connect_timeout_can_be_given_longer(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SHOSHIN_CONNECT_TIMEOUT", raising=False)
    assert connect_timeout_s() == 30
    monkeypatch.setenv("SHOSHIN_CONNECT_TIMEOUT", "90")
    assert connect_timeout_s() == 90
    monkeypatch.setenv("SHOSHIN_CONNECT_TIMEOUT", "soon")
    assert connect_timeout_s() == 30


def test_videos_made_by_a_playwright_server_need_no_ffmpeg_here() -> None:
    from harness.browser.remote import videos_made_here

    assert not videos_made_here("wss://grid.example/playwright")
    assert videos_made_here("http://127.0.0.1:9222")  # made here, from the screencast
    assert videos_made_here("ws://127.0.0.1:9222/devtools/browser/0a1b")
    assert videos_made_here(None)
