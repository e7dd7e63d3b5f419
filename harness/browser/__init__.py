"""Everything that imports Playwright: Chromium, targets, page listeners, screen reading."""
