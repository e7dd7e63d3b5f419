"""`shoshin merge` (and `shoshin report --merge`): the run folders of a run's CI shards
joined into the run folder one unsharded run would have written.

The record is merged by `harness.record.merge`; the files each scenario left (screenshots,
traces, videos, downloads, `--before-each` logs) are hard-linked (or copied) under the
same names, since every shard names them by the scenario's number in the whole run; then
the reports are written from the merged files, `latest` points at the merged run and the
history index is rebuilt once. The gate (`--fail-on`) is applied to the merged record.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Annotated

import typer

from harness.cli.common import fail
from harness.cli.walking import gate
from harness.errors import ShoshinError
from harness.files import files_in_folders, link_or_copy, make_new_dir
from harness.record.merge import MergeError, ShardRun, merge_records, started
from harness.record.model import FINISHED, RECORD_FILE, new_run_id, point_latest, write_record
from harness.text import plain

# Folders of a run that belong to the run as a whole, written anew for the merged run.
RUN_LEVEL_FOLDERS = frozenset({"compare"})


def merge_command(
    folders: list[Path], out: Path, fail_on: list[str] | None, self_contained: bool
) -> int:
    """Merge, say where the merged run is, and return the exit code of its gate."""
    from harness.record.read import read_run
    from harness.report.build import write_run_reports
    from harness.report.ci.gate import parse_gates

    try:
        gates = parse_gates(fail_on or [])
        if "regression" in gates:
            raise ShoshinError(
                "--fail-on regression needs a baseline, which merge does not take; run "
                "`shoshin compare BASELINE MERGED_RUN --fail-on-regression` after it."
            )
        sources = _shard_dirs(folders)
        shards = [ShardRun(str(given), read_run(found)) for given, found in sources]
        earliest = started(shards)
        record, warnings = merge_records(shards, new_run_id(earliest))
        files = _files_of(sources)
        run_dir = _write_run(out, record.run_id, files)
        record.run_id = run_dir.name
        write_record(run_dir, record)
        point_latest(out, run_dir.name)
        index, single, history, session_warnings = write_run_reports(
            run_dir, record, self_contained=self_contained
        )
    except OSError as exc:
        fail(ShoshinError(f"The merged run could not be written in {out} ({exc}); pass --out."))
    except ShoshinError as error:
        fail(error)
    totals = f"{len(shards)} shard{'s' if len(shards) != 1 else ''}"
    done = sum(1 for r in record.results if r.outcome == "completed")
    typer.echo(f"Merged {totals}: {done} of {len(record.results)} scenarios completed.")
    typer.echo(f"Report: {index}")
    if single is not None:
        typer.echo(f"Single-file report: {single}")
    typer.echo(f"All runs: {history}")
    for warning in [*warnings, *session_warnings]:
        typer.secho(f"warning: {plain(warning)}", err=True, fg=typer.colors.YELLOW)
    code = gate(record, gates)
    return code if record.status == FINISHED else max(code, 2)


def find_shard_dir(path: Path) -> Path:
    """A shard's run folder, as CI artifacts arrive: the run folder itself, or a reports
    folder holding it (its `latest`, or its only run)."""
    if not path.is_dir():
        raise ShoshinError(
            f"{path}: no such folder; pass each shard's run folder (or the --out folder it "
            "was written to)."
        )
    for candidate in (path, path / "latest"):
        if (candidate / RECORD_FILE).is_file():
            return candidate.resolve()
    runs = sorted({p.parent.resolve() for p in path.glob(f"*/{RECORD_FILE}")})
    if len(runs) == 1:
        return runs[0]
    if not runs:
        raise ShoshinError(
            f"{path} holds no run.json; pass each shard's run folder (reports/<run-id>), or "
            "the --out folder it was written to."
        )
    raise ShoshinError(
        f"{path} holds {len(runs)} runs and no 'latest' link to choose one; pass the shard's "
        f"own run folder ({path}/<run-id>)."
    )


def _shard_dirs(folders: list[Path]) -> list[tuple[Path, Path]]:
    """Each folder given with the run folder it holds; one run folder given twice is refused."""
    found: dict[Path, Path] = {}
    for given in folders:
        run_dir = find_shard_dir(given)
        if run_dir in found:
            raise MergeError(
                f"{found[run_dir]} and {given} are the same run folder; pass each shard once."
            )
        found[run_dir] = given
    return [(given, run_dir) for run_dir, given in found.items()]


def _files_of(sources: list[tuple[Path, Path]]) -> dict[str, Path]:
    """What each scenario left in the shards' folders, by its name in the merged run."""
    files: dict[str, Path] = {}
    owner: dict[str, Path] = {}
    for given, run_dir in sources:
        for name in files_in_folders(run_dir, skip=RUN_LEVEL_FOLDERS):
            if name in files:
                raise MergeError(
                    f"{owner[name]} and {given} both hold {name}; the shards were not split "
                    "alike: walk them again with one version of shoshin."
                )
            files[name], owner[name] = run_dir / name, given
    return files


def _write_run(out: Path, run_id: str, files: dict[str, Path]) -> Path:
    """A new run folder under `out` holding the shards' files; removed again if that fails."""
    run_dir = make_new_dir(out, run_id)
    try:
        for name, source in files.items():
            link_or_copy(source, run_dir / name)
    except BaseException:
        shutil.rmtree(run_dir, ignore_errors=True)
        raise
    return run_dir


def register(app: typer.Typer) -> None:
    """Add `shoshin merge` to the command line."""

    @app.command()
    def merge(
        folders: Annotated[
            list[Path],
            typer.Argument(
                help="Each shard's run folder, or the --out folder it was written to.",
                show_default=False,
                metavar="SHARD_DIRS",
            ),
        ],
        out: Annotated[
            Path, typer.Option("--out", help="Where the merged run directory is written.")
        ] = Path("reports"),
        fail_on: Annotated[
            list[str] | None,
            typer.Option(
                "--fail-on",
                help="What fails the merged run (exit 1): dead-end (default), slow, "
                "console-error, http-error, none. Repeat or separate with commas.",
            ),
        ] = None,
        self_contained: Annotated[
            bool,
            typer.Option(
                "--self-contained",
                help="Also write report.html: one file, images embedded, to attach to a ticket.",
            ),
        ] = False,
    ) -> None:
        """Join the shards of a run (`shoshin run --shard i/n`) into one run folder.

        Exit codes: 0 nothing over the gate; 1 findings over it; 2 shards not of one run.

        A shard that did not finish is merged as far as it went, and exits 2 as well.
        """
        raise typer.Exit(merge_command(folders, out, fail_on, self_contained))
