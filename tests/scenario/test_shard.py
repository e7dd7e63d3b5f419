"""`--shard i/n`: which scenarios a shard walks. Pure: no browser, no files but tmp ones."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from harness.errors import ShoshinError
from harness.scenario.model import Scenario, Step
from harness.scenario.shard import Shard, choose, parse_shard, pick, plan, scenario_key

_STEP = (Step(index=1, intent=None, actions=(), expect=(), patience=5.0),)

file_names = st.text(st.characters(codec="utf-8", exclude_characters="/\x00"), min_size=1)
names = st.text(min_size=1, max_size=30)
whole_runs = st.lists(st.tuples(file_names, names, st.binary(max_size=40)), min_size=0, max_size=40)


def _scenarios(
    entries: list[tuple[str, str, bytes]], folder: str
) -> tuple[list[Scenario], list[bytes]]:
    scenarios = [
        Scenario(name=name, file=Path(folder) / file, steps=_STEP) for file, name, _ in entries
    ]
    return scenarios, [content for _, _, content in entries]


def _walked(entries: list[tuple[str, str, bytes]], shard: Shard, folder: str) -> list[tuple]:
    """What a shard walks, by what each scenario is, not where it was found."""
    scenarios, contents = _scenarios(entries, folder)
    chosen, _ = plan(scenarios, contents, shard)
    keys = {id(s): scenario_key(s, c) for s, c in zip(scenarios, contents, strict=True)}
    return sorted(keys[id(s)] for s in chosen)


@settings(max_examples=200, deadline=None)
@given(whole_runs, st.integers(1, 7))
def test_every_scenario_is_in_exactly_one_shard_and_shards_differ_by_one_at_most(
    entries: list[tuple[str, str, bytes]], total: int
) -> None:
    scenarios, contents = _scenarios(entries, "scenarios")
    numbers: list[int] = []
    sizes = []
    for index in range(1, total + 1):
        chosen, shard_plan = plan(scenarios, contents, Shard(index, total))
        assert [scenarios[n - 1] for n in shard_plan.numbers] == chosen
        assert list(shard_plan.numbers) == sorted(shard_plan.numbers)  # in the run's order
        assert shard_plan.scenarios == len(scenarios)
        numbers.extend(shard_plan.numbers)
        sizes.append(len(chosen))
    assert sorted(numbers) == list(range(1, len(scenarios) + 1))  # each once, none left out
    assert max(sizes) - min(sizes) <= 1


@settings(max_examples=200, deadline=None)
@given(whole_runs, st.integers(1, 7), st.data())
def test_a_shard_walks_the_same_scenarios_whatever_their_order_and_checkout_folder(
    entries: list[tuple[str, str, bytes]], total: int, data: st.DataObject
) -> None:
    shuffled = data.draw(st.permutations(entries))
    index = data.draw(st.integers(1, total))
    shard = Shard(index, total)
    here = _walked(entries, shard, "/home/runner/work/product/scenarios")
    there = _walked(shuffled, shard, "/builds/group/product/scenarios")
    assert here == there


def test_the_fingerprint_tells_apart_other_scenarios_and_another_order() -> None:
    entries = [("a.yaml", "A", b"a"), ("b.yaml", "B", b"b")]
    scenarios, contents = _scenarios(entries, "x")
    _, one = plan(scenarios, contents, Shard(1, 2))
    _, two = plan(scenarios, contents, Shard(2, 2))
    assert one.fingerprint == two.fingerprint
    _, moved = plan(*_scenarios(entries, "/elsewhere"), Shard(1, 2))
    assert moved.fingerprint == one.fingerprint
    _, edited = plan(*_scenarios([entries[0], ("b.yaml", "B", b"b2")], "x"), Shard(1, 2))
    _, reordered = plan(*_scenarios(entries[::-1], "x"), Shard(1, 2))
    assert edited.fingerprint != one.fingerprint
    assert reordered.fingerprint != one.fingerprint


def test_sorted_keys_are_dealt_round_robin() -> None:
    keys = [(f"{c}.yaml", c, "") for c in "edcba"]  # given in reverse order
    assert [sorted(keys[p] for p in pick(keys, Shard(i, 2))) for i in (1, 2)] == [
        [("a.yaml", "a", ""), ("c.yaml", "c", ""), ("e.yaml", "e", "")],
        [("b.yaml", "b", ""), ("d.yaml", "d", "")],
    ]


def test_a_shard_with_nothing_to_walk_says_so() -> None:
    scenarios, contents = _scenarios([("a.yaml", "A", b"")], "x")
    chosen, shard_plan = plan(scenarios, contents, Shard(3, 3))
    assert chosen == [] and shard_plan.numbers == ()
    assert shard_plan.sentence() == (
        "Shard 3/3 gets no scenario (the run has 1 scenario): an empty run is written, "
        "for the merge."
    )


def test_choose_reads_the_files_bytes(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_bytes(b"one")
    (tmp_path / "b.yaml").write_bytes(b"two")
    scenarios = [Scenario(name=n, file=tmp_path / f, steps=_STEP) for f, n in [("a.yaml", "A")]]
    scenarios.append(Scenario(name="B", file=tmp_path / "b.yaml", steps=_STEP))
    _, by_files = choose(scenarios, Shard(1, 1))
    _, by_bytes = plan(scenarios, [b"one", b"two"], Shard(1, 1))
    assert by_files == by_bytes


@pytest.mark.parametrize(
    ("text", "index", "total"), [("1/1", 1, 1), ("2/3", 2, 3), (" 3 / 3 ", 3, 3)]
)
def test_a_shard_is_written_index_slash_total(text: str, index: int, total: int) -> None:
    assert parse_shard(text) == Shard(index, total)


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ("0/3", "the shard must be 1 to 3 (shards count from 1)"),
        ("4/3", "the shard must be 1 to 3 (shards count from 1)"),
        ("1/0", "the number of shards must be 1 to 1000"),
        ("a/b", "is not a shard"),
        ("2", "is not a shard"),
        ("", "is not a shard"),
    ],
)
def test_a_bad_shard_is_one_sentence(text: str, why: str) -> None:
    with pytest.raises(ShoshinError) as raised:
        parse_shard(text)
    message = str(raised.value)
    assert message.startswith(f"--shard {text!r}") and why in message
    assert message.endswith("e.g. --shard 2/3 for the second of three shards.")
    assert "\n" not in message
