"""A synthetic long run fed to the real record writer, event by event, as the runner feeds it.

Shared by the journal's tests and `benchmarks/record_writing.py`: steps with the full
20,000 characters of screen text, and no browser.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from harness.record.model import RunRecord, ScenarioResult, StepResult, TextMetrics
from harness.run.events import RunStarted, ScenarioStarted, StepFinished
from harness.run.handlers import RecordWriter
from harness.scenario.model import Scenario, Step

SCREEN_TEXT = "A newcomer reads every word on this screen. " * 450  # ~20 KB, the cap


def a_step(index: int) -> StepResult:
    return StepResult(
        index=index,
        intent=f"Step {index}",
        actions=[],
        expect=[f"Reached step {index}"],
        outcome="passed",
        started_ms=index * 100,
        duration_ms=90,
        patience_s=10.0,
        url="http://127.0.0.1/",
        text=TextMetrics(words=1000, reading_seconds=250.0, grade=5.0),
        screen_text=SCREEN_TEXT[:20_000],
    )


class SyntheticRun:
    """A run fed to a real `RecordWriter` event by event, as the runner feeds it."""

    def __init__(self, run_dir: Path, steps: int = 200) -> None:
        run_dir.mkdir(parents=True, exist_ok=True)
        self.run_dir = run_dir
        self.record = RunRecord(
            run_id=run_dir.name,
            started_at="2026-12-01T00:00:00+00:00",
            base_url="http://127.0.0.1:1",
            browser={"name": "chromium", "version": "1"},
            viewport={"width": 1280, "height": 800},
            harness_version="0",
        )
        plan = tuple(Step(i, f"Step {i}", (), (), 10.0) for i in range(1, steps + 1))
        self.scenario = Scenario("Long", Path("long.yaml"), plan)
        self.writer = RecordWriter()

    def start(self) -> None:
        self.writer.handle(RunStarted(self.record, self.run_dir, 1))

    def start_scenario(self) -> ScenarioResult:
        result = ScenarioResult(scenario=self.scenario.name, file="long.yaml", persona=None)
        self.record.results.append(result)
        self.writer.handle(ScenarioStarted(self.scenario, len(self.record.results), 1, result))
        return result

    def finish_step(self, result: ScenarioResult, index: int) -> None:
        step = a_step(index)
        result.steps.append(step)
        self.writer.handle(StepFinished(self.scenario, self.scenario.steps[index - 1], step))

    def steps(self, result: ScenarioResult, count: int) -> Iterator[int]:
        for index in range(1, count + 1):
            self.finish_step(result, index)
            yield index
