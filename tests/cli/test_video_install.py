"""ffmpeg costs what it costs only to those who ask for videos: installed the first time a
run asks for `--video`, never by `make demo`; and one sentence when it cannot be had."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from harness.browser.launch import BrowserChoice

ROOT = Path(__file__).resolve().parents[2]

ONE_PAGE = """\
name: One page
start: /locale.html
patience: 30
steps:
  - intent: Arrive
    expect: Hello
"""


def _run(args: list[str], env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "harness.cli", *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=cwd,
        timeout=300,
        check=False,
    )


def _env(browsers: Path, browser_choice: BrowserChoice, path: str) -> dict[str, str]:
    """An environment whose Playwright has no ffmpeg yet (its own folder of downloads)."""
    env = {**os.environ, "PLAYWRIGHT_BROWSERS_PATH": str(browsers), "PATH": path}
    env["PYTHONPATH"] = str(ROOT)
    if browser_choice.executable:
        env["SHOSHIN_CHROMIUM"] = browser_choice.executable
    return env


def test_make_demo_does_not_install_ffmpeg() -> None:
    """`make demo`'s set-up installs the browser only; `make test` asks for ffmpeg too."""
    make = shutil.which("make")
    if make is None:
        pytest.skip("make is not installed")
    demo = subprocess.run(
        [make, "-n", "-B", "demo"], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert "browser --install" in demo.stdout
    assert "--video" not in demo.stdout and "ffmpeg" not in demo.stdout
    test = subprocess.run(
        [make, "-n", "-B", "test"], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert "browser --install --video" in test.stdout


@pytest.mark.browser
def test_the_first_run_with_video_installs_ffmpeg_then_records(
    pages_server: str, browser_choice: BrowserChoice, tmp_path: Path
) -> None:
    system = shutil.which("ffmpeg")
    if system is None:
        pytest.skip("no system ffmpeg to link (make test installs one)")
    (tmp_path / "one.yaml").write_text(ONE_PAGE)
    env = _env(tmp_path / "browsers", browser_choice, os.environ["PATH"])
    args = ["run", "one.yaml", "--base-url", pages_server, "--out", "out", "--video", "on"]
    first = _run(args, env, tmp_path)
    assert first.returncode == 0, first.stderr
    assert "installing ffmpeg" in first.stderr
    videos = list((tmp_path / "out" / "latest").glob("videos/*.webm"))
    assert len(videos) == 1 and videos[0].read_bytes()[:4] == b"\x1a\x45\xdf\xa3"
    again = _run(args, env, tmp_path)  # the second run finds it: nothing installed again
    assert again.returncode == 0, again.stderr
    assert "installing ffmpeg" not in again.stderr


@pytest.mark.browser
def test_video_without_any_ffmpeg_to_be_had_is_one_sentence(
    pages_server: str, browser_choice: BrowserChoice, tmp_path: Path
) -> None:
    """No ffmpeg on PATH, no apt-get, and Playwright's download fails (no internet here; a
    nonexistent download host makes sure of it elsewhere)."""
    (tmp_path / "one.yaml").write_text(ONE_PAGE)
    env = _env(tmp_path / "browsers", browser_choice, str(tmp_path / "empty-path"))
    env["PLAYWRIGHT_DOWNLOAD_HOST"] = "http://127.0.0.1:9"  # nothing listens on discard
    args = ["run", "one.yaml", "--base-url", pages_server, "--out", "out", "--video", "on"]
    result = _run(args, env, tmp_path)
    assert result.returncode == 2, result.stderr
    last = result.stderr.strip().splitlines()[-1]
    assert last.startswith("shoshin: --video needs ffmpeg") and "apt-get install ffmpeg" in last
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "out").exists()  # nothing walked, nothing written
