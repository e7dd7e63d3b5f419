"""What the fuzz tests share: hypothesis settings scaled by `--trials`, hostile values, and
the promise each input must keep (it loads, or it is refused in one sentence at file:line).

Example counts are the CI counts at `--trials 20` (the default) and grow with it: the full
run, `pytest tests/faults -k fuzz --trials 100`, tries five times as many inputs.
"""

from __future__ import annotations

import re
from pathlib import Path

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

from harness.errors import ScenarioError, ShoshinError
from harness.scenario.load import load_scenario, parse_scenario
from harness.scenario.model import Scenario
from harness.session.csv_import import ImportResult, NotesImportError

CI_TRIALS = 20  # the --trials default: the CI profile

# The fuzz profile: no deadline (a 2-core CI machine is slow at times, and no test here
# asserts a wall-clock bound) and no example database written into the checkout; a bug once
# found is kept as an @example instead.
settings.register_profile(
    "shoshin-fuzz",
    deadline=None,
    database=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


def fuzz_settings(trials: int, examples: int) -> settings:
    """`examples` at the CI count (`--trials 20`), scaled with `--trials` for the full run."""
    count = max(1, examples * trials // CI_TRIALS)
    return settings(settings.get_profile("shoshin-fuzz"), max_examples=count)


# --- hostile values --------------------------------------------------------------------

# Written into YAML as is: numbers YAML reads as huge, not a number, endless or negative.
HUGE_NUMBERS = (
    "1e308",
    "1.0e+308",
    "-1",
    ".nan",
    ".inf",
    "-.inf",
    "1" + "0" * 1000,
    "0",
    "-0.0",
    "1e400",
)
# Characters that break naive text handling: NUL, a byte-order mark, right-to-left marks
# and overrides, line and paragraph separators, NEL, a lone surrogate, an emoji and a
# combining mark, other control characters.
ODD_CHARACTERS = (
    "\x00",
    "\ufeff",
    "\u202e",
    "\u200f",
    "\u2028",
    "\u2029",
    "\x85",
    "\ud800",
    "\udfff",
    "\U0001f600",
    "e\u0301",
    "\x1b[31m",
    "\x07",
    "\t",
    "\r",
)

# Any code point (lone surrogates included) mixed with the odd ones above.
odd_text = st.lists(
    st.one_of(st.characters(exclude_categories=()), st.sampled_from(ODD_CHARACTERS)),
    max_size=20,
).map("".join)
scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.integers(min_value=-(10**1000), max_value=10**1000),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=30),
    odd_text,
)
# Random YAML documents: nested lists and mappings of scalars, serialised by PyYAML.
documents = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=5), st.dictionaries(st.text(max_size=10), inner, max_size=5)
    ),
    max_leaves=30,
)


# --- the promise -------------------------------------------------------------------------


def _lines(text: str) -> int:
    return max(text.count("\n"), len(text.splitlines())) + 1


def located(message: str, path: Path, lines: int) -> None:
    """One sentence that starts FILE:LINE: with a line in the file, and no line break."""
    match = re.match(rf"{re.escape(str(path))}:(\d+): \S", message)
    assert match, f"not located at file:line: {message!r}"
    assert 1 <= int(match.group(1)) <= lines, f"line outside the file: {message!r}"
    assert "\n" not in message and "Traceback" not in message, message


def scenario_or_sentence(text: str, path: Path) -> Scenario | str:
    """Parse `text`; a Scenario, or the located sentence it was refused with. Any other
    exception escapes, and fails the test with its traceback."""
    try:
        return parse_scenario(text, path, {"PASSWORD": "s3cret"})
    except ScenarioError as error:
        located(str(error), path, _lines(text))
        return str(error)


def file_or_sentence(path: Path) -> Scenario | str:
    """As `scenario_or_sentence`, from the bytes of a file (any encoding)."""
    try:
        return load_scenario(path, {"PASSWORD": "s3cret"})
    except ScenarioError as error:
        data = path.read_bytes()
        located(str(error), path, data.count(b"\n") + data.count(b"\r") + 2)
        return str(error)


def import_or_sentences(do_import: object, path: Path) -> ImportResult | list[str]:
    """Run an import; its result, or the sentences a NotesImportError gave: every one names
    the file, and either the error or each of its rows names file:line."""
    assert callable(do_import)
    try:
        result = do_import()
    except NotesImportError as error:
        data = path.read_bytes()
        lines = data.count(b"\n") + data.count(b"\r") + 2
        sentences = [str(error), *error.problems]
        for sentence in sentences:
            assert sentence.startswith(f"{path}"), sentence
            assert "\n" not in sentence and "Traceback" not in sentence, sentence
        for row in error.problems or [str(error)]:
            located(row, path, lines)
        return sentences
    except ShoshinError as error:  # pragma: no cover - a failure, shown whole
        raise AssertionError(f"not a NotesImportError: {error!r}") from error
    assert isinstance(result, ImportResult)
    return result
