"""`shoshin record`: the author walks the product in a browser shoshin opens, and the walk is
written as a scenario as it goes.

THE recorder (`harness.browser.recording`, values on) tells what the author does; the
author's marks (selected text, the heading key, which fields are passwords) come from
`harness/browser/authoring.js`. `Translator` turns both into `harness.scenario.compose`
events (pure, tested without a browser); `AuthorWalk` feeds them to the `Composer` and
writes the file atomically after each one, so a killed `shoshin record` keeps every step.
What the author types into a password field stays in memory: the file reads `${NAME}`.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import signal
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from types import FrameType
from typing import TYPE_CHECKING, Any

from harness.browser.nearby import _HELPERS as NEARBY_HELPERS
from harness.browser.screen import SCREEN_SCRIPT
from harness.errors import BrowserNotFound, ShoshinError
from harness.files import write_text_atomic
from harness.scenario.compose import (
    CHECK_ROLES,
    Click,
    Composer,
    Event,
    Expect,
    Fill,
    Named,
    Navigate,
    Press,
    Select,
)
from harness.scenario.urls import resolve

if TYPE_CHECKING:
    from playwright.sync_api import BrowserContext, Page

AUTHORING_BINDING = "__shoshinAuthor"
EXPECT_KEY = "Alt+Shift+E"  # the page's main heading is what the author expected
SETTLE_MS = 600  # a selection resting this long is a mark
PUMP_MS = 100  # how often the walk's events are taken in
# Keys a scenario has no use for: moving between fields, and the editing chords.
QUIET_KEYS = re.compile(r"(?:(?:Control|Meta)\+(?:Shift\+)?[ACVXZY]|Tab|Shift\+Tab)", re.I)
SECRET_LABEL = re.compile(r"pass(?:word|wort|code|phrase)|secret|\bpin\b|one.time|token", re.I)
TYPED = frozenset({"typed", "address_bar", "generated", "auto_bookmark", "keyword"})


def authoring_script() -> str:
    """authoring.js with its options filled in."""
    source = (Path(__file__).parent.parent / "browser" / "authoring.js").read_text("utf-8")
    options = {"binding": AUTHORING_BINDING, "key": EXPECT_KEY, "settle_ms": SETTLE_MS}
    return (
        source.replace("__OPTIONS__", json.dumps(options))
        .replace("__SCREEN__", SCREEN_SCRIPT)
        .replace("__NEARBY__", NEARBY_HELPERS)
    )


def named(target: Any) -> Named | None:
    """The recorder's target (or field) as compose names it."""
    if not isinstance(target, dict):
        return None

    def text(key: str) -> str | None:
        value = target.get(key)
        return value if isinstance(value, str) else None

    count = target.get("same_name_count")
    return Named(
        role=text("role"),
        name=text("name"),
        label=text("label"),
        text=text("text"),
        css=text("css"),
        same_name_count=count if isinstance(count, int) else 1,
    )


