"""Fixtures for walking in a browser that runs elsewhere (`--browser-endpoint`)."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import write_scenario
from tests.remote.servers import (
    NO_NODE,
    PLAYWRIGHT_CORE,
    Remote,
    devtools_chromium,
    playwright_server,
)

TOUR = """
name: Remote tour
start: /remote-start.html
steps:
  - intent: Arrive
    expect: Welcome aboard
  - intent: Choose an avatar
    upload: { Avatar: me.png }
  - click: Save avatar
    expect: Uploaded me.png (13 bytes)
  - click: Download sign-ups
    expect: { download: "*.csv" }
  - click: Onwards
    expect: Next page
"""

STUCK = """
name: Remote dead end
start: /remote-start.html
steps:
  - intent: Arrive
    expect: Welcome aboard
  - click: Find the pricing
    expect: Pricing
    patience: 2
"""


@pytest.fixture
def scenarios(tmp_path: Path) -> Path:
    """A folder of two scenarios: one that completes (upload, download), one dead end."""
    folder = tmp_path / "scenarios"
    folder.mkdir()
    (folder / "me.png").write_bytes(b"hello avatar\n")
    write_scenario(folder, TOUR, "01-tour.yaml")
    write_scenario(folder, STUCK, "02-stuck.yaml")
    return folder


@pytest.fixture(scope="module")
def devtools() -> Iterator[Remote]:
    """A Chromium with its DevTools port open, shared by a module's tests."""
    with devtools_chromium() as remote:
        yield remote


@pytest.fixture(scope="module")
def playwright_remote() -> Iterator[Remote]:
    """A Playwright browser server, shared by a module's tests (skipped without Node)."""
    if not (shutil.which("node") and PLAYWRIGHT_CORE.is_dir()):
        pytest.skip(NO_NODE)
    with playwright_server() as remote:
        yield remote
