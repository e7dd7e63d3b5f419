"""A product that is not there, goes away mid-run, or answers and never finishes a page.

Unreachable at the start is the user's to fix: one sentence, exit 2, nothing walked. Mid-run
it is the product's failure, so a `no-response` dead end, never a harness error, within the
step's patience and a few seconds.
"""

from __future__ import annotations

import socket
import time
from pathlib import Path

import pytest

from harness.browser.launch import BrowserChoice
from harness.record.model import RunRecord
from harness.report.ci.gate import broken
from harness.run.config import RunConfig
from harness.run.events import Event, StepFinished, StepStarted
from harness.run.handlers import RecordWriter
from harness.run.runner import run_scenarios
from harness.scenario.load import load_scenario
from tests.conftest import write_scenario
from tests.faults.crash_tools import finish, gone_url, product, shoshin

# A promise of "within patience + 5 s" is checked with this much more on top: the machine
# is shared and has two cores, and a loaded one can stall a browser for many seconds. It
# still tells "ended once patience ran out" from "waited for ever" (or for a default 30 s).
SLACK_S = 20.0
PATIENCE_S = 3


class StepClock:
    """A handler timing each step from its start to its result, on the run's own thread."""

    def __init__(self) -> None:
        self.started: dict[tuple[str, int], float] = {}
        self.took: dict[tuple[str, int], float] = {}

    def handle(self, event: Event) -> None:
        if isinstance(event, StepStarted):
            self.started[(event.scenario.name, event.step.index)] = time.monotonic()
        elif isinstance(event, StepFinished):
            key = (event.scenario.name, event.step.index)
            self.took[key] = time.monotonic() - self.started[key]

    def shutdown(self) -> None:
        pass


def walk(
    base_url: str, choice: BrowserChoice, out: Path, *texts: str
) -> tuple[RunRecord, StepClock]:
    scenarios = [
        load_scenario(write_scenario(out, t, f"{n:02d}.yaml")) for n, t in enumerate(texts)
    ]
    clock = StepClock()
    config = RunConfig(base_url=base_url, out_dir=out / "reports", browser=choice)
    return run_scenarios(scenarios, config, [RecordWriter(), clock]), clock


def _dead_end(record: RunRecord, scenario: int, step: int) -> tuple[str, str, str]:
    found = record.results[scenario].steps[step - 1]
    assert found.outcome == "dead_end" and found.dead_end is not None, found
    return found.dead_end.kind, found.dead_end.looked_for, found.dead_end.message


# --- at the start: one sentence, exit 2 ----------------------------------------------------


def _sentence_exit_2(tmp_path: Path, base_url: str) -> str:
    scenario = write_scenario(tmp_path, "name: Any\nsteps:\n  - expect: Hello\n")
    proc = shoshin("run", str(scenario), "--base-url", base_url, "--out", str(tmp_path / "r"))
    code, _, err = finish(proc)
    assert code == 2, err
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1 and "Traceback" not in err, err
    assert not (tmp_path / "r").exists()  # nothing walked, nothing written
    return lines[0]


def test_a_product_that_is_gone_at_the_start_is_one_sentence_and_exit_2(
    tmp_path: Path,
) -> None:
    url = gone_url()
    line = _sentence_exit_2(tmp_path, url)
    assert f"Nothing answered at {url}" in line and "--base-url" in line, line


def test_a_product_that_accepts_and_never_answers_at_the_start_is_one_sentence(
    tmp_path: Path,
) -> None:
    listening = socket.socket()
    listening.bind(("127.0.0.1", 0))
    listening.listen(8)  # connections are accepted by the kernel; nothing is ever said
    with listening:
        url = f"http://127.0.0.1:{listening.getsockname()[1]}"
        line = _sentence_exit_2(tmp_path, url)
    assert f"Nothing answered at {url}" in line and "timed out" in line, line


# --- mid-run: a no-response dead end, within patience + 5 s ---------------------------------

NEVER_ANSWERS = f"""
name: A link to a page that never answers
start: /crash-door.html
steps:
  - expect: The front door
  - click: Go on
    expect: Never shown
    patience: {PATIENCE_S}
"""
VISITS_IT = f"""
name: A visit to a page that never answers
start: /crash-door.html
steps:
  - expect: The front door
  - visit: /crash-hang
    expect: Never shown
    patience: {PATIENCE_S}
"""
NEVER_FINISHES = f"""
name: A page that starts and never finishes
start: /crash-half
patience: {PATIENCE_S}
steps:
  - expect: Welcome
"""


@pytest.mark.browser
def test_pages_that_never_answer_or_never_finish_are_no_response_within_patience(
    browser_choice: BrowserChoice, tmp_path: Path
) -> None:
    with product() as pages:
        record, clock = walk(
            pages.base_url, browser_choice, tmp_path, NEVER_ANSWERS, VISITS_IT, NEVER_FINISHES
        )
    assert broken(record) == []  # the product's failures: judged, not harness errors
    for scenario, step in ((0, 2), (1, 2), (2, 1)):
        kind, _, message = _dead_end(record, scenario, step)
        assert kind == "no-response", message
        took = clock.took[(record.results[scenario].scenario, step)]
        assert took <= PATIENCE_S + 5 + SLACK_S, (scenario, took)
    assert _dead_end(record, 0, 2)[1].endswith("/crash-hang")
    assert _dead_end(record, 2, 1)[1].endswith("/crash-half")


STOPS_AFTER = """
name: The product stops answering between steps
start: /crash-door.html?close
steps:
  - expect: The front door
  - click: Next room
    expect: Welcome to the next room
    patience: 30
"""
STOPPED_BEFORE = """
name: The product stopped answering between scenarios
start: /crash-door.html
patience: 30
steps:
  - expect: The front door
"""


@pytest.mark.browser
def test_a_product_that_stops_answering_mid_run_is_a_no_response_dead_end_at_once(
    browser_choice: BrowserChoice, tmp_path: Path
) -> None:
    """The product serves its last page and stops: nothing listens on its port any more."""
    with product() as pages:
        record, clock = walk(pages.base_url, browser_choice, tmp_path, STOPS_AFTER, STOPPED_BEFORE)
    assert [r.outcome for r in record.results] == ["dead_end", "dead_end"]
    assert broken(record) == []  # not the harness's error: exit 1 with the default gate
    for scenario, step in ((0, 2), (1, 1)):
        kind, looked_for, message = _dead_end(record, scenario, step)
        assert kind == "no-response", message
        assert "refused" in message and looked_for.startswith(pages.base_url), message
        # A refused connection is known at once: the newcomer does not wait out 30 s.
        took = clock.took[(record.results[scenario].scenario, step)]
        assert took < 30, took