class Translator:
    """The recorder's and the author's events, as compose events (None: nothing to write)."""

    def __init__(self) -> None:
        self._typing: dict[str, str] = {}  # a password field's id -> its value, in memory only
        self._place: dict[str, Any] | None = None  # the words near the next click's target

    @property
    def secret_values(self) -> set[str]:
        return {v for v in self._typing.values() if v}

    def author(self, event: dict[str, Any]) -> Event | None:
        kind, text = event.get("kind"), event.get("text")
        if kind == "secret":
            self._typing[str(event.get("field"))] = str(event.get("value") or "")
            return None
        if kind == "place":
            self._place = event
            return None
        if not isinstance(text, str) or not text.strip():
            return None
        if kind in ("expect", "heading"):
            return Expect(text)
        return Expect(text, kind="title") if kind == "title" else None

    def recorder(self, event: dict[str, Any], transition: str | None = None) -> Event | None:
        """`transition`: how the browser says a navigation 'other' came about (CDP's
        transitionType), when it was asked."""
        kind = event.get("kind")
        if kind == "navigation":
            via = str(event.get("via"))
            if via == "other" and transition in TYPED:
                via = "typed"
            return Navigate(str(event.get("url") or ""), via)
        if kind == "click":
            target = named(event.get("target"))
            info = event.get("target") or {}
            if target is None or not info.get("interactive") or info.get("field"):
                return None  # plain text (a selection), a field (its change says it)
            place, self._place = self._place, None
            if place and (place.get("role"), place.get("name")) == (target.role, target.name):
                near = place.get("near")
                target = replace(target, near=near if isinstance(near, str) else None)
            return Click(target)
        if kind == "check":
            field = named(event.get("field"))
            if field is None:
                return None
            role = field.role if field.role in CHECK_ROLES else "checkbox"
            return Click(
                Named(**{**field.__dict__, "role": role}), checked=bool(event.get("checked"))
            )
        if kind == "input":
            return self._input(event)
        if kind == "select":
            field, option = named(event.get("field")), event.get("option")
            return Select(field, option) if field and isinstance(option, str) else None
        if kind == "press":
            return self._press(event)
        return None

    def _input(self, event: dict[str, Any]) -> Fill | None:
        field, value = named(event.get("field")), event.get("value")
        if field is None or not isinstance(value, str):
            return None
        words = " ".join(w for w in (field.label, field.name) if w)
        secret = value in self.secret_values or bool(SECRET_LABEL.search(words))
        return Fill(field, value, secret=secret)

    def _press(self, event: dict[str, Any]) -> Press | None:
        key = str(event.get("key") or "")
        if not key or QUIET_KEYS.fullmatch(key) or key == EXPECT_KEY:
            return None
        if key == "Enter":  # a form sent from its field; on a button, the click says it
            field = event.get("field") or {}
            return Press(key) if field.get("role") in ("textbox", "searchbox") else None
        return Press(key)


@dataclass(frozen=True)
class RecordOptions:
    base_url: str
    out: Path
    start: str = "/"
    name: str | None = None
    headless: bool = False
    devtools_port: int | None = None  # 0: any free port; said on the terminal


class AuthorWalk:
    """The events of one walk, taken in on the Playwright thread, written after each one."""

    def __init__(self, options: RecordOptions, say: Callable[[str], None]) -> None:
        self.options, self.say = options, say
        stem = options.out.stem
        name = options.name or re.sub(r"[-_]+", " ", stem).capitalize()
        self.composer = Composer(name, options.base_url, secret_prefix=stem)
        # Where the author asked to start, not where the product sent them (a redirect to a
        # sign-in page is the product's doing, and is walked again on every run).
        self.composer.start = self.composer.relative(resolve(options.base_url, options.start))
        self.translator = Translator()
        self.queue: list[tuple[str, dict[str, Any]]] = []
        self.written = ""
        self.closed = False

    def from_recorder(self, event: dict[str, Any]) -> None:
        self.queue.append(("recorder", event))

    def from_author(self, _source: Any, event: Any) -> None:
        if isinstance(event, dict):
            self.queue.append(("author", event))

    def take(self, transition: Callable[[dict[str, Any]], str | None]) -> None:
        """Everything that came in since the last time: composed, told, written."""
        while self.queue:
            origin, event = self.queue.pop(0)
            if origin == "author":
                composed = self.translator.author(event)
            else:
                asked = transition(event) if event.get("via") == "other" else None
                composed = self.translator.recorder(event, asked)
            if composed is None:
                continue
            before = self.composer.recorded
            told = self.composer.add(composed)
            if self.composer.recorded > before:
                kind, _, _, said = self.composer.steps[-1].actions[-1]
                self.say(f"  + {kind} {said}")
            for line in told:
                self.say(f"  {line}")
        self.write()

    def write(self) -> None:
        if not self.composer.steps:
            return  # nothing to run yet: no file that would not load
        text = self.composer.text()
        if text != self.written:
            write_text_atomic(self.options.out, text)
            self.written = text


def _interrupt(signum: int, frame: FrameType | None) -> None:
    raise KeyboardInterrupt


