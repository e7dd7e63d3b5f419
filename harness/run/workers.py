"""Worker processes for `--workers N`: each gets one browser and walks the units it is sent.

A worker is a spawned process (`multiprocessing`'s "spawn": nothing of the parent's state
but what it is given) in a session of its own, so a terminal's Ctrl-C reaches shoshin alone:
the main process stops its workers (SIGTERM) and they close their browsers. A worker whose
parent died gets SIGTERM too (Linux). It gets its browser through `runner.start_browser`,
the one place a run gets one, and a new one the same way when its browser died.

What the main process sends on the worker's pipe: `(unit, number, repeat, run_dir, run_id)`,
or None (no more). What it sends back, each message a tuple:
  ("ready", record's browser, (width, height))  its browser is up (and reaches the product)
  ("failed", ShoshinError)                        its browser would not start
  ("started", unit, header)                       a walk began (header: the result, no steps)
  ("step", unit, position)                        step `scenario.steps[position]` began
  ("stepped", unit, position, StepResult, header) and ended
  ("finished", unit, header)                      the walk ended
  ("lost", unit, sentence)                        the walk could not begin (no browser)
Only the finished step travels, never the steps before it: a 200-step walk sends each once.
"""

from __future__ import annotations

import contextlib
import ctypes
import multiprocessing
import os
import signal
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from pathlib import Path
from types import FrameType
from typing import TYPE_CHECKING, Any

from harness.errors import ShoshinError
from harness.record.model import ScenarioResult
from harness.run.config import RunConfig, options_for
from harness.run.events import StepFinished, StepStarted
from harness.scenario.model import Scenario, Step

if TYPE_CHECKING:
    from harness.run.walk import ScenarioWalk

STOP_WAIT_S = 20.0  # how long a stopped worker may take to close its browser
_PR_SET_NAME, _PR_SET_PDEATHSIG = 15, 1


def parse_workers(text: str) -> int:
    """`--workers`: a whole number of 1 or more, or `auto` (the cores this process may use)."""
    if text.strip().lower() == "auto":
        return max(len(os.sched_getaffinity(0)), 1)
    try:
        count = int(text.strip())
    except ValueError:
        count = 0
    if count < 1:
        raise ShoshinError(
            f"--workers {text!r} is not a number of worker processes; pass a whole number "
            "of 1 or more (1: one walk at a time), or auto for one per core."
        )
    return count


def header(result: ScenarioResult) -> ScenarioResult:
    """The result without its steps (they travel one at a time) nor its repeats."""
    return replace(result, steps=[], repeats=[])


def worker_title(unit: int) -> str:
    """The process name (`ps`, /proc/PID/comm) of a worker walking `unit` (0-based)."""
    return f"shoshin u{unit}"[:15]


# -- in the worker process ------------------------------------------------------------------


def work(conn: Connection, scenarios: Sequence[Scenario], config: RunConfig) -> None:
    """A worker's whole life (the spawned process's target)."""
    _on_its_own()
    try:
        _serve(conn, scenarios, config)
    except (SystemExit, KeyboardInterrupt, EOFError, BrokenPipeError):
        pass  # stopped by the main process, or the main process is gone
    finally:
        with contextlib.suppress(OSError):
            conn.close()


def _on_its_own() -> None:
    """A session of its own (no terminal's Ctrl-C), SIGTERM to stop, and SIGTERM too when
    the main process dies (where Linux allows)."""
    with contextlib.suppress(OSError):
        os.setsid()
    signal.signal(signal.SIGINT, signal.SIG_IGN)

    def stop(signum: int, frame: FrameType | None) -> None:
        signal.signal(signal.SIGTERM, signal.SIG_IGN)  # once: the wrap-up is not stopped
        raise SystemExit(128 + signum)

    signal.signal(signal.SIGTERM, stop)
    _prctl(_PR_SET_PDEATHSIG, int(signal.SIGTERM))
    if os.getppid() == 1:  # the parent died before the line above
        raise SystemExit(0)


def _prctl(option: int, value: Any) -> None:
    with contextlib.suppress(Exception):  # not Linux: the pipe's end stops the worker later
        ctypes.CDLL(None, use_errno=True).prctl(option, value, 0, 0, 0)


