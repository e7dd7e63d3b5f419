"""Shared fixtures: the demo product on loopback, a real Chromium, and a scenario runner."""

from __future__ import annotations

import contextlib
import functools
import http.server
import signal
import textwrap
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from harness.browser.launch import BrowserChoice, find_browser
from harness.demo import DemoServer
from harness.record.model import RunRecord, read_record
from harness.run.config import RunConfig
from harness.run.handlers import RecordWriter
from harness.run.runner import run_scenarios
from harness.scenario.load import load_scenario
from harness.scenario.model import Scenario

ROOT = Path(__file__).resolve().parent.parent

# A suite started in the background by a script (`cmd &` without job control) inherits
# Ctrl-C ignored, and so would every shoshin it starts: the tests that press Ctrl-C need it
# as a terminal gives it. Handled here, started programs get it back as the default.
if signal.getsignal(signal.SIGINT) is signal.SIG_IGN:
    signal.signal(signal.SIGINT, signal.default_int_handler)


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--trials",
        type=int,
        default=20,
        help="How many times the fault suite's long loops repeat (full run: --trials 100).",
    )


@pytest.fixture(scope="session")
def demo_server() -> Iterator[DemoServer]:
    with DemoServer() as server:
        yield server


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    """Static pages; `?attachment` asks for the file as a download, as an export link does."""

    def end_headers(self) -> None:
        if self.path.endswith("?attachment"):
            self.send_header("Content-Disposition", "attachment")
        super().end_headers()

    def log_message(self, format: str, *args: object) -> None:
        pass


@contextlib.contextmanager
def serve_on_loopback(handler: Callable[..., Any]) -> Iterator[str]:
    """A test server on a free loopback port, as its base URL, for as long as the block runs.

    Request threads are daemons: a request the test left hanging never holds the server up.
    """
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def fixture_pages(handler: type[http.server.SimpleHTTPRequestHandler]) -> Callable[..., Any]:
    """`handler` serving tests/fixtures/pages."""
    return functools.partial(handler, directory=str(ROOT / "tests/fixtures/pages"))


@pytest.fixture(scope="session")
def pages_server() -> Iterator[str]:
    """Purpose-built pages from tests/fixtures/pages, served on loopback."""
    with serve_on_loopback(fixture_pages(_QuietHandler)) as url:
        yield url


@pytest.fixture(scope="session")
def browser_choice() -> BrowserChoice:
    # No skip: a suite that silently skips its browser tests would prove nothing.
    return find_browser()


def write_scenario(directory: Path, text: str, name: str = "scenario.yaml") -> Path:
    path = directory / name
    path.write_text(textwrap.dedent(text).lstrip(), encoding="utf-8")
    return path


class Walker:
    """Runs scenarios the way the CLI does (record written as it goes), minus the terminal."""

    def __init__(self, base_url: str, choice: BrowserChoice, out: Path) -> None:
        self.base_url, self.choice, self.out = base_url, choice, out

    def run(self, *scenarios: Scenario | Path) -> tuple[RunRecord, Path, dict[str, object]]:
        loaded = [s if isinstance(s, Scenario) else load_scenario(s) for s in scenarios]
        config = RunConfig(base_url=self.base_url, out_dir=self.out, browser=self.choice)
        record = run_scenarios(loaded, config, [RecordWriter()])
        run_dir = self.out / record.run_id
        return record, run_dir, read_record(run_dir)

    def yaml(self, text: str) -> tuple[RunRecord, Path, dict[str, object]]:
        return self.run(write_scenario(self.out, text, f"s{len(list(self.out.iterdir()))}.yaml"))


@pytest.fixture
def pages_walker(pages_server: str, browser_choice: BrowserChoice, tmp_path: Path) -> Walker:
    return Walker(pages_server, browser_choice, tmp_path)


@pytest.fixture
def walker(demo_server: DemoServer, browser_choice: BrowserChoice, tmp_path: Path) -> Walker:
    return Walker(demo_server.base_url, browser_choice, tmp_path)
