"""Which scenarios one CI shard walks (`shoshin run --shard i/n`): a pure, stable choice.

Every shard loads the same scenarios in the same order (the order of a run without
`--shard`), then keeps its part of them. The choice never depends on the order the files
or folders were given or found in, nor on the folder the repository was checked out to:
each scenario is known by a *key*, its file's name (folders are read one level deep, so
this is its path relative to the folder given), then its `name`, then a digest of the
file's bytes (which only parts two files that share both). The keys are sorted and dealt
out round-robin: the k-th key in sorted order goes to shard (k mod n) + 1. So every
scenario is in exactly one shard, and shards differ in size by one at most; and
scenarios whose names sort together (often one area of the product, walked at a similar
pace) are spread over the shards instead of filling one of them.

Each walked scenario keeps its number in the whole run (its place in the unsharded
order): screenshots and traces are named by it, so merging the shards is a copy with no
renames (`shoshin merge`).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass

from harness.errors import ScenarioError, ShoshinError
from harness.record.model import ShardRecord
from harness.scenario.model import Scenario

__all__ = ["Shard", "ShardPlan", "choose", "parse_shard", "pick", "plan", "scenario_key"]

_SHAPE = re.compile(r"\s*(\d+)\s*/\s*(\d+)\s*")
MAX_SHARDS = 1000

Key = tuple[str, str, str]  # file name, scenario name, digest of the file's bytes


@dataclass(frozen=True)
class Shard:
    """Shard `index` of `total`, both from 1 (as `--shard 2/3` says and CI counts)."""

    index: int
    total: int

    def __str__(self) -> str:
        return f"{self.index}/{self.total}"


def parse_shard(text: str) -> Shard:
    """`"2/3"` → Shard(2, 3); anything else is one sentence saying how to write it."""
    match = _SHAPE.fullmatch(text)
    fix = "write it as INDEX/TOTAL, e.g. --shard 2/3 for the second of three shards"
    if match is None:
        raise ShoshinError(f"--shard {text!r} is not a shard; {fix}.")
    index, total = int(match[1]), int(match[2])
    if total < 1 or total > MAX_SHARDS:
        raise ShoshinError(
            f"--shard {text!r}: the number of shards must be 1 to {MAX_SHARDS}; {fix}."
        )
    if index < 1 or index > total:
        raise ShoshinError(
            f"--shard {text!r}: the shard must be 1 to {total} (shards count from 1); {fix}."
        )
    return Shard(index, total)


def pick(keys: Sequence[Key], shard: Shard) -> list[int]:
    """The places (from 0, in the order given) of the keys shard `shard` walks, in that order.

    Sorted keys are dealt round-robin; equal keys (the same file given twice) are dealt
    in the order given, which makes no difference to what is walked.
    """
    ranked = sorted(range(len(keys)), key=lambda place: (keys[place], place))
    mine = {place for rank, place in enumerate(ranked) if rank % shard.total == shard.index - 1}
    return sorted(mine)


def scenario_key(scenario: Scenario, content: bytes) -> Key:
    """What a scenario is known by wherever it was checked out: its file's name, its
    name, and a digest of the file's bytes (`content`)."""
    return (scenario.file.name, scenario.name, hashlib.sha256(content).hexdigest())


def fingerprint(keys: Sequence[Key]) -> str:
    """A digest of the whole run's scenarios, in its order: shards of one run share it."""
    digest = hashlib.sha256()
    for key in keys:
        digest.update("\x1f".join(key).encode("utf-8") + b"\x1e")
    return digest.hexdigest()[:16]


@dataclass(frozen=True)
class ShardPlan:
    """What one shard walks: its scenarios' numbers in the whole run (from 1, in order),
    of how many scenarios the whole run has, and that whole run's fingerprint."""

    shard: Shard
    numbers: tuple[int, ...]
    scenarios: int
    fingerprint: str

    def describe(self) -> ShardRecord:
        """The run record's `shard` object."""
        return ShardRecord(self.shard.index, self.shard.total, self.scenarios, self.fingerprint)

    def sentence(self) -> str:
        """What this shard walks, in one sentence for the terminal."""
        whole = f"{self.scenarios} scenario{'s' if self.scenarios != 1 else ''}"
        if not self.numbers:
            return (
                f"Shard {self.shard} gets no scenario (the run has {whole}): "
                "an empty run is written, for the merge."
            )
        numbers = ", ".join(str(n) for n in self.numbers)
        return f"Shard {self.shard}: {len(self.numbers)} of {whole} (numbers {numbers})."


def plan(
    scenarios: Sequence[Scenario], contents: Sequence[bytes], shard: Shard
) -> tuple[list[Scenario], ShardPlan]:
    """The scenarios shard `shard` walks (in the whole run's order) and its plan."""
    keys = [scenario_key(s, c) for s, c in zip(scenarios, contents, strict=True)]
    places = pick(keys, shard)
    chosen = [scenarios[p] for p in places]
    numbers = tuple(p + 1 for p in places)
    return chosen, ShardPlan(shard, numbers, len(scenarios), fingerprint(keys))


def choose(scenarios: Sequence[Scenario], shard: Shard) -> tuple[list[Scenario], ShardPlan]:
    """`plan` for loaded scenarios, their files read again for the digest of their bytes."""
    contents = []
    for scenario in scenarios:
        try:
            contents.append(scenario.file.read_bytes())
        except OSError as exc:
            raise ScenarioError(
                scenario.file, None, f"cannot read the file ({exc.strerror})."
            ) from None
    return plan(scenarios, contents, shard)
