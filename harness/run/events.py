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


Event = RunStarted | ScenarioStarted | StepStarted | StepFinished | ScenarioFinished | RunFinished


class Handler(Protocol):
    """Consumes events; `shutdown` is called once, even when the run fails."""

    def handle(self, event: Event) -> None: ...

    def shutdown(self) -> None: ...
