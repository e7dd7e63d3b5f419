"""The observer's prompt: one typed line, one event on disk, back to the prompt.

It reads plain lines, so it works the same on a terminal and with piped input. On a
terminal it shows the steps, puts the elapsed time and current step in the prompt,
turns each entered line into a stamped, coloured log line, and asks the tester's
ratings at the end. Piped, it says nothing but problems (on stderr) and the file path;
the SEQ answer is then the line after `/done` or `/gaveup`, and with `--sus` the ten SUS
answers follow it (one a line, or all ten on one line).

The streams are parameters, so tests can drive it in-process; `input()` (with line
editing) is used only when they are the process's own terminal.
"""

from __future__ import annotations

import contextlib
import math
import os
import re
import select
import signal
import socket
import sys
import textwrap
import threading
import time
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from types import ModuleType
from typing import TextIO

from harness.session.entries import TAG_MARKS, parse_entry
from harness.session.log import SessionLog
from harness.session.model import Assist, EntryProblem, Note, StepMark, format_clock
from harness.session.questionnaires import SEQ_QUESTION, SEQ_SCALE, SUS_ITEMS, SUS_SCALE
from harness.text import plain

HELP = '? confused  ! stuck  + delight  " quote  /step N  /next  /assist  /undo  /gaveup  /done'
MORE_HELP = (
    "Enter saves the line, stamped with the time. Short forms: /s N, /n, /a, /u. "
    "Text after /assist, /done or /gaveup is kept with it. Ctrl-C or Ctrl-D ends the session."
)
COLOURS = {
    "confusion": "33",
    "stuck": "31",
    "delight": "32",
    "quote": "36",
    "note": "",
    "step": "1;34",
    "assist": "35",
    "undo": "2",
    "end": "1",
    "warn": "33",
    "dim": "2",
    "bold": "1",
}
_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]|[\x01\x02]")


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
        interactive = _isatty(stdin)
        fancy = interactive and _isatty(stdout) and os.environ.get("TERM") != "dumb"
        return cls(
            interactive=interactive,
            fancy=fancy,
            colour=fancy and "NO_COLOR" not in os.environ,
            use_input=interactive and stdin is sys.stdin and stdout is sys.stdout,
            seq=seq,
            sus=sus,
        )


