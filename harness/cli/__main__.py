"""`python -m harness.cli`: the same as the `shoshin` command."""

from harness.cli.app import main

main()
