"""One observed session at the prompt: the header, the notes, the ratings, the summary."""

from __future__ import annotations

from typing import TextIO

from harness.cli.prompt import drawing
from harness.cli.prompt.clock import LiveClock
from harness.cli.prompt.commands import NoteTaker
from harness.cli.prompt.console import Console, PromptOptions
from harness.cli.prompt.questions import Questions
from harness.session.log import SessionLog


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
        self.log, self.options = log, options
        self.terminal = Console(stdin, stdout, stderr, options)
        self.notes = NoteTaker(log, self.terminal, resumed=options.resumed)
        self.questions = Questions(log, self.terminal)

    def run(self) -> None:
        """Take notes until /done, /gaveup, Ctrl-C or the end of input; then the ratings."""
        terminal, session = self.terminal, self.log.session
        if self.options.fancy:
            look = terminal.look()
            terminal.say_all(
                drawing.header(session, self.log.path, look, resumed=self.options.resumed)
            )
        elif self.options.resumed and session.end_reason is not None:
            resumed = drawing.resumed_line(session, terminal.look())
            terminal.stderr.write(f"shoshin: {drawing.ANSI.sub('', resumed)}\n")
        with terminal.quiet_between_reads():
            if self.options.use_input:
                terminal.clock = LiveClock(self.notes.prompt, terminal.columns, terminal.stdout)
            try:
                reason = self.notes.run()
                try:
                    self.questions.ask(reason)
                except KeyboardInterrupt:
                    terminal.discard_typeahead()
                    terminal.say()
                    terminal.tell(terminal.paint("dim", "Ratings left out."))
            finally:
                if terminal.clock:
                    terminal.clock.stop()
                    terminal.clock = None
        if self.options.fancy:
            terminal.say()
        summary = drawing.summary(self.log.session, self.log.path)
        if not self.log.retry():  # where the unsaved lines went is said as the session closes
            summary[-1] = f"Session saved in part: {self.log.path}"
        terminal.say_all(summary)