def _isatty(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def width_of(text: str) -> int:
    """Columns the text takes on a terminal (wide characters count twice)."""
    text = _ANSI.sub("", text)
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


class ObserverPrompt:
    """Runs one session: reads lines, writes events through the log, asks the ratings."""

    def __init__(
        self,
        log: SessionLog,
        stdin: TextIO,
        stdout: TextIO,
        stderr: TextIO,
        options: PromptOptions,
    ) -> None:
        self.log, self.stdin, self.stdout, self.stderr = log, stdin, stdout, stderr
        self.options = options
        self.line_number = 0
        self._warned_assist = not log.session.unassisted
        self._echo: Callable[[bool], None] | None = None
        self._waiter: _Waiter | None = None
        previous = log.session.end_reason if options.resumed else None
        self._ended_before = previous if previous in ("done", "gaveup") else None

    # --- output ---------------------------------------------------------------------------

    def _paint(self, style: str, text: str) -> str:
        code = COLOURS.get(style, "")
        return f"\x1b[{code}m{text}\x1b[0m" if self.options.colour and code else text

    def _say(self, text: str = "") -> None:
        self.stdout.write(text + "\n")
        self.stdout.flush()

    def _problem(self, message: str) -> None:
        if self.options.fancy or self.options.interactive:
            self._say("  " + self._paint("warn", f"⚠ {message}"))
        else:
            self.stderr.write(f"shoshin: line {self.line_number}: {message}.\n")
            self.stderr.flush()

    def _tell(self, message: str) -> None:
        """Information a person at the terminal wants and a pipe does not."""
        if self.options.fancy or self.options.interactive:
            self._say(message)

    def _steps_block(self) -> list[str]:
        session = self.log.session
        current = session.step
        lines = []
        for info in session.steps:
            intent = plain(info.intent or "(no intent)")
            if info.index == current:
                lines.append(self._paint("bold", f"  ▸ {info.index}  {intent}"))
            else:
                lines.append(self._paint("dim", f"    {info.index}  {intent}"))
        return lines

    def header(self) -> None:
        session = self.log.session
        people = [f"tester {plain(session.tester or '?')}"]
        if session.observer:
            people.append(f"observer {plain(session.observer)}")
        self._say(self._paint("bold", f"shoshin observe · {plain(session.scenario or '?')}"))
        self._say(self._paint("dim", " · ".join([*people, f"session {session.id}"])))
        if session.url:
            self._say(self._paint("dim", f"url {plain(session.url)}"))
        self._say()
        for line in self._steps_block():
            self._say(line)
        self._say()
        self._help_line()
        self._say(self._paint("dim", f"Each line is on disk once you press Enter: {self.log.path}"))
        if self.options.resumed:
            self._say(self._resumed_line())
        self._say()

    def _resumed_line(self) -> str:
        session = self.log.session
        text = f"Resumed at {format_clock(session.duration)}; the clock goes on from there."
        if session.end_reason is not None and session.ended_t is not None:
            text = (
                f"Resumed at {format_clock(session.duration)}: this session had ended "
                f"({session.end_reason} at {format_clock(session.ended_t)}); "
                "what you add now comes after that end."
            )
        return self._paint("warn", text)

    def _help_line(self) -> None:
        """The marks, wrapped between marks (never inside one) to the terminal's width."""
        lines = [""]
        for mark in [*HELP.split("  "), "/help"]:
            if lines[-1] and width_of(lines[-1]) + 2 + width_of(mark) >= self.columns():
                lines.append("")
            lines[-1] = f"{lines[-1]}  {mark}" if lines[-1] else mark
        for line in lines:
            self._say(self._paint("dim", line))

    def help(self) -> None:
        self._help_line()
        for line in textwrap.wrap(MORE_HELP, self.columns() - 1):
            self._say(self._paint("dim", line))
        for line in self._steps_block():
            self._say(line)
        self._say(self._paint("dim", f"Saved to {self.log.path}"))

    def prompt_text(self) -> tuple[str, int]:
        """The prompt, and how many columns it takes on screen."""
        t = format_clock(self.log.now())
        step, count = self.log.step, len(self.log.session.steps)
        where = f"{t} · step {step}/{count}" if step is not None and count else t
        text = f"[{where}] › "
        if not self.options.colour:
            return text, width_of(text)

        # \x01 … \x02 tell readline these bytes take no room on the screen.
        def esc(code: str) -> str:
            return f"\x01\x1b[{code}m\x02"

        painted = f"{esc('2')}[{esc('0;36')}{where}{esc('0;2')}]{esc('0;1')} › {esc('0')}"
        return painted, width_of(text)

    def columns(self) -> int:
        try:
            return max(os.get_terminal_size(self.stdout.fileno()).columns, 20)
        except (OSError, ValueError, AttributeError):
            return 80

    def _log_line(self, t: float, style: str, label: str, text: str = "") -> str:
        """`  03:12  ? confusion  text`, long text wrapped under itself on a terminal."""
        clock = format_clock(t)
        body = f"  {self._paint('dim', clock)}  {self._paint(style, f'{label:<11}')}"
        text = plain(text)
        if not text:
            return body.rstrip()
        indent = 2 + len(clock) + 2 + max(len(label), 11) + 2
        if self.options.fancy and indent + width_of(text) > self.columns():
            width = max(self.columns() - indent - 1, 20)
            lines = textwrap.wrap(text, width) or [text]
            text = ("\n" + " " * indent).join(lines)
        return f"{body}  {text}"

    def _replace_typed(self, shown: str, typed_width: int) -> None:
        """Put the log line where the typed line was, so the screen reads as a clean log."""
        if not self.options.fancy:
            return
        if self.options.use_input:
            rows = max(1, math.ceil(typed_width / self.columns()))
            self.stdout.write(f"\x1b[{rows}F\x1b[J")
        self._say(shown)

    # --- input ----------------------------------------------------------------------------

    def _read(self, prompt: str = "", *, clock: bool = False) -> str | None:
        """One line without its newline, or None at the end of input."""
        self.line_number += 1
        if self.options.use_input:
            if self._echo:
                self._echo(True)
            try:
                waiter = self._waiter
                with waiter.waiting(redraw=clock) if waiter else contextlib.nullcontext():
                    line = input(prompt)
            except EOFError:
                self._say()
                return None
            finally:
                if self._echo:
                    self._echo(False)
            # Clear anything the live clock may have drawn as Enter was pressed.
            self.stdout.write("\x1b[J")
            return line
        if self.options.interactive:
            self.stdout.write(_ANSI.sub("", prompt) if not self.options.colour else prompt)
            self.stdout.flush()
        line = self.stdin.readline()
        if not line:
            return None
        return line.rstrip("\r\n")

    # --- the session ----------------------------------------------------------------------

    def run(self) -> None:
        """Take notes until /done, /gaveup, Ctrl-C or the end of input; then the ratings."""
        if self.options.fancy:
            self.header()
        elif self.options.resumed and self.log.session.end_reason is not None:
            self.stderr.write(f"shoshin: {_ANSI.sub('', self._resumed_line())}\n")
        with self._terminal():
            self._waiter = _Waiter(self) if self.options.use_input else None
            try:
                reason = self._notes()
                try:
                    self._ratings(reason)
                except KeyboardInterrupt:
                    self._say()
                    self._tell(self._paint("dim", "Ratings left out."))
            finally:
                if self._waiter:
                    self._waiter.stop()
        self._summary()

    @contextlib.contextmanager
    def _terminal(self) -> Iterator[None]:
        """With line editing, keep the terminal from echoing what is typed between two reads.

        Lines typed while a note is being saved would otherwise be echoed by the terminal
        and then again by readline, throwing the screen out of line. readline decides to
        echo from the settings it finds, so echo is turned back on for each read.
        """
        readline = _readline() if self.options.use_input else None
        termios = _termios()
        if readline is None or termios is None:
            yield
            return
        fd = self.stdin.fileno()
        try:
            saved = termios.tcgetattr(fd)
        except termios.error:
            yield
            return
        quiet = [*saved]
        quiet[3] = saved[3] & ~termios.ECHO

        def echo(on: bool) -> None:
            termios.tcsetattr(fd, termios.TCSANOW, saved if on else quiet)

        self._echo = echo
        echo(False)
        try:
            yield
        finally:
            self._echo = None
            termios.tcsetattr(fd, termios.TCSANOW, saved)

    def _notes(self) -> str:
        ended: list[str] = []  # the reason, once /done or /gaveup is on disk
        while True:
            # Ctrl-C may come at any moment, not only while waiting for a line.
            try:
                prompt, prompt_width = self.prompt_text()
                line = self._read(prompt, clock=self.options.fancy)
                if line is None:
                    return self._close("eof")
                try:
                    reason = self._handle(line, prompt_width + width_of(line), ended)
                except EntryProblem as problem:
                    self._problem(str(problem))
                    continue
                if reason is not None:
                    return reason
            except KeyboardInterrupt:
                if ended:
                    return ended[0]
                self._say()
                return self._close("interrupted")

    def _close(self, reason: str) -> str:
        """End on Ctrl-C or end of input.

        A session resumed after /done or /gaveup keeps that end: it was reopened to add a
        forgotten note, not to change its outcome.
        """
        reason = self._ended_before or reason
        self.log.end(reason)
        label = {"done": "■ done", "gaveup": "■ gave up", "interrupted": "■ interrupted"}
        self._tell(self._log_line(self.log.session.duration, "end", label.get(reason, "■ ended")))
        return reason

    def _handle(self, line: str, typed_width: int, ended: list[str]) -> str | None:
        entry = parse_entry(line)
        log = self.log
        if entry.kind == "empty":
            return None
        if entry.kind == "help":
            self.help()
            return None
        if entry.kind == "note":
            note = log.note(entry.tag, entry.text)
            self._replace_typed(self._note_line(note), typed_width)
            if entry.hint:
                self._problem(f"{entry.hint} (/undo takes it back)")
            return None
        if entry.kind in ("step", "next"):
            mark = log.next_step() if entry.kind == "next" else log.mark_step(entry.step or 0)
            self._replace_typed(self._step_line(mark), typed_width)
            return None
        if entry.kind == "assist":
            assist = log.assist(entry.text)
            self._replace_typed(self._assist_line(assist), typed_width)
            if not self._warned_assist:
                self._tell(self._paint("dim", "  From here on this session counts as assisted."))
                self._warned_assist = True
            return None
        if entry.kind == "undo":
            undone = log.undo()
            if undone is None:
                raise EntryProblem("there is nothing to undo")
            self._replace_typed(self._undone_line(undone), typed_width)
            if isinstance(undone, Assist) and log.session.unassisted:
                self._tell(self._paint("dim", "  Unassisted again."))
                self._warned_assist = False
            return None
        assert entry.kind == "end" and entry.reason is not None
        log.end(entry.reason, entry.text)
        ended.append(entry.reason)
        label = "■ done" if entry.reason == "done" else "■ gave up"
        self._replace_typed(
            self._log_line(log.session.duration, "end", label, entry.text), typed_width
        )
        return entry.reason

    def _note_line(self, note: Note) -> str:
        label = f"{TAG_MARKS[note.tag]} {note.tag}"
        text = f"“{note.text}”" if note.tag == "quote" and note.text else note.text
        return self._log_line(note.t, note.tag, label, text)

    def _step_line(self, mark: StepMark) -> str:
        steps = self.log.session.steps
        intent = next((s.intent for s in steps if s.index == mark.step), None) or ""
        return self._log_line(mark.t, "step", f"▸ step {mark.step}/{len(steps)}", intent)

    def _assist_line(self, assist: Assist) -> str:
        return self._log_line(assist.t, "assist", "⚑ assist", assist.text)

    def _undone_line(self, undone: Note | StepMark | Assist) -> str:
        if isinstance(undone, Note):
            what = f"{TAG_MARKS[undone.tag]} {undone.text}".rstrip()
        elif isinstance(undone, StepMark):
            what = f"▸ step {undone.step} (now on step {self.log.step})"
        else:
            what = f"⚑ assist {undone.text}".rstrip()
        return self._log_line(
            self.log.elapsed(), "undo", "↶ undone", f"{what} [{format_clock(undone.t)}]"
        )

    # --- ratings ----------------------------------------------------------------------------

    def _ratings(self, reason: str) -> None:
        piped_answers = not self.options.interactive and reason in ("done", "gaveup")
        session = self.log.session
        if self.options.seq is not None:
            self.log.rate_seq(self.options.seq)
        elif session.seq is not None and self.options.interactive:
            self._say(self._paint("dim", f"SEQ already recorded: {session.seq}."))
        elif self.options.interactive:
            self._ask_seq()
        elif piped_answers:
            self._piped_seq()
        if self.options.sus:
            if session.sus is not None and self.options.interactive:
                self._say(self._paint("dim", f"SUS already recorded: {session.sus:g}."))
            elif self.options.interactive:
                self._ask_sus()
            elif piped_answers:
                self._piped_sus()
        if not self.options.interactive and reason in ("done", "gaveup"):
            extra = sum(1 for line in iter(self.stdin.readline, "") if line.strip())
            if extra:
                self.stderr.write(
                    f"shoshin: ignored {extra} line{'s' if extra != 1 else ''} after the "
                    f"session ended (/{reason}).\n"
                )

    def _ask_seq(self) -> None:
        self._say()
        self._say(self._paint("bold", f"Ask the tester: {SEQ_QUESTION}"))
        self._say(self._paint("dim", f"  {SEQ_SCALE}   (Enter to leave it out)"))
        while True:
            answer = self._read("SEQ › ")
            if answer is None or not answer.strip():
                self._say(self._paint("dim", "  No SEQ answer recorded."))
                return
            score = _whole(answer)
            if score is not None and 1 <= score <= 7:
                self.log.rate_seq(score)
                return
            self._problem("answer with a whole number from 1 to 7, or press Enter to leave it out")

    def _piped_seq(self) -> None:
        answer = self._read()
        if answer is None or not answer.strip():
            return
        score = _whole(answer)
        if score is None or not 1 <= score <= 7:
            self._problem(
                f"the SEQ answer must be a whole number from 1 to 7, not {answer.strip()!r}; "
                "no SEQ recorded"
            )
            return
        self.log.rate_seq(score)

    def _ask_sus(self) -> None:
        self._say()
        self._say(self._paint("bold", "System Usability Scale: read each statement to the tester."))
        self._say(
            self._paint("dim", f"  {SUS_SCALE}   (Enter on the first one leaves the SUS out)")
        )
        answers: list[int] = []
        for number, item in enumerate(SUS_ITEMS, start=1):
            self._say(f"  {number:>2}/10  {item}")
            while True:
                answer = self._read("  SUS › ")
                if answer is None or (not answer.strip() and not answers):
                    self._say(self._paint("dim", "  No SUS recorded."))
                    return
                value = _whole(answer)
                if value is not None and 1 <= value <= 5:
                    answers.append(value)
                    break
                self._problem("answer with a whole number from 1 to 5")
        score = self.log.rate_sus(answers)
        self._say(f"  SUS score {score:g}")

    def _piped_sus(self) -> None:
        first = self._read()
        if first is None or not first.strip():
            return
        parts = re.split(r"[\s,;]+", first.strip())
        raw = list(parts) if len(parts) == len(SUS_ITEMS) else [first.strip()]
        while len(raw) < len(SUS_ITEMS):
            line = self._read()
            if line is None:
                self._problem(f"the SUS needs ten answers, got {len(raw)}; no SUS recorded")
                return
            raw.append(line.strip())
        values = [_whole(r) for r in raw]
        if any(v is None or not 1 <= v <= 5 for v in values):
            self._problem("each SUS answer must be a whole number from 1 to 5; no SUS recorded")
            return
        self.log.rate_sus([v for v in values if v is not None])

    def _summary(self) -> None:
        s = self.log.session
        counts = [
            count(len(s.notes), "note"),
            count(len(s.step_marks), "step mark"),
            count(len(s.assists), "assist"),
        ]
        ended = {"done": "done", "gaveup": "gave up", "interrupted": "interrupted", "open": "open"}
        details = [f"{ended.get(s.outcome, s.outcome)} at {format_clock(s.duration)}"]
        if s.seq is not None:
            details.append(f"SEQ {s.seq}")
        if s.sus is not None:
            details.append(f"SUS {s.sus:g}")
        if self.options.fancy:
            self._say()
        self._say(f"{', '.join(counts)} ({', '.join(details)}).")
        self._say(f"Session saved: {self.log.path}")


class _Waiter:
    """Looks after the prompt while `input()` waits, from a second thread.

    It keeps the time in the prompt current, redrawing it once a second between
    save-cursor and restore-cursor (only while the typed text fits on the prompt's row,
    so typing is not disturbed). And it makes Ctrl-C dependable: a signal that lands just
    before readline starts waiting is otherwise only noticed after the next Enter, so when
    one is seen (through the wakeup fd) and the prompt is still waiting, it is sent again.
    """

    def __init__(self, prompt: ObserverPrompt) -> None:
        self.prompt = prompt
        self._lock = threading.Lock()
        self._waiting = 0  # which read is waiting; 0: none
        self._reads = 0
        self._since = 0.0  # when the waiting read began
        self._redraw = False
        self._shown = ""
        self._stopped = threading.Event()
        self._wake_r, self._wake_w = socket.socketpair()
        self._wake_r.setblocking(False)
        self._wake_w.setblocking(False)
        self._old_wakeup: int | None
        try:
            self._old_wakeup = signal.set_wakeup_fd(
                self._wake_w.fileno(), warn_on_full_buffer=False
            )
        except ValueError:  # not the main thread: no nudging, the clock still runs
            self._old_wakeup = None
        self._thread = threading.Thread(target=self._run, name="shoshin-prompt", daemon=True)
        self._thread.start()

    @contextlib.contextmanager
    def waiting(self, *, redraw: bool) -> Iterator[None]:
        with self._lock:
            self._reads += 1
            self._waiting, self._redraw = self._reads, redraw
            self._since = time.monotonic()
            self._shown = self.prompt.prompt_text()[0]
        try:
            yield
        finally:
            with self._lock:
                self._waiting = 0

    def stop(self) -> None:
        self._stopped.set()
        self._thread.join(timeout=1)
        if self._old_wakeup is not None:
            signal.set_wakeup_fd(self._old_wakeup)
        self._wake_r.close()
        self._wake_w.close()

    def _run(self) -> None:
        # Signals must reach the main thread: caught here, they would not wake readline.
        if hasattr(signal, "pthread_sigmask"):
            signal.pthread_sigmask(signal.SIG_BLOCK, _ENDING_SIGNALS)
        readline = _readline()
        main = threading.main_thread().ident
        while not self._stopped.is_set():
            ready, _, _ = select.select([self._wake_r], [], [], 0.2)
            if ready:
                self._nudge(main)
            with self._lock:
                if self._waiting and self._redraw:
                    self._tick(readline)

    def _nudge(self, main: int | None) -> None:
        try:
            received = self._wake_r.recv(64)
        except OSError:
            return
        now = time.monotonic()
        signals = {s for s in received if s in _ENDING_SIGNALS}
        if not signals or main is None:
            return
        with self._lock:
            # Only a read that was already waiting when the signal came can have missed it.
            read = self._waiting if self._since < now else 0
        time.sleep(0.15)  # the usual case: the signal has already ended the read
        with self._lock:
            if read and self._waiting == read:
                for signum in signals:
                    signal.pthread_kill(main, signum)

    def _tick(self, readline: ModuleType | None) -> None:
        text, width = self.prompt.prompt_text()
        if text == self._shown or width != width_of(self._shown):
            return
        typed = readline.get_line_buffer() if readline else ""
        if width + width_of(typed) >= self.prompt.columns():
            return
        raw = text.replace("\x01", "").replace("\x02", "")
        try:
            os.write(self.prompt.stdout.fileno(), f"\x1b7\r{raw}\x1b8".encode())
        except OSError:
            return
        self._shown = text


_ENDING_SIGNALS = {signal.SIGINT, signal.SIGTERM, getattr(signal, "SIGHUP", signal.SIGTERM)}


def _readline() -> ModuleType | None:
    try:
        import readline
    except ImportError:  # not on every platform; input() then works without editing
        return None
    return readline


def _termios() -> ModuleType | None:
    try:
        import termios
    except ImportError:
        return None
    return termios


def _whole(text: str) -> int | None:
    text = text.strip()
    return int(text) if text.isdigit() else None


def count(n: int, noun: str) -> str:
    """`1 note`, `3 notes`."""
    return f"{n} {noun}{'' if n == 1 else 's'}"
