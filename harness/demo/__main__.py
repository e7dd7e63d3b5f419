"""`python -m harness.demo [--port N]`: serve Pebble until interrupted."""

from __future__ import annotations

from harness.demo.server import main

if __name__ == "__main__":
    main()