def _serve(conn: Connection, scenarios: Sequence[Scenario], config: RunConfig) -> None:
    from playwright.sync_api import sync_playwright

    from harness.run.runner import _alive, browser_field, check_browser_reaches, start_browser
    from harness.run.walk import ScenarioWalk

    with sync_playwright() as pw:
        try:
            browser = start_browser(pw, config)
        except ShoshinError as error:
            conn.send(("failed", error))
            return
        try:
            try:
                check_browser_reaches(browser, config)  # elsewhere: it reaches the product
            except ShoshinError as error:
                conn.send(("failed", error))
                return
            viewport = options_for(config.conditions, pw.devices).get("viewport")
            size = (viewport["width"], viewport["height"]) if viewport else config.viewport
            conn.send(("ready", browser_field(browser.version, config), size))
            while (task := conn.recv()) is not None:
                unit, number, repeat, run_dir, run_id = task
                _prctl(_PR_SET_NAME, worker_title(unit).encode())
                try:
                    browser = _alive(pw, config, browser)
                except ShoshinError as error:
                    conn.send(("lost", unit, str(error)))
                    continue
                walk = ScenarioWalk(
                    browser,
                    scenarios[number - 1],
                    config,
                    Path(run_dir),
                    run_id,
                    number,
                    pw.devices,
                    repeat,
                )
                _walk(conn, walk, unit)
        finally:
            with contextlib.suppress(Exception):
                browser.close()


def _walk(conn: Connection, walk: ScenarioWalk, unit: int) -> None:
    """Walk it, saying so on the pipe as it goes."""
    steps = walk.scenario.steps
    conn.send(("started", unit, header(walk.result)))
    for event in walk.walk():
        if isinstance(event, StepStarted):
            conn.send(("step", unit, position(steps, event.step)))
        elif isinstance(event, StepFinished):
            where = position(steps, event.step)
            conn.send(("stepped", unit, where, event.result, header(walk.result)))
    conn.send(("finished", unit, header(walk.result)))


def position(steps: Sequence[Step], step: Step) -> int:
    return next(i for i, s in enumerate(steps) if s is step)


# -- in the main process --------------------------------------------------------------------


@dataclass
class Worker:
    slot: int  # 1…N: the line it has in the terminal view; a replacement takes the same
    process: BaseProcess
    conn: Connection
    unit: int | None = None  # what it walks now
    ready: bool = False
    done: bool = False  # told there is nothing more: its end is no crash
    failed: str | None = None  # why its browser would not start

    def stopped_how(self) -> str:
        """What ended the process, in words: "killed by SIGKILL", "exit code 1"."""
        self.process.join(5)
        code = self.process.exitcode
        if code is None:
            return "still running"
        if code < 0:
            with contextlib.suppress(ValueError):
                return f"killed by {signal.Signals(-code).name}"
            return f"killed by signal {-code}"
        return f"exit code {code}"


class Pool:
    """The worker processes; `spawn` starts one, `stop` ends them all and their browsers."""

    def __init__(self, scenarios: Sequence[Scenario], config: RunConfig) -> None:
        self.scenarios, self.config = list(scenarios), config
        self.context = multiprocessing.get_context("spawn")
        self.workers: list[Worker] = []

    def spawn(self, slot: int) -> Worker:
        mine, theirs = self.context.Pipe(duplex=True)
        process = self.context.Process(
            target=work,
            args=(theirs, self.scenarios, self.config),
            name=f"shoshin-worker-{slot}",
            daemon=True,
        )
        _without_ctrl_c(process.start)
        theirs.close()
        worker = Worker(slot, process, mine)
        self.workers.append(worker)
        return worker

    def forget(self, worker: Worker) -> None:
        with contextlib.suppress(OSError):
            worker.conn.close()
        if worker in self.workers:
            self.workers.remove(worker)

    def stop(self) -> list[tuple[Worker, Any]]:
        """Stop every worker (SIGTERM: it closes its walk and its browser; one told there is
        nothing more is only waited for) and return what they had sent and was not yet read,
        in the order each sent it."""
        for worker in self.workers:
            if worker.done:
                continue  # told to end already: it is closing its browser
            with contextlib.suppress(OSError, ValueError):
                if worker.process.is_alive() and worker.process.pid is not None:
                    os.kill(worker.process.pid, signal.SIGTERM)
        late: list[tuple[Worker, Any]] = []
        for worker in list(self.workers):
            late.extend((worker, message) for message in _drain(worker.conn, STOP_WAIT_S))
            worker.process.join(STOP_WAIT_S)
            if worker.process.is_alive():
                worker.process.kill()  # its Playwright driver closes the browser when it goes
                worker.process.join(STOP_WAIT_S)
            self.forget(worker)
        return late


def _without_ctrl_c(start: Callable[[], None]) -> None:
    """Start a process that ignores SIGINT from its first instruction (a disposition it
    inherits), so a Ctrl-C while its interpreter starts is no traceback of its own. A Ctrl-C
    to shoshin meanwhile waits (blocked) and is handled when this returns."""
    if threading.current_thread() is not threading.main_thread():
        start()
        return
    blocked = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
        try:
            start()
        finally:
            signal.signal(signal.SIGINT, signal.SIG_DFL if previous is None else previous)
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, blocked)


def _drain(conn: Connection, wait_s: float) -> list[Any]:
    """What is left on a pipe until its other end closes (or `wait_s` without a word)."""
    messages: list[Any] = []
    with contextlib.suppress(Exception):  # closed, or cut mid-message by the stop
        while conn.poll(wait_s):
            messages.append(conn.recv())
    return messages
