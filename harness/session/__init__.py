"""Observer sessions: the JSONL log, reading it back, figures, CSV import."""
