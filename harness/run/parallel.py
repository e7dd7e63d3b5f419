"""`--workers N`: the run's walks in N worker processes, its events exactly a serial run's.

The main process is the run's one loop. It hands units (each scenario × each `--repeat`
walk) to idle workers (`harness.run.workers`), reads what they send, and puts it back in the
serial order (`harness.run.sequencer`): the walk at the head streams live, later walks wait
until it ends. Each walk has one result on this side, made when its start is handed out and
changed in place by each message after, so that what the handlers see is what a serial run
shows them: `ScenarioStarted.result` is the record's, and `StepFinished.result` is the one in
its `steps`. Only the terminal view's `WorkerBusy` goes out as it comes, out of order.
"""

from __future__ import annotations

import contextlib
from collections import deque
from collections.abc import Generator, Iterator, Sequence
from dataclasses import dataclass, fields
from multiprocessing.connection import wait
from pathlib import Path
from typing import Any

from harness.errors import ShoshinError
from harness.record.model import RunRecord, ScenarioResult, utc_now
from harness.run.config import RunConfig
from harness.run.events import (
    Event,
    RunFinished,
    RunStarted,
    ScenarioFinished,
    ScenarioStarted,
    StepFinished,
    StepStarted,
    WorkerBusy,
)
from harness.run.runner import check_reachable, keep_one, new_record
from harness.run.sequencer import Sequencer
from harness.run.step import scenario_outcome
from harness.run.workers import Pool, Worker
from harness.scenario.model import Scenario

_LAST = ("finished", "lost")  # a walk's last message


@dataclass
class _Unit:
    index: int  # in the serial order, from 0
    number: int  # the scenario's, from 1
    repeat: int
    scenario: Scenario
    started: bool = False  # a worker said so (or it is given up)
    result: ScenarioResult | None = None  # this side's, from when its start is handed out


