"""Walk the example scenarios against real open-source apps, one app at a time.

For each app: start it on a free loopback port (from examples/.venv, made by
setup.sh), wait until it answers, run `shoshin run examples/<app>/ --base-url ...
--out examples/reports/<app>` with the project's .venv, stop the app, and print what
the newcomer met, step by step. Also written to examples/reports/summary.md.

    python examples/run.py                 # every app
    python examples/run.py datasette       # one
    python examples/run.py jupyterlab -- --headed   # extra options for shoshin run
    python examples/run.py --shared        # one server for all of an app's scenarios

Exit code: 0 when every run worked (dead ends are the point of the examples), 2 when
an app would not start or shoshin itself failed (its exit code 2).
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from contextlib import contextmanager
from pathlib import Path

from harness.report.ci.markdown import escape

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
APPS_BIN = HERE / ".venv" / "bin"
SHOSHIN = ROOT / ".venv" / "bin" / "shoshin"
REPORTS = HERE / "reports"
DB = HERE / ".data" / "nursery.db"
START_TIMEOUT_S = 90


def say(text: str, err: bool = False) -> None:
    stream = sys.stderr if err else sys.stdout
    stream.write(text + "\n")
    stream.flush()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def jupyterlab(port: int, tmp: Path) -> tuple[list[str], dict[str, str], str]:
    """A fresh JupyterLab: empty root dir, and config/data/runtime dirs of its own,
    so no workspace, setting or notebook survives from an earlier run."""
    root = tmp / "root"
    root.mkdir()
    env = {
        "JUPYTER_CONFIG_DIR": str(tmp / "config"),
        "JUPYTER_DATA_DIR": str(tmp / "data"),
        "JUPYTER_RUNTIME_DIR": str(tmp / "runtime"),
        "IPYTHONDIR": str(tmp / "ipython"),
        "SHELL": "/bin/bash",
        "HOME": str(tmp),
    }
    cmd = [
        str(APPS_BIN / "jupyter"), "lab", "--no-browser",
        "--ServerApp.ip=127.0.0.1", f"--ServerApp.port={port}",
        "--ServerApp.port_retries=0",
        "--IdentityProvider.token=", "--ServerApp.password=",
        f"--ServerApp.root_dir={root}",
    ]  # fmt: skip
    if os.geteuid() == 0:
        cmd.append("--allow-root")
    return cmd, env, f"http://127.0.0.1:{port}/"


def datasette(port: int, tmp: Path) -> tuple[list[str], dict[str, str], str]:
    """Datasette on a fresh copy of the nursery database."""
    db = tmp / DB.name
    shutil.copy(DB, db)
    cmd = [str(APPS_BIN / "datasette"), "serve", str(db), "-h", "127.0.0.1", "-p", str(port)]
    return cmd, {}, f"http://127.0.0.1:{port}/"


APPS: dict[str, Callable[[int, Path], tuple[list[str], dict[str, str], str]]] = {
    "jupyterlab": jupyterlab,
    "datasette": datasette,
}
# JupyterLab keeps state on the server (the open tabs and side panel of the workspace,
# notebooks, running kernels and terminals): in one `shoshin run`, scenario 2 would start
# where scenario 1 left off. These apps get a fresh server per scenario file (one run
# directory each), unless --shared is given.
FRESH_PER_SCENARIO = {"jupyterlab"}


def wait_until_answers(url: str, proc: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"the app exited with {proc.returncode}; see {log}")
        try:
            with urllib.request.urlopen(url, timeout=5) as answer:
                if answer.status < 500:
                    return
        except (urllib.error.URLError, OSError):
            pass
        time.sleep(0.3)
    raise RuntimeError(f"{url} did not answer within {START_TIMEOUT_S} s; see {log}")


@contextmanager
def serving(app: str):  # type: ignore[no-untyped-def]
    with tempfile.TemporaryDirectory(prefix=f"shoshin-example-{app}-") as tmp_name:
        tmp = Path(tmp_name)
        port = free_port()
        cmd, env, url = APPS[app](port, tmp)
        log = REPORTS / f"{app}.server.log"
        log.parent.mkdir(parents=True, exist_ok=True)
        with log.open("wb") as out:
            proc = subprocess.Popen(
                cmd, stdout=out, stderr=subprocess.STDOUT, cwd=tmp,
                env={**os.environ, **env}, start_new_session=True,
            )  # fmt: skip
            try:
                wait_until_answers(url, proc, log)
                yield url
            finally:
                stop(proc)


def stop(proc: subprocess.Popen[bytes]) -> None:
    if proc.poll() is not None:
        return
    os.killpg(proc.pid, signal.SIGTERM)
    try:
        proc.wait(timeout=15)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()


def run_dirs(app: str) -> set[Path]:
    return {p.parent for p in (REPORTS / app).glob("*/run.json") if not p.parent.is_symlink()}


def walk(app: str, extra: list[str], shared: bool) -> tuple[int, list[Path]]:
    """Walk an app's scenarios; the exit code (the worst) and the run directories made."""
    out = REPORTS / app
    before = run_dirs(app)
    if shared or app not in FRESH_PER_SCENARIO:
        batches = [[HERE / app]]
    else:
        batches = [[f] for f in sorted((HERE / app).glob("*.yaml"))]
    worst = 0
    for paths in batches:
        with serving(app) as url:
            names = ", ".join(p.name for p in paths)
            say(f"\n== {app}: {names} at {url}")
            cmd = [str(SHOSHIN), "run", *map(str, paths), "--base-url", url, "--out", str(out)]
            code = subprocess.call([*cmd, *extra], cwd=ROOT)
        worst = code if code == 2 or worst == 2 else max(worst, code)
    return worst, sorted(run_dirs(app) - before)


