"""The run record: what a run found, as the `run.json` other tools read.

The field names are a contract (see docs/run-record.md): add fields, never
rename them. Writes are atomic (`harness.files`) and happen as the run goes: `run.json`
whole at the run's and each scenario's boundaries, each finished step in between as one
line of the journal (`harness.record.journal`), so a crash leaves every finished step on disk.
"""

from __future__ import annotations

import json
import os
import secrets
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Final, Literal, get_args

from harness.files import fsync_dir, write_json_atomic, write_text_atomic
from harness.record.journal import fold_journal

SCHEMA_VERSION = 1
RECORD_FILE = "run.json"

# "unknown" is never written: the reader gives it to a value this version does not know
# (a newer or hand-edited record), so that every reader still has a closed set to match.
StepOutcome = Literal["passed", "slow", "dead_end", "error", "skipped", "unknown"]
ScenarioOutcome = Literal["completed", "dead_end", "error", "running", "unknown"]
RunStatus = Literal["running", "finished", "interrupted", "unknown"]
DeadEndKind = Literal[
    "missing-target",
    "disabled-target",
    "ambiguous-target",
    "expectation-unmet",
    "http-error",
    "page-crash",
    "no-way-forward",
    "dialog",
    "covered-target",
    "no-response",
    "no-effect",
    "unlinked-label",
    # --input keyboard: Tab never brought focus to the target.
    "not-keyboard-reachable",
    "unknown",
]

PASSED: Final = "passed"
SLOW: Final = "slow"
DEAD_END: Final = "dead_end"
ERROR: Final = "error"
SKIPPED: Final = "skipped"
COMPLETED: Final = "completed"
RUNNING: Final = "running"
UNKNOWN: Final = "unknown"
FINISHED: Final = "finished"
INTERRUPTED: Final = "interrupted"

STEP_OUTCOMES: tuple[StepOutcome, ...] = get_args(StepOutcome)[:-1]
SCENARIO_OUTCOMES: tuple[ScenarioOutcome, ...] = get_args(ScenarioOutcome)[:-1]
DEAD_END_KINDS: tuple[DeadEndKind, ...] = get_args(DeadEndKind)[:-1]
# A step whose time says how long the newcomer took (not cut short by a dead end or error).
TIMED_OUTCOMES: tuple[StepOutcome, ...] = (PASSED, SLOW)
# A step where the newcomer was stopped (a dead end then is no mere friction).
BLOCKING_OUTCOMES: tuple[StepOutcome, ...] = (DEAD_END, ERROR)
# A scenario the harness could judge; any other outcome means it could not (exit code 2).
JUDGED_OUTCOMES: tuple[ScenarioOutcome, ...] = (COMPLETED, DEAD_END)


@dataclass
class DeadEnd:
    """Where the newcomer got stuck; also the shape of friction (e.g. ambiguous-target)."""

    kind: DeadEndKind
    looked_for: str
    message: str
    seen: list[str] = field(default_factory=list)
    errors_on_screen: list[str] = field(default_factory=list)
    # Other notices on screen (statuses, live regions, toasts) that do not read as errors.
    notices_on_screen: list[str] = field(default_factory=list)
    # Where the newcomer was looking, in the step screenshot's pixels (page coordinates):
    # the disabled element, or the nearest candidate to what they looked for.
    box: dict[str, float] | None = None
    box_label: str | None = None


@dataclass
class TextMetrics:
    """Beginner's-mind signals of the screen after a step; `flags` names those over threshold."""

    words: int
    reading_seconds: float
    grade: float
    jargon: list[str] = field(default_factory=list)
    acronyms: list[str] = field(default_factory=list)
    rare_words: list[str] = field(default_factory=list)
    vague_labels: list[str] = field(default_factory=list)
    primary_actions: int = 0
    flags: list[str] = field(default_factory=list)


@dataclass
class InteractionCost:
    """What the step asked of the newcomer."""

    clicks: int = 0
    fields_filled: int = 0
    required_fields: int = 0
    pages_visited: int = 0
    # --input keyboard: Tab presses to bring focus to the step's targets (0 with the mouse).
    tab_presses: int = 0


@dataclass
class ActionRecord:
    kind: str
    target: str | None
    value: str | None
    description: str
    box: dict[str, float] | None = None


@dataclass
class DownloadRecord:
    """A file the step downloaded, as a `download:` expectation saw it."""

    name: str  # the file name the product suggested
    file: str  # where it was saved, relative to the run folder
    size: int  # bytes


@dataclass
class A11yTarget:
    """An element an accessibility rule found, named as a newcomer meets it (role and name,
    or its words; never CSS), and its box in the step screenshot (page pixels)."""

    name: str
    box: dict[str, float] | None = None


@dataclass
class A11yViolation:
    """An axe-core rule the screen broke, first seen on this step of the scenario."""

    rule: str  # axe's rule id, e.g. label, color-contrast, image-alt
    impact: str  # minor, moderate, serious, critical
    help: str  # axe's one-line description of the rule
    tags: list[str] = field(default_factory=list)  # WCAG criteria, e.g. wcag2aa, wcag143
    nodes: int = 0  # how many elements newly break it on this step
    targets: list[A11yTarget] = field(default_factory=list)  # the first few of them


