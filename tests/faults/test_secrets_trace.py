"""No secret in a kept trace: not in the `fill` call, the DOM snapshots, nor the network log.

A walk fills a text field and a password field with a secret; the product posts the form,
sends the key in a JSON body and in a URL query, and answers with it in a redirect's query
and in a JSON echo. Every byte of every member of the kept trace is searched for the
secret as typed, URL-encoded (`%XX`, `%xx`, `+`), JSON-escaped and HTML-escaped; and the
trace still opens in Playwright's own trace viewer.
"""

from __future__ import annotations

import hashlib
import json
import queue
import re
import subprocess
import sys
import threading
import time
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from harness.browser.launch import BrowserChoice, launch
from harness.record.model import read_record
from harness.run.conditions import Conditions
from harness.run.config import RunConfig
from harness.run.handlers import RecordWriter
from harness.run.runner import run_scenarios
from harness.scenario.load import load_scenario
from tests.conftest import write_scenario
from tests.faults.secrets_support import MASK, SECRET, Received, leaks, secrets_product

pytestmark = pytest.mark.browser

# The secret inline (YAML single quotes keep its `"`); `${NAME}` works the same way.
SIGN_IN = f"""
name: Sign in with a key
start: /secrets-form.html
patience: 8
steps:
  - intent: Sign in
    fill:
      API key: {{ value: '{SECRET}', secret: true }}
      Password: {{ value: '{SECRET}', secret: true }}
    click: Check
    expect: Key checked
  - intent: Go in
    click: Sign in
    expect: Welcome aboard
"""
# Generous: the trace viewer is a web app started by Playwright's driver on a shared machine.
VIEWER_DEADLINE_S = 90.0
SHOW_TRACE = [sys.executable, "-m", "playwright", "show-trace"]


@pytest.fixture(scope="module")
def traced(
    browser_choice: BrowserChoice, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[Path, dict[str, Any], Received]]:
    """One walk with `--tracing on`: the run folder, its record, what the product was sent."""
    tmp = tmp_path_factory.mktemp("secrets-trace")
    with secrets_product() as (url, received):
        scenario = load_scenario(write_scenario(tmp, SIGN_IN))
        config = RunConfig(
            base_url=url,
            out_dir=tmp / "out",
            browser=browser_choice,
            conditions=Conditions(tracing="on"),
        )
        record = run_scenarios([scenario], config, [RecordWriter()])
    run_dir = tmp / "out" / record.run_id
    yield run_dir, read_record(run_dir), received


def _trace(run_dir: Path, data: dict[str, Any]) -> Path:
    result = data["results"][0]
    assert result["outcome"] == "completed", result["steps"]
    assert result["trace"], "the trace was not kept"
    return run_dir / result["trace"]


def test_the_secret_went_out_every_way(traced: tuple[Path, dict[str, Any], Received]) -> None:
    """The product really was sent the secret each way a trace records it (else the next
    test would prove nothing)."""
    _, _, received = traced
    sent = b"\n".join(received.bodies) + "\n".join(received.paths).encode()
    assert "form-encoded (+)" in leaks(sent)  # the form's POST body
    assert "JSON-escaped" in leaks(sent)  # the JSON body
    assert "URL-encoded (%XX)" in leaks(sent)  # the fetch's query


def test_no_form_of_the_secret_in_any_member_of_the_trace(
    traced: tuple[Path, dict[str, Any], Received],
) -> None:
    run_dir, data, _ = traced
    with zipfile.ZipFile(_trace(run_dir, data)) as archive:
        members = {name: archive.read(name) for name in archive.namelist()}
    found = {name: leaks(name.encode() + b"\n" + body) for name, body in members.items()}
    assert not {name: forms for name, forms in found.items() if forms}
    # Where Playwright wrote it, the mask stands: the `fill` calls, the snapshots' inputs,
    # the form's POST body, the URL of the fetch.
    events = [json.loads(line) for line in members["trace.trace"].splitlines() if line.strip()]
    fills = [e["params"]["value"] for e in events if e.get("method") == "fill"]
    assert fills == [MASK, MASK]
    assert f'"__playwright_value_":"{MASK}"'.encode() in members["trace.trace"]
    network = [json.loads(line) for line in members["trace.network"].splitlines() if line]
    requests = [e["snapshot"]["request"] for e in network if e.get("type") == "resource-snapshot"]
    posted = [r for r in requests if r["url"].endswith("/secrets-welcome")]
    assert posted and posted[0]["postData"]["params"][0] == {"name": "key", "value": MASK}
    assert any(r["url"].endswith(f"/secrets-api/check?key={MASK}") for r in requests)
    # A resource is named by the SHA-1 of what it holds, masked: no hash of the secret.
    for name, body in members.items():
        if name.startswith("resources/"):
            assert Path(name).stem == hashlib.sha1(body).hexdigest(), name


def test_no_form_of_the_secret_in_the_record(
    traced: tuple[Path, dict[str, Any], Received],
) -> None:
    """The welcome page's address holds the key form-encoded: the record masks it too."""
    run_dir, data, _ = traced
    assert not leaks((run_dir / "run.json").read_bytes())
    assert data["results"][0]["steps"][1]["url"].endswith(f"/secrets-welcome.html?key={MASK}")


def test_the_masked_trace_opens_in_playwrights_trace_viewer(
    traced: tuple[Path, dict[str, Any], Received], browser_choice: BrowserChoice
) -> None:
    from playwright.sync_api import sync_playwright

    run_dir, data, _ = traced
    with _trace_viewer(_trace(run_dir, data)) as url, sync_playwright() as pw:
        browser = launch(pw, browser_choice, headed=False, slowmo=0)
        try:
            page = browser.new_page()
            page.goto(url)
            timeout = VIEWER_DEADLINE_S * 1000
            for shown in ("Step 1: Sign in", "Step 2: Go in", f'Fill "{MASK}"'):
                page.get_by_text(shown, exact=True).first.wait_for(timeout=timeout)
            assert page.get_by_text(f'Fill "{MASK}"', exact=True).count() == 2
            assert not leaks(page.locator("body").inner_text().encode())
        finally:
            browser.close()


class _trace_viewer:
    """`playwright show-trace` serving the viewer on loopback, its address while in use."""

    def __init__(self, trace: Path) -> None:
        self.trace = trace
        self.process: subprocess.Popen[str] | None = None

    def __enter__(self) -> str:
        self.process = subprocess.Popen(
            [*SHOW_TRACE, "--host", "127.0.0.1", "--port", "0", str(self.trace)],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        lines: queue.Queue[str] = queue.Queue()
        stdout = self.process.stdout
        assert stdout is not None
        threading.Thread(target=lambda: [lines.put(x) for x in stdout], daemon=True).start()
        deadline, said = time.monotonic() + VIEWER_DEADLINE_S, []
        while time.monotonic() < deadline:
            try:
                line = lines.get(timeout=1)
            except queue.Empty:
                continue
            said.append(line)
            found = re.search(r"Listening on (http://\S+)", line)
            if found:
                return found.group(1)
        raise AssertionError(f"show-trace did not start: {''.join(said)!r}")

    def __exit__(self, *_: object) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=30)
