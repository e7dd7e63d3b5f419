"""Information scent: the choosing, without a browser."""

from harness.analysis.scent import Option, choose, is_destructive
from harness.run.explore_save import direct_path

GOAL = "Create my first project"


def test_the_goals_words_win_and_ties_go_to_reading_order() -> None:
    options = [Option("link", "Pricing"), Option("link", "Get started"), Option("link", "Begin")]
    choice = choose(GOAL, options)
    assert choice is not None and choice.option.name == "Get started"
    assert choice.explain() == "chose “Get started” for “create”: started"


def test_destructive_actions_are_never_chosen() -> None:
    options = [
        Option("button", "Delete project"),
        Option("button", "Log out"),
        Option("link", "Docs"),
    ]
    choice = choose(GOAL, options)
    assert choice is not None and choice.option.name == "Docs"
    assert is_destructive("Cancel subscription") and not is_destructive("Create project")


def test_nothing_new_to_try_is_none() -> None:
    assert choose(GOAL, [Option("link", "Docs")], tried={"Docs"}) is None


def test_going_back_drops_the_branch() -> None:
    steps = [
        {"kind": "start", "from": "about:blank", "actions": []},
        {"kind": "choice", "from": "http://h/", "actions": []},
        {"kind": "back", "from": "http://h/a", "actions": [{"value": "http://h/"}]},
        {"kind": "choice", "from": "http://h/", "actions": []},
    ]
    assert direct_path(steps) == [steps[3]]


def test_words_match_by_their_stems_and_nearby_words_count_half() -> None:
    choice = choose("Upload a photo", [Option("link", "Docs"), Option("link", "Photos")])
    assert choice is not None and choice.option.name == "Photos"
    near = Option("link", "Sign in", context="Upload your photos")
    choice = choose("Upload a photo", [near, Option("link", "Upload photo")])
    assert choice is not None and choice.option.name == "Upload photo"
    assert choose("Upload a photo", [near]).explain() == (  # type: ignore[union-attr]
        "chose “Sign in” for “upload”: upload (nearby: “Upload your photos”); "
        "for “photo”: photos (nearby: “Upload your photos”)"
    )


def test_an_address_gone_back_to_keeps_no_secret() -> None:
    from harness.run.explore import Goal, _saved
    from harness.run.redaction import Redactor
    from harness.scenario.model import Action, Target

    goal = Goal("Create a project", "Done", secret_env="PW")
    mask = Redactor(["s3cret-pw"]).text
    back = _saved(Action("visit", value="http://h/p?password=s3cret-pw"), goal, mask)
    typed = _saved(Action("fill", Target("Password"), "s3cret-pw", secret=True), goal, mask)
    assert "s3cret-pw" not in str(back["value"]) and typed["value"] == "${PW}"


def test_going_back_to_a_form_fills_it_in_again() -> None:
    from types import SimpleNamespace
    from typing import Any

    from harness.run.explore import Explorer, Goal

    walk: Any = SimpleNamespace(result=SimpleNamespace(steps=[]))
    explorer = Explorer(walk, Goal("Create a project", "Done"), None)
    explorer.trail, explorer.filled = ["http://h/form"], {"http://h/form Work email"}
    step, kind, _ = explorer._back("http://h/next")
    assert kind == "back" and step is not None and step.actions[0].value == "http://h/form"
    assert explorer.filled == set() and explorer.explored.backtracks == 1