@dataclass
class StepResult:
    index: int
    intent: str | None
    actions: list[ActionRecord]
    expect: list[str]
    outcome: StepOutcome
    started_ms: int
    duration_ms: int
    patience_s: float
    budget_s: float | None = None
    url: str | None = None
    title: str | None = None
    http_status: int | None = None
    screenshot: str | None = None
    dead_end: DeadEnd | None = None
    friction: list[DeadEnd] = field(default_factory=list)
    # The screen just before the step's last targeted action (viewport pixels), and the
    # box of the element acted on in it.
    action_screenshot: str | None = None
    action_box: dict[str, float] | None = None
    cost: InteractionCost | None = None
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    failed_requests: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)
    error: str | None = None
    text: TextMetrics | None = None
    # What the screen said after the step (visible text, secrets masked), for copy diffs.
    screen_text: str | None = None
    # The expected sign was on screen before the step's first action: meeting it proves
    # only that the page changed (a warning in the report).
    expect_met_before: bool = False
    # Files the step downloaded, for its `download:` expectations.
    downloads: list[DownloadRecord] = field(default_factory=list)
    # The address of the tab or window the step opened, where the newcomer went on.
    new_tab: str | None = None
    # The page's full height (CSS px) when `screenshot` shows only its top; null: all of it.
    page_height: int | None = None
    # --input keyboard: targets that showed no visible sign of having focus when Tab reached
    # them (no outline, shadow, border, background or colour change): a keyboard user is lost.
    invisible_focus: list[str] = field(default_factory=list)
    # The accessibility audit (axe-core) after the step: violations new in this scenario
    # (a rule and element reported on an earlier step are not again); null when not audited.
    a11y: list[A11yViolation] | None = None


@dataclass
class Preparation:
    """One thing done to put the product back in first-run state before a walk, outside
    every step's clock: the `--before-each` command, or the scenario's `reset:` URL."""

    kind: Literal["before-each", "reset"]
    what: str  # the command as given, or the URL as visited
    ok: bool
    duration_ms: int = 0
    exit_code: int | None = None  # the command's; null when it did not finish in time
    http_status: int | None = None  # the reset URL's answer
    output: str | None = None  # the command's output (stdout and stderr), in the run folder


@dataclass
class ScenarioResult:
    scenario: str
    file: str
    persona: str | None
    outcome: ScenarioOutcome = RUNNING
    duration_ms: int = 0  # the newcomer's time: the sum of the steps' duration_ms
    budget_s: float | None = None
    error: str | None = None
    steps: list[StepResult] = field(default_factory=list)
    trace: str | None = None  # Playwright trace zip, relative to the run directory
    video: str | None = None
    # With --repeat N: every walk's outcome and timings (the steps above show one walk).
    repeats: list[dict[str, Any]] = field(default_factory=list)
    # The harness's wall time for the walk, context set-up to teardown, its own work included.
    wall_ms: int | None = None
    # What put the product back in first-run state before this walk, in the order done.
    prepared: list[Preparation] = field(default_factory=list)
    # The scenario's number in the whole run, from 1: its place in a run without --shard
    # (screenshots and traces are named by it); null in records from before it existed.
    position: int | None = None

    @property
    def newcomer_ms(self) -> int:
        """The newcomer's time, the sum of the steps' (also right for records older than wall_ms,
        whose duration_ms was the wall time)."""
        return sum(max(s.duration_ms, 0) for s in self.steps)

    @property
    def dead_end_steps(self) -> list[StepResult]:
        return [s for s in self.steps if s.dead_end is not None]


@dataclass
class ShardRecord:
    """Which part of a whole run a `--shard i/n` run walked."""

    index: int  # this shard, from 1
    total: int  # how many shards the run was split into
    scenarios: int  # how many scenarios the whole run has
    fingerprint: str  # a digest of the whole run's scenarios in order: shards of one run share it


@dataclass
class RunRecord:
    run_id: str
    started_at: str
    base_url: str
    browser: dict[str, str]
    viewport: dict[str, int]
    harness_version: str
    schema_version: int = SCHEMA_VERSION
    status: RunStatus = RUNNING
    finished_at: str | None = None
    conditions: dict[str, Any] = field(default_factory=dict)
    results: list[ScenarioResult] = field(default_factory=list)
    before_each: str | None = None  # the `--before-each` command, run before every walk
    # With --shard i/n: which part of the whole run this is (null for a whole run).
    shard: ShardRecord | None = None
    # A run made by `shoshin merge`: the run ids of the shards it joins, in shard order.
    merged_from: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def new_run_id(now: datetime | None = None) -> str:
    """A sortable, unique id: UTC time plus a little randomness."""
    now = now or datetime.now(UTC)
    # 48 random bits: runs started in the same second (CI shards, parallel jobs) never collide.
    return f"{now:%Y%m%d-%H%M%S}-{secrets.token_hex(6)}"


def utc_now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def write_record(run_dir: Path, record: RunRecord) -> Path:
    path = run_dir / RECORD_FILE
    write_json_atomic(path, record.to_dict())
    return path


def read_record(run_dir: Path) -> dict[str, Any]:
    """The record as raw JSON, to check the contract itself; readers use `record.read`.

    Steps only the journal holds yet (a run still walking, or one that died mid-scenario)
    are folded in: this is the record as `run.json` would hold it, rewritten after each step.
    """
    data: dict[str, Any] = json.loads((run_dir / RECORD_FILE).read_text(encoding="utf-8"))
    return fold_journal(run_dir, data) if isinstance(data, dict) else data


def point_latest(out_dir: Path, run_id: str) -> None:
    """Point `out_dir/latest` at the run directory, replacing any older link atomically."""
    link = out_dir / "latest"
    tmp = out_dir / f".latest.{secrets.token_hex(4)}"
    try:
        os.symlink(run_id, tmp, target_is_directory=True)
        os.replace(tmp, link)
        fsync_dir(out_dir)
    except OSError:
        tmp.unlink(missing_ok=True)
        # Filesystems without symlinks get a file naming the run instead.
        if not link.is_symlink():
            write_text_atomic(link, run_id + "\n")
