"""The `shoshin` command: parses arguments and hands the work to the library.

Exit codes: 0 nothing over the gate; 1 findings (a dead end or an error in a scenario);
2 bad input or infrastructure (a scenario file, an unreachable product, no browser);
130 / 143 stopped by Ctrl-C / SIGTERM (what was walked is recorded and reported).
"""

from __future__ import annotations

import sys
import traceback
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from harness import __version__
from harness.cli.common import Paths, fail, say
from harness.cli.walking import compare_runs, find_run_dir, gate, walk_scenarios
from harness.errors import ShoshinError
from harness.run.conditions import Conditions
from harness.text import plain

if TYPE_CHECKING:
    pass

app = typer.Typer(
    name="shoshin",
    help=(
        "Walk a web product's first-run experience with a beginner's mind.\n\n"
        "Exit codes: 0 nothing over the gate; 1 findings over the gate (--fail-on, "
        "default: dead ends); 2 bad input or infrastructure (scenario file, unreachable "
        "product, no browser, a browser that failed mid-run); 130 / 143 stopped by Ctrl-C / "
        "SIGTERM, with what was walked recorded and reported."
    ),
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)

OutDir = Annotated[Path, typer.Option("--out", help="Where run directories are written.")]
Headed = Annotated[bool, typer.Option("--headed", help="Show the browser window.")]
SelfContained = Annotated[
    bool,
    typer.Option(
        "--self-contained",
        help="Also write report.html: one file, images embedded, to attach to a ticket.",
    ),
]

Workers = Annotated[
    str,
    typer.Option(
        "--workers",
        help="Walk this many scenarios at once, each worker a process with its own browser "
        "(auto: one per core). The run's files and exit code are a serial run's.",
    ),
]


