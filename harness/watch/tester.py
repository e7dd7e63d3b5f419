"""The tester's browser (`shoshin observe --browser`): a window of its own, recorded into the
observer's session from a thread of its own while the prompt owns the main thread.

`TesterWatch.open()` opens the window at the scenario's start (and fails, in one sentence,
before any session file exists); `attach(log)` starts writing into the session; the session's
end (/done, /gaveup, Ctrl-C) ends the recording and closes the window, and `stop()` waits
for that. A window the tester closes ends the recording and says
so through `say`; the notes go on. Playwright's sync API belongs to the thread that started
it, so the window is opened, pumped and closed on the watch's thread alone.
"""

from __future__ import annotations

import queue
import threading
import time
from collections.abc import Callable

from harness.browser.errors import message_line
from harness.browser.launch import BrowserChoice
from harness.browser.recording import Event
from harness.browser.watched import WatchedWindow
from harness.errors import ShoshinError
from harness.scenario.model import Scenario
from harness.scenario.urls import resolve
from harness.session.log import SessionLog
from harness.watch.clicks import hesitation_threshold
from harness.watch.telling import Teller

PUMP_MS = 100  # how long the browser's events are let in between two looks
SIGN_LOOK_S = 0.25  # how often the scenario's signs are looked for in the tester's page
STOP_WAIT_S = 30.0  # how long stop() waits for the window to close and the last events

WINDOW_CLOSED = (
    "The tester's browser window closed: the recording stopped, the notes go on "
    "(/done when the tester has finished)."
)


class TesterWatch:
    def __init__(
        self,
        scenario: Scenario,
        base_url: str,
        choice: BrowserChoice,
        *,
        say: Callable[[str], None],
        headless: bool = False,
        devtools_port: int | None = None,
    ) -> None:
        self.scenario, self.base_url, self.choice = scenario, base_url, choice
        self.start_url = resolve(base_url, scenario.start or "/")
        self.headless, self.devtools_port = headless, devtools_port
        self.devtools: str | None = None  # the window's DevTools address, when asked for
        self._say = say
        self._events: queue.SimpleQueue[Event] = queue.SimpleQueue()
        self._log: SessionLog | None = None
        self._error: ShoshinError | None = None
        self._ready, self._go, self._stop = threading.Event(), threading.Event(), threading.Event()
        self._thread = threading.Thread(target=self._run, name="shoshin-tester", daemon=True)

    def open(self) -> None:
        """Open the window; a `ShoshinError` when it cannot be (no display, no product)."""
        self._thread.start()
        self._ready.wait()
        if self._error is not None:
            self._thread.join()
            raise self._error

    def attach(self, log: SessionLog) -> None:
        """Start writing what the tester does into `log`."""
        self._log = log
        self._go.set()

    def stop(self) -> None:
        """End the recording: the window closes, the last events are written."""
        self._stop.set()
        self._go.set()
        if self._thread.is_alive():
            self._thread.join(STOP_WAIT_S)

    # --- the watch's thread ---------------------------------------------------------------------

    def _run(self) -> None:
        try:
            window = WatchedWindow(
                self.choice,
                self.start_url,
                self._events.put,
                headless=self.headless,
                devtools_port=self.devtools_port,
            )
        except ShoshinError as error:
            self._error = error
        except Exception as exc:
            self._error = ShoshinError(
                f"The tester's browser would not open ({message_line(exc)}); "
                "check it with `shoshin browser`."
            )
        if self._error is not None:
            self._ready.set()
            return
        self.devtools = window.devtools
        self._ready.set()
        try:
            self._go.wait()
            if self._log is not None and not self._stop.is_set():
                self._record(window, self._log)
        except Exception as exc:  # never the prompt's problem: the notes go on
            self._say(f"The recording of the tester's browser stopped ({message_line(exc)}).")
        finally:
            window.close()

    def _record(self, window: WatchedWindow, log: SessionLog) -> None:
        teller = Teller(
            log, window, self.scenario, self.base_url, hesitation_s=hesitation_threshold()
        )
        teller.opened(self.start_url)
        next_look = 0.0
        closed = False
        try:
            # The recording ends with the session (/done, /gaveup, Ctrl-C): the questions
            # that follow are not the tester's walk.
            while not self._stop.is_set() and log.session.outcome == "open":
                self._drain(teller)
                if time.monotonic() >= next_look:
                    teller.look_for_signs(first=lambda: self._drain(teller))
                    next_look = time.monotonic() + SIGN_LOOK_S
                if not window.pump(PUMP_MS):
                    closed = True
                    break
            self._drain(teller)
        finally:
            teller.closed()
        if closed:
            self._say(WINDOW_CLOSED)

    def _drain(self, teller: Teller) -> None:
        while True:
            try:
                event = self._events.get_nowait()
            except queue.Empty:
                return
            teller.handle(event)
