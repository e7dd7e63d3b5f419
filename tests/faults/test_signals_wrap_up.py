"""The parts of stopping a run that need no browser: the signal handlers and the reports of
a run that stopped early."""

from __future__ import annotations

import os
import signal
from pathlib import Path

import pytest

from harness.cli.interrupt import Interrupted, StopRequest, stopping
from harness.record.model import RunRecord, new_run_id, utc_now
from harness.report.writer import ReportWriter
from harness.run.events import RunStarted


def test_sigterm_within_a_run_is_an_interrupt_that_exits_143_and_is_not_forgotten() -> None:
    before = signal.getsignal(signal.SIGTERM)
    with pytest.raises(Interrupted) as raised, stopping(lambda signum: "") as request:
        os.kill(os.getpid(), signal.SIGTERM)
        signal.sigtimedwait([], 0)  # gives the handler its turn: it raises here at the latest
    assert isinstance(raised.value, KeyboardInterrupt)  # cleaned up after like Ctrl-C
    assert raised.value.exit_code == 143
    assert request.signum == signal.SIGTERM
    with pytest.raises(Interrupted):  # swallowed on its way: raised again at the next event
        request.handle(object())
    assert signal.getsignal(signal.SIGTERM) == before  # the handlers are given back


def test_without_a_signal_a_stop_request_lets_events_through() -> None:
    StopRequest().handle(object())


def test_the_reports_of_a_run_that_stopped_early_say_it_was_interrupted(tmp_path: Path) -> None:
    """Whether or not the record writer went first and said so."""
    record = RunRecord(
        run_id=new_run_id(),
        started_at=utc_now(),
        base_url="http://127.0.0.1:1",
        browser={"name": "chromium", "version": "1"},
        viewport={"width": 1280, "height": 800},
        harness_version="0",
    )
    run_dir = tmp_path / record.run_id
    run_dir.mkdir()
    writer = ReportWriter()
    writer.handle(RunStarted(record, run_dir, 1))
    writer.shutdown()
    assert writer.written is not None
    assert "interrupted" in writer.written.read_text(encoding="utf-8")
    assert record.status == "running"  # the record is the record writer's to change
