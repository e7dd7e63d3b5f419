"""The run record: `run.json`, its model and its files."""
