"""Pure analysis: signals, dead ends, comparisons, history. No browser, no rendering."""
