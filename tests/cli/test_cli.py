"""The `shoshin` command driven as a user drives it: real subprocesses, real exit codes."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from harness.demo import DemoServer
from harness.record.model import read_record
from tests.conftest import ROOT, write_scenario

SHOSHIN = [sys.executable, "-m", "harness.cli"]


def shoshin(*args: str, cwd: Path = ROOT, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NO_COLOR": "1"}
    return subprocess.run(
        [*SHOSHIN, *args], cwd=cwd, capture_output=True, text=True, timeout=timeout, env=env
    )


def report_path(stdout: str) -> Path:
    (line,) = [line for line in stdout.splitlines() if line.startswith("Report: ")]
    return Path(line.removeprefix("Report: "))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_a_bad_scenario_is_one_sentence_and_exit_2(tmp_path: Path) -> None:
    bad = write_scenario(tmp_path, "name: x\nsteps:\n  - clik: Go\n")
    result = shoshin("run", str(bad), "--base-url", "http://127.0.0.1:9", "--out", str(tmp_path))
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert lines == [f"shoshin: {bad}:3: step 1: unknown step key 'clik'. Did you mean 'click'?"]


def test_an_unreachable_product_is_exit_2_within_seconds(tmp_path: Path) -> None:
    url = f"http://127.0.0.1:{free_port()}"
    began = time.monotonic()
    result = shoshin("run", "scenarios", "--base-url", url, "--out", str(tmp_path))
    assert time.monotonic() - began < 15
    assert result.returncode == 2
    assert f"Nothing answered at {url}" in result.stderr
    assert "--base-url" in result.stderr and "Traceback" not in result.stderr
    assert not list(tmp_path.iterdir())  # no empty run directory left behind


def test_check_lists_good_files_and_stops_at_a_bad_one(tmp_path: Path) -> None:
    good = shoshin("check", "scenarios")
    assert good.returncode == 0
    assert (
        "ok     scenarios/01-first-project.yaml: Sign up and create a first project" in good.stdout
    )
    write_scenario(tmp_path, "name: x\nsteps: 3\n")
    bad = shoshin("check", str(tmp_path))
    assert bad.returncode == 2 and "'steps' must be a non-empty list" in bad.stderr


@pytest.mark.browser
def test_run_prints_steps_and_the_report_and_exits_1_on_a_dead_end(tmp_path: Path) -> None:
    scenario = write_scenario(
        tmp_path,
        """
        name: Typo
        patience: 1
        steps:
          - intent: Start here
            click: Get started
            expect: Create your account
            patience: 30  # passes even on a loaded machine; the dead end keeps 1 s
          - intent: Look for a thing that is not there
            click: Continue
        """,
    )
    with DemoServer() as server:
        result = shoshin(
            "run", str(scenario), "--base-url", server.base_url, "--out", str(tmp_path)
        )
    assert result.returncode == 1, result.stderr
    out = result.stdout
    assert "✓ passed   1. Start here" in out
    assert "✗ DEAD END 2. Look for a thing that is not there" in out
    assert "missing-target" in out and "saw instead: Create account" in out
    assert "\x1b[" not in out  # not a terminal: plain lines
    report = report_path(out)
    assert "Gate (dead-end): 1 finding." in out
    assert report.name == "index.html" and report.is_file()


@pytest.mark.browser
def test_a_killed_run_leaves_a_readable_partial_record(tmp_path: Path) -> None:
    scenario = write_scenario(
        tmp_path,
        """
        name: Long wait
        steps:
          - click: Get started
            expect: Create your account
          - intent: Wait for something that never comes
            expect: A sign that never appears
            patience: 60
        """,
    )
    with DemoServer() as server:
        proc = subprocess.Popen(
            [*SHOSHIN, "run", str(scenario), "--base-url", server.base_url, "--out", str(tmp_path)],
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            record_file = None
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline:
                found = list(tmp_path.glob("*/run.json"))
                results = read_record(found[0].parent)["results"] if found else []
                if results and results[0]["steps"]:
                    record_file = found[0]
                    break
                time.sleep(0.1)
            assert record_file is not None, "the first step was never written"
            os.kill(proc.pid, signal.SIGKILL)
            proc.wait(timeout=10)
        finally:
            proc.kill()
    data = read_record(record_file.parent)  # run.json and the steps its journal holds
    assert data["status"] == "interrupted"  # its process is gone: no longer "running"
    assert [s["outcome"] for s in data["results"][0]["steps"]] == ["passed"]


@pytest.mark.browser
def test_demo_walks_the_bundled_scenarios_and_prints_the_report(tmp_path: Path) -> None:
    result = shoshin("demo", "--out", str(tmp_path), "--self-contained", timeout=180)
    assert result.returncode == 0, result.stderr
    assert "1 of 4 scenarios completed." in result.stdout
    report = report_path(result.stdout)
    assert report.is_file() and report.parent.parent == tmp_path
    html = report.read_text()
    assert "Skip inviting teammates" in html and "Sign up with a short password" in html
    run_dir = report.parent
    assert {"run.json", "junit.xml", "summary.md", "screenshots"} <= {
        p.name for p in run_dir.iterdir()
    }
    assert "| Skip inviting teammates | ❌ dead end |" in (run_dir / "summary.md").read_text()
    single = run_dir / "report.html"
    assert f"Single-file report: {single}" in result.stdout
    assert re.findall(r'(?:src|href)="(?!data:|#)', single.read_text()) == []
    assert f"All runs: {tmp_path / 'index.html'}" in result.stdout
    assert "Gate" not in result.stdout


@pytest.mark.browser
def test_fail_on_chooses_what_fails_the_gate(tmp_path: Path) -> None:
    scenario = write_scenario(
        tmp_path,
        """
        name: Slow but fine
        start: /workspace
        steps:
          - fill: {Tenant slug: acme}
            intent: Name the tenant
            expect: Provision your tenant
          - intent: Provision
            click: Provision tenant
            expect: Invite your teammates
            budget: 0.5
        """,
    )
    with DemoServer(slow_seconds=1.0) as server:
        base = ["run", str(scenario), "--base-url", server.base_url, "--out", str(tmp_path)]
        default = shoshin(*base)
        slow = shoshin(*base, "--fail-on", "dead-end,slow")
        bad = shoshin(*base, "--fail-on", "slwo")
    assert default.returncode == 0 and "Gate (dead-end): passed." in default.stdout
    assert slow.returncode == 1
    assert "Gate (dead-end, slow): 1 finding." in slow.stdout
    assert "slow: “Slow but fine” step 2 took 1." in slow.stdout
    assert bad.returncode == 2 and "--fail-on 'slwo' is not a gate" in bad.stderr


def test_demo_serve_serves_pebble_until_interrupted() -> None:
    proc = subprocess.Popen(
        [*SHOSHIN, "demo", "--serve", "--port", "0"],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert proc.stdout is not None
        line = proc.stdout.readline()
        url = line.split(" at ")[1].split(" ")[0]
        import urllib.request

        with urllib.request.urlopen(url) as response:
            assert "Plan work with your team, calmly" in response.read().decode()
        proc.send_signal(signal.SIGINT)
        assert proc.wait(timeout=10) == 0
    finally:
        proc.kill()
