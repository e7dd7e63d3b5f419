"""The tester's ratings once the task is over: the SEQ, then the SUS if asked for.

At a terminal each question is asked and a bad answer asked again; piped, the answers are
the lines after `/done` or `/gaveup`, and a bad one is reported and left out.
"""

from __future__ import annotations

from harness.cli.prompt.console import Console, PromptOptions
from harness.session.log import SessionLog
from harness.session.questionnaires import (
    SEQ_QUESTION,
    SEQ_SCALE,
    SUS_ITEMS,
    SUS_SCALE,
    seq_answer,
    split_sus_line,
    sus_answer,
)


class Questions:
    """Asks (or reads) the ratings and records each through the log."""

    def __init__(self, log: SessionLog, terminal: Console) -> None:
        self.log, self.terminal = log, terminal

    @property
    def options(self) -> PromptOptions:
        return self.terminal.options

    def ask(self, reason: str) -> None:
        """The ratings for a session that ended for `reason`."""
        piped_answers = not self.options.interactive and reason in ("done", "gaveup")
        session, say, paint = self.log.session, self.terminal.say, self.terminal.paint
        if self.options.seq is not None:
            self.log.rate_seq(self.options.seq)
        elif session.seq is not None and self.options.interactive:
            say(paint("dim", f"SEQ already recorded: {session.seq}."))
        elif self.options.interactive:
            self._ask_seq()
        elif piped_answers:
            self._piped_seq()
        if self.options.sus:
            if session.sus is not None and self.options.interactive:
                say(paint("dim", f"SUS already recorded: {session.sus:g}."))
            elif self.options.interactive:
                self._ask_sus()
            elif piped_answers:
                self._piped_sus()
        if not self.options.interactive and reason in ("done", "gaveup"):
            extra = self.terminal.leftover_lines()
            if extra:
                self.terminal.stderr.write(
                    f"shoshin: ignored {extra} line{'s' if extra != 1 else ''} after the "
                    f"session ended (/{reason}).\n"
                )

    def _ask_seq(self) -> None:
        say, paint = self.terminal.say, self.terminal.paint
        say()
        say(paint("bold", f"Ask the tester: {SEQ_QUESTION}"))
        say(paint("dim", f"  {SEQ_SCALE}   (Enter to leave it out)"))
        while True:
            answer = self.terminal.read("SEQ › ")
            if answer is None or not answer.strip():
                say(paint("dim", "  No SEQ answer recorded."))
                return
            score = seq_answer(answer)
            if score is not None:
                self.log.rate_seq(score)
                return
            self.terminal.problem(
                "answer with a whole number from 1 to 7, or press Enter to leave it out"
            )

    def _piped_seq(self) -> None:
        answer = self.terminal.read()
        if answer is None or not answer.strip():
            return
        score = seq_answer(answer)
        if score is None:
            self.terminal.problem(
                f"the SEQ answer must be a whole number from 1 to 7, not {answer.strip()!r}; "
                "no SEQ recorded"
            )
            return
        self.log.rate_seq(score)

    def _ask_sus(self) -> None:
        say, paint = self.terminal.say, self.terminal.paint
        say()
        say(paint("bold", "System Usability Scale: read each statement to the tester."))
        say(paint("dim", f"  {SUS_SCALE}   (Enter on the first one leaves the SUS out)"))
        answers: list[int] = []
        for number, item in enumerate(SUS_ITEMS, start=1):
            say(f"  {number:>2}/10  {item}")
            while True:
                answer = self.terminal.read("  SUS › ")
                if answer is None or (not answer.strip() and not answers):
                    say(paint("dim", "  No SUS recorded."))
                    return
                value = sus_answer(answer)
                if value is not None:
                    answers.append(value)
                    break
                self.terminal.problem("answer with a whole number from 1 to 5")
        score = self.log.rate_sus(answers)
        say(f"  SUS score {score:g}")

    def _piped_sus(self) -> None:
        first = self.terminal.read()
        if first is None or not first.strip():
            return
        raw = split_sus_line(first)
        while len(raw) < len(SUS_ITEMS):
            line = self.terminal.read()
            if line is None:
                self.terminal.problem(f"the SUS needs ten answers, got {len(raw)}; no SUS recorded")
                return
            raw.append(line.strip())
        values = [sus_answer(r) for r in raw]
        if any(v is None for v in values):
            self.terminal.problem(
                "each SUS answer must be a whole number from 1 to 5; no SUS recorded"
            )
            return
        self.log.rate_sus([v for v in values if v is not None])
