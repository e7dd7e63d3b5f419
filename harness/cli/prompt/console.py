"""The prompt's streams: how lines are read (line editing on a real terminal) and written."""

from __future__ import annotations

import contextlib
import math
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from types import ModuleType
from typing import TYPE_CHECKING, TextIO

from harness.cli.prompt.drawing import ANSI, Look
from harness.cli.terminal import is_tty, terminal, width

if TYPE_CHECKING:
    from harness.cli.prompt.clock import LiveClock


@dataclass(frozen=True)
class PromptOptions:
    interactive: bool  # a person answers on stdin: ask the ratings, re-ask a bad answer
    fancy: bool  # stdout is a terminal: header, log lines in place of typed lines
    colour: bool = False
    use_input: bool = False  # read with input(), for line editing on the real terminal
    seq: int | None = None  # the SEQ answer given on the command line
    sus: bool = False  # ask the ten SUS items
    resumed: bool = False

    @classmethod
    def for_streams(
        cls, stdin: TextIO, stdout: TextIO, *, seq: int | None, sus: bool
    ) -> PromptOptions:
        interactive = is_tty(stdin)
        screen = terminal(stdout)
        return cls(
            interactive=interactive,
            fancy=interactive and screen.live,
            colour=interactive and screen.colour,
            use_input=interactive and stdin is sys.stdin and stdout is sys.stdout,
            seq=seq,
            sus=sus,
        )


def readline_module() -> ModuleType | None:
    try:
        import readline
    except ImportError:  # not on every platform; input() then works without editing
        return None
    return readline


def termios_module() -> ModuleType | None:
    try:
        import termios
    except ImportError:
        return None
    return termios


class Console:
    """Reads one line at a time and writes what the observer sees (or, piped, only problems)."""

    def __init__(self, stdin: TextIO, stdout: TextIO, stderr: TextIO, options: PromptOptions):
        self.stdin, self.stdout, self.stderr = stdin, stdout, stderr
        self.options = options
        self.line_number = 0
        self.clock: LiveClock | None = None  # set while the live clock runs
        self._echo: Callable[[bool], None] | None = None
        self._discard: Callable[[], None] | None = None

    # --- output ---------------------------------------------------------------------------

    def columns(self) -> int:
        return width(self.stdout)

    def look(self) -> Look:
        """How to draw now: the width is read each time, as a terminal can be resized."""
        return Look(colour=self.options.colour, width=self.columns(), wrap=self.options.fancy)

    def paint(self, style: str, text: str) -> str:
        return Look(colour=self.options.colour).paint(style, text)

    def say(self, text: str = "") -> None:
        self.stdout.write(text + "\n")
        self.stdout.flush()

    def say_all(self, lines: list[str]) -> None:
        for line in lines:
            self.say(line)

    def problem(self, message: str) -> None:
        if self.options.fancy or self.options.interactive:
            self.say("  " + self.paint("warn", f"⚠ {message}"))
        else:
            self.stderr.write(f"shoshin: line {self.line_number}: {message}.\n")
            self.stderr.flush()

    def tell(self, message: str) -> None:
        """Information a person at the terminal wants and a pipe does not."""
        if self.options.fancy or self.options.interactive:
            self.say(message)

    def replace_typed(self, shown: str, typed_width: int) -> None:
        """Put the log line where the typed line was, so the screen reads as a clean log."""
        if not self.options.fancy:
            return
        if self.options.use_input:
            rows = max(1, math.ceil(typed_width / self.columns()))
            self.stdout.write(f"\x1b[{rows}F\x1b[J")
        self.say(shown)

    # --- input ----------------------------------------------------------------------------

    def read(self, prompt: str = "", *, clock: bool = False) -> str | None:
        """One line without its newline, or None at the end of input."""
        self.line_number += 1
        if self.options.use_input:
            if self._echo:
                self._echo(True)
            try:
                live = self.clock
                with live.waiting(redraw=clock) if live else contextlib.nullcontext():
                    line = input(prompt)
            except EOFError:
                self.say()
                return None
            except KeyboardInterrupt:
                self.discard_typeahead()
                raise
            finally:
                if self._echo:
                    self._echo(False)
            # Clear anything the live clock may have drawn as Enter was pressed.
            self.stdout.write("\x1b[J")
            return line
        if self.options.interactive:
            self.stdout.write(ANSI.sub("", prompt) if not self.options.colour else prompt)
            self.stdout.flush()
        line = self.stdin.readline()
        if not line:
            return None
        return line.rstrip("\r\n")

    def leftover_lines(self) -> int:
        """Read to the end of input; how many lines there held something."""
        return sum(1 for line in iter(self.stdin.readline, "") if line.strip())

    def discard_typeahead(self) -> None:
        """After Ctrl-C: drop what was typed and not yet read, as the terminal used to."""
        if self._discard:
            self._discard()

    @contextlib.contextmanager
    def quiet_between_reads(self) -> Iterator[None]:
        """With line editing, keep the terminal from echoing what is typed between two reads.

        Lines typed while a note is being saved would otherwise be echoed by the terminal
        and then again by readline, throwing the screen out of line. readline decides to
        echo from the settings it finds, so echo is turned back on for each read.

        Ctrl-C does not flush the typed-ahead input here (NOFLSH); it is dropped once the
        interrupt is handled (`discard_typeahead`). A flush by the terminal itself can land
        after readline saw a key waiting and before it reads it: readline then waits in its
        own read(), which retries on every signal, and Ctrl-C would be ignored until the
        next key.
        """
        readline = readline_module() if self.options.use_input else None
        termios = termios_module()
        if readline is None or termios is None:
            yield
            return
        fd = self.stdin.fileno()
        try:
            saved = termios.tcgetattr(fd)
        except termios.error:
            yield
            return
        loud = [*saved]
        loud[3] = saved[3] | termios.NOFLSH
        quiet = [*loud]
        quiet[3] = loud[3] & ~termios.ECHO

        def echo(on: bool) -> None:
            termios.tcsetattr(fd, termios.TCSANOW, loud if on else quiet)

        self._echo = echo
        self._discard = lambda: termios.tcflush(fd, termios.TCIFLUSH)
        echo(False)
        try:
            yield
        finally:
            self._echo = self._discard = None
            termios.tcsetattr(fd, termios.TCSANOW, saved)
