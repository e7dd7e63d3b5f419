"""What the terminal shoshin writes to can show: live lines, colour, and how wide it is."""

from __future__ import annotations

import os
import shutil
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TextIO

__all__ = ["Terminal", "is_tty", "terminal", "width"]

RESET = "\x1b[0m"
BOLD = "1"


@dataclass(frozen=True)
class Terminal:
    """Decided once per stream: `live` redraws the running line, `colour` paints it."""

    live: bool = False
    colour: bool = False
    width: int = 80

    def paint(self, text: str, sgr: str) -> str:
        """The text in an SGR colour (e.g. "31" red), when colour is on."""
        return f"\x1b[{sgr}m{text}{RESET}" if self.colour and sgr else text

    def bold(self, text: str) -> str:
        return self.paint(text, BOLD)


def terminal(stream: TextIO, environ: Mapping[str, str] | None = None) -> Terminal:
    """Live on an interactive terminal (not TERM=dumb); coloured there unless NO_COLOR is set.

    Logs and CI get plain lines: no carriage returns, no escape codes.
    """
    env = os.environ if environ is None else environ
    live = is_tty(stream) and env.get("TERM") != "dumb"
    return Terminal(live=live, colour=live and "NO_COLOR" not in env, width=width(stream, live))


def is_tty(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):  # a closed or stand-in stream
        return False


def width(stream: TextIO, live: bool = True) -> int:
    """Columns of the stream's terminal now (it can be resized); 80 when it has none, or
    says it has none (a pseudo-terminal whose size nobody set reports 0 columns: `$COLUMNS`
    then, as a shell sets it, else 80)."""
    if not live:
        return 80
    try:
        columns = os.get_terminal_size(stream.fileno()).columns
    except (OSError, ValueError, AttributeError):
        columns = 0
    if columns <= 0:
        columns = shutil.get_terminal_size(fallback=(80, 24)).columns
    return max(columns, 20)
