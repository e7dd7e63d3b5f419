"""The terminal view's width on a pseudo-terminal whose size nobody set (`script`, some CI
runners, an editor's terminal): it says 0 columns, and lines cut to nothing are no view."""

from __future__ import annotations

import fcntl
import os
import struct
import termios
from collections.abc import Iterator
from typing import TextIO

import pytest

from harness.cli.terminal import width


@pytest.fixture
def pty_stream() -> Iterator[TextIO]:
    main, side = os.openpty()
    stream = os.fdopen(side, "w")
    yield stream
    stream.close()
    os.close(main)


def test_a_terminal_that_says_zero_columns_gets_80(
    pty_stream: TextIO, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("COLUMNS", raising=False)
    assert os.get_terminal_size(pty_stream.fileno()).columns == 0
    assert width(pty_stream) == 80


def test_then_columns_as_a_shell_sets_it(
    pty_stream: TextIO, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "132")
    assert width(pty_stream) == 132


def test_a_sized_terminal_is_its_own_width(
    pty_stream: TextIO, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "132")  # the terminal's own size comes first
    fcntl.ioctl(pty_stream.fileno(), termios.TIOCSWINSZ, struct.pack("HHHH", 30, 100, 0, 0))
    assert width(pty_stream) == 100
