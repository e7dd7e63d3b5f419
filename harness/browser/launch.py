"""Finding, installing and launching the Chromium that shoshin drives.

Order of search: Playwright's own Chromium; a system Chromium (`SHOSHIN_CHROMIUM`, then
`chromium`, `chromium-browser`, `google-chrome` on PATH). `ensure_browser` goes further
for set-up: `playwright install chromium`, then `apt-get install chromium` when root.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from harness.browser.errors import message_line
from harness.errors import BrowserNotFound

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Playwright

SYSTEM_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
HOW_TO_GET_ONE = (
    "Install Chromium (Debian/Ubuntu: sudo apt-get install chromium) or point "
    "SHOSHIN_CHROMIUM at a Chromium or Chrome executable, then run again."
)


@dataclass(frozen=True)
class BrowserChoice:
    """Which Chromium to launch; `executable` None means Playwright's own."""

    executable: str | None
    source: str  # "playwright" | "SHOSHIN_CHROMIUM" | "PATH"

    def describe(self) -> str:
        return f"{self.executable or 'Playwright Chromium'} ({self.source})"


def playwright_chromium(pw: Playwright | None = None) -> str | None:
    """The path of Playwright's own downloaded Chromium, if it is really there.

    Pass the running Playwright when there is one: starting another just to ask costs time.
    """
    try:
        if pw is not None:
            path = pw.chromium.executable_path
        else:
            from playwright.sync_api import sync_playwright

            with sync_playwright() as p:
                path = p.chromium.executable_path
    except Exception:
        return None
    return path if path and Path(path).is_file() and os.access(path, os.X_OK) else None


def system_chromium() -> BrowserChoice | None:
    override = os.environ.get("SHOSHIN_CHROMIUM")
    if override:
        path = shutil.which(override) or override
        if not (Path(path).is_file() and os.access(path, os.X_OK)):
            raise BrowserNotFound(
                f"SHOSHIN_CHROMIUM points at {override}, which is not an executable file; "
                "fix the path or unset it."
            )
        return BrowserChoice(path, "SHOSHIN_CHROMIUM")
    for name in SYSTEM_NAMES:
        found = shutil.which(name)
        if found:
            return BrowserChoice(found, "PATH")
    return None


def find_browser(pw: Playwright | None = None) -> BrowserChoice:
    """The browser to use now, or BrowserNotFound saying how to get one."""
    if not os.environ.get("SHOSHIN_CHROMIUM") and playwright_chromium(pw):
        return BrowserChoice(None, "playwright")
    choice = system_chromium()
    if choice:
        return choice
    raise BrowserNotFound(f"No Chromium was found. {HOW_TO_GET_ONE}")


