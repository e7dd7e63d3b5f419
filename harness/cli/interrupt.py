"""Waiting for Ctrl-C without ever missing it, and stopping a run on Ctrl-C or SIGTERM."""

from __future__ import annotations

import contextlib
import logging
import os
import select
import signal
import socket
import sys
import threading
from collections.abc import Callable, Iterator
from types import FrameType


def wait_for_interrupt() -> None:
    """Block until a signal handler raises (for SIGINT: KeyboardInterrupt); call it from main.

    A plain blocking wait (`Event().wait()`, a lock, `signal.pause()`) can sleep through a
    signal for good: CPython runs the Python handler only between bytecodes in the main
    thread, so a signal whose C handler ran just before the wait blocked (while the main
    thread waited for the GIL, say), or ran in another thread, wakes nothing. The signal
    wakeup fd does not forget: its byte is there whenever select() looks, and returning
    from select() runs the handler.
    """
    if threading.current_thread() is not threading.main_thread():
        threading.Event().wait()  # signals are never handled here anyway
        return
    reader, writer = socket.socketpair()
    with reader, writer:
        reader.setblocking(False)
        writer.setblocking(False)
        old = -1
        try:
            old = signal.set_wakeup_fd(writer.fileno(), warn_on_full_buffer=False)
            while True:
                select.select([reader], [], [])
                with contextlib.suppress(OSError):  # a signal whose handler did not raise
                    reader.recv(256)
        finally:
            signal.set_wakeup_fd(old)


class Interrupted(KeyboardInterrupt):
    """Ctrl-C (SIGINT) or SIGTERM stopped a run: it wraps up what it walked, then exits
    128 + the signal's number (130, 143). A KeyboardInterrupt, so that whatever cleans up
    after Ctrl-C cleans up after SIGTERM too."""

    def __init__(self, signum: int) -> None:
        super().__init__(signal.Signals(signum).name)
        self.signum = signum

    @property
    def exit_code(self) -> int:
        return 128 + self.signum


STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM)


class StopRequest:
    """What `stopping` yields: the signal received, if any. As a handler of the run's events
    it raises `Interrupted` again at the next event when the first was swallowed on its way
    (a signal that lands in a library's callback)."""

    def __init__(self) -> None:
        self.signum: int | None = None

    def handle(self, event: object) -> None:
        if self.signum is not None:
            raise Interrupted(self.signum)

    def shutdown(self) -> None:
        pass


@contextlib.contextmanager
def stopping(last_words: Callable[[int], str]) -> Iterator[StopRequest]:
    """Within: SIGINT or SIGTERM raises `Interrupted`, and the run wraps up (writes what it
    walked). A second signal during that wrap-up stops at once: `last_words(signum)` goes to
    stderr and the process exits 128 + signum without waiting for anything.

    Only the main thread can set signal handlers; elsewhere this only yields. A signal
    ignored when shoshin started (`nohup`, a background job) stays ignored.
    """
    request = StopRequest()
    if threading.current_thread() is not threading.main_thread():
        yield request
        return

    def at_once(signum: int, frame: FrameType | None) -> None:
        with contextlib.suppress(Exception):
            sys.stdout.flush()
        with contextlib.suppress(Exception):
            os.write(2, (last_words(signum) + "\n").encode("utf-8", "replace"))
        os._exit(128 + signum)

    def wrap_up(signum: int, frame: FrameType | None) -> None:
        for number in previous:
            signal.signal(number, at_once)
        request.signum = signum
        # A signal that broke a library's connection mid-call leaves futures it never
        # reads, and answers to calls it forgot; asyncio's and Playwright's complaints about
        # them (with their tracebacks) are noise, not news.
        for name in ("asyncio", "playwright"):
            logging.getLogger(name).disabled = True
        raise Interrupted(signum)

    previous = {
        number: signal.getsignal(number)
        for number in STOP_SIGNALS
        if signal.getsignal(number) is not signal.SIG_IGN
    }
    for number in previous:
        signal.signal(number, wrap_up)
    try:
        yield request
    finally:
        for number, handler in previous.items():
            signal.signal(number, signal.SIG_DFL if handler is None else handler)
