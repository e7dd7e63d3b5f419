"""Scenarios: the YAML model, loading with file:line errors, and lint."""
