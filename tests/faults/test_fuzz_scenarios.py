"""Bad scenario files never give a traceback: whatever the text, it loads, or the loader
refuses it in one sentence that names the file and a line.

Inputs: random YAML documents, raw random text, every known field given a wrong type or a
hostile number, valid files with random edits, random anchors and aliases (self-references
included), random bytes and wrong encodings, and nesting up to 10 000 levels. The `@example`
rows are the inputs that once gave a traceback. Counts scale with `--trials` (fuzz.py).
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import example, given
from hypothesis import strategies as st

from harness.scenario.model import Scenario
from tests.conftest import ROOT
from tests.faults.fuzz import (
    HUGE_NUMBERS,
    ODD_CHARACTERS,
    documents,
    file_or_sentence,
    fuzz_settings,
    odd_text,
    scenario_or_sentence,
)

PATH = Path("fuzz/scenario.yaml")

# A scenario that uses every known field, form and action once; each is in turn given a
# wrong type, a hostile value, a random key, or taken away.
BASE: dict[str, Any] = {
    "name": "Every field",
    "product": "Pebble",
    "persona": "A newcomer",
    "start": "/",
    "reset": "/__reset",
    "patience": 5,
    "jargon": ["tenant"],
    "budget": 30,
    "steps": [
        {"intent": "Start", "click": "Go", "expect": "Done", "patience": 3, "budget": 2},
        {
            "fill": {
                "Email": "a@example.com",
                "Password": {"value": "${PASSWORD}", "secret": True, "under": "Account"},
            },
            "expect": [
                {"url": "/done"},
                {"title": "Welcome"},
                {"gone": "Loading"},
                {"download": "*.csv"},
                {"text": "Saved"},
            ],
        },
        {
            "actions": [
                {"click": {"text": "Delete", "near": "Final.txt"}},
                {"press": "Enter"},
                {"scroll": "down"},
                {"select": {"Country": "France"}},
                {"check": ["I agree", "Newsletter"]},
                {"type": "hello"},
                {"hover": "Menu"},
                {"upload": {"File": "notes.csv"}},
                {"visit": "/x"},
            ],
        },
        {"or": [{"click": "Group by"}, {"click": {"css": ".facets"}}], "expect": {"text": "Ok"}},
    ],
}


def _paths(node: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [path] if path else []
    if isinstance(node, dict):
        for key, value in node.items():
            found += _paths(value, (*path, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            found += _paths(value, (*path, index))
    return found


PATHS = _paths(BASE)
hostile = st.one_of(
    documents,
    st.sampled_from([float(n) for n in ("1e308", "nan", "inf", "-inf", "-1")]),
    st.sampled_from([10**1000, -1, 0, 2**63, True, None, "", " ", [], {}]),
    odd_text,
)


def _changed(path: tuple[Any, ...], how: str, value: Any) -> Any:
    data = copy.deepcopy(BASE)
    *parents, last = path
    holder = data
    for key in parents:
        holder = holder[key]
    if how == "delete":
        del holder[last]
    elif how == "rename" and isinstance(holder, dict):
        holder[str(value)] = holder.pop(last)
    else:
        holder[last] = value
    return data


def _dump(data: Any, flow: bool | None = None) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, default_flow_style=flow)


def test_the_base_scenario_loads() -> None:
    loaded = scenario_or_sentence(_dump(BASE), PATH)
    assert isinstance(loaded, Scenario), loaded
    assert len(loaded.steps) == 4


@pytest.mark.parametrize("number", HUGE_NUMBERS)
@pytest.mark.parametrize("field", ["patience", "budget"])
def test_huge_and_odd_numbers_of_seconds(number: str, field: str) -> None:
    text = f"name: x\n{field}: {number}\nsteps:\n  - click: Go\n    {field}: {number}\n"
    loaded = scenario_or_sentence(text, PATH)
    if isinstance(loaded, Scenario):  # a number that is a sensible number of seconds
        assert 0 < loaded.patience <= 86_400 and 0 < loaded.steps[0].patience <= 86_400
    else:
        assert f"'{field}'" in loaded or "cannot be read" in loaded, loaded


def test_every_known_field_with_a_wrong_type_or_a_hostile_value(trials: int) -> None:
    @fuzz_settings(trials, 400)
    @given(
        path=st.sampled_from(PATHS),
        how=st.sampled_from(["replace", "replace", "delete", "rename"]),
        value=hostile,
        flow=st.sampled_from([None, True, False]),
    )
    @example(path=("patience",), how="replace", value=10**1000, flow=None)  # OverflowError
    @example(path=("patience",), how="replace", value=float("nan"), flow=None)  # was accepted
    @example(path=("steps", 0, "budget"), how="replace", value=float("inf"), flow=None)
    @example(path=("name",), how="replace", value="\x00\ud800", flow=None)
    @example(path=("steps", 0, "click"), how="rename", value="a\nb", flow=None)  # 2 lines
    def check(path: tuple[Any, ...], how: str, value: Any, flow: bool | None) -> None:
        text = _dump(_changed(path, how, value), flow)
        scenario_or_sentence(text, PATH)

    check()


def test_random_yaml_documents(trials: int) -> None:
    @fuzz_settings(trials, 250)
    @given(document=documents, flow=st.sampled_from([None, True, False]))
    @example(document={"name": "x", "steps": [{"click": 10**1000}]}, flow=None)
    @example(document={"name": [[["a"]]], "steps": 1}, flow=True)
    def check(document: Any, flow: bool | None) -> None:
        scenario_or_sentence(_dump(document, flow), PATH)
        scenario_or_sentence(_dump({"name": "x", "steps": [document]}, flow), PATH)

    check()


def test_raw_random_text(trials: int) -> None:
    yaml_bits = st.sampled_from(
        [
            *[": ", "- ", "\n", "  ", "[", "]", "{", "}", "&a ", "*a", "!!", "? ", "|", ">", "#"],
            *["'", '"', "<<: ", "---", "...", "%YAML 1.1", "!!set", "!!omap", "!!binary"],
            *["!!timestamp", *ODD_CHARACTERS, *HUGE_NUMBERS],
        ]
    )

    @fuzz_settings(trials, 400)
    @given(st.lists(st.one_of(yaml_bits, odd_text), max_size=30).map("".join))
    @example("name: x\x00\nsteps: []\n")  # ReaderError
    @example("name: \ud800\n")  # ReaderError, a lone surrogate
    @example("name: 2001-13-45\nsteps:\n - click: a\n")  # ValueError, not a date
    @example("name: !!bool abc\n")  # KeyError
    @example("name: !!float abc\n")  # ValueError
    @example("name: !!timestamp x\n")  # AttributeError
    @example("name: !!int 0x" + "f" * 5000 + "\n")  # too many digits to print
    @example("name: " + "1" * 5000 + "\n")  # int() refuses 5000 digits
    @example("steps: !!omap [a: b, c: d]\n")
    @example("\ufeffname: x\nsteps: [{click: Go}]\n")  # a BOM first: loads
    def check(text: str) -> None:
        scenario_or_sentence(text, PATH)

    check()


@st.composite
def _edited(draw: st.DrawFn) -> str:
    """A bundled scenario with a few random edits: characters in, a slice out, a line
    doubled or re-indented."""
    text = draw(st.sampled_from(_BUNDLED))
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(text)))
        edit = draw(st.sampled_from(["insert", "delete", "double", "indent"]))
        if edit == "insert":
            text = text[:at] + draw(odd_text) + text[at:]
        elif edit == "delete":
            text = text[:at] + text[at + draw(st.integers(1, 40)) :]
        else:
            lines = text.splitlines(keepends=True) or [""]
            i = draw(st.integers(0, len(lines) - 1))
            line = lines[i] * 2 if edit == "double" else " " * draw(st.integers(1, 5)) + lines[i]
            text = "".join([*lines[:i], line, *lines[i + 1 :]])
    return text


_BUNDLED = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "scenarios").glob("*.yaml"))]


def test_bundled_scenarios_with_random_edits(trials: int) -> None:
    @fuzz_settings(trials, 250)
    @given(_edited())
    def check(text: str) -> None:
        scenario_or_sentence(text, PATH)

    check()


@st.composite
def _aliased(draw: st.DrawFn) -> str:
    """Random anchors and aliases: each anchor lists, maps or merges earlier ones (or
    itself, which never ends), and the scenario's fields point at them."""
    count = draw(st.integers(1, 12))
    lines = ["a0: &a0 " + draw(st.sampled_from(["lol", "{k: v}", "[x]", "1e308", '"\\0"']))]
    for i in range(1, count + 1):
        refs = [f"*a{j}" for j in draw(st.lists(st.integers(0, i), min_size=1, max_size=10))]
        form = draw(st.sampled_from(["list", "map", "merge", "key"]))
        if form == "list":
            lines.append(f"a{i}: &a{i} [{', '.join(refs)}]")
        elif form == "map":
            lines.append(f"a{i}: &a{i} {{{', '.join(f'k{n}: {r}' for n, r in enumerate(refs))}}}")
        elif form == "merge":
            lines.append(f"a{i}: &a{i} {{<<: [{', '.join(refs)}]}}")
        else:
            lines.append(f"? &a{i} [{', '.join(refs)}]\n: v{i}")
    top = f"*a{draw(st.integers(0, count))}"
    field = draw(
        st.sampled_from(
            [
                f"name: {top}\nsteps: [{{click: Go}}]",
                f"name: x\nsteps: {top}",
                f"name: x\nsteps: [{top}]",
                f"name: x\nsteps: [{{fill: {top}}}]",
                f"name: x\nsteps: [{{click: {top}, expect: {top}}}]",
                f"name: x\njargon: {top}\nsteps: [{{click: Go}}]",
                f"name: x\n? {top}\n: y\nsteps: [{{click: Go}}]",
            ]
        )
    )
    return "\n".join([*lines, field]) + "\n"


