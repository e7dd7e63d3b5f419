"""What each typed line does: parsed, written to the session log, shown as a log line."""

from __future__ import annotations

from harness.cli.prompt import drawing
from harness.cli.prompt.console import Console
from harness.cli.prompt.drawing import width_of
from harness.session.entries import Ended, Undone, parse_entry, record_entry
from harness.session.log import SessionLog
from harness.session.model import Assist, EntryProblem, Note, StepMark


class NoteTaker:
    """Takes notes until /done, /gaveup, Ctrl-C or the end of input; each on disk when shown."""

    def __init__(self, log: SessionLog, terminal: Console, *, resumed: bool = False) -> None:
        self.log, self.terminal = log, terminal
        self._warned_assist = not log.session.unassisted
        previous = log.session.end_reason if resumed else None
        self._ended_before = previous if previous in ("done", "gaveup") else None
        self._ended: str | None = None  # the reason, once /done or /gaveup is on disk

    def prompt(self) -> tuple[str, int]:
        """The prompt as it reads now, and how many columns it takes."""
        look = self.terminal.look()
        return drawing.prompt(self.log.now(), self.log.step, len(self.log.session.steps), look)

    def run(self) -> str:
        """Read and record lines; the reason the session ended."""
        while True:
            # Ctrl-C may come at any moment, not only while waiting for a line.
            try:
                prompt, prompt_width = self.prompt()
                line = self.terminal.read(prompt, clock=self.terminal.options.fancy)
                if line is None:
                    return self.close("eof")
                try:
                    reason = self.handle(line, prompt_width + width_of(line))
                except EntryProblem as problem:
                    self.terminal.problem(str(problem))
                    continue
                if reason is not None:
                    return reason
            except KeyboardInterrupt:
                self.terminal.discard_typeahead()
                if self._ended is not None:
                    return self._ended
                self.terminal.say()
                return self.close("interrupted")

    def close(self, reason: str) -> str:
        """End on Ctrl-C or end of input.

        A session resumed after /done or /gaveup keeps that end: it was reopened to add a
        forgotten note, not to change its outcome.
        """
        reason = self._ended_before or reason
        self.log.end(reason)
        look = self.terminal.look()
        self.terminal.tell(drawing.end_line(self.log.session.duration, reason, "", look))
        return reason

    def handle(self, line: str, typed_width: int) -> str | None:
        """Record one line and show it; the end reason if it ended the session."""
        entry = parse_entry(line)
        waiting = self.log.unsaved
        if entry.kind == "empty":
            if waiting:  # Enter alone tries the disk again
                self.log.retry()
                self.saving(waiting)
            return None
        if entry.kind == "help":
            self.terminal.say_all(
                drawing.full_help(self.log.session, self.log.path, self.terminal.look())
            )
            return None
        recorded = record_entry(self.log, entry)
        if isinstance(recorded, Ended):
            self._ended = recorded.reason
        self.terminal.replace_typed(self._shown(recorded), typed_width)
        self.saving(waiting)
        if entry.hint:
            self.terminal.problem(f"{entry.hint} (/undo takes it back)")
        if isinstance(recorded, Assist) and not self._warned_assist:
            self.terminal.tell(
                self.terminal.paint("dim", "  From here on this session counts as assisted.")
            )
            self._warned_assist = True
        undid_assist = isinstance(recorded, Undone) and isinstance(recorded.item, Assist)
        if undid_assist and self.log.session.unassisted:
            self.terminal.tell(self.terminal.paint("dim", "  Unassisted again."))
            self._warned_assist = False
        return recorded.reason if isinstance(recorded, Ended) else None

    def saving(self, waiting: int) -> None:
        """Say when lines wait in memory because the disk refused them, and when they are saved."""
        unsaved = self.log.unsaved
        if unsaved:
            lines = f"{unsaved} line{'' if unsaved == 1 else 's'}"
            self.terminal.problem(
                f"not saved to {self.log.path.parent} ({self.log.problem}): {lines} kept in "
                "memory, written as soon as the disk takes them; each line you enter, or "
                "Enter alone, tries again"
            )
        elif waiting:
            lines = f"{waiting} line{'' if waiting == 1 else 's'}"
            self.terminal.tell(self.terminal.paint("dim", f"  Saved the {lines} kept in memory."))

    def _shown(self, recorded: Note | StepMark | Assist | Undone | Ended | None) -> str:
        look, session = self.terminal.look(), self.log.session
        if isinstance(recorded, Note):
            return drawing.note_line(recorded, look)
        if isinstance(recorded, StepMark):
            return drawing.step_line(recorded, session.steps, look)
        if isinstance(recorded, Assist):
            return drawing.assist_line(recorded, look)
        if isinstance(recorded, Undone):
            return drawing.undone_line(recorded.item, self.log.elapsed(), self.log.step, look)
        assert isinstance(recorded, Ended)
        return drawing.end_line(session.duration, recorded.reason, recorded.text, look)
