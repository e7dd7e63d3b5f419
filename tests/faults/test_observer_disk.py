"""A full disk or a folder turned read-only costs an observer no note.

Faults are real: the sessions folder is a small tmpfs mounted for the test and filled up
with a real file, or remounted read-only under the running session. Where mounting is not
permitted, a full disk is a real file-size limit on the running process instead
(RLIMIT_FSIZE, set and lifted from outside with prlimit: its writes fail with EFBIG); a
read-only folder needs the mount (root ignores permission bits), so that test is skipped.
"""

from __future__ import annotations

import contextlib
import errno
import os
import resource
import subprocess
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from harness.session.log import read_session
from tests.cli.test_observe_cli import ENV, Terminal
from tests.conftest import ROOT
from tests.faults.test_observer_kill import OBSERVE, SHOSHIN, terminal, whole_lines

__all__ = ["terminal"]  # the fixture, used by name

PROMPT = "] › "
REFUSED = "⚠ not saved to "


def mount_tmpfs(path: Path, size: str) -> bool:
    path.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size},mode=0755", "tmpfs", str(path)],
        capture_output=True,
    )
    return done.returncode == 0


def remount(path: Path, mode: str) -> None:
    subprocess.run(["mount", "-o", f"remount,{mode}", str(path)], check=True)


class SmallDisk:
    """The sessions folder, on a disk that can be filled and emptied under a running session."""

    def __init__(self, path: Path, mounted: bool) -> None:
        self.path, self.mounted = path, mounted
        self.filler = path / "filler.bin"
        self.pid: int | None = None

    def fill(self) -> None:
        if self.mounted:  # write until the disk says no
            fd = os.open(self.filler, os.O_WRONLY | os.O_CREAT | os.O_APPEND)
            try:
                with contextlib.suppress(OSError):
                    while True:
                        os.write(fd, b"\0" * 4096)
            finally:
                os.close(fd)
        else:  # no file of the process may grow past what it has written so far
            assert self.pid is not None
            size = max(p.stat().st_size for p in self.path.glob("*.jsonl"))
            # The soft limit only: raising a hard one again takes CAP_SYS_RESOURCE.
            resource.prlimit(self.pid, resource.RLIMIT_FSIZE, (size, resource.RLIM_INFINITY))

    def free(self) -> None:
        if self.mounted:
            self.filler.unlink()
        else:
            assert self.pid is not None
            unlimited = (resource.RLIM_INFINITY, resource.RLIM_INFINITY)
            with contextlib.suppress(ProcessLookupError):  # the limit ends with the process
                resource.prlimit(self.pid, resource.RLIMIT_FSIZE, unlimited)


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[SmallDisk]:
    path = tmp_path / "sessions"
    mounted = os.environ.get("SHOSHIN_FAULT_NO_MOUNT") != "1" and mount_tmpfs(path, "64k")
    path.mkdir(exist_ok=True)
    yield SmallDisk(path, mounted)
    if mounted:
        subprocess.run(["umount", "-l", str(path)], check=False)


@pytest.fixture
def home(tmp_path: Path) -> Path:
    return tmp_path / "home"


def note(term: Terminal, text: str) -> bool:
    """Type a note; whether the prompt said it could not be saved."""
    start = term.seen
    term.type(f"? {text}\r")
    term.expect(f"? confusion  {text}")
    term.expect(PROMPT)
    return REFUSED in term.screen[start : term.seen]


def notes_until_refused(term: Terminal, typed: list[str], what: str) -> str:
    """Type notes until one is refused (on tmpfs the last page has room for a few); its text."""
    for i in range(300):
        text = f"{what} {i}"
        typed.append(text)
        if note(term, text):
            return text
    raise AssertionError(f"no note was refused after {what}")


def kept_in(home: Path, session: Path) -> Path:
    """Where the README says unwritten lines are kept: ~/.shoshin/unsaved/<session id>.jsonl."""
    return home / ".shoshin" / "unsaved" / session.name


def on_disk(path: Path) -> list[str]:
    events, tail = whole_lines(path)
    assert tail == b"", "a part-written line was left in the file"
    return [str(e["text"]) for e in events if e["type"] == "note"]


