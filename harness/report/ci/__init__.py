"""CI outputs: the exit-code gate, JUnit XML and the Markdown summary."""
