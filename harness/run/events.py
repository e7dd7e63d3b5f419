"""Typed events the runner yields while it walks; handlers (terminal, record) consume them."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from harness.record.model import RunRecord, ScenarioResult, StepResult
from harness.scenario.model import Scenario, Step


@dataclass(frozen=True)
class RunStarted:
    record: RunRecord
    run_dir: Path
    scenario_count: int
    workers: int = 1  # worker processes walking at once (`--workers`)


@dataclass(frozen=True)
class ScenarioStarted:
    scenario: Scenario
    number: int
    total: int
    result: ScenarioResult
    repeat: int = 1
    repeats: int = 1


@dataclass(frozen=True)
class StepStarted:
    scenario: Scenario
    step: Step


@dataclass(frozen=True)
class StepFinished:
    scenario: Scenario
    step: Step
    result: StepResult


@dataclass(frozen=True)
class ScenarioFinished:
    scenario: Scenario
    result: ScenarioResult


@dataclass(frozen=True)
class RunFinished:
    record: RunRecord
    run_dir: Path


@dataclass(frozen=True)
class WorkerBusy:
    """Live, outside the serial order: what worker `worker` (1…`workers`) walks now, `scenario`
    None when it has nothing left to walk. Only the terminal view shows it."""

    worker: int
    workers: int
    scenario: Scenario | None = None
    number: int = 0
    total: int = 0
    repeat: int = 1
    repeats: int = 1
    step: Step | None = None


Event = (
    RunStarted
    | ScenarioStarted
    | StepStarted
    | StepFinished
    | ScenarioFinished
    | RunFinished
    | WorkerBusy
)


class Handler(Protocol):
    """Consumes events; `shutdown` is called once, even when the run fails."""

    def handle(self, event: Event) -> None: ...

    def shutdown(self) -> None: ...
