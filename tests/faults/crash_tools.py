"""What the crash, signal and unreachable-product faults share: a product on loopback that
can hang a page or stop answering, a real `shoshin run` to hurt, and its Chromium's PIDs."""

from __future__ import annotations

import contextlib
import http.server
import os
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tests.conftest import ROOT, fixture_pages, serve_on_loopback

SHOSHIN = Path(sys.executable).parent / "shoshin"  # the console script of this .venv
DEADLINE_S = 120.0  # generous: a shared 2-core machine under load; never the proof itself
HANG = "/crash-hang"  # never answers
HALF = "/crash-half"  # answers its headers and a first part, then never finishes


@dataclass
class Product:
    """The fixture pages on loopback; `hung` is set when a page that never answers is asked
    for (the browser is then waiting on it), `release` lets those requests end."""

    base_url: str = ""
    hung: threading.Event = field(default_factory=threading.Event)
    release: threading.Event = field(default_factory=threading.Event)
    hung_at: list[float] = field(default_factory=list)  # time.monotonic() of each
    stop: Callable[[], None] = lambda: None  # stops answering: connections are refused


class _Handler(http.server.SimpleHTTPRequestHandler):
    product: Product

    def do_GET(self) -> None:
        if self.path.startswith(HANG):
            self._hang()
            return
        if self.path.startswith(HALF):
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", "100000")
            self.end_headers()
            self.wfile.write(b"<!doctype html><h1>Half a page</h1>")
            self.wfile.flush()
            self._hang()
            return
        super().do_GET()
        if "close" in self.path.partition("?")[2]:  # this page was the product's last answer
            self.wfile.flush()
            threading.Thread(target=self.product.stop, daemon=True).start()

    def _hang(self) -> None:
        self.product.hung_at.append(time.monotonic())
        self.product.hung.set()
        self.product.release.wait(DEADLINE_S)

    def log_message(self, format: str, *args: object) -> None:
        pass


@contextlib.contextmanager
def product() -> Iterator[Product]:
    """The product, answering until the block ends or until `stop()` (or a page asked for
    with `?close`): from then on, nothing listens on its port and connections are refused."""
    made = Product()
    handler: Any = type("Handler", (_Handler,), {"product": made})
    served = fixture_pages(handler)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), served)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    stopped = threading.Event()

    def stop() -> None:
        if not stopped.is_set():
            stopped.set()
            server.shutdown()
            server.server_close()

    made.base_url, made.stop = f"http://127.0.0.1:{server.server_address[1]}", stop
    try:
        yield made
    finally:
        made.release.set()
        stop()


def gone_url() -> str:
    """The address of a product that was there a moment ago and is gone: nothing listens."""
    with serve_on_loopback(http.server.BaseHTTPRequestHandler) as url:
        pass
    return url


def shoshin(*args: str, **popen: Any) -> subprocess.Popen[str]:
    """A real `shoshin` process, run from the project's root."""
    return subprocess.Popen(
        [str(SHOSHIN), *args],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        **popen,
    )


def finish(proc: subprocess.Popen[str]) -> tuple[int, str, str]:
    """Its exit code, stdout and stderr; killed (and the test failed) if it hangs."""
    try:
        out, err = proc.communicate(timeout=DEADLINE_S)
    except subprocess.TimeoutExpired:
        proc.kill()
        out, err = proc.communicate()
        raise AssertionError(
            f"shoshin did not end within {DEADLINE_S:g} s:\n{out}\n{err}"
        ) from None
    return proc.returncode, out, err


def _children() -> dict[int, list[int]]:
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
        except OSError:
            continue  # it ended meanwhile
        parent = int(stat.rsplit(")", 1)[1].split()[1])
        children.setdefault(parent, []).append(int(entry))
    return children


def descendants(pid: int) -> list[int]:
    """Every process below `pid`, parents before their children."""
    children, found, todo = _children(), [], [pid]
    while todo:
        for child in children.get(todo.pop(0), []):
            found.append(child)
            todo.append(child)
    return found


def command(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
    except OSError:
        return ""


def chromium_pids(pid: int) -> list[int]:
    """The Chromium processes started below process `pid` (through Playwright's driver),
    the browser process first."""
    return [p for p in descendants(pid) if "chrom" in command(p).split(" ", 1)[0].lower()]


def run_dirs(out: Path) -> list[Path]:
    """The run directories under a reports folder that hold a run.json (not `latest`)."""
    return sorted(p.parent for p in out.glob("*/run.json") if not p.parent.is_symlink())


def wait_for(condition: Callable[[], Any], what: str, deadline_s: float = DEADLINE_S) -> Any:
    """Poll `condition` until it returns something true; fail saying `what` did not happen."""
    end = time.monotonic() + deadline_s
    while time.monotonic() < end:
        found = condition()
        if found:
            return found
        time.sleep(0.05)
    raise AssertionError(f"{what} did not happen within {deadline_s:g} s")
