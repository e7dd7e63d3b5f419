"""The `shoshin` command line (typer): run, observe, report, compare."""
