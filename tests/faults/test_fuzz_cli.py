"""Bad files through the real `shoshin` command: exit 2, one located sentence, no traceback;
and YAML bombs refused in bounded memory, proved under a hard address-space limit.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from harness.pytest_plugin.items import _looks_like_scenario
from tests.conftest import ROOT

SHOSHIN = str(ROOT / ".venv/bin/shoshin")
# Generous: a hang guard for a shared 2-core machine, not a promise about speed.
HANG_GUARD = 120


def _laughs(levels: int = 9, width: int = 9) -> str:
    lines = ['a0: &a0 "lol"']
    for i in range(1, levels + 1):
        lines.append(f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * width)}]")
    return "\n".join(lines) + f"\nname: x\nsteps: [{{click: *a{levels}}}]\n"


def _merge_bomb(levels: int = 9, width: int = 9) -> str:
    """Merge keys (`<<`) copy the merged pairs: nine copies of nine copies of …"""
    lines = ["m0: &m0 {k: v}"]
    for i in range(1, levels + 1):
        lines.append(f"m{i}: &m{i} {{<<: [{', '.join([f'*m{i - 1}'] * width)}]}}")
    return "\n".join(lines) + f"\nname: x\nsteps: [*m{levels}]\n"


def _key_bomb(levels: int = 9, width: int = 9) -> str:
    """A billion laughs as a mapping key: the key is made text, all of it."""
    lines = ['a0: &a0 "lol"']
    for i in range(1, levels + 1):
        lines.append(f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * width)}]")
    return "\n".join(lines) + f"\n? *a{levels}\n: x\nname: x\nsteps: [{{click: Go}}]\n"


def _alias_chain(count: int = 10_000) -> str:
    """Ten thousand levels of nesting made by aliases, not brackets."""
    lines = ["c0: &c0 x"] + [f"c{i}: &c{i} [*c{i - 1}]" for i in range(1, count)]
    return "\n".join(lines) + f"\nname: x\nsteps: [{{click: *c{count - 1}}}]\n"


BOMBS = {
    "billion laughs": _laughs,
    "merge-key bomb": _merge_bomb,
    "key bomb": _key_bomb,
    "alias chain": _alias_chain,
}

# Loads FILE with the address space capped at what the interpreter already maps plus
# 256 MiB: a bomb that expands fails with MemoryError (exit 1, traceback) instead of
# taking the machine; one refused in bounded memory exits 2 with its sentence.
_CAPPED_LOAD = """
import resource, sys
from pathlib import Path
from harness.errors import ShoshinError
from harness.scenario.load import load_scenario
with open("/proc/self/status") as status:
    mapped = next(int(l.split()[1]) * 1024 for l in status if l.startswith("VmSize:"))
limit = mapped + 256 * 2**20
resource.setrlimit(resource.RLIMIT_AS, (limit, resource.getrlimit(resource.RLIMIT_AS)[1]))
resource.setrlimit(resource.RLIMIT_CPU, (60, resource.getrlimit(resource.RLIMIT_CPU)[1]))
try:
    load_scenario(Path(sys.argv[1]))
except ShoshinError as error:
    print(error, file=sys.stderr)
    sys.exit(2)
