"""Browsers that run elsewhere: a Playwright browser server (`ws://`, `wss://`) or a Chrome
DevTools endpoint (`http://`, `https://`), reached with `--browser-endpoint URL`.

Connecting never launches or kills anything there: closing a connected browser disconnects
from it (Playwright drops the contexts this connection made), and the remote browser goes
on serving others. Every failure is one sentence naming the endpoint (its credentials and
query masked: cloud grids carry their keys in the URL) and how to fix it.
"""

from __future__ import annotations

import contextlib
import os
import re
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import parse_qsl, quote, urlsplit, urlunsplit

from harness.browser.errors import message_line
from harness.browser.launch import release_waiters
from harness.errors import BrowserNotFound, ProductUnreachable

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Playwright

PLAYWRIGHT_SERVER = ("ws", "wss")
DEVTOOLS = ("http", "https")
CONNECT_TIMEOUT_S = 30.0  # a cloud grid may take a while to hand out a browser
REACH_TIMEOUT_S = 15.0
MASK = "***"
# A Chromium's own DevTools websocket (`ws://host:port/devtools/browser/<id>`) speaks CDP.
_DEVTOOLS_SOCKET = re.compile(r"^/devtools/browser/")
_NO_ANSWER = re.compile(r"ECONNREFUSED|ENOTFOUND|EAI_AGAIN|ECONNRESET|EHOSTUNREACH|ENETUNREACH")


class EndpointFailed(BrowserNotFound):
    """The browser at --browser-endpoint cannot be used: nothing there, not a browser, or a
    Playwright server of another version."""


def check_endpoint(url: str) -> str:
    """The endpoint, or one sentence when its scheme is not a browser's (asked before
    anything else happens)."""
    parts = urlsplit(url.strip())
    if parts.scheme.lower() not in PLAYWRIGHT_SERVER + DEVTOOLS or not parts.netloc:
        raise EndpointFailed(
            f"--browser-endpoint {mask_url(url)!r} is not a browser's address; write "
            "ws://HOST:PORT/... for a Playwright browser server, or http://HOST:PORT for a "
            "Chrome DevTools endpoint (a Chromium started with --remote-debugging-port)."
        )
    return url.strip()


def _token_like(segment: str) -> bool:
    """A path segment that works as a key: a Playwright server's random path, a browser's
    DevTools id (long, letters and digits mixed), unlike a grid's fixed `/playwright`."""
    return (
        len(segment) >= 16
        and any(c.isdigit() for c in segment)
        and any(c.isalpha() for c in segment)
    )


def _masked_path(path: str) -> str:
    return "/".join(MASK if _token_like(segment) else segment for segment in path.split("/"))


def mask_url(url: str, *, route: bool = False) -> str:
    """The URL with its password, user name, every query value and every key-like path
    segment masked: what shoshin shows and records of an endpoint. The fragment is dropped,
    unless `route` and it is a single-page app's route (`#/settings`, `#!/settings`): then
    its path is kept, masked the same way, and whatever follows a `?` in it is left out."""
    try:
        parts = urlsplit(url)
        netloc = parts.netloc
        if "@" in netloc:
            netloc = f"{MASK}@{netloc.rpartition('@')[2]}"
        pairs = parse_qsl(parts.query, keep_blank_values=True)
        query = "&".join(f"{quote(k, safe='')}={MASK}" if v else MASK for k, v in pairs)
        if parts.query and not query:
            query = MASK
        fragment = ""
        if route and parts.fragment.startswith(("/", "!/")):
            fragment = _masked_path(parts.fragment.split("?", 1)[0])
        return urlunsplit((parts.scheme, netloc, _masked_path(parts.path), query, fragment))
    except ValueError:
        return MASK


def _secrets(url: str) -> list[str]:
    """What of the URL must never be shown (credentials, query, fragment), longest first."""
    try:
        parts = urlsplit(url)
        values = [value for _, value in parse_qsl(parts.query)]
    except ValueError:
        return [url]
    userinfo = parts.netloc.rpartition("@")[0]
    keys = [segment for segment in parts.path.split("/") if _token_like(segment)]
    found = [url, parts.query, parts.fragment, userinfo, *userinfo.split(":"), *values, *keys]
    return sorted({s for s in found if len(s) >= 3}, key=len, reverse=True)


def scrub(text: str, url: str) -> str:
    """`text` (Playwright's words) with the endpoint's secrets masked."""
    for secret in _secrets(url):
        text = text.replace(secret, mask_url(url) if secret == url else MASK)
    return text


def connect_timeout_s() -> float:
    """`SHOSHIN_CONNECT_TIMEOUT` (seconds) when set to a positive number, else 30 s."""
    try:
        value = float(os.environ.get("SHOSHIN_CONNECT_TIMEOUT", ""))
    except ValueError:
        return CONNECT_TIMEOUT_S
    return value if value > 0 else CONNECT_TIMEOUT_S


def speaks_devtools(url: str) -> bool:
    """Whether the endpoint is a Chrome DevTools one (else a Playwright browser server)."""
    parts = urlsplit(url)
    return parts.scheme.lower() in DEVTOOLS or bool(_DEVTOOLS_SOCKET.match(parts.path))


def videos_made_here(endpoint: str | None) -> bool:
    """Whether a run's videos are encoded on this machine (and need its ffmpeg): yes for a
    local browser and over DevTools (Playwright here makes them from the screencast); no
    over a Playwright server, whose own ffmpeg makes them where the browser runs."""
    return endpoint is None or speaks_devtools(endpoint)


