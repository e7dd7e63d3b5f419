"""Finding a Chromium, and saying clearly what to do when there is none."""

from __future__ import annotations

from pathlib import Path

import pytest

from harness.browser.launch import find_browser, launch_args, system_chromium
from harness.errors import BrowserNotFound


def test_shoshin_chromium_wins_when_it_points_at_an_executable(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake = tmp_path / "my-chrome"
    fake.write_text("#!/bin/sh\n")
    fake.chmod(0o755)
    monkeypatch.setenv("SHOSHIN_CHROMIUM", str(fake))
    choice = find_browser()
    assert choice.executable == str(fake) and choice.source == "SHOSHIN_CHROMIUM"


def test_a_wrong_shoshin_chromium_is_one_clear_sentence(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SHOSHIN_CHROMIUM", "/nowhere/chrome")
    with pytest.raises(BrowserNotFound, match="SHOSHIN_CHROMIUM points at /nowhere/chrome"):
        system_chromium()


def test_no_browser_on_path_says_what_to_install(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("SHOSHIN_CHROMIUM", raising=False)
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.setenv("PLAYWRIGHT_BROWSERS_PATH", str(tmp_path / "none"))
    with pytest.raises(BrowserNotFound) as info:
        find_browser()
    assert "apt-get install chromium" in str(info.value)
    assert "SHOSHIN_CHROMIUM" in str(info.value)


def test_headless_flags_keep_chromium_off_the_network() -> None:
    args = launch_args()
    assert "--disable-background-networking" in args and "--disable-gpu" in args
