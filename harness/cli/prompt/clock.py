"""While input() waits: the prompt's clock kept current, and Ctrl-C made dependable."""

from __future__ import annotations

import contextlib
import os
import select
import signal
import socket
import threading
from collections.abc import Callable, Iterator
from types import ModuleType
from typing import TextIO

from harness.cli.prompt.console import readline_module
from harness.cli.prompt.drawing import width_of
from harness.session.appender import ENDING_SIGNALS, held


class LiveClock:
    """Looks after the prompt while `input()` waits, from a second thread.

    It keeps the time in the prompt current, redrawing it once a second between
    save-cursor and restore-cursor (only while the typed text fits on the prompt's row,
    so typing is not disturbed). And it makes Ctrl-C dependable. CPython runs a signal's
    handler between bytecodes in the main thread; readline waits in select() and looks at
    signals only when select() is interrupted. A signal that lands after the last look and
    before select() blocks (while the main thread waits for the GIL, say) is otherwise
    only noticed after the next Enter. So when an ending signal shows up in the wakeup fd
    while a read is waiting, and that read is still waiting a moment later, the main thread
    is nudged, again and again until the read ends: with SIGWINCH where readline is loaded
    (it interrupts select(), readline then runs the pending handler, and a signal already
    handled only makes readline redraw the line, never a second KeyboardInterrupt), else
    with the signal itself.
    """

    _NUDGE_EVERY = 0.1  # seconds between nudges of a read that missed a signal
    _TICK_EVERY = 0.2

    def __init__(
        self, prompt: Callable[[], tuple[str, int]], columns: Callable[[], int], stdout: TextIO
    ) -> None:
        self._prompt, self._columns, self._stdout = prompt, columns, stdout
        self._lock = threading.Lock()
        self._waiting = 0  # which read is waiting; 0: none
        self._reads = 0
        self._missed = 0  # the read an ending signal came during, until it ends
        self._missed_signals: set[int] = set()
        self._redraw = False
        self._shown = ""
        self._stopped = threading.Event()
        self._wake_r, self._wake_w = socket.socketpair()
        self._wake_r.setblocking(False)
        self._wake_w.setblocking(False)
        self._old_wakeup: int | None
        try:
            self._old_wakeup = signal.set_wakeup_fd(
                self._wake_w.fileno(), warn_on_full_buffer=False
            )
        except ValueError:  # not the main thread: no nudging, the clock still runs
            self._old_wakeup = None
        self._thread = threading.Thread(target=self._run, name="shoshin-prompt", daemon=True)
        with held(ENDING_SIGNALS):  # born with them blocked: they must reach the main thread
            self._thread.start()

    @contextlib.contextmanager
    def waiting(self, *, redraw: bool) -> Iterator[None]:
        with self._lock:
            self._drain()  # signals from before this read are handled before it waits
            self._reads += 1
            self._waiting, self._redraw = self._reads, redraw
            self._shown = self._prompt()[0]
        try:
            yield
        finally:
            with self._lock:
                self._waiting = 0

    def stop(self) -> None:
        self._stopped.set()
        self._thread.join(timeout=1)
        if self._old_wakeup is not None:
            signal.set_wakeup_fd(self._old_wakeup)
        self._wake_r.close()
        self._wake_w.close()

    def _run(self) -> None:
        readline = readline_module()
        nudge = getattr(signal, "SIGWINCH", None) if readline else None
        main = threading.main_thread().ident
        can_nudge = self._old_wakeup is not None and hasattr(signal, "pthread_kill")
        while not self._stopped.is_set():
            every = self._NUDGE_EVERY if self._missed else self._TICK_EVERY
            ready, _, _ = select.select([self._wake_r], [], [], every)
            with self._lock:
                if self._missed != self._waiting:  # the read the signal came during ended
                    self._missed, self._missed_signals = 0, set()
                if ready:
                    signals = self._drain()
                    if signals and self._waiting:
                        self._missed = self._waiting
                        self._missed_signals |= signals
                elif self._missed and can_nudge and main is not None:
                    # A moment after the signal came, the read still waits: it was missed.
                    for signum in {nudge} if nudge else self._missed_signals:
                        signal.pthread_kill(main, signum)
                if self._waiting and self._redraw:
                    self._tick(readline)

    def _drain(self) -> set[int]:
        """Empty the wakeup fd; the ending signals it held."""
        received = b""
        with contextlib.suppress(OSError):
            while chunk := self._wake_r.recv(64):
                received += chunk
        return {s for s in received if s in ENDING_SIGNALS}

    def _tick(self, readline: ModuleType | None) -> None:
        text, width = self._prompt()
        if text == self._shown or width != width_of(self._shown):
            return
        typed = readline.get_line_buffer() if readline else ""
        if width + width_of(typed) >= self._columns():
            return
        raw = text.replace("\x01", "").replace("\x02", "")
        try:
            os.write(self._stdout.fileno(), f"\x1b7\r{raw}\x1b8".encode())
        except OSError:
            return
        self._shown = text