def ensure_browser(say: Callable[[str], None]) -> BrowserChoice:
    """Find a browser, installing one if needed (for `make` set-up); tell `say` each move."""
    try:
        choice = find_browser()
        say(f"Browser: {choice.describe()}")
        return choice
    except BrowserNotFound:
        pass
    say("No Chromium found; trying: python -m playwright install chromium")
    result = subprocess.run(
        [sys.executable, "-m", "playwright", "install", "chromium"],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    if result.returncode == 0 and playwright_chromium():
        say("Browser: Playwright Chromium (just installed)")
        return BrowserChoice(None, "playwright")
    apt = shutil.which("apt-get")
    if apt and hasattr(os, "geteuid") and os.geteuid() == 0:
        say("Playwright's download failed; trying: apt-get install -y chromium")
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        subprocess.run([apt, "update", "-qq"], check=False, env=env, capture_output=True)
        subprocess.run(
            [apt, "install", "-y", "-qq", "chromium"], check=False, env=env, capture_output=True
        )
        installed = system_chromium()
        if installed:
            say(f"Browser: {installed.describe()} (just installed)")
            return installed
    raise BrowserNotFound(
        f"No Chromium was found and none could be installed automatically. {HOW_TO_GET_ONE}"
    )


def launch_args() -> list[str]:
    """Flags that make headless Chromium behave in containers and closed networks."""
    args = [
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--disable-dev-shm-usage",
    ]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        args.append("--no-sandbox")
    return args


def launch(
    playwright: Playwright, choice: BrowserChoice, *, headed: bool = False, slowmo: float = 0
) -> Browser:
    """Start Chromium. Signals are shoshin's to handle: a Ctrl-C in the terminal reaches
    Playwright's driver too, which would otherwise close the browser under the run's
    wrap-up (shoshin closes it itself, and the driver does when shoshin is gone)."""
    try:
        browser = playwright.chromium.launch(
            executable_path=choice.executable,
            headless=not headed,
            args=launch_args(),
            slow_mo=slowmo,
            handle_sigint=False,
            handle_sigterm=False,
            handle_sighup=False,
        )
        browser.on("disconnected", release_waiters)
        return browser
    except Exception as exc:
        first = message_line(exc)
        hint = (
            " A headed browser needs a display: run without --headed or set DISPLAY."
            if headed
            else ""
        )
        raise BrowserNotFound(
            f"Chromium at {choice.describe()} would not start ({first}).{hint}"
        ) from None


def release_waiters(_: Browser) -> None:
    """A browser that dies in the middle of some calls (opening a page, exposing a binding)
    leaves them waiting for good: Playwright never answers them. Once the browser is gone,
    every call still waiting on it is cancelled; the walk tells that as the browser having
    failed (`harness.run.walk`)."""
    import asyncio

    with contextlib.suppress(RuntimeError):  # no loop running: nothing is waiting
        for task in asyncio.all_tasks():
            name = task.get_coro().__qualname__  # type: ignore[union-attr]
            if name.split(".", 1)[0] in _API_CLASSES and name != "Browser.close":
                task.cancel()  # (closing is how a browser that shoshin ends says goodbye)


# Playwright's classes whose calls a dead browser can leave waiting; never its connection.
_API_CLASSES = frozenset(
    {
        "Browser",
        "BrowserContext",
        "Page",
        "Frame",
        "Locator",
        "ElementHandle",
        "JSHandle",
        "CDPSession",
        "Tracing",
        "Keyboard",
        "Mouse",
        "Touchscreen",
        "Video",
        "Download",
    }
)


# --- ffmpeg, which Playwright needs to record videos -------------------------------------


def ffmpeg_path() -> Path:
    """Where Playwright looks for its ffmpeg (`playwright install ffmpeg` puts it there)."""
    import json

    import playwright

    package = Path(playwright.__file__).parent / "driver" / "package" / "browsers.json"
    revision = next(
        b["revision"] for b in json.loads(package.read_text())["browsers"] if b["name"] == "ffmpeg"
    )
    root = os.environ.get("PLAYWRIGHT_BROWSERS_PATH") or str(Path.home() / ".cache/ms-playwright")
    return Path(root) / f"ffmpeg-{revision}" / "ffmpeg-linux"


def has_ffmpeg() -> bool:
    path = ffmpeg_path()
    return path.is_file() and os.access(path, os.X_OK)


def ensure_ffmpeg(say: Callable[[str], object]) -> bool:
    """Make Playwright's video recording work: its own ffmpeg, else the system's (installed
    with apt-get when root). Two shoshins asking at once wait for each other, not both
    installing."""
    if has_ffmpeg():
        return True
    target = ffmpeg_path()
    target.parent.parent.mkdir(parents=True, exist_ok=True)
    with open(target.parent.parent / ".shoshin-ffmpeg.lock", "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        return has_ffmpeg() or _install_ffmpeg(target, say)


def _install_ffmpeg(target: Path, say: Callable[[str], object]) -> bool:
    say("Video: installing ffmpeg, which --video needs (once): playwright install ffmpeg")
    subprocess.run(
        [sys.executable, "-m", "playwright", "install", "ffmpeg"],
        capture_output=True,
        timeout=600,
        check=False,
    )
    if has_ffmpeg():
        say("Video: Playwright ffmpeg (just installed)")
        return True
    system = shutil.which("ffmpeg")
    apt = shutil.which("apt-get")
    if not system and apt and hasattr(os, "geteuid") and os.geteuid() == 0:
        say("Video: Playwright's download failed; trying apt-get install -y ffmpeg")
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        subprocess.run([apt, "update", "-qq"], check=False, env=env, capture_output=True)
        subprocess.run(
            [apt, "install", "-y", "-qq", "ffmpeg"], check=False, env=env, capture_output=True
        )
        system = shutil.which("ffmpeg")
    if system:  # (a failed download takes its folder away again)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.unlink(missing_ok=True)
        target.symlink_to(system)
        say(f"Video: {system} (linked where Playwright looks for ffmpeg)")
        return True
    return False


def need_ffmpeg(say: Callable[[str], object]) -> None:
    """For a run that asks for videos: ffmpeg now (installed the first time), or one sentence."""
    if not ensure_ffmpeg(say):
        raise BrowserNotFound(
            "--video needs ffmpeg, and none could be installed automatically; install it "
            "(Debian/Ubuntu: sudo apt-get install ffmpeg) or run "
            "`python -m playwright install ffmpeg`, then run again (or drop --video)."
        )
