"""`shoshin run --browser-endpoint URL`: the same walk, in a browser that runs elsewhere.

A Chromium with its DevTools port open (`http://`) and a Playwright browser server
(`ws://`, Node's `launchServer`) on loopback; the results equal a local run's, and the
remote browser is left as it was found: alive, serving others, with nothing of shoshin's.
"""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Any

import pytest

from harness.record.model import read_record
from tests.faults.crash_tools import finish, run_dirs, shoshin
from tests.remote.servers import Remote, can_hide_folders, devtools_chromium, pages

pytestmark = pytest.mark.browser

SECRET = "k3yOfTheGrid77"


def walk(
    scenarios: Path, base_url: str, out: Path, *extra: str
) -> tuple[int, str, str, dict[str, Any]]:
    code, stdout, stderr = finish(
        shoshin("run", str(scenarios), "--base-url", base_url, "--out", str(out), *extra)
    )
    (run_dir,) = run_dirs(out)
    return code, stdout, stderr, read_record(run_dir)


def summary(record: dict[str, Any]) -> list[tuple[str, str, list[tuple[str, str | None]]]]:
    """What a walk found: each scenario's outcome, and each step's with its dead end's kind."""
    return [
        (
            r["scenario"],
            r["outcome"],
            [(s["outcome"], (s["dead_end"] or {}).get("kind")) for s in r["steps"]],
        )
        for r in record["results"]
    ]


def screenshots(out: Path, record: dict[str, Any]) -> list[Path]:
    (run_dir,) = run_dirs(out)
    shots = [
        run_dir / s["screenshot"]
        for r in record["results"]
        for s in r["steps"]
        if s.get("screenshot")
    ]
    assert shots and all(p.is_file() and p.stat().st_size > 0 for p in shots)
    return shots


@pytest.fixture(scope="module")
def local(tmp_path_factory: pytest.TempPathFactory, pages_server: str) -> dict[str, Any]:
    """The same scenarios walked in a local Chromium: what a remote walk must equal."""
    from tests.conftest import write_scenario
    from tests.remote.conftest import STUCK, TOUR

    folder = tmp_path_factory.mktemp("local")
    (folder / "me.png").write_bytes(b"hello avatar\n")
    write_scenario(folder, TOUR, "01-tour.yaml")
    write_scenario(folder, STUCK, "02-stuck.yaml")
    code, _, stderr, record = walk(folder, pages_server, folder / "reports")
    assert code == 1, stderr
    return record


def test_a_walk_over_devtools_equals_a_local_one_and_leaves_the_browser_as_it_was(
    devtools: Remote, scenarios: Path, pages_server: str, local: dict[str, Any], tmp_path: Path
) -> None:
    from playwright.sync_api import sync_playwright

    before = pages(devtools.endpoint)
    out = tmp_path / "reports"
    code, _, stderr, record = walk(
        scenarios, pages_server, out, "--browser-endpoint", devtools.endpoint
    )
    assert code == 1, stderr  # the dead end, as locally
    assert summary(record) == summary(local)
    assert summary(record)[0][1] == "completed" and summary(record)[1][1] == "dead_end"
    screenshots(out, record)
    assert record["browser"]["endpoint"] == devtools.endpoint
    assert record["browser"]["version"] and record["browser"]["name"] == "chromium"
    # Disconnected, never shut down: alive, serving a new connection, nothing of shoshin's.
    assert devtools.alive()
    assert pages(devtools.endpoint) == before
    with sync_playwright() as pw:
        browser = pw.chromium.connect_over_cdp(devtools.endpoint)
        session = browser.new_browser_cdp_session()
        assert session.send("Target.getBrowserContexts")["browserContextIds"] == []
        browser.close()


def test_a_walk_over_a_playwright_server_equals_a_local_one(
    playwright_remote: Remote,
    scenarios: Path,
    pages_server: str,
    local: dict[str, Any],
    tmp_path: Path,
) -> None:
    from playwright.sync_api import sync_playwright

    # A cloud grid's key in the URL (user info and query): never shown, never written.
    endpoint = playwright_remote.endpoint.replace("ws://", f"ws://me:{SECRET}@")
    endpoint += f"?token={SECRET}"
    out = tmp_path / "reports"
    code, stdout, stderr, record = walk(
        scenarios,
        pages_server,
        out,
        "--browser-endpoint",
        endpoint,
        "--tracing",
        "on",
        "--video",
        "on",
        "--network",
        "slow-4g",
    )
    assert code == 1, stderr
    assert summary(record) == summary(local)
    screenshots(out, record)
    (run_dir,) = run_dirs(out)
    masked = playwright_remote.endpoint.replace("ws://", "ws://***@") + "?token=***"
    assert record["browser"]["endpoint"] == masked
    assert SECRET not in stdout + stderr
    for written in out.rglob("*"):
        if written.is_file():
            assert SECRET.encode() not in written.read_bytes(), written
        if written.suffix == ".zip":  # the traces, compressed
            with zipfile.ZipFile(written) as trace:
                for name in trace.namelist():
                    assert SECRET.encode() not in trace.read(name), (written, name)
    for result in record["results"]:  # kept over the connection: no path there to read
        assert (run_dir / result["trace"]).is_file() and (run_dir / result["video"]).is_file()
    # Disconnected, never shut down: the server's browser serves the next connection.
    assert playwright_remote.alive()
    with sync_playwright() as pw:
        browser = pw.chromium.connect(playwright_remote.endpoint)
        assert browser.contexts == []
        browser.close()


@pytest.mark.skipif(not can_hide_folders(), reason="needs root and unshare (a mount namespace)")
def test_a_file_is_uploaded_to_a_browser_that_does_not_share_this_disk(
    scenarios: Path, pages_server: str, tmp_path: Path
) -> None:
    """Over DevTools, Playwright sends the file itself: the browser never sees the scenario
    folder (an empty one is mounted over it where the browser runs)."""
    with devtools_chromium(hide=scenarios) as elsewhere:
        seen_there = Path(f"/proc/{elsewhere.proc.pid}/root{scenarios}")  # (exec'd: same pid)
        assert (scenarios / "me.png").is_file() and not (seen_there / "me.png").exists()
        code, _, stderr, record = walk(
            scenarios / "01-tour.yaml",
            pages_server,
            tmp_path / "reports",
            "--browser-endpoint",
            elsewhere.endpoint,
        )
    assert code == 0, stderr
    steps = record["results"][0]["steps"]
    assert [s["outcome"] for s in steps] == ["passed"] * 5  # "Uploaded me.png (13 bytes)"


def test_a_chromiums_own_devtools_websocket_is_spoken_to_over_devtools(devtools: Remote) -> None:
    from playwright.sync_api import sync_playwright

    from harness.browser.remote import connect

    with sync_playwright() as pw:
        browser = connect(pw, devtools.socket)  # ws://…/devtools/browser/<id>: not Playwright's
        assert browser.version
        browser.close()
    assert devtools.alive()