class ParallelRun:
    """The events of a run walked by workers: iterate it like `execute`'s; `leftovers()`
    after it stopped early gives what was walked and not handed out yet, in order."""

    def __init__(self, scenarios: Sequence[Scenario], config: RunConfig) -> None:
        self.scenarios, self.config = list(scenarios), config
        self.repeats = config.conditions.repeat
        self.units = [
            _Unit((number - 1) * self.repeats + repeat - 1, number, repeat, s)
            for number, s in enumerate(self.scenarios, start=1)
            for repeat in range(1, self.repeats + 1)
        ]
        self.count = min(config.workers, len(self.units))
        self.pool = Pool(self.scenarios, config)
        self.sequencer: Sequencer[tuple[Any, ...]] = Sequencer(len(self.units))
        self.ready: deque[tuple[Any, ...]] = deque()  # in order, not yet handed out
        self.todo: deque[int] = deque(range(len(self.units)))  # not yet sent to a worker
        self.walked: dict[int, list[ScenarioResult]] = {}  # each scenario's walks, by number
        self.record: RunRecord | None = None
        self.run_dir: Path | None = None
        self._stopped = False
        self._events = self._run()

    def __iter__(self) -> Iterator[Event]:
        return self

    def __next__(self) -> Event:
        return next(self._events)

    def close(self) -> None:
        self._events.close()
        self._stop()

    def leftovers(self) -> Iterator[Event]:
        """Stop the workers; then every event they sent that was not handed out, in order."""
        self._stop()
        while self.ready:
            yield from self._hand_out(self.ready.popleft())
        for message in self.sequencer.rest():
            yield from self._hand_out(message)

    # -- the loop ---------------------------------------------------------------------------

    def _run(self) -> Generator[Event, None, None]:
        check_reachable(self.config.base_url, from_here=not self.config.browser_endpoint)
        try:
            browser, size = self._start()
            self.record, self.run_dir = new_record(self.config, browser, size)
            yield RunStarted(self.record, self.run_dir, len(self.scenarios), self.count)
            for worker in list(self.pool.workers):
                yield from self._assign(worker)
            while True:
                while self.ready:
                    yield from self._hand_out(self.ready.popleft())
                if self.sequencer.finished:
                    break
                yield from self._receive()
            self.record.status = "finished"
            self.record.finished_at = utc_now()
            yield RunFinished(self.record, self.run_dir)
        finally:
            self._stop()

    def _start(self) -> tuple[dict[str, str], tuple[int, int]]:
        """Start the workers and wait until each browser is up: the first's (the record's
        `browser`) and window size, or the first failure (then nothing was written)."""
        for slot in range(1, self.count + 1):
            self.pool.spawn(slot)
        waiting = {worker.conn: worker for worker in self.pool.workers}
        up: dict[int, tuple[Any, ...]] = {}
        while waiting:
            for conn in wait(list(waiting)):
                worker = waiting.pop(conn)  # type: ignore[call-overload]
                try:
                    message: tuple[Any, ...] = worker.conn.recv()
                except (EOFError, OSError):
                    raise ShoshinError(
                        f"A worker process stopped while its browser started "
                        f"({worker.stopped_how()}); run again, or pass --workers 1."
                    ) from None
                if message[0] == "failed":
                    failure: ShoshinError = message[1]
                    raise failure from None
                worker.ready, up[worker.slot] = True, message
        _, browser, size = up[min(up)]
        return browser, (size[0], size[1])

    def _assign(self, worker: Worker) -> Iterator[Event]:
        """The next unit to `worker`, or, when none is left, its end."""
        if not self.todo:
            worker.unit, worker.done = None, True
            self._send(worker, None)
            yield WorkerBusy(worker.slot, self.count)
            return
        unit = self.units[self.todo.popleft()]
        worker.unit = unit.index
        run_id = self.record.run_id if self.record is not None else ""
        self._send(worker, (unit.index, unit.number, unit.repeat, str(self.run_dir), run_id))

    def _send(self, worker: Worker, task: Any) -> None:
        with contextlib.suppress(OSError, ValueError):  # it died: its pipe's end says so
            worker.conn.send(task)

    def _receive(self) -> Iterator[Event]:
        """Wait for what a worker says; take it in (a worker that stopped: its walk's end)."""
        conns = {worker.conn: worker for worker in self.pool.workers}
        if not conns:
            raise RuntimeError("walks are left and no worker walks them")
        for conn in wait(list(conns)):
            worker = conns[conn]  # type: ignore[index]
            try:
                message: tuple[Any, ...] = worker.conn.recv()
            except (EOFError, OSError):
                yield from self._gone(worker)
                continue
            yield from self._take(worker, message)

    def _take(self, worker: Worker, message: tuple[Any, ...]) -> Iterator[Event]:
        kind = message[0]
        if kind == "failed":  # a new worker's browser would not start
            worker.failed = str(message[1])
            return
        if kind == "ready":
            return
        unit = self.units[message[1]]
        if kind == "started":
            unit.started = True
            yield self._busy(worker, unit)
        elif kind == "step":
            yield self._busy(worker, unit, message[2])
        if kind == "lost":
            self._give_up(unit, message[2])
        else:
            self._queue(unit, message)
        if kind in _LAST:
            yield from self._assign(worker)

    def _gone(self, worker: Worker) -> Iterator[Event]:
        """A worker's pipe closed: its end, or its crash (its walk is then an error)."""
        self.pool.forget(worker)
        if worker.done:
            worker.process.join(5)
            return
        how = worker.stopped_how()
        if worker.unit is not None:
            sentence = worker.failed or (
                f"The worker process walking this scenario stopped ({how}); "
                "the steps it finished are kept."
            )
            self._give_up(self.units[worker.unit], sentence)
        if self.todo:  # a new worker, with a browser of its own, takes its place
            yield from self._assign(self.pool.spawn(worker.slot))
        else:
            yield WorkerBusy(worker.slot, self.count)

    def _give_up(self, unit: _Unit, sentence: str) -> None:
        if not unit.started:
            unit.started = True
            s = unit.scenario
            fresh = ScenarioResult(s.name, str(s.file), s.persona, budget_s=s.budget)
            self._queue(unit, ("started", unit.index, fresh))
        self._queue(unit, ("lost", unit.index, sentence))

    def _queue(self, unit: _Unit, message: tuple[Any, ...]) -> None:
        self.ready.extend(self.sequencer.put(unit.index, message))
        if message[0] in _LAST:
            self.ready.extend(self.sequencer.done(unit.index))

    def _busy(self, worker: Worker, unit: _Unit, position: int | None = None) -> WorkerBusy:
        step = unit.scenario.steps[position] if position is not None else None
        return WorkerBusy(
            worker.slot,
            self.count,
            unit.scenario,
            unit.number,
            len(self.scenarios),
            unit.repeat,
            self.repeats,
            step,
        )

    # -- handing out, in the serial order ---------------------------------------------------

    def _hand_out(self, message: tuple[Any, ...]) -> Iterator[Event]:
        """The event for one message, with what a serial run does around it."""
        kind, unit = message[0], self.units[message[1]]
        scenario, record = unit.scenario, self.record
        assert record is not None
        if kind == "started":
            unit.result = result = message[2]
            if unit.repeat == 1:
                record.results.append(result)
            self.walked.setdefault(unit.number, []).append(result)
            yield ScenarioStarted(
                scenario, unit.number, len(self.scenarios), result, unit.repeat, self.repeats
            )
            return
        result = unit.result
        assert result is not None
        if kind == "step":
            yield StepStarted(scenario, scenario.steps[message[2]])
        elif kind == "stepped":
            _, _, position, step_result, head = message
            _update(result, head)
            result.steps.append(step_result)
            yield StepFinished(scenario, scenario.steps[position], step_result)
        else:
            if kind == "finished":
                _update(result, message[2])
            else:  # lost: what it walked stays, and the walk is an error
                result.error = message[2]
                result.duration_ms = result.newcomer_ms
                result.outcome = scenario_outcome((s.outcome for s in result.steps), result.error)
            yield ScenarioFinished(scenario, result)
            if unit.repeat == self.repeats > 1:
                record.results[unit.number - 1] = keep_one(self.walked[unit.number])

    def _stop(self) -> None:
        """End the workers (idempotent); what they sent meanwhile is queued to hand out."""
        if self._stopped:
            return
        self._stopped = True
        for _worker, message in self.pool.stop():
            if message[0] in ("started", "step", "stepped", "finished", "lost"):
                unit = self.units[message[1]]
                if self.sequencer.open(unit.index):
                    self._queue(unit, message)


def _update(result: ScenarioResult, head: ScenarioResult) -> None:
    """`result` takes every field of `head` (the worker's, without steps) but its steps."""
    for field in fields(ScenarioResult):
        if field.name not in ("steps", "repeats"):
            setattr(result, field.name, getattr(head, field.name))
