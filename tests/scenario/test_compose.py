"""The composer: an author's recorded walk in, a scenario file out, that loads to the same
words, reads like a newcomer (`shoshin check` quiet) and never holds a password."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from harness.scenario.compose import (
    Click,
    Composer,
    Expect,
    Fill,
    Named,
    Navigate,
    Press,
    Select,
    env_name,
    target_of,
    words,
    words_kept,
)
from harness.scenario.lint import lint
from harness.scenario.load import parse_scenario
from harness.scenario.model import Expectation, Scenario

BASE = "http://127.0.0.1:8000/"


def composed(*events: object, env: dict[str, str] | None = None) -> tuple[Composer, Scenario]:
    composer = Composer("Sign up", BASE, secret_prefix="signup")
    composer.add(Navigate(BASE + "author-signup.html", "start"))
    for event in events:
        composer.add(event)  # type: ignore[arg-type]
    scenario = parse_scenario(composer.text(), Path("new.yaml"), env or {})
    return composer, scenario


def field(label: str) -> Named:
    return Named(role="textbox", label=label, name=label)


def button(name: str, **more: object) -> Named:
    return Named(role="button", name=name, **more)  # type: ignore[arg-type]


def test_a_walk_becomes_steps_ended_by_what_the_author_marked() -> None:
    _, scenario = composed(
        Expect("Create your account"),
        Fill(field("Work email"), "ada@example.com"),
        Select(Named(role="combobox", label="Team size"), "2-5"),
        Click(button("Create account")),
        Navigate(BASE + "author-welcome.html", "link"),
        Expect("Welcome aboard"),
    )
    assert scenario.start == "/author-signup.html"
    first, second = scenario.steps
    assert first.actions == () and [e.value for e in first.expect] == ["Create your account"]
    assert [(a.kind, a.target and a.target.text, a.value) for a in second.actions] == [
        ("fill", "Work email", "ada@example.com"),
        ("select", "Team size", "2-5"),
        ("click", "Create account", None),
    ]
    assert [e.value for e in second.expect] == ["Welcome aboard"]
    assert lint(scenario) == []


def test_names_come_from_labels_for_fields_and_accessible_names_for_the_rest() -> None:
    named = Named(role="textbox", label="Work email", name="Email", placeholder="you@x")
    assert target_of(named, field=True) == ("Work email", "Work email")
    assert target_of(Named(role="textbox", placeholder="you@x"), field=True)[0] == "you@x"  # type: ignore[index]
    assert target_of(Named(role="link", name="Docs", text="Read docs"), field=False)[0] == "Docs"  # type: ignore[index]
    assert target_of(Named(role=None, text="  Get\n started "), field=False)[0] == "Get started"  # type: ignore[index]


def test_a_name_shared_or_missing_falls_back_to_css_and_check_warns() -> None:
    shared = button("Delete", same_name_count=2, css="#row-2 > button")
    assert target_of(shared, field=False) == ("css: #row-2 > button", "Delete")
    assert target_of(Named(role="button", css="#icon"), field=False)[0] == "css: #icon"  # type: ignore[index]
    # Words that read as CSS to the loader are never written as words.
    assert target_of(Named(text="css: hello", css="p.x"), field=False)[0] == "css: p.x"  # type: ignore[index]
    assert target_of(Named(role="button"), field=False) is None
    _, scenario = composed(Click(shared), Expect("Deleted"))
    assert scenario.steps[0].actions[0].target.css  # type: ignore[union-attr]
    (warning,) = lint(scenario)
    assert "CSS selector" in warning.message


def test_a_name_shared_with_no_selector_is_still_the_words() -> None:
    assert target_of(button("Save", same_name_count=3), field=False) == ("Save", "Save")


def test_passwords_become_variables_and_no_value_is_written() -> None:
    composer, scenario = composed(
        Fill(field("Password"), "hunter2-Secret", secret=True),
        Fill(field("Confirm password"), "h", secret=True),
        Fill(field("Confirm password"), "hunter2-Secret", secret=True),
        Fill(field("Recovery PIN"), "9911", secret=True),
        Click(button("Create account")),
        Expect("Welcome aboard"),
        env={"SIGNUP_PASSWORD": "x1", "SIGNUP_RECOVERY_PIN": "x2"},
    )
    text = composer.text()
    assert "hunter2" not in text and "9911" not in text
    assert composer.secrets == {
        "SIGNUP_PASSWORD": "Password",
        "SIGNUP_RECOVERY_PIN": "Recovery PIN",
    }
    fills = [a for a in scenario.steps[0].actions if a.kind == "fill"]
    assert [(a.target.text, a.value, a.secret) for a in fills] == [  # type: ignore[union-attr]
        ("Password", "x1", True),
        ("Confirm password", "x1", True),
        ("Recovery PIN", "x2", True),
    ]
    assert "SIGNUP_PASSWORD" in text.split("name:")[0]  # the header says what to set


def test_the_author_is_told_once_which_variable_to_set() -> None:
    composer = Composer("s", BASE, secret_prefix="new")
    composer.add(Navigate(BASE, "start"))
    told = composer.add(Fill(field("Password"), "p", secret=True))
    assert told and "export NEW_PASSWORD=" in told[0] and "p" not in told[0].split("reads")[1][:3]
    assert composer.add(Fill(field("Password"), "pw", secret=True)) == []
    assert composer.secrets == {"NEW_PASSWORD": "Password"}


def test_a_field_typed_into_again_keeps_its_last_value() -> None:
    _, scenario = composed(
        Fill(field("Name"), "A"),
        Fill(field("Name"), "Ada"),
        Fill(field("Company"), "Pebble"),
        Expect("Saved"),
    )
    fills = scenario.steps[0].actions
    assert [(a.target.text, a.value) for a in fills] == [("Name", "Ada"), ("Company", "Pebble")]  # type: ignore[union-attr]


def test_kinds_that_come_back_in_a_step_are_an_actions_list() -> None:
    composer, scenario = composed(
        Fill(field("Name"), "Ada"),
        Click(button("Next")),
        Fill(field("City"), "Paris"),
        Click(button("Next")),
        Press("Enter"),
        Expect("All done"),
    )
    assert "actions:" in composer.text()
    kinds = [(a.kind, a.target.text if a.target else a.value) for a in scenario.steps[0].actions]
    assert kinds == [
        ("fill", "Name"),
        ("click", "Next"),
        ("fill", "City"),
        ("click", "Next"),
        ("press", "Enter"),
    ]


def test_consecutive_clicks_and_ticks_are_one_list() -> None:
    composer, scenario = composed(
        Click(Named(role="checkbox", name="I agree"), checked=True),
        Click(Named(role="checkbox", name="News"), checked=True),
        Click(Named(role="checkbox", name="Later"), checked=False),
        Click(Named(role="textbox", name="Email")),  # focusing a field: the fill says it
        Expect("Thanks"),
    )
    kinds = [(a.kind, a.target.text) for a in scenario.steps[0].actions]  # type: ignore[union-attr]
    assert kinds == [("check", "I agree"), ("check", "News"), ("click", "Later")]
    assert "actions:" not in composer.text()


def test_typed_addresses_back_and_reload_are_visits_and_link_navigations_are_not() -> None:
    _, scenario = composed(
        Click(Named(role="link", name="Pricing")),
        Navigate(BASE + "pricing.html", "link"),
        Navigate(BASE + "author-signup.html", "back"),
        Navigate(BASE + "plans?$id=1#top", "typed"),
        Navigate("https://elsewhere.example/x", "typed"),
        Navigate(BASE + "plans", "other"),
        Expect("Plans"),
    )
    actions = [(a.kind, a.target.text if a.target else a.value) for a in scenario.steps[0].actions]
    assert actions == [
        ("click", "Pricing"),
        ("visit", "/author-signup.html"),
        ("visit", "/plans?$id=1"),
        ("visit", "https://elsewhere.example/x"),
    ]


def test_a_product_under_a_path_keeps_paths_relative_to_it() -> None:
    composer = Composer("s", "http://h:1/app")
    assert composer.relative("http://h:1/app/signup?x=1") == "/signup?x=1"
    assert composer.relative("http://h:1/app") == "/"
    assert composer.relative("http://h:1/other") == "http://h:1/other"


def test_a_selection_of_several_lines_is_one_expectation_per_line() -> None:
    _, scenario = composed(
        Click(button("Go")),
        Expect("  Welcome aboard\n\n  Your space   is ready \n"),
        Expect("Welcome aboard"),  # marked twice: once
        Expect("Pebble · Welcome", kind="title"),
    )
    assert [(e.kind, e.value) for e in scenario.steps[0].expect] == [
        ("text", "Welcome aboard"),
        ("text", "Your space is ready"),
        ("title", "Pebble · Welcome"),
    ]


def test_a_whole_page_selected_is_refused_with_a_sentence() -> None:
    composer = Composer("s", BASE)
    composer.add(Navigate(BASE, "start"))
    told = composer.add(Expect("\n".join(f"line {n}" for n in range(40))))
    assert told and "too long" in told[0]
    assert "expect" not in composer.text()


def test_actions_after_the_last_mark_are_a_step_without_expect() -> None:
    composer, scenario = composed(Click(button("Go")), Expect("Gone"), Click(button("More")))
    assert len(scenario.steps) == 2 and scenario.steps[1].expect == ()
    assert composer.text().count("intent:") == 2


def test_a_file_with_nothing_recorded_yet_still_loads_nothing() -> None:
    composer = Composer("", BASE)
    assert "steps: []" in composer.text()


def test_variable_names() -> None:
    assert env_name("signup", "Confirm password") == "SIGNUP_CONFIRM_PASSWORD"
    assert env_name("", "密码") == "SECRET"
    assert env_name("2fa", "Code") == "SHOSHIN_2FA_CODE"
    assert env_name("new", "Mot de passe ≠ ça") == "NEW_MOT_DE_PASSE_CA"


def test_a_dollar_typed_stays_a_dollar() -> None:
    _, scenario = composed(Fill(field("Price"), "$5 ${HOME} $$"), Expect("Saved"))
    assert scenario.steps[0].actions[0].value == "$5 ${HOME} $$"


# --- whatever the text, the file loads back to the same words ----------------------------

HOSTILE = [
    "yes",
    "no",
    "null",
    "~",
    "2024",
    "0x1F",
    "1e400",
    "2001-13-45",
    "- item",
    "key: value",
    "#not a comment",
    "&anchor",
    "*alias",
    "!!python/object:os.system",
    "{run_id}",
    "[a, b]",
    "{a: b}",
    "'quoted'",
    '"double"',
    "|",
    ">",
    "@at",
    "`tick`",
    "%TAG",
    "<script>alert(1)</script>",
    "tab\tinside",
    "\u2028line\u2029sep",
    "\x85next",
    "emoji 🙂 and ✓",
    "\ufeffbom",
    "ends with colon:",
    "---",
    "...",
]

texts = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=60
).filter(lambda t: bool(words(t)) and not words(t).startswith("css:"))
one_line = texts.filter(
    lambda t: len(t.splitlines()) == 1 and not Expectation("text", words(t)).too_short
)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(target=texts, value=texts, expected=one_line)
@example(target="yes", value="no", expected="2024-01-01 is here")
def test_any_text_loads_back_as_the_same_words(target: str, value: str, expected: str) -> None:
    _, scenario = composed(
        Fill(field(target), value),
        Select(Named(role="combobox", label=target + " size"), value),
        Click(button(target)),
        Expect(expected),
        Press(value),
    )
    (fill, select, click), (press,) = scenario.steps[0].actions, scenario.steps[1].actions
    assert fill.target.text == words(target) and click.target.text == words(target)  # type: ignore[union-attr]
    assert select.target.text == words(target + " size")  # type: ignore[union-attr]
    assert fill.value == words_kept(value)
    assert select.value == words(value) and press.value == words(value)
    assert [e.value for e in scenario.steps[0].expect] == [words(expected)]


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_text_loads_back_as_the_same_words(text: str) -> None:
    one = words(text) if not Expectation("text", words(text)).too_short else f"{text} is here"
    test_any_text_loads_back_as_the_same_words.hypothesis.inner_test(text, text, one)  # type: ignore[attr-defined]


@settings(max_examples=100, deadline=None)
@given(secret=st.text(min_size=6, max_size=40).filter(lambda t: t.strip() == t and " " not in t))
@example(secret="author")
@example(secret="intent")
def test_no_password_is_ever_written(secret: str) -> None:
    def written(password: str) -> tuple[str, str]:
        composer = Composer("Sign up", BASE, secret_prefix="s")
        composer.add(Navigate(BASE, "start"))
        told = composer.add(Fill(field("Password"), password, secret=True))
        composer.add(Fill(field("Repeat it"), password, secret=True))
        composer.add(Expect("Welcome"))
        return composer.text(), "\n".join(told)

    # shoshin's own words may hold the password by chance ("author", "intent"): the file
    # with it typed holds it no more often than the file with another password typed.
    assert [x.count(secret) for x in written(secret)] == [
        x.count(secret) for x in written("Zq9~other-password")
    ]


def test_a_shared_name_is_told_apart_by_the_words_near_it() -> None:
    choose = button("Choose", same_name_count=2, css="tr:nth-of-type(2) button", near="Team plan")
    assert target_of(choose, field=False) == ({"text": "Choose", "near": "Team plan"}, "Choose")
    _, scenario = composed(Click(choose), Expect("You chose the Team plan"))
    target = scenario.steps[0].actions[0].target
    assert target is not None and (target.text, target.near, target.css) == (
        "Choose",
        "Team plan",
        False,
    )
    assert lint(scenario) == []
    # A name that is not shared needs no place.
    assert target_of(button("Go", near="x"), field=False) == ("Go", "Go")


def test_text_that_holds_a_typed_password_is_never_written() -> None:
    composer = Composer("s", BASE)
    composer.add(Navigate(BASE, "start"))
    composer.add(Fill(field("Password"), "Quartz-99", secret=True))
    said = composer.add(Click(button("Show Quartz-99")))
    said += composer.add(Fill(field("Again"), "Quartz-99 "))  # pasted, not a password field
    said += composer.add(Select(Named(role="combobox", label="Quartz-99"), "x"))
    said += composer.add(Expect("Your password is Quartz-99"))
    assert "Quartz-99" not in composer.text() and not any("Quartz-99" in s for s in said)
    assert len(said) == 4 and "${" in composer.text().split("Again:")[1]


def test_a_mark_too_short_to_prove_anything_is_refused() -> None:
    composer = Composer("s", BASE)
    composer.add(Navigate(BASE, "start"))
    for text in ("OK", "2026", "  7 "):
        told = composer.add(Expect(text))
        assert told and "too short" in told[0]
    assert "expect" not in composer.text()