@app.command()
def run(
    paths: Paths,
    base_url: Annotated[
        str, typer.Option("--base-url", help="Where the product under test answers.")
    ],
    out: OutDir = Path("reports"),
    headed: Headed = False,
    self_contained: SelfContained = False,
    fail_on: Annotated[
        list[str] | None,
        typer.Option(
            "--fail-on",
            help="What fails the run (exit 1): dead-end (default), slow, console-error, "
            "http-error, regression, a11y-serious, a11y-critical, none. Repeat or separate "
            "with commas.",
        ),
    ] = None,
    a11y: Annotated[
        str,
        typer.Option("--a11y", help="Audit each step's screen with axe-core: on (default) or off."),
    ] = "on",
    viewport: Annotated[str, typer.Option(help="Browser window size, WIDTHxHEIGHT.")] = "1280x800",
    device: Annotated[
        str | None, typer.Option(help='A Playwright device to emulate, e.g. "iPhone 13".')
    ] = None,
    locale: Annotated[str | None, typer.Option(help="Browser language, e.g. de-DE.")] = None,
    timezone: Annotated[str | None, typer.Option(help="Time zone, e.g. Europe/Berlin.")] = None,
    network: Annotated[
        str | None,
        typer.Option(help="Throttle: slow-3g, fast-3g, slow-4g, offline-after-load."),
    ] = None,
    tracing: Annotated[
        str, typer.Option(help="Playwright trace per scenario: off, on, retain-on-failure.")
    ] = "off",
    video: Annotated[
        str, typer.Option(help="Video per scenario: off, on, retain-on-failure.")
    ] = "off",
    repeat: Annotated[
        int, typer.Option(help="Walk each scenario N times (fresh each time) for timings.")
    ] = 1,
    input_mode: Annotated[
        str,
        typer.Option(
            "--input",
            help="How the newcomer acts: mouse, or keyboard (Tab to each target, then "
            "Enter, Space or typing; a target Tab never reaches is a dead end).",
        ),
    ] = "mouse",
    baseline: Annotated[
        Path | None,
        typer.Option(help="A run directory to compare with (e.g. the last release's)."),
    ] = None,
    before_each: Annotated[
        str | None,
        typer.Option(
            "--before-each",
            help="A shell command that puts the product back in first-run state, run before "
            "each walk; told SHOSHIN_SCENARIO, SHOSHIN_SCENARIO_FILE, SHOSHIN_RUN_ID, "
            "SHOSHIN_BASE_URL. A non-zero exit stops that walk (exit 2).",
        ),
    ] = None,
    workers: Workers = "1",
    browser_endpoint: Annotated[
        str | None,
        typer.Option(
            "--browser-endpoint",
            envvar="SHOSHIN_BROWSER_ENDPOINT",
            help="Walk in a browser that runs elsewhere: a Playwright browser server "
            "(ws://, wss://) or a Chrome DevTools endpoint (http://, https://). The product "
            "must be reachable from there.",
        ),
    ] = None,
    shard: Annotated[
        str | None,
        typer.Option(
            "--shard",
            help="Walk only shard INDEX of TOTAL (e.g. 2/3) of the scenarios, for CI jobs in "
            "parallel; join their runs with `shoshin merge`.",
        ),
    ] = None,
) -> None:
    """Walk scenarios against a running product and write a run directory under --out."""
    from harness.report.ci.gate import parse_gates
    from harness.run.conditions import parse_viewport
    from harness.run.workers import parse_workers
    from harness.scenario.shard import parse_shard

    try:
        if browser_endpoint is not None:
            from harness.browser.remote import check_endpoint, refuse_remote

            browser_endpoint = check_endpoint(browser_endpoint)
            refuse_remote(browser_endpoint, headed=headed)
        gates = parse_gates(fail_on or [])
        if a11y not in ("on", "off"):
            raise ShoshinError(f"--a11y {a11y!r} is neither on nor off; give --a11y on or off.")
        part = parse_shard(shard) if shard is not None else None
        worker_count = parse_workers(workers)
        conditions = Conditions(
            viewport=parse_viewport(viewport),
            device=device,
            locale=locale,
            timezone=timezone,
            network=network,
            tracing=tracing,
            video=video,
            repeat=repeat,
            input=input_mode,
        )
        from harness.browser.remote import videos_made_here

        if video != "off" and videos_made_here(browser_endpoint):
            from harness.browser.launch import need_ffmpeg

            need_ffmpeg(say)  # installed the first time a run asks for videos
        if "regression" in gates and baseline is None:
            raise ShoshinError(
                "--fail-on regression needs a run to compare with; pass --baseline RUN_DIR."
            )
        baseline_dir = find_run_dir(baseline) if baseline is not None else None
    except ShoshinError as error:
        fail(error)
    if before_each is not None and not before_each.strip():
        fail(ShoshinError("--before-each is empty; give it the command that resets the product."))
    record = walk_scenarios(
        paths,
        base_url,
        out,
        headed,
        conditions,
        self_contained,
        before_each=before_each,
        workers=worker_count,
        browser_endpoint=browser_endpoint,
        shard=part,
        a11y=a11y == "on",
    )
    regressions = None
    if baseline_dir is not None:
        regressions = compare_runs(baseline_dir, out / record.run_id)
    raise typer.Exit(gate(record, gates, regressions))


@app.command()
def compare(
    baseline: Annotated[Path, typer.Argument(help="The earlier run directory.")],
    current: Annotated[Path, typer.Argument(help="The later run directory.")],
    fail_on_regression: Annotated[
        bool, typer.Option("--fail-on-regression", help="Exit 1 when something got worse.")
    ] = False,
) -> None:
    """Show what changed between two runs: slower steps, dead ends, copy, screenshots."""
    try:
        regressions = compare_runs(find_run_dir(baseline), find_run_dir(current))
    except ShoshinError as error:
        fail(error)
    raise typer.Exit(1 if regressions and fail_on_regression else 0)


