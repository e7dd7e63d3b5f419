"""Walking scenarios: configuration, events, the runner and the step-by-step walk."""
