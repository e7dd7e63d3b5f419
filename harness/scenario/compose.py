"""A scenario written from an author's walk: recorded actions in, scenario YAML out.

`shoshin record` (harness/watch/author.py) turns what the author does in its browser into
the events below and hands them to a `Composer`, which keeps the steps and writes them as a
scenario file after each one. Pure: no browser, no files.

- Things are named as `docs/scenarios.md` names them: a field by its label (else its
  accessible name, else its placeholder), anything else by its role's accessible name,
  else its visible text. A name that several visible things share is told apart by the
  words it is `near`; when no words do, or nothing names it at all, it falls back to a
  CSS selector (`css: ...`, which `shoshin check` warns about).
- A step is everything the author did up to what they marked as expected: selected text
  (each line an expectation) or the page's main heading. The next action starts a step.
- Consecutive fills and selects are one `fill:` / `select:` mapping; a field filled again
  straight away keeps its last value; a step whose kinds come back in another order is
  written as an `actions:` list.
- A password never appears: it becomes `${NAME}` with `secret: true`, one variable per
  distinct password, and `Composer.secrets` tells which variables to set.
- The first page is `start:`; an address the author typed, Back, Forward or Reload later
  is a `visit:`. Navigations that clicks cause are the clicks' doing and are not written.
- Whatever the text, the YAML loads back (`scenario/load.py`) to the same words: scalars
  are written by PyYAML's emitter, which quotes and escapes as needed.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any, Literal
from urllib.parse import urlsplit

from harness.scenario.compose_yaml import scenario_text, step_data
from harness.scenario.model import Expectation
from harness.scenario.urls import base_folder

FIELD_ROLES = frozenset({"textbox", "searchbox", "combobox", "listbox", "spinbutton"})
CHECK_ROLES = frozenset({"checkbox", "radio", "switch"})
MAX_EXPECT_LINES = 5
MAX_EXPECT_CHARS = 300


@dataclass(frozen=True)
class Named:
    """What the author acted on, as the page names it (the recorder's target)."""

    role: str | None = None
    name: str | None = None  # accessible name
    label: str | None = None  # a field's label
    text: str | None = None  # visible text
    placeholder: str | None = None
    css: str | None = None  # a selector unique on the page
    same_name_count: int = 1  # visible things that answer to the same role and name
    near: str | None = None  # words nearer to it than to any of the others with its name


@dataclass(frozen=True)
class Click:
    target: Named
    checked: bool | None = None  # a checkbox or radio's state after the click


@dataclass(frozen=True)
class Fill:
    target: Named
    value: str
    secret: bool = False  # a password field: the value is never written


@dataclass(frozen=True)
class Select:
    target: Named
    option: str


@dataclass(frozen=True)
class Press:
    key: str  # Playwright's key name: Enter, Escape, Control+Enter


@dataclass(frozen=True)
class Navigate:
    url: str
    via: str  # "start" | "typed" | "back" | "forward" | "reload" | "link" | "other"


@dataclass(frozen=True)
class Expect:
    """What the author marked as expected: selected text, the main heading, or a title."""

    text: str
    kind: Literal["text", "title"] = "text"


Event = Click | Fill | Select | Press | Navigate | Expect
WRITTEN_VIA = frozenset({"typed", "back", "forward", "reload"})


def words(text: str | None) -> str:
    """Text as one line of words: whitespace collapsed, characters YAML cannot hold gone."""
    if not text:
        return ""
    kept = "".join(c for c in text if unicodedata.category(c) not in ("Cs", "Co", "Cn"))
    return " ".join(kept.replace("\ufeff", " ").split())


def target_of(named: Named, *, field: bool) -> tuple[Any, str] | None:
    """How a scenario writes `named` (words, or `css: ...`), and the words for an intent.

    None when nothing names it at all (no words, no selector).
    """
    order = (
        (named.label, named.name, named.placeholder)
        if field
        else (named.name, named.text, named.label)
    )
    found = next((w for w in map(words, order) if w), "")
    css = words(named.css)
    unique = named.same_name_count <= 1
    if found and unique and not found.startswith("css:"):
        return found, found
    near = words(named.near)
    if found and near and not field:
        return {"text": found, "near": near}, found
    if css:
        return f"css: {css}", found or css
    if found and not found.startswith("css:"):
        return found, found  # the best there is: a run notes the choice as friction
    return None


def env_name(prefix: str, label: str) -> str:
    """`signup` + `Confirm password` -> `SIGNUP_CONFIRM_PASSWORD`."""
    ascii_label = unicodedata.normalize("NFKD", label).encode("ascii", "ignore").decode()
    parts = [p for p in re.split(r"[^A-Za-z0-9]+", f"{prefix} {ascii_label}") if p]
    name = "_".join(parts).upper() or "SECRET"
    return f"SHOSHIN_{name}" if name[0].isdigit() else name


@dataclass
class _Draft:
    """One step being recorded: actions as (kind, target, value, words), expectations."""

    actions: list[tuple[str, Any, Any, str]] = field(default_factory=list)
    expect: list[Any] = field(default_factory=list)


class Composer:
    """The scenario so far. `add` an event, read `text()` (and what `add` says to the author)."""

    def __init__(self, name: str, base_url: str, *, secret_prefix: str = "") -> None:
        self.name = words(name) or "Recorded walk"
        self.base_url = base_url
        self.secret_prefix = secret_prefix
        self.start: str | None = None
        self.steps: list[_Draft] = []
        self.secrets: dict[str, str] = {}  # variable -> the label it was typed into
        self._secret_values: dict[str, str] = {}  # value -> variable, in memory only

    @property
    def _step(self) -> _Draft:
        if not self.steps or self.steps[-1].expect:
            self.steps.append(_Draft())
        return self.steps[-1]

    def add(self, event: Event) -> list[str]:
        """Take one event; return what to tell the author (may be nothing)."""
        if isinstance(event, Expect):
            return self._expect(event)
        if isinstance(event, Navigate):
            return self._navigate(event)
        if isinstance(event, Press):
            key = words(event.key)
            if key:
                self._act("press", None, key.replace("$", "$$"), key)
            return []
        if isinstance(event, Click):
            return self._click(event)
        if isinstance(event, Select):
            return self._field("select", event.target, words(event.option).replace("$", "$$"))
        return self._fill(event)

    @property
    def recorded(self) -> int:
        return sum(len(step.actions) for step in self.steps)

    def _act(self, kind: str, target: Any, value: Any, said: str) -> None:
        self._step.actions.append((kind, target, value, said))

    def _click(self, event: Click) -> list[str]:
        if (event.target.role or "") in FIELD_ROLES:
            return []  # focusing a field before filling it: the fill says it
        found = target_of(event.target, field=False)
        if found is not None and self._leaks(str(found[0])):
            return ["A click on something that shows a password you typed was left out."]
        if found is None:
            return ["A click on something with no name and no selector was left out."]
        kind = "check" if (event.target.role in CHECK_ROLES and event.checked) else "click"
        self._act(kind, found[0], None, found[1])
        return _css_note(found[0])

    def _field(self, kind: str, named: Named, value: Any) -> list[str]:
        found = target_of(named, field=True)
        if found is not None and self._leaks(str(found[0])):
            return ["A field named by a password you typed was left out."]
        if found is None:
            return [f"A field with no label and no selector was left out of this {kind}."]
        step = self._step
        last = step.actions[-1] if step.actions else None
        if last is not None and last[0] == kind and last[1] == found[0]:
            step.actions.pop()  # typed again into the same field: its last value counts
        self._act(kind, found[0], value, found[1])
        if last is not None and isinstance(last[2], dict) and last[2] != value:
            self._forget(last[2]["value"][2:-1])
        return _css_note(found[0])

    def _forget(self, variable: str) -> None:
        """A password typed over before the step went on: its variable is not needed."""
        used = any(
            isinstance(value, dict) and value["value"] == f"${{{variable}}}"
            for step in self.steps
            for _, _, value, _ in step.actions
        )
        if not used:
            self.secrets.pop(variable, None)
            self._secret_values = {k: v for k, v in self._secret_values.items() if v != variable}

    def _leaks(self, text: str) -> bool:
        """Whether `text` holds a password the author typed (of 4 characters or more)."""
        return any(len(value) >= 4 and value in text for value in self._secret_values)

    def _fill(self, event: Fill) -> list[str]:
        if self._leaks(event.value) and event.value not in self._secret_values:
            event = Fill(event.target, event.value, secret=True)  # a password, pasted again
        if not event.secret:
            return self._field("fill", event.target, words_kept(event.value).replace("$", "$$"))
        found = target_of(event.target, field=True)
        label = found[1] if found else "password"
        variable = self._secret_values.get(event.value) or self._retyped(found)
        told: list[str] = []
        if variable is not None:
            self._secret_values = {k: v for k, v in self._secret_values.items() if v != variable}
            self._secret_values[event.value] = variable
        else:
            variable = self._new_variable(label)
            self._secret_values[event.value] = variable
            self.secrets[variable] = label
            told = [
                f"The {label} you typed is not written: the scenario reads ${{{variable}}}. "
                f"Set it before running: export {variable}=..."
            ]
        return told + self._field(
            "fill", event.target, {"value": f"${{{variable}}}", "secret": True}
        )

    def _retyped(self, found: tuple[Any, str] | None) -> str | None:
        """The variable of the password typed into this same field just before, if it is
        used there alone (the author typing on, or typing it again)."""
        step = self.steps[-1] if self.steps else None
        if found is None or step is None or not step.actions or step.expect:
            return None
        kind, target, value, _ = step.actions[-1]
        if kind != "fill" or target != found[0] or not isinstance(value, dict):
            return None
        uses = sum(1 for other in self.steps for (_, _, v, _) in other.actions if v == value)
        return str(value["value"][2:-1]) if uses == 1 else None

    def _new_variable(self, label: str) -> str:
        base = env_name(self.secret_prefix, label)
        variable, n = base, 1
        while variable in self.secrets:
            n += 1
            variable = f"{base}_{n}"
        return variable

    def _navigate(self, event: Navigate) -> list[str]:
        path = self.relative(event.url)
        if self.start is None and not self.recorded:
            self.start = path
            return []
        if event.via not in WRITTEN_VIA:
            return []
        self._act("visit", None, path.replace("$", "$$"), path)
        return []

    def relative(self, url: str) -> str:
        """`url` as a scenario writes it: a path below --base-url, else the whole URL."""
        folder = base_folder(self.base_url)
        parts = urlsplit(url)
        if not url.startswith(folder) and f"{url}/" != folder:
            return url
        path = "/" + url[len(folder) :].split("#", 1)[0]
        return path if parts.scheme in ("http", "https") else url

    def _expect(self, event: Expect) -> list[str]:
        lines = [words(line) for line in event.text.splitlines()]
        lines = [line for line in lines if line]
        if not lines:
            return []
        short = [line for line in lines if Expectation(event.kind, line).too_short]
        if short:
            return [f"“{short[0]}” is too short to prove the step worked; select a sentence."]
        if any(self._leaks(line) for line in lines):
            return ["That text holds a password you typed, so it is not the step's sign."]
        if len(lines) > MAX_EXPECT_LINES or sum(map(len, lines)) > MAX_EXPECT_CHARS:
            return [
                "That selection is too long to be a sign; select the sentence that shows "
                "the step worked."
            ]
        if not self.steps and self.start is None:
            return ["Nothing to expect yet: open a page first."]
        step = self.steps[-1] if self.steps else self._step
        told = []
        for line in lines:
            item = line if event.kind == "text" else {event.kind: line}
            if item not in step.expect:
                step.expect.append(item)
                told.append(f"Step {len(self.steps)} expects: {line}")
        return told

    def data(self) -> dict[str, Any]:
        """The scenario as plain data, in the order it is written."""
        out: dict[str, Any] = {"name": self.name}
        if self.start is not None:
            out["start"] = self.start
        out["steps"] = [step_data(s.actions, s.expect) for s in self.steps if s.actions or s.expect]
        return out

    def text(self) -> str:
        """The scenario file's text."""
        return scenario_text(self.data(), self.secrets)


def words_kept(text: str) -> str:
    """A typed value as typed, less characters YAML cannot hold (line breaks stay)."""
    return "".join(c for c in text if unicodedata.category(c) not in ("Cs", "Co", "Cn"))


def _css_note(target: Any) -> list[str]:
    if isinstance(target, str) and target.startswith("css: "):
        return [
            f"Named by CSS ({target}): nothing unique is written on it. "
            "`shoshin check` will warn; name it in words if you can."
        ]
    return []