print("loaded")
"""


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="needs Linux's /proc")
@pytest.mark.parametrize("bomb", sorted(BOMBS))
def test_a_yaml_bomb_is_refused_in_bounded_memory(bomb: str, tmp_path: Path) -> None:
    file = tmp_path / "bomb.yaml"
    file.write_text(BOMBS[bomb](), encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-c", _CAPPED_LOAD, str(file)],
        capture_output=True,
        text=True,
        timeout=HANG_GUARD,
        cwd=ROOT,
    )
    assert done.returncode == 2, done.stderr[-2000:]
    assert re.fullmatch(rf"{re.escape(str(file))}:\d+: [^\n]+\n", done.stderr), done.stderr
    assert "expand" in done.stderr or "nests" in done.stderr, done.stderr


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="needs Linux's /proc")
def test_a_huge_file_is_refused_without_being_read_whole(tmp_path: Path) -> None:
    # 8 GiB of NULs that take no disk (a sparse file): read whole, it needs 8 GiB of memory.
    file = tmp_path / "huge.yaml"
    with file.open("wb") as out:
        out.truncate(8 * 2**30)
    done = subprocess.run(
        [sys.executable, "-c", _CAPPED_LOAD, str(file)],
        capture_output=True,
        text=True,
        timeout=HANG_GUARD,
        cwd=ROOT,
    )
    assert done.returncode == 2, done.stderr[-2000:]
    assert done.stderr == f"{file}:1: the file goes on past 250,000 characters here; a " + (
        "scenario is a few kilobytes. Split it into several scenario files.\n"
    )


# Bad scenario files, each the kind of input that once gave a traceback.
BAD_SCENARIOS = {
    "nul.yaml": b"name: x\x00\nsteps: [{click: Go}]\n",
    "deep.yaml": b"name: x\nsteps: " + b"[" * 10_000 + b"]" * 10_000 + b"\n",
    "bomb.yaml": _merge_bomb().encode(),
    "date.yaml": b"name: 2001-13-45\nsteps: [{click: Go}]\n",
    "patience.yaml": b"name: x\npatience: " + b"1" + b"0" * 1000 + b"\nsteps: [{click: Go}]\n",
    "nan.yaml": b"name: x\nsteps:\n  - click: Go\n    patience: .nan\n",
    "latin1.yaml": "name: Café\nsteps: [{click: Go}]\n".encode("latin-1"),
    "utf16.yaml": "name: x\nsteps: [{click: Go}]\n".encode("utf-16-le"),
    "cycle.yaml": b"a: &a [*a]\nname: x\nsteps: *a\n",
    "tag.yaml": b"name: !!timestamp x\nsteps: [{click: Go}]\n",
}


def _shoshin(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [SHOSHIN, *args],
        capture_output=True,
        text=True,
        timeout=HANG_GUARD,
        cwd=cwd,
        env={**os.environ, "NO_COLOR": "1"},
    )


def _write_all(folder: Path, files: dict[str, bytes]) -> list[Path]:
    folder.mkdir()
    for name, data in files.items():
        (folder / name).write_bytes(data)
    return [folder / name for name in files]


def test_shoshin_check_says_one_located_sentence_per_bad_file(tmp_path: Path) -> None:
    files = _write_all(tmp_path / "bad", BAD_SCENARIOS)
    done = _shoshin("check", *map(str, files), cwd=tmp_path)
    assert done.returncode == 2, done.stderr
    assert "Traceback" not in done.stderr + done.stdout
    lines = done.stderr.splitlines()
    assert len(lines) == len(files), done.stderr
    for file, line in zip(files, lines, strict=True):
        assert re.fullmatch(rf"error  {re.escape(str(file))}:\d+: .+", line), line


@pytest.mark.parametrize("name", ["nul.yaml", "deep.yaml", "bomb.yaml", "utf16.yaml"])
def test_shoshin_run_says_one_located_sentence(
    name: str, tmp_path: Path, pages_server: str
) -> None:
    (file,) = _write_all(tmp_path / "bad", {name: BAD_SCENARIOS[name]})
    done = _shoshin("run", str(file), "--base-url", pages_server, "--out", "out", cwd=tmp_path)
    assert done.returncode == 2, done.stderr
    assert "Traceback" not in done.stderr + done.stdout
    assert re.fullmatch(rf"shoshin: {re.escape(str(file))}:\d+: [^\n]+\n", done.stderr), done.stderr


BAD_NOTES = {
    "utf16.csv": "time,note\n1,hello\n".encode("utf-16-le"),
    "latin1.csv": "time,note\n1,café\n".encode("latin-1"),
    "times.csv": b"time,note\n" + b"9" * 5000 + b":00:00,a\n" + b"9" * 400 + b":00,b\n",
    "step.csv": "time,note\n1,/step ²\n2,/step 9999999999\n".encode(),
    "header.csv": b'"0\n0",x\n1,2\n',
}


@pytest.mark.parametrize("name", sorted(BAD_NOTES))
def test_shoshin_notes_import_says_where_each_bad_row_is(name: str, tmp_path: Path) -> None:
    (file,) = _write_all(tmp_path / "notes", {name: BAD_NOTES[name]})
    done = _shoshin(
        "notes",
        "import",
        str(file),
        "--scenario",
        "01-first-project",
        "--tester",
        "p1",
        "--scenarios",
        str(ROOT / "scenarios"),
        "--sessions",
        str(tmp_path / "sessions"),
        cwd=tmp_path,
    )
    assert done.returncode == 2, done.stderr
    assert "Traceback" not in done.stderr + done.stdout
    lines = done.stderr.splitlines()
    assert lines and all(line.startswith(f"shoshin: {file}") for line in lines), done.stderr
    assert any(re.match(rf"shoshin: {re.escape(str(file))}:\d+: ", line) for line in lines)
    assert not (tmp_path / "sessions").exists() or not any((tmp_path / "sessions").iterdir())


@pytest.mark.parametrize("name", sorted(BAD_SCENARIOS))
def test_the_pytest_plugin_passes_over_bad_yaml_without_a_traceback(
    name: str, tmp_path: Path
) -> None:
    # pytest looks at every .yaml file under its folders, a bomb or a deep one included.
    (file,) = _write_all(tmp_path / "bad", {name: BAD_SCENARIOS[name]})
    _looks_like_scenario(file)