def record(options: RecordOptions, say: Callable[[str], None]) -> AuthorWalk:
    """Open the browser at the product, record until its window closes or Ctrl-C."""
    from harness.run.runner import check_reachable

    check_reachable(options.base_url)
    display = os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")
    if not options.headless and sys.platform.startswith("linux") and not display:
        raise BrowserNotFound(
            "shoshin record opens a browser window, and there is no display (DISPLAY is not "
            "set); run it where a window can show, or add --headless --devtools-port N to "
            "walk from another program."
        )

    from playwright.sync_api import sync_playwright

    from harness.browser.launch import find_browser, launch_args
    from harness.browser.recording import Recording

    walk = AuthorWalk(options, say)
    for signum in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, _interrupt)
    with contextlib.ExitStack() as stack:
        profile = stack.enter_context(tempfile.TemporaryDirectory(prefix="shoshin-record-"))
        pw = stack.enter_context(sync_playwright())
        context = _open(pw, find_browser(pw), options, profile, launch_args())
        stack.callback(_quietly, context.close)
        if options.devtools_port is not None:
            say(f"DevTools: http://127.0.0.1:{_devtools_port(profile, options.devtools_port)}")
        context.expose_binding(AUTHORING_BINDING, walk.from_author)
        context.add_init_script(script=authoring_script())
        context.on("close", lambda _: setattr(walk, "closed", True))
        recording = Recording(context, walk.from_recorder, values=True)
        page = context.pages[0] if context.pages else context.new_page()
        _tell_how(say, options)
        try:
            page.goto(resolve(options.base_url, options.start))
            _pump(context, walk, lambda e: _transition(context, recording, e))
        except KeyboardInterrupt:
            pass
        finally:
            signal.signal(signal.SIGINT, signal.SIG_IGN)  # the wrap-up is short: let it end
            walk.write()
    return walk


def _open(
    pw: Any, choice: Any, options: RecordOptions, profile: str, args: list[str]
) -> BrowserContext:
    if options.devtools_port is not None:
        args = [*args, f"--remote-debugging-port={options.devtools_port}"]
    try:
        context: BrowserContext = pw.chromium.launch_persistent_context(
            profile,
            executable_path=choice.executable,
            headless=options.headless,
            args=args,
            no_viewport=not options.headless,
            handle_sigint=False,
            handle_sigterm=False,
            handle_sighup=False,
        )
    except Exception as exc:
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        hint = (
            ""
            if options.headless
            else " A browser window needs a display: set DISPLAY, or add --headless."
        )
        raise BrowserNotFound(
            f"Chromium at {choice.describe()} would not start ({first}).{hint}"
        ) from None
    return context


def _devtools_port(profile: str, asked: int) -> int:
    if asked:
        return asked
    active = Path(profile) / "DevToolsActivePort"
    try:
        return int(active.read_text().split()[0])
    except (OSError, ValueError, IndexError):
        raise ShoshinError(
            "Chromium did not say which DevTools port it took; give one with --devtools-port N."
        ) from None


def _pump(
    context: BrowserContext, walk: AuthorWalk, transition: Callable[[dict[str, Any]], str | None]
) -> None:
    while not walk.closed:
        pages = [p for p in context.pages if not p.is_closed()]
        if not pages:
            break
        with contextlib.suppress(Exception):  # a page closing under the wait
            pages[0].wait_for_timeout(PUMP_MS)
        walk.take(transition)
    walk.take(lambda _: None)


def _transition(context: BrowserContext, recording: Any, event: dict[str, Any]) -> str | None:
    """How the tab's current entry came about, as its history says (typed, link, ...)."""
    page: Page | None = recording.tab(int(event.get("page") or 1))
    if page is None:
        return None
    try:
        cdp = context.new_cdp_session(page)
        try:
            history = cdp.send("Page.getNavigationHistory")
        finally:
            cdp.detach()
        return str(history["entries"][int(history["currentIndex"])].get("transitionType"))
    except Exception:
        return None


def _quietly(close: Callable[[], object]) -> None:
    with contextlib.suppress(Exception):
        close()


def _tell_how(say: Callable[[str], None], options: RecordOptions) -> None:
    say(f"Recording into {options.out}. In the browser, walk as the newcomer would:")
    say("  click, fill in and choose: each is an action of the step, named as on screen;")
    say(f"  select the words that show the step worked, or press {EXPECT_KEY} for the page's")
    say("  main heading: that is the step's expect, and the next action starts a new step.")
    say("Close the window (or press Ctrl-C here) when done. The file is saved after each step.")