def connect(playwright: Playwright, url: str, *, slowmo: float = 0) -> Browser:
    """A browser at `url`, connected within the connect timeout, or one sentence saying why
    not and how to fix it."""
    url = check_endpoint(url)
    timeout = connect_timeout_s()
    devtools = speaks_devtools(url)
    try:
        if devtools:
            browser = playwright.chromium.connect_over_cdp(
                url, timeout=timeout * 1000, slow_mo=slowmo
            )
        else:
            browser = playwright.chromium.connect(url, timeout=timeout * 1000, slow_mo=slowmo)
    except Exception as exc:
        raise EndpointFailed(_why(exc, url, devtools, timeout)) from None
    browser.on("disconnected", release_waiters)
    return browser


def _why(exc: BaseException, url: str, devtools: bool, timeout: float) -> str:
    """One sentence for a failed connection: what happened at the endpoint, and the fix."""
    from playwright.sync_api import TimeoutError

    shown = mask_url(url)
    text = scrub(str(exc), url)
    reason = _reason(text)
    kind = "Chrome DevTools endpoint" if devtools else "Playwright browser server"
    if isinstance(exc, TimeoutError):
        return (
            f"The browser endpoint {shown} did not answer within {timeout:g} s; check that it "
            f"is a {kind} and that it is not overloaded (SHOSHIN_CONNECT_TIMEOUT gives it "
            "longer)."
        )
    if _NO_ANSWER.search(text):
        return (
            f"Nothing answered at the browser endpoint {shown} ({reason}); start the browser "
            "there, or pass the address it listens on with --browser-endpoint."
        )
    if ("version" in text.lower() and "mismatch" in text.lower()) or " 428 " in f" {text} ":
        from importlib.metadata import version

        mine = version("playwright")
        return (
            f"The Playwright browser server at {shown} does not match shoshin's Playwright "
            f"{mine} ({_version_reason(text)}); run a server of the same version there "
            f"(e.g. npx playwright@{mine} run-server)."
        )
    if devtools:
        return (
            f"{shown} is not a Chrome DevTools endpoint ({reason}); pass the http:// address "
            "of a Chromium started with --remote-debugging-port, or a Playwright browser "
            "server's ws:// address."
        )
    return (
        f"{shown} is not a Playwright browser server ({reason}); pass the ws:// address that "
        "launchServer or run-server printed, or, for a Chrome DevTools endpoint (a DevTools "
        "websocket too), its http:// address."
    )


def _reason(text: str) -> str:
    """Playwright's first line, without its `BrowserType.connect:` prefix, kept short."""
    line = message_line(Exception(text)).split(": ", 1)[-1].strip().rstrip(".")
    return line if len(line) <= 200 else line[:199] + "…"


def _version_reason(text: str) -> str:
    """Playwright's words on the mismatch, e.g. `server version: v1.50.0, client version:
    v1.65.2`, on one line."""
    versions = re.findall(r"(server|client) version:\s*(v?[\w.-]+)", text, re.IGNORECASE)
    if versions:
        said = dict.fromkeys(f"{who.lower()} version {number}" for who, number in versions)
        return ", ".join(said)  # Playwright says it twice
    return _reason(text)


def check_reaches(
    browser: Browser, base_url: str, endpoint: str, *, video_dir: Path | None = None
) -> None:
    """Open a context in the remote browser, go to `base_url`, close it: one sentence when
    the browser cannot reach the product from where it runs. With `video_dir` (a run that
    records videos), the context records one, so that a browser server without ffmpeg
    says so now rather than in every scenario."""
    from playwright.sync_api import Error, TimeoutError

    shown = mask_url(endpoint)
    try:
        context = browser.new_context(record_video_dir=video_dir)
        page = context.new_page()
    except Error as exc:
        raise EndpointFailed(_no_context(shown, scrub(str(exc), endpoint))) from None
    try:
        page.goto(base_url, wait_until="commit", timeout=REACH_TIMEOUT_S * 1000)
    except TimeoutError:
        reason = f"no answer within {REACH_TIMEOUT_S:g} s"
    except Error as exc:
        code = re.search(r"net::ERR_[A-Z_]+", str(exc))
        if code is None or code.group(0) == "net::ERR_ABORTED":  # e.g. a download
            return
        reason = code.group(0)
    else:
        return
    finally:
        with contextlib.suppress(Error):
            context.close()
            if page.video is not None:
                page.video.delete()
    raise ProductUnreachable(
        f"The browser at {shown} could not reach {base_url} ({reason}); the "
        "product must be reachable from where the browser runs: pass an address it can "
        "reach with --base-url (e.g. the machine's network name, or host.docker.internal "
        "from Docker)."
    )


def _no_context(shown: str, said: str) -> str:
    if "ffmpeg" in said:
        return (
            f"The browser at {shown} cannot record videos: ffmpeg is missing where it runs "
            "(Playwright's words: " + _reason(said) + "); run `npx playwright install ffmpeg` "
            "there, or drop --video."
        )
    return (
        f"The browser at {shown} would not open a browser context ({_reason(said)}); "
        "check that it serves new connections."
    )


def refuse_remote(endpoint: str, *, headed: bool = False) -> None:
    """One sentence, before anything happens, for what a browser elsewhere cannot do."""
    if headed:
        raise EndpointFailed(
            f"--headed shows a window on this machine, and the browser at {mask_url(endpoint)} "
            "runs elsewhere; drop --headed (or --browser-endpoint to walk in a local window)."
        )
