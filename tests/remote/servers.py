"""Browsers that run elsewhere, on loopback, for the `--browser-endpoint` tests: a Chromium
with its DevTools port open, and a Playwright browser server (Node's `playwright-core`
`launchServer`). Each runs in its own process group, killed whole when the block ends."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import threading
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from harness.browser.launch import find_browser, launch_args
from tests.conftest import ROOT

NODE_DIR = ROOT / ".node"
PLAYWRIGHT_CORE = NODE_DIR / "node_modules" / "playwright-core"
LAUNCH_SERVER = Path(__file__).with_name("launch_server.js")
DEADLINE_S = 60.0  # generous on a loaded machine; never the proof itself
NO_NODE = (
    "the ws:// tests need Node's playwright-core in .node/ "
    "(`make test` installs it with npm when node and npm are on PATH)"
)


@dataclass
class Remote:
    """A browser process running on its own, and the address to reach it at."""

    proc: subprocess.Popen[bytes]
    endpoint: str
    socket: str = ""  # a DevTools Chromium's own websocket, ws://…/devtools/browser/<id>

    def alive(self) -> bool:
        return self.proc.poll() is None

    def kill(self) -> None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.proc.pid, signal.SIGKILL)
        self.proc.wait()


def _wait_for(found: object, what: str) -> None:
    raise AssertionError(f"{what} did not happen within {DEADLINE_S:g} s ({found})")


def have_node() -> bool:
    return shutil.which("node") is not None and PLAYWRIGHT_CORE.is_dir()


def chromium_executable() -> str:
    return find_browser().executable or "chromium"


def can_hide_folders() -> bool:
    """Whether a browser can be started in a mount namespace of its own (root, unshare)."""
    return os.geteuid() == 0 and shutil.which("unshare") is not None


@contextlib.contextmanager
def devtools_chromium(*extra: str, hide: Path | None = None) -> Iterator[Remote]:
    """A headless Chromium with `--remote-debugging-port`, as its `http://` address; with
    `hide`, that folder is an empty one where the browser runs, as on another machine."""
    hiding: list[str] = []
    if hide is not None:
        script = f'mount -t tmpfs none "{hide}" && exec "$@"'
        hiding = ["unshare", "--mount", "--propagation", "private", "sh", "-c", script, "sh"]
    with tempfile.TemporaryDirectory(prefix="shoshin-cdp-") as profile:
        proc = subprocess.Popen(
            [
                *hiding,
                chromium_executable(),
                "--headless",
                "--remote-debugging-port=0",
                f"--user-data-dir={profile}",
                *launch_args(),
                *extra,
                "about:blank",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        remote = Remote(proc, "")
        try:
            port_file = Path(profile) / "DevToolsActivePort"
            end = time.monotonic() + DEADLINE_S
            while not (port_file.is_file() and port_file.read_text().strip()):
                if time.monotonic() > end or proc.poll() is not None:
                    _wait_for(proc.poll(), "Chromium's DevToolsActivePort")
                time.sleep(0.05)
            port, path = port_file.read_text().split()[:2]
            remote.endpoint = f"http://127.0.0.1:{port}"
            remote.socket = f"ws://127.0.0.1:{port}{path}"
            yield remote
        finally:
            remote.kill()


@contextlib.contextmanager
def playwright_server(
    *, extra: tuple[str, ...] = (), env: dict[str, str] | None = None
) -> Iterator[Remote]:
    """A Playwright browser server (Node's `launchServer`), as its `ws://` address."""
    node = shutil.which("node")
    assert node and PLAYWRIGHT_CORE.is_dir(), NO_NODE
    args = json.dumps([*launch_args(), *extra])
    proc = subprocess.Popen(
        [node, str(LAUNCH_SERVER), chromium_executable(), args, str(PLAYWRIGHT_CORE)],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
        env={**os.environ, **(env or {})},
    )
    remote = Remote(proc, "")
    try:
        line: list[bytes] = []
        reader = threading.Thread(target=lambda: line.append(proc.stdout.readline()), daemon=True)  # type: ignore[union-attr]
        reader.start()
        reader.join(DEADLINE_S)
        if not line or not line[0].startswith(b"ws://"):
            _wait_for(line, "the Playwright server's ws:// address")
        remote.endpoint = line[0].decode().strip()
        yield remote
    finally:
        remote.kill()


def pages(endpoint: str) -> list[str]:
    """The URLs of the tabs open in a DevTools Chromium."""
    with urllib.request.urlopen(f"{endpoint}/json/list", timeout=DEADLINE_S) as answer:
        return [t["url"] for t in json.load(answer) if t["type"] == "page"]


@contextlib.contextmanager
def silent_port() -> Iterator[int]:
    """A loopback port that accepts connections and never says a word."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(16)
    held: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        while not stop.is_set():
            with contextlib.suppress(OSError):
                held.append(listener.accept()[0])

    threading.Thread(target=accept, daemon=True).start()
    try:
        yield listener.getsockname()[1]
    finally:
        stop.set()
        listener.close()
        for conn in held:
            conn.close()


def free_port() -> int:
    """A loopback port where nothing listens (a moment ago something did)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])
