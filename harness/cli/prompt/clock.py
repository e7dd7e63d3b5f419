"""While input() waits: the prompt's clock kept current, and Ctrl-C made dependable."""

from __future__ import annotations

import contextlib
import os
import select
import signal
import socket
import threading
import time
from collections.abc import Callable, Iterator
from types import ModuleType
from typing import TextIO

from harness.cli.prompt.console import readline_module
from harness.cli.prompt.drawing import width_of

_ENDING_SIGNALS = {signal.SIGINT, signal.SIGTERM, getattr(signal, "SIGHUP", signal.SIGTERM)}


class LiveClock:
    """Looks after the prompt while `input()` waits, from a second thread.

    It keeps the time in the prompt current, redrawing it once a second between
    save-cursor and restore-cursor (only while the typed text fits on the prompt's row,
    so typing is not disturbed). And it makes Ctrl-C dependable: a signal that lands just
    before readline starts waiting is otherwise only noticed after the next Enter, so when
    one is seen (through the wakeup fd) and the prompt is still waiting, it is sent again.
    """

    def __init__(
        self, prompt: Callable[[], tuple[str, int]], columns: Callable[[], int], stdout: TextIO
    ) -> None:
        self._prompt, self._columns, self._stdout = prompt, columns, stdout
        self._lock = threading.Lock()
        self._waiting = 0  # which read is waiting; 0: none
        self._reads = 0
        self._since = 0.0  # when the waiting read began
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
        self._thread.start()

    @contextlib.contextmanager
    def waiting(self, *, redraw: bool) -> Iterator[None]:
        with self._lock:
            self._reads += 1
            self._waiting, self._redraw = self._reads, redraw
            self._since = time.monotonic()
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
        # Signals must reach the main thread: caught here, they would not wake readline.
        if hasattr(signal, "pthread_sigmask"):
            signal.pthread_sigmask(signal.SIG_BLOCK, _ENDING_SIGNALS)
        readline = readline_module()
        main = threading.main_thread().ident
        while not self._stopped.is_set():
            ready, _, _ = select.select([self._wake_r], [], [], 0.2)
            if ready:
                self._nudge(main)
            with self._lock:
                if self._waiting and self._redraw:
                    self._tick(readline)

    def _nudge(self, main: int | None) -> None:
        try:
            received = self._wake_r.recv(64)
        except OSError:
            return
        now = time.monotonic()
        signals = {s for s in received if s in _ENDING_SIGNALS}
        if not signals or main is None:
            return
        with self._lock:
            # Only a read that was already waiting when the signal came can have missed it.
            read = self._waiting if self._since < now else 0
        time.sleep(0.15)  # the usual case: the signal has already ended the read
        with self._lock:
            if read and self._waiting == read:
                for signum in signals:
                    signal.pthread_kill(main, signum)

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
