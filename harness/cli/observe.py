"""`shoshin observe` and `shoshin notes import`: the observer's commands (typer, thin)."""

from __future__ import annotations

import signal
import sys
from dataclasses import replace
from pathlib import Path
from types import FrameType
from typing import TYPE_CHECKING, Annotated

import typer

from harness.browser.remote import mask_url
from harness.cli.common import DevtoolsPort, Headless, fail
from harness.errors import ShoshinError

if TYPE_CHECKING:
    from harness.scenario.model import Scenario
    from harness.watch.tester import TesterWatch

ScenariosDir = Annotated[
    Path, typer.Option("--scenarios", help="The folder the scenario is looked up in.")
]
SessionsDir = Annotated[
    Path, typer.Option("--sessions", help="Where session files are written and found.")
]
Observer = Annotated[
    str | None, typer.Option("--observer", "-o", help="Who took the notes.", show_default=False)
]
Seq = Annotated[
    int | None,
    typer.Option(
        "--seq",
        min=1,
        max=7,
        help="The tester's Single Ease Question answer (1–7), instead of asking it.",
        show_default=False,
    ),
]


def _interrupt(signum: int, frame: FrameType | None) -> None:
    raise KeyboardInterrupt


def observe(
    scenario: Annotated[
        str | None,
        typer.Option("--scenario", "-s", help="Scenario name or file stem.", show_default=False),
    ] = None,
    tester: Annotated[
        str | None,
        typer.Option(
            "--tester", "-t", help="The tester's alias (not their name).", show_default=False
        ),
    ] = None,
    observer: Observer = None,
    url: Annotated[
        str | None,
        typer.Option("--url", help="Where the tester starts.", show_default=False),
    ] = None,
    resume: Annotated[
        str | None,
        typer.Option("--resume", help="Continue the session with this id.", show_default=False),
    ] = None,
    seq: Seq = None,
    sus: Annotated[
        bool, typer.Option("--sus", help="Also ask the ten System Usability Scale items.")
    ] = False,
    scenarios: ScenariosDir = Path("scenarios"),
    sessions: SessionsDir = Path("reports/sessions"),
    browser: Annotated[
        bool,
        typer.Option(
            "--browser",
            help="Open a fresh Chromium window at the scenario's start for the tester, and "
            "record what they do in it (clicks, pages, typing but never what is typed, errors, "
            "pauses, each step's sign) into the session.",
        ),
    ] = False,
    base_url: Annotated[
        str | None,
        typer.Option(
            "--base-url",
            help="Where the product runs, for --browser (the scenario's `start` is below it); "
            "defaults to --url.",
            show_default=False,
        ),
    ] = None,
    headless: Headless = False,
    devtools_port: DevtoolsPort = None,
) -> None:
    """Take timestamped notes while a tester walks a scenario; every line is saved as entered.

    Marks: ? confused, ! stuck, + delight, " quote; /step N, /next, /assist, /undo, /done.

    /gaveup when the tester gives up. Piped input works too: the line after /done is the SEQ.
    """
    from harness.cli.prompt import ObserverPrompt, PromptOptions
    from harness.session.log import SessionLog
    from harness.session.lookup import find_scenario, find_session

    watch: TesterWatch | None = None
    try:
        if (headless or devtools_port is not None) and not browser:
            raise ShoshinError("--headless and --devtools-port go with --browser; add --browser.")
        if browser and resume is not None:
            raise ShoshinError(
                "--browser opens the tester's window for a new session; "
                "leave out --resume (or --browser) and run again."
            )
        if resume is not None:
            log, warnings = SessionLog.resume(find_session(sessions, resume))
            for warning in warnings:
                typer.secho(f"shoshin: warning: {warning}", err=True, fg=typer.colors.YELLOW)
            _same(scenario, log.session.scenario, log.session.scenario_file, "scenario")
            _same(tester, log.session.tester, None, "tester")
        else:
            if scenario is None or tester is None:
                missing = "--scenario NAME" if scenario is None else "--tester ALIAS"
                raise ShoshinError(
                    f"Say which session this is with {missing} (or continue one with --resume ID)."
                )
            if not tester.strip():
                raise ShoshinError("The --tester alias is empty; give a short alias like 'p3'.")
            found = find_scenario(scenario, scenarios)
            if browser:
                watch = _open_window(found, base_url or url, headless, devtools_port)
                url = url or mask_url(watch.start_url)
            log = SessionLog.create(sessions, found, tester.strip(), observer=observer, url=url)
    except ShoshinError as error:
        if watch is not None:
            watch.stop()
        fail(error)
    if watch is not None:
        watch.attach(log)
    options = PromptOptions.for_streams(sys.stdin, sys.stdout, seq=seq, sus=sus)
    if resume is not None:
        options = replace(options, resumed=True)
    # A terminal closed or a `kill` ends the session as Ctrl-C does: with an end event.
    for signum in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, _interrupt)
    kept: str | None = None
    try:
        ObserverPrompt(log, sys.stdin, sys.stdout, sys.stderr, options).run()
    except ShoshinError as error:
        fail(error)
    finally:
        if watch is not None:  # the window closes and its last events are written first
            watch.stop()
        # Whatever the disk still refused goes where it is safe, and that is said.
        kept = log.close()
        if kept is not None:
            typer.secho(f"shoshin: {kept}", err=True, fg=typer.colors.RED)
    if kept is not None:
        raise typer.Exit(1)


