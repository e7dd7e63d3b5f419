"""For the plugin's tests: inner pytest runs (pytester) against loopback products."""

from __future__ import annotations

import functools
import http.server
import importlib
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from harness.demo import DemoServer
from tests.conftest import serve_on_loopback

PAGES = Path(__file__).parent / "pages"
NO_PLAYWRIGHT = ("-p", "no:playwright")


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="session", autouse=True)
def _loaded_once() -> None:
    """Load what every inner run uses here, where pytester's module snapshot keeps it.

    Modules first imported inside an in-process run are dropped after it, so each run
    would load the word list and the report templates again.
    """
    from harness.analysis.signals import word_frequency

    for module in ("harness.report.build", "harness.run.walk", "harness.run.handlers"):
        importlib.import_module(module)
    word_frequency("newcomer")


@pytest.fixture(scope="session")
def plugin_pages() -> Iterator[str]:
    """tests/plugin/pages on loopback: pages for the actions the demo product lacks."""
    with serve_on_loopback(functools.partial(_QuietHandler, directory=str(PAGES))) as url:
        yield url


@pytest.fixture
def shoshin_args(demo_server: DemoServer, tmp_path: Path) -> list[str]:
    """An inner run against the demo product, its run directories under tmp_path/out.

    In-process inner runs leave pytest-playwright out: its soft-assertion scope around each
    test does not nest. The tests of sharing its browser run pytest in a subprocess.
    """
    return [
        *NO_PLAYWRIGHT,
        "--base-url",
        demo_server.base_url,
        "--shoshin-out",
        str(tmp_path / "out"),
    ]


def records(out: Path) -> list[dict[str, Any]]:
    runs = sorted(p for p in out.glob("*/run.json") if p.parent.name != "latest")
    return [json.loads(p.read_text()) for p in runs]