def quote(text: str, limit: int = 160) -> str:
    """What the app showed, as literal Markdown (shoshin's own escaping)."""
    return escape(text, limit)


def summarize(app: str, dirs: list[Path]) -> list[str]:
    if not dirs:
        return [f"## {app}", "", "no run.json (the run did not start)", ""]
    lines = [f"## {app}", ""]
    lines += [f"report: {d / 'index.html'}" for d in dirs] + [""]
    results = [(d, r) for d in dirs for r in json.loads((d / "run.json").read_text())["results"]]
    for run_dir, result in results:
        name, outcome = result["scenario"], result["outcome"]
        lines.append(f"### {name} ({Path(result['file']).name}): {outcome}")
        if result.get("error"):
            lines.append(f"- error: {quote(result['error'], 400)}")
        for step in result["steps"]:
            acts = "; ".join(a["description"] for a in step.get("actions", []))
            head = f"- step {step['index']} {step['outcome']}: {step.get('intent') or ''}"
            lines.append(head + (f"  [{quote(acts, 200)}]" if acts else ""))
            dead = step.get("dead_end")
            if dead:
                looked = quote(dead["looked_for"])
                lines.append(f"  - dead end `{dead['kind']}`, looked for “{looked}”")
                lines.append(f"  - message: {quote(dead['message'], 400)}")
                if dead.get("seen"):
                    lines.append(f"  - seen: {quote(' | '.join(dead['seen'][:12]), 600)}")
                shots = [step.get("action_screenshot"), step.get("screenshot")]
                shots_text = ", ".join(str(run_dir / shot) for shot in shots if shot)
                lines.append(f"  - screenshots: {shots_text}")
                if dead.get("errors_on_screen"):
                    errors = " | ".join(dead["errors_on_screen"][:5])
                    lines.append(f"  - errors on screen: {quote(errors, 400)}")
            for friction in step.get("friction") or []:
                seen = " | ".join(friction.get("seen", [])[:6])
                what = quote(friction["message"], 300)
                lines.append(f"  - friction `{friction['kind']}`: {what} [{quote(seen, 300)}]")
            if step.get("error"):
                lines.append(f"  - error: {quote(step['error'], 400)}")
            flags = (step.get("text") or {}).get("flags") or []
            if flags:
                lines.append(f"  - signals: {', '.join(flags)}")
            for key in ("console_errors", "page_errors", "failed_requests"):
                if step.get(key):
                    lines.append(f"  - {key}: {quote(' | '.join(step[key][:3]), 300)}")
        lines.append("")
    return lines


def main(argv: list[str]) -> int:
    extra: list[str] = []
    shared = "--shared" in argv
    argv = [a for a in argv if a != "--shared"]
    if "--" in argv:
        cut = argv.index("--")
        argv, extra = argv[:cut], argv[cut + 1 :]
    apps = argv or list(APPS)
    unknown = [a for a in apps if a not in APPS]
    if unknown:
        say(f"unknown app {unknown[0]!r}: choose from {', '.join(APPS)}", err=True)
        return 2
    if not SHOSHIN.exists():
        say(f"{SHOSHIN} is missing: run `make setup` first", err=True)
        return 2
    if not (APPS_BIN / "jupyter").exists() or not DB.exists():
        say("the examples' apps are missing: run examples/setup.sh first", err=True)
        return 2
    worst = 0
    summary = ["# shoshin on real apps", ""]
    for app in apps:
        dirs: list[Path] = []
        try:
            code, dirs = walk(app, extra, shared)
        except RuntimeError as exc:
            say(f"{app}: {exc}", err=True)
            code = 2
        say(f"== {app}: shoshin exited {code}")
        if code == 2:
            worst = 2
        summary += summarize(app, dirs)
    REPORTS.mkdir(parents=True, exist_ok=True)
    text = "\n".join(summary)
    (REPORTS / "summary.md").write_text(text + "\n")
    say("\n" + text)
    say(f"\nwritten: {REPORTS / 'summary.md'}")
    return worst


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
