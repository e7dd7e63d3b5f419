"""`SessionLog.record`: the tester's browser writes into the session from a thread of its own."""

from __future__ import annotations

import json
import threading
from pathlib import Path

from harness.scenario.load import load_scenario
from harness.session.log import SessionLog, read_session
from tests.conftest import ROOT

CLICK = {
    "step": 1,
    "url": "http://x/",
    "x": 10,
    "y": 20,
    "page_x": 10,
    "page_y": 20,
    "target": {"role": "button", "name": "Save", "text": "Save"},
    "interactive": True,
}


def new_log(tmp_path: Path, clock: list[float]) -> SessionLog:
    scenario = load_scenario(ROOT / "scenarios/01-first-project.yaml")
    return SessionLog.create(tmp_path, scenario, "p7", clock=lambda: clock[0])


def lines(log: SessionLog) -> list[dict[str, object]]:
    return [json.loads(line) for line in log.path.read_text("utf-8").splitlines()]


def test_an_event_is_numbered_timed_and_on_disk_when_record_returns(tmp_path: Path) -> None:
    clock = [100.0]
    log = new_log(tmp_path, clock)
    clock[0] = 103.27
    written = log.record({"type": "click", **CLICK})
    assert written == lines(log)[-1]
    assert written == {"type": "click", "n": 1, "t": 3.3, **CLICK}
    log.note("note", "after it")
    session, warnings = read_session(log.path)
    assert not warnings and [(n.n, n.text) for n in session.notes] == [(2, "after it")]
    log.close()


def test_an_event_the_reader_would_not_take_is_written_and_the_writing_goes_on(
    tmp_path: Path,
) -> None:
    log = new_log(tmp_path, [0.0])
    damaged = log.record({"type": "click", "step": 1})  # no x, y or interactive
    assert damaged["n"] == 1 and lines(log)[-1] == damaged
    assert log.record({"type": "click", **CLICK})["n"] == 2
    log.close()


def test_a_screenshot_is_taken_under_the_number_the_event_gets(tmp_path: Path) -> None:
    log = new_log(tmp_path, [0.0])
    log.note("note", "first")
    asked: list[int] = []

    def shoot(n: int) -> str:
        asked.append(n)
        return f"{log.session.id}/{n:04d}-sign.png"

    written = log.record({"type": "sign", "step": 1, "url": "http://x/"}, shot=shoot)
    assert asked == [2] and written["n"] == 2
    assert written["shot"] == f"{log.session.id}/0002-sign.png"
    log.close()


def test_events_from_many_threads_and_notes_interleave_whole(tmp_path: Path) -> None:
    log = new_log(tmp_path, [0.0])
    per_thread = 40

    def browser(i: int) -> None:
        for k in range(per_thread):
            log.record({"type": "click", **CLICK, "y": k}, shot=lambda n: f"{n:04d}")

    threads = [threading.Thread(target=browser, args=(i,)) for i in range(4)]
    for t in threads:
        t.start()
    for k in range(per_thread):
        log.note("note", f"note {k}")
    for t in threads:
        t.join()
    events = lines(log)[1:]
    assert [e["n"] for e in events] == list(range(1, 5 * per_thread + 1))
    # Each screenshot is named after its own event, whatever the other threads wrote meanwhile.
    assert all(e["shot"] == f"{e['n']:04d}" for e in events if e["type"] == "click")
    assert len(log.session.notes) == per_thread
    log.close()
