"""A browser endpoint that cannot be used: one sentence naming it and the fix, exit 2, no
traceback, no run folder, never a hang, never a credential of the endpoint shown."""

from __future__ import annotations

import contextlib
import os
import socket
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from harness.browser.remote import mask_url
from tests.faults.crash_tools import finish, shoshin
from tests.remote.servers import (
    NO_NODE,
    Remote,
    devtools_chromium,
    free_port,
    have_node,
    playwright_server,
    silent_port,
)

pytestmark = pytest.mark.browser

SECRET = "s3cr3tKEY42"


def refused(scenarios: Path, base_url: str, endpoint: str, out: Path, *extra: str) -> str:
    """The one sentence shoshin ended with (and that nothing else happened)."""
    env = {**os.environ, "SHOSHIN_CONNECT_TIMEOUT": "3"}
    code, stdout, stderr = finish(
        shoshin(
            "run",
            str(scenarios),
            "--base-url",
            base_url,
            "--out",
            str(out),
            "--browser-endpoint",
            endpoint,
            *extra,
            env=env,
        )
    )
    assert code == 2, (stdout, stderr)
    assert "Traceback" not in stderr and stdout == ""
    lines = stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("shoshin: "), stderr
    assert not out.exists()  # no run folder, no `latest`
    assert SECRET not in stderr
    return lines[0]


def test_another_scheme_is_one_sentence_before_anything_else(
    scenarios: Path, tmp_path: Path
) -> None:
    # The product's address is not even checked: nothing answers there.
    said = refused(
        scenarios,
        f"http://127.0.0.1:{free_port()}",
        f"ftp://me:{SECRET}@grid/?token={SECRET}",
        tmp_path / "reports",
    )
    assert "is not a browser's address" in said and "ws://" in said and "http://" in said


@pytest.mark.parametrize("scheme", ["ws", "http"])
def test_nothing_listening_at_the_endpoint(
    scheme: str, scenarios: Path, pages_server: str, tmp_path: Path
) -> None:
    endpoint = f"{scheme}://127.0.0.1:{free_port()}/?token={SECRET}"
    said = refused(scenarios, pages_server, endpoint, tmp_path / "reports")
    assert "Nothing answered at the browser endpoint" in said and "ECONNREFUSED" in said
    assert "token=***" in said


@pytest.mark.parametrize("scheme", ["ws", "http"])
def test_an_endpoint_that_never_answers_is_a_sentence_within_the_timeout(
    scheme: str, scenarios: Path, pages_server: str, tmp_path: Path
) -> None:
    with silent_port() as port:
        said = refused(scenarios, pages_server, f"{scheme}://127.0.0.1:{port}/", tmp_path / "out")
    assert f"127.0.0.1:{port}" in said and "did not answer within 3 s" in said


def test_a_web_server_is_not_a_devtools_endpoint(
    scenarios: Path, pages_server: str, tmp_path: Path
) -> None:
    said = refused(scenarios, pages_server, pages_server, tmp_path / "reports")
    assert f"{pages_server} is not a Chrome DevTools endpoint" in said and "404" in said


def test_a_web_server_is_not_a_playwright_server(
    scenarios: Path, pages_server: str, tmp_path: Path
) -> None:
    endpoint = pages_server.replace("http://", f"ws://me:{SECRET}@") + f"/?key={SECRET}"
    said = refused(scenarios, pages_server, endpoint, tmp_path / "reports")
    assert "is not a Playwright browser server" in said and "ws://***@127.0.0.1" in said


MISMATCH = (
    "╔═══════════════════════════════════════╗\n"
    "║ Playwright version mismatch:          ║\n"
    "║   - server version: v1.40             ║\n"
    "║   - client version: v1.65             ║\n"
    "╚═══════════════════════════════════════╝\n"
)


@contextlib.contextmanager
def old_playwright_server() -> Iterator[int]:
    """A server that refuses the upgrade as a Playwright server of another version does."""
    listener = socket.create_server(("127.0.0.1", 0))

    def answer() -> None:
        with contextlib.suppress(OSError):
            while True:
                conn, _ = listener.accept()
                conn.recv(65536)
                body = MISMATCH.encode()
                conn.sendall(b"HTTP/1.1 428 Precondition Required\r\n\r\n" + body)
                conn.close()

    threading.Thread(target=answer, daemon=True).start()
    try:
        yield listener.getsockname()[1]
    finally:
        listener.close()


def test_a_playwright_server_of_another_version_keeps_playwrights_reason(
    scenarios: Path, pages_server: str, tmp_path: Path
) -> None:
    with old_playwright_server() as port:
        said = refused(scenarios, pages_server, f"ws://127.0.0.1:{port}/", tmp_path / "reports")
    assert "does not match shoshin's Playwright" in said
    assert "(server version v1.40, client version v1.65)" in said and "npx playwright@" in said


def test_headed_cannot_show_a_window_of_a_browser_elsewhere(
    scenarios: Path, pages_server: str, tmp_path: Path
) -> None:
    said = refused(
        scenarios, pages_server, "http://127.0.0.1:9222", tmp_path / "reports", "--headed"
    )
    assert "--headed" in said


@pytest.fixture(scope="module")
def cut_off() -> Iterator[Remote]:
    """A Chromium whose every request goes through a proxy where nothing listens: it
    reaches nothing, loopback included, though this machine reaches the product."""
    proxy = f"--proxy-server=http://127.0.0.1:{free_port()}"
    with devtools_chromium(proxy, "--proxy-bypass-list=<-loopback>") as remote:
        yield remote


def test_a_product_the_remote_browser_cannot_reach(
    cut_off: Remote, scenarios: Path, pages_server: str, tmp_path: Path
) -> None:
    said = refused(scenarios, pages_server, cut_off.endpoint, tmp_path / "reports")
    assert f"The browser at {cut_off.endpoint} could not reach {pages_server}" in said
    assert "net::ERR_PROXY_CONNECTION_FAILED" in said and "--base-url" in said
    assert cut_off.alive()


def test_the_endpoint_can_come_from_the_environment(scenarios: Path, tmp_path: Path) -> None:
    out = tmp_path / "reports"
    env = {**os.environ, "SHOSHIN_BROWSER_ENDPOINT": f"gopher://grid/?key={SECRET}"}
    code, _, stderr = finish(
        shoshin(
            "run", str(scenarios), "--base-url", "http://127.0.0.1:9", "--out", str(out), env=env
        )
    )
    assert code == 2 and "gopher://grid/?key=***" in stderr and SECRET not in stderr
    assert not out.exists()


@pytest.mark.skipif(not have_node(), reason=NO_NODE)
def test_a_playwright_server_without_ffmpeg_is_told_before_the_run(
    scenarios: Path, pages_server: str, tmp_path: Path
) -> None:
    """Over a Playwright server, videos are made there: its ffmpeg missing is one sentence
    before the run, not an error in every scenario."""
    bare = tmp_path / "no-browsers"  # where that server looks for its ffmpeg: nothing
    bare.mkdir()
    with playwright_server(env={"PLAYWRIGHT_BROWSERS_PATH": str(bare)}) as server:
        said = refused(
            scenarios, pages_server, server.endpoint, tmp_path / "reports", "--video", "on"
        )
    assert f"The browser at {mask_url(server.endpoint)} cannot record videos: ffmpeg is" in said
    assert "drop --video" in said