def test_a_full_disk_keeps_notes_in_memory_until_there_is_room(
    small_disk: SmallDisk, home: Path, terminal: Callable[..., Terminal]
) -> None:
    term = terminal([*OBSERVE, "--sessions", str(small_disk.path)], {"HOME": str(home)})
    small_disk.pid = term.proc.pid
    term.expect(PROMPT)
    path = next(small_disk.path.glob("*.jsonl"))
    typed: list[str] = []
    assert not note(term, "before the disk filled")
    typed.append("before the disk filled")

    small_disk.fill()
    first = notes_until_refused(term, typed, "on a full disk")
    problem = "No space left on device" if small_disk.mounted else "File too large"
    assert f"({problem}): 1 line kept in memory" in term.screen
    typed.append("still full")
    assert note(term, "still full")
    assert "2 lines kept in memory" in term.screen
    assert first not in on_disk(path) and on_disk(path) == typed[:-2]

    small_disk.free()
    term.type("\r")  # Enter alone tries again
    term.expect("Saved the 2 lines kept in memory.")
    assert on_disk(path) == typed

    # Still full at the end: the lines go to the home folder, and --resume brings them back.
    small_disk.fill()
    notes_until_refused(term, typed, "full again")
    term.type("/done\r")
    term.expect("■ done")
    term.expect("SEQ › ")
    term.type("4\r")
    term.expect(f"Session saved in part: {path}")
    kept = kept_in(home, path)
    term.expect("could not be written to")
    term.expect(f"they are kept in {kept}")
    assert term.close() == 1
    assert on_disk(path) == typed[:-1]
    small_disk.free()
    resumed = subprocess.run(
        [SHOSHIN, "observe", "--resume", path.stem, "--sessions", str(small_disk.path)],
        input="+ after\n",
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**ENV, "HOME": str(home)},
        timeout=60,
    )
    assert resumed.returncode == 0, resumed.stderr
    assert f"{kept}: added the 3 lines kept there." in resumed.stderr  # note, end, seq
    assert not kept.exists()
    session, warnings = read_session(path)
    assert warnings == []
    assert [n.text for n in session.notes] == [*typed, "after"]
    assert (session.outcome, session.seq, session.resumes) == ("done", 4, 1)


@pytest.fixture
def folder(tmp_path: Path) -> Iterator[Path]:
    path = tmp_path / f"ro-{uuid.uuid4().hex[:6]}"
    if not mount_tmpfs(path, "1m"):
        pytest.skip("mounting is not permitted here, and root writes to any read-only file")
    yield path
    subprocess.run(["umount", "-l", str(path)], check=False)


def test_a_folder_turned_read_only_keeps_notes_until_it_is_writable(
    folder: Path, home: Path, terminal: Callable[..., Terminal]
) -> None:
    term = terminal([*OBSERVE, "--sessions", str(folder)], {"HOME": str(home)})
    term.expect(PROMPT)
    path = next(folder.glob("*.jsonl"))
    assert not note(term, "one")
    remount(folder, "ro")
    assert note(term, "two")
    assert "(Read-only file system): 1 line kept in memory" in term.screen
    assert on_disk(path) == ["one"]
    remount(folder, "rw")
    assert not note(term, "three")
    assert "Saved the 1 line kept in memory." in term.screen
    assert on_disk(path) == ["one", "two", "three"]

    remount(folder, "ro")
    assert note(term, "four")
    term.type("\x04")  # Ctrl-D: the end of input
    term.expect("■ ended")
    term.expect("SEQ › ")
    term.type("\r")
    term.expect("they are kept in ")
    assert term.close() == 1
    kept = kept_in(home, path)
    assert kept.is_file()
    with pytest.raises(OSError) as refused:
        path.open("a")
    assert refused.value.errno == errno.EROFS
    remount(folder, "rw")
    resumed = subprocess.run(
        [SHOSHIN, "observe", "--resume", path.stem, "--sessions", str(folder)],
        input="",
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**ENV, "HOME": str(home)},
        timeout=60,
    )
    assert resumed.returncode == 0, resumed.stderr
    session, warnings = read_session(path)
    assert warnings == [] and [n.text for n in session.notes] == ["one", "two", "three", "four"]


def test_a_line_the_disk_took_only_part_of_is_taken_back(
    tmp_path: Path, home: Path, terminal: Callable[..., Terminal]
) -> None:
    """A file-size limit 20 bytes past the file's end: the next line is cut by the kernel."""
    sessions = tmp_path / "sessions"
    term = terminal([*OBSERVE, "--sessions", str(sessions)], {"HOME": str(home)})
    term.expect(PROMPT)
    path = next(sessions.glob("*.jsonl"))
    size = path.stat().st_size
    unlimited = resource.RLIM_INFINITY
    resource.prlimit(term.proc.pid, resource.RLIMIT_FSIZE, (size + 20, unlimited))
    assert note(term, "a note longer than the twenty bytes left")
    assert path.stat().st_size == size  # the 20 bytes that went in are taken back out
    assert on_disk(path) == []
    resource.prlimit(term.proc.pid, resource.RLIMIT_FSIZE, (unlimited, unlimited))
    term.type("\r")
    term.expect("Saved the 1 line kept in memory.")
    term.type("/done\r")
    term.expect("SEQ › ")
    term.type("5\r")
    term.expect(f"Session saved: {path}")
    assert term.close() == 0
    session, warnings = read_session(path)
    assert warnings == [] and [n.text for n in session.notes] == [
        "a note longer than the twenty bytes left"
    ]