def _open_window(
    scenario: Scenario, base_url: str | None, headless: bool, devtools_port: int | None
) -> TesterWatch:
    """The tester's window at the scenario's start, before any session file exists."""
    from harness.browser.launch import find_browser
    from harness.run.runner import check_reachable
    from harness.watch.tester import TesterWatch

    if not base_url:
        raise ShoshinError(
            "--browser needs to know where the product runs: add --base-url URL "
            "(the scenario's `start` is opened below it)."
        )
    check_reachable(base_url)
    watch = TesterWatch(
        scenario,
        base_url,
        find_browser(),
        say=_say,
        headless=headless,
        devtools_port=devtools_port,
    )
    watch.open()
    if watch.devtools is not None:
        typer.echo(f"shoshin: the tester's browser answers DevTools at {watch.devtools}", err=True)
    return watch


def _say(text: str) -> None:
    typer.secho(f"shoshin: {text}", err=True, fg=typer.colors.YELLOW)


def _same(given: str | None, recorded: str | None, file: str | None, what: str) -> None:
    if given is None or recorded is None:
        return
    names = {recorded.casefold()} | ({Path(file).stem.casefold()} if file else set())
    if given.strip().casefold() not in names:
        raise ShoshinError(
            f"That session's {what} is '{recorded}', not '{given}'; "
            f"leave --{what} out when resuming."
        )


def import_notes(
    file: Annotated[
        Path, typer.Argument(help="A CSV file with columns time, note and optionally tag.")
    ],
    scenario: Annotated[str, typer.Option("--scenario", "-s", help="Scenario name or file stem.")],
    tester: Annotated[str, typer.Option("--tester", "-t", help="The tester's alias.")],
    observer: Observer = None,
    seq: Seq = None,
    scenarios: ScenariosDir = Path("scenarios"),
    sessions: SessionsDir = Path("reports/sessions"),
) -> None:
    """Bring in notes taken elsewhere as a session; nothing is written if any row is wrong.

    Columns: time (75, 75.5, mm:ss or hh:mm:ss), note, and optionally tag (? ! + " or a word).

    A note may start with a mark too; /step N, /next, /assist, /gaveup and /done rows work.
    """
    from harness.cli.prompt.drawing import counts
    from harness.session.csv_import import import_csv
    from harness.session.lookup import find_scenario

    try:
        found = find_scenario(scenario, scenarios)
        result = import_csv(file, found, tester, observer=observer, sessions_dir=sessions, seq=seq)
    except ShoshinError as error:
        fail(error)
    typer.echo(f"Imported {counts(result.session)} ({result.session.outcome}).")
    for hint in result.hints:
        typer.echo(hint)
    typer.echo(f"Session saved: {result.path}")


def register(app: typer.Typer) -> None:
    """Add `observe` and `notes import` to the shoshin command."""
    app.command()(observe)
    notes = typer.Typer(
        help="Observer notes taken outside `shoshin observe`.", no_args_is_help=True
    )
    notes.command("import")(import_notes)
    app.add_typer(notes, name="notes")
