"""A remote browser that dies mid-run: that scenario is an error that says so; the next one
connects anew when the endpoint answers again, else the run ends with one sentence."""

from __future__ import annotations

import contextlib
import os
import socket
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from harness.browser.errors import REMOTE_BROWSER_GONE
from harness.record.model import read_record
from tests.conftest import write_scenario
from tests.faults.crash_tools import finish, run_dirs, shoshin, wait_for
from tests.remote.servers import Remote, devtools_chromium, pages

pytestmark = pytest.mark.browser

SLOW = """
name: Killed mid-step
start: /remote-start.html
steps:
  - intent: Arrive
    expect: Welcome aboard
  - click: Take your time
    expect: Ready at last
    patience: 60
"""

NEXT = """
name: The next scenario
start: /remote-start.html
steps:
  - click: Onwards
    expect: Next page
"""


class Forwarder:
    """A loopback port that forwards each connection to `target`; while there is none, new
    connections wait for one (the endpoint is down, and then answers again)."""

    def __init__(self) -> None:
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.target: int | None = None
        self.ready = threading.Event()
        threading.Thread(target=self._accept, daemon=True).start()

    def point_at(self, port: int | None) -> None:
        self.target = port
        (self.ready.set if port else self.ready.clear)()

    def _accept(self) -> None:
        with contextlib.suppress(OSError):
            while True:
                conn, _ = self.listener.accept()
                threading.Thread(target=self._forward, args=(conn,), daemon=True).start()

    def _forward(self, conn: socket.socket) -> None:
        self.ready.wait(120)
        with (
            contextlib.suppress(OSError),
            conn,
            socket.create_connection(("127.0.0.1", self.target or 1)) as there,
        ):
            threading.Thread(target=_pump, args=(there, conn), daemon=True).start()
            _pump(conn, there)

    def close(self) -> None:
        self.listener.close()


def _pump(source: socket.socket, sink: socket.socket) -> None:
    with contextlib.suppress(OSError):
        while data := source.recv(65536):
            sink.sendall(data)
    with contextlib.suppress(OSError):
        sink.shutdown(socket.SHUT_WR)


def _port(remote: Remote) -> int:
    return int(remote.endpoint.rsplit(":", 1)[1])


@contextlib.contextmanager
def killed_mid_step(
    tmp_path: Path,
    base_url: str,
    endpoint: str,
    remote: Remote,
    before_kill: Callable[[], None] = lambda: None,
) -> Iterator[tuple[object, Path]]:
    first = write_scenario(tmp_path, SLOW, "01-slow.yaml")
    second = write_scenario(tmp_path, NEXT, "02-next.yaml")
    out = tmp_path / "reports"
    proc = shoshin(
        "run",
        str(first),
        str(second),
        "--base-url",
        base_url,
        "--out",
        str(out),
        "--browser-endpoint",
        endpoint,
        env={**os.environ, "SHOSHIN_CONNECT_TIMEOUT": "60"},
    )
    try:
        wait_for(
            lambda: any("remote-slow" in url for url in pages(remote.endpoint)),
            "the step waiting on the slow page",
        )
        before_kill()
        remote.kill()
        yield proc, out
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()


def test_the_next_scenario_connects_anew_when_the_endpoint_answers_again(
    pages_server: str, tmp_path: Path
) -> None:
    door = Forwarder()
    try:
        with devtools_chromium() as first:
            door.point_at(_port(first))
            endpoint = f"http://127.0.0.1:{door.port}"
            # The door closes before the browser dies: shoshin's reconnection must wait for
            # the second browser, never reach the dead port of the first.
            down = lambda: door.point_at(None)  # noqa: E731
            with (
                killed_mid_step(tmp_path, pages_server, endpoint, first, down) as (proc, out),
                devtools_chromium() as second,
            ):
                door.point_at(_port(second))
                code, _, stderr = finish(proc)  # type: ignore[arg-type]
                assert second.alive()
    finally:
        door.close()
    assert code == 2, stderr  # a scenario shoshin could not judge
    (run_dir,) = run_dirs(out)
    killed, following = read_record(run_dir)["results"]
    assert killed["outcome"] == "error"
    assert [s["outcome"] for s in killed["steps"]] == ["passed", "error"]
    assert killed["steps"][1]["error"] == REMOTE_BROWSER_GONE
    assert following["outcome"] == "completed"
    assert "Traceback" not in stderr


def test_the_run_ends_with_one_sentence_when_the_endpoint_is_gone(
    pages_server: str, tmp_path: Path
) -> None:
    with (
        devtools_chromium() as remote,
        killed_mid_step(tmp_path, pages_server, remote.endpoint, remote) as (proc, out),
    ):
        code, _, stderr = finish(proc)  # type: ignore[arg-type]
    assert code == 2
    assert "Traceback" not in stderr
    last = stderr.strip().splitlines()[-1]
    assert last.startswith(f"shoshin: Nothing answered at the browser endpoint {remote.endpoint}")
    (run_dir,) = run_dirs(out)
    (killed, *_) = read_record(run_dir)["results"]
    assert killed["outcome"] == "error"
    assert [s["outcome"] for s in killed["steps"]] == ["passed", "error"]
    assert killed["steps"][1]["error"] == REMOTE_BROWSER_GONE
