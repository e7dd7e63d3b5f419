"""Waiting for Ctrl-C without ever missing it."""

from __future__ import annotations

import contextlib
import select
import signal
import socket
import threading


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
