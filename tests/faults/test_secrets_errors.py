"""A product that repeats a secret in its errors: every text shoshin keeps masks it.

tests/fixtures/pages/secrets-errors.html is careless with the key typed into it: it
writes it into a console error and a page error, asks for an address holding it (404),
sends the newcomer on to another such address, and at last makes the page's own scripts
throw with the key in the message, which fails the harness's next look at the page (a
step `error`). A real `shoshin run --tracing on` walks it; every file of the run folder
(every member of each trace too), and what the command printed, hold the secret in none
of its forms.
"""

from __future__ import annotations

import os
import subprocess
import sys
import types
from pathlib import Path
from typing import Any

import pytest

from harness.record.model import ScenarioResult, read_record
from harness.run.config import RunConfig
from harness.run.walk import ScenarioWalk
from harness.scenario.load import load_scenario
from tests.conftest import ROOT, write_scenario
from tests.faults.secrets_support import MASK, SECRET, every_file, leaks, secrets_product

SHOSHIN = Path(sys.executable).parent / "shoshin"  # .venv/bin/shoshin
FILL = 'fill: { API key: { value: "${SECRET_KEY}", secret: true } }'
SCENARIOS = {
    "connect.yaml": f"""
        name: Connect
        start: /secrets-errors.html
        patience: 3
        steps:
          - {FILL}
            click: Connect
            expect: Connected
          - intent: Not walked (skipped after the dead end), the same value unmarked
            fill: {{ API key: "${{SECRET_KEY}}" }}
            expect: Connected
        """,
    "bounce.yaml": f"""
        name: Bounce
        start: /secrets-errors.html
        patience: 3
        steps:
          - {FILL}
            click: Save
            expect: Key saved
          - visit: /secrets-bounce.html
            expect: Moving on
        """,
    "lock.yaml": f"""
        name: Lock
        start: /secrets-errors.html
        patience: 3
        steps:
          - {FILL}
            click: Lock
            expect: Locked
          - click: Connect
            expect: Could not connect
        """,
    "greet.yaml": """
        name: Greet
        start: /secrets-errors.html
        patience: 3
        steps:
          - fill: { API key: { value: "${WORDY_KEY}", secret: true } }
            click: Greet
            expect: welcome back
        """,
}
# A secret of words no newcomer knows: the page writes it among its words, which are
# measured (rare words, jargon): not one of its words may be kept.
WORDY = "quixotic zephyrs jabberwocky"  # lower case: capitalised words read as names


@pytest.mark.browser
def test_errors_that_repeat_a_secret_are_masked_everywhere(tmp_path: Path) -> None:
    folder = tmp_path / "scenarios"
    folder.mkdir()
    for name, text in SCENARIOS.items():
        write_scenario(folder, text, name)
    out = tmp_path / "out"
    env = {**os.environ, "SECRET_KEY": SECRET, "WORDY_KEY": WORDY, "NO_COLOR": "1"}
    with secrets_product() as (url, _):
        command = [str(SHOSHIN), "run", str(folder), "--base-url", url]
        done = subprocess.run(
            [*command, "--out", str(out), "--self-contained", "--tracing", "on"],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
        )
    assert done.returncode in (1, 2), done.stdout + done.stderr  # dead ends, a step error
    (run_dir,) = [p for p in out.iterdir() if p.is_dir() and not p.is_symlink()]
    results = {r["scenario"]: r for r in read_record(run_dir)["results"]}

    connect = results["Connect"]["steps"][0]
    assert f"Rejected key {MASK}" in connect["console_errors"]
    assert connect["page_errors"] == [f"Bad key {MASK}"]
    assert any(f"/secrets-missing?key={MASK} → 404" in f for f in connect["failed_requests"])
    assert connect["dead_end"]["message"] == f"The page failed: Bad key {MASK}."

    bounce = results["Bounce"]["steps"][1]  # the key URL-encoded in the address
    assert bounce["url"].endswith(f"/secrets-gone?key={MASK}")
    assert bounce["dead_end"]["message"].endswith(f"/secrets-gone?key={MASK}.")
    assert any(f"/secrets-gone?key={MASK} → 404" in f for f in bounce["failed_requests"])

    lock = results["Lock"]["steps"][1]  # the harness's look at the page fails: an error
    said = lock["error"] or (lock["dead_end"] or {}).get("message", "")
    assert lock["outcome"] in ("error", "dead_end") and f"Locked with {MASK}" in said, lock

    greet = results["Greet"]["steps"][0]
    assert greet["outcome"] == "passed" and f"Hello {MASK}, welcome back" in greet["screen_text"]

    kept = {name: leaks(data) for name, data in every_file(run_dir)}
    for name, data in every_file(run_dir):
        kept[name] += [word for word in WORDY.split() if word.lower().encode() in data.lower()]
    assert {"run.json", "index.html", "report.html", "junit.xml", "summary.md"} <= set(kept)
    traces = {name for name in kept if name.startswith("traces/") and name.endswith(".zip")}
    assert len(traces) == len(SCENARIOS)  # the console and the page errors are in them too
    assert not {path: forms for path, forms in kept.items() if forms}
    assert not leaks((done.stdout + done.stderr).encode())


class _RefusingBrowser:
    """A browser that fails to open a context, saying the secret (as a proxy error might)."""

    def new_context(self, **_: Any) -> None:
        raise RuntimeError(f"proxy refused http://127.0.0.1:9/?key={SECRET} (closed)")

    def is_connected(self) -> bool:  # alive: the refusal is the error, not a dead browser
        return True

    def new_browser_cdp_session(self) -> Any:
        return types.SimpleNamespace(detach=lambda: None)


def test_a_scenario_error_that_repeats_a_secret_is_masked(tmp_path: Path) -> None:
    path = write_scenario(
        tmp_path, "name: Refused\nsteps:\n  - " + FILL + "\n    expect: Welcome\n"
    )
    scenario = load_scenario(path, {"SECRET_KEY": SECRET})
    config = RunConfig(base_url="http://127.0.0.1:9", out_dir=tmp_path)
    walk = ScenarioWalk(_RefusingBrowser(), scenario, config, tmp_path, "run-1", 1)  # type: ignore[arg-type]
    list(walk.walk())
    result: ScenarioResult = walk.result
    assert result.outcome == "error"
    assert result.error == f"RuntimeError: proxy refused http://127.0.0.1:9/?key={MASK} (closed)"