@app.command()
def demo(
    scenarios: Annotated[
        Path, typer.Option(help="The scenarios to walk against the demo product.")
    ] = Path("scenarios"),
    out: OutDir = Path("reports"),
    headed: Headed = False,
    self_contained: SelfContained = False,
    serve: Annotated[
        bool,
        typer.Option(
            "--serve", help="Only serve Pebble until Ctrl-C, to click through it yourself."
        ),
    ] = False,
    port: Annotated[int, typer.Option(help="With --serve: the port (0: any free).")] = 8765,
    workers: Workers = "1",
) -> None:
    """Serve the bundled demo product (Pebble) and walk the example scenarios against it.

    The demo's dead ends are there on purpose, so this exits 0 whenever the run itself worked.
    """
    from harness.cli.interrupt import wait_for_interrupt
    from harness.demo import DemoServer
    from harness.run.workers import parse_workers

    try:
        worker_count = parse_workers(workers)
    except ShoshinError as error:
        fail(error)
    if serve:
        server = DemoServer(port=port)
        try:  # Ctrl-C ends it cleanly from the first moment
            try:
                server.start()
            except OSError as exc:
                fail(ShoshinError(f"Port {port} is not free ({exc.strerror}); pass --port 0."))
            typer.echo(f"Pebble is being served at {server.base_url}/ (Ctrl-C to stop)")
            wait_for_interrupt()
        except KeyboardInterrupt:
            typer.echo("")
        finally:
            server.stop()
        return
    with DemoServer() as server:
        typer.echo(f"Demo product (Pebble) serving at {server.base_url}")
        record = walk_scenarios(
            [scenarios],
            server.base_url,
            out,
            headed,
            Conditions(),
            self_contained,
            workers=worker_count,
        )
    # The demo's dead ends are on purpose: only a run that could not judge fails.
    raise typer.Exit(gate(record, ("none",), quiet=True))


@app.command()
def report(
    run_dirs: Annotated[
        list[Path] | None,
        typer.Argument(
            help="Run directories (default: the latest under --out).", show_default=False
        ),
    ] = None,
    out: OutDir = Path("reports"),
    sessions: Annotated[
        Path | None,
        typer.Option(help="Observer session files (default: <out>/sessions)."),
    ] = None,
    tickets: Annotated[
        Path | None,
        typer.Option(help="New users' support tickets (default: <out>/tickets)."),
    ] = None,
    self_contained: SelfContained = False,
    merge: Annotated[
        bool,
        typer.Option(
            "--merge",
            help="Join the RUN_DIRS of a run's shards (--shard i/n) into one run under --out, "
            "as `shoshin merge` does.",
        ),
    ] = False,
    fail_on: Annotated[
        list[str] | None,
        typer.Option("--fail-on", help="With --merge: what fails the merged run, as for run."),
    ] = None,
) -> None:
    """Rebuild a run's reports from its files and the observer sessions: no browser needed."""
    from harness.record.read import read_run
    from harness.report.build import write_run_reports

    if merge:
        from harness.cli.merging import merge_command

        if not run_dirs:
            fail(ShoshinError("--merge needs the run folder of every shard; pass them."))
        raise typer.Exit(merge_command(run_dirs, out, fail_on, self_contained))
    try:
        targets = [find_run_dir(d) for d in run_dirs] if run_dirs else [find_run_dir(out)]
        for run_dir in targets:
            record = read_run(run_dir)
            index, single, history, warnings = write_run_reports(
                run_dir,
                record,
                self_contained=self_contained,
                sessions_dir=sessions,
                tickets_dir=tickets,
            )
            for warning in warnings if run_dir == targets[0] else []:
                typer.secho(f"warning: {plain(warning)}", err=True, fg=typer.colors.YELLOW)
            typer.echo(f"Report: {index}")
            if single is not None:
                typer.echo(f"Single-file report: {single}")
        typer.echo(f"All runs: {history}")
    except ShoshinError as error:
        fail(error)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"shoshin {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Show the version."),
    ] = False,
) -> None:
    pass


from harness.cli.checking import register as _register_checking  # noqa: E402
from harness.cli.exploring import register as _register_exploring  # noqa: E402
from harness.cli.merging import register as _register_merge  # noqa: E402
from harness.cli.observe import register as _register_observe  # noqa: E402
from harness.cli.recording import register as _register_recording  # noqa: E402
from harness.cli.tickets import register as _register_tickets  # noqa: E402

_register_checking(app)
_register_exploring(app)
_register_observe(app)
_register_merge(app)
_register_recording(app)
_register_tickets(app)


def main() -> None:
    try:
        app()
    except KeyboardInterrupt:
        typer.echo("\nshoshin: interrupted; the run record written so far is kept.", err=True)
        sys.exit(130)
    except SystemExit:
        raise
    except Exception:
        traceback.print_exc()
        typer.echo(
            "shoshin: this is a bug in shoshin, not in your scenario or product; "
            "please report it with the traceback above.",
            err=True,
        )
        sys.exit(3)


if __name__ == "__main__":
    main()
