"""What CI reads of a run: the gate (exit code), JUnit XML and a Markdown summary."""
