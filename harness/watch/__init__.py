"""The tester's browser, watched: what a tester or a scenario's author does in a browser
shoshin opens, recorded as session events (`shoshin observe --browser`) or written as a
scenario (`shoshin record`)."""
