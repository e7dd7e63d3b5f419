"""The observer's prompt: one typed line, one event on disk, back to the prompt.

It reads plain lines, so it works the same on a terminal and with piped input. On a
terminal it shows the steps, puts the elapsed time and current step in the prompt,
turns each entered line into a stamped, coloured log line, and asks the tester's
ratings at the end. Piped, it says nothing but problems (on stderr) and the file path;
the SEQ answer is then the line after `/done` or `/gaveup`, and with `--sus` the ten SUS
answers follow it (one a line, or all ten on one line).

The streams are parameters, so tests can drive it in-process; `input()` (with line
editing) is used only when they are the process's own terminal.

Parts: `terminal` (reading lines, writing to the screen), `drawing` (what is shown, as
strings), `commands` (what each typed line does), `questions` (the ratings), `clock`
(the live prompt while input() waits), `observer` (one session, start to end).
"""

from __future__ import annotations

from harness.cli.prompt.console import PromptOptions
from harness.cli.prompt.drawing import count
from harness.cli.prompt.observer import ObserverPrompt

__all__ = ["ObserverPrompt", "PromptOptions", "count"]
