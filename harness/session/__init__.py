"""Observer sessions: the model, the JSONL file, the marks language, questionnaires, figures."""