def test_random_anchors_and_aliases(trials: int) -> None:
    @fuzz_settings(trials, 200)
    @given(_aliased())
    @example("a0: &a0 [*a0]\nname: x\nsteps: *a0\n")  # an alias inside itself
    @example("a0: &a0 {k: v}\na1: &a1 {<<: [*a0, *a0]}\nname: x\nsteps: [*a1]\n")
    def check(text: str) -> None:
        scenario_or_sentence(text, PATH)

    check()


_NESTINGS = {
    "flow lists": lambda n: "name: x\nsteps: " + "[" * n + "]" * n + "\n",
    "flow maps": lambda n: "name: x\nsteps: " + "{a: " * n + "b" + "}" * n + "\n",
    "block lists": lambda n: "name: x\nsteps:\n" + "- " * n + "x\n",
    "unclosed": lambda n: "name: x\nsteps: " + "[{a: " * (n // 2) + "\n",
    "block maps": lambda n: "".join(f"{' ' * i}a:\n" for i in range(min(n, 400))) + "x\n",
}


@pytest.mark.parametrize("style", sorted(_NESTINGS))
def test_ten_thousand_levels_of_nesting_are_refused_at_a_line(style: str) -> None:
    # Ten thousand levels (four hundred for block maps, whose text grows as the square)
    # used to end in RecursionError.
    sentence = scenario_or_sentence(_NESTINGS[style](10_000), PATH)
    assert isinstance(sentence, str) and "nests more than 100 levels" in sentence, sentence


def test_any_depth_of_nesting(trials: int) -> None:
    @fuzz_settings(trials, 25)
    @given(style=st.sampled_from(sorted(_NESTINGS)), depth=st.integers(1, 3000))
    def check(style: str, depth: int) -> None:
        scenario_or_sentence(_NESTINGS[style](depth), PATH)

    check()


def test_a_file_too_long_to_be_a_scenario_is_refused_where_it_passes_the_limit() -> None:
    # Read in pure Python, a megabyte of YAML takes seconds; no scenario comes near.
    text = "name: x\nsteps:\n" + "  - click: Go\n" * 30_000
    sentence = scenario_or_sentence(text, PATH)
    assert isinstance(sentence, str) and "past 250,000 characters" in sentence, sentence
    line = text[:250_000].count("\n") + 1  # the line the 250 000th character is on
    assert sentence.startswith(f"{PATH}:{line}:"), sentence


_TEXT = "name: Café naïve\nsteps:\n  - click: Démarrer «ici»\n    expect: ¡Listo!\n"


def test_random_bytes_and_wrong_encodings(trials: int, tmp_path: Path) -> None:
    file = tmp_path / "scenario.yaml"

    @fuzz_settings(trials, 250)
    @given(
        st.one_of(
            st.binary(max_size=200),
            st.sampled_from(["latin-1", "utf-16-le", "utf-16-be", "utf-16", "utf-8-sig"]).map(
                _TEXT.encode
            ),
            st.tuples(st.binary(max_size=8), st.integers(0, len(_TEXT))).map(
                lambda cut: _TEXT.encode()[: cut[1]] + cut[0] + _TEXT.encode()[cut[1] :]
            ),
        )
    )
    @example(_TEXT.encode("latin-1"))
    @example(_TEXT.encode("utf-16-le"))  # UTF-16 without a BOM: NULs in every other byte
    def check(data: bytes) -> None:
        file.write_bytes(data)
        file_or_sentence(file)

    check()
