"""The accessibility audit after each step (axe-core, `harness.browser.a11y`), new findings only.

Harness work: it runs after the step's clock stopped, so it is never part of a step's time.
A rule broken by an element already reported earlier in the scenario is not reported again:
a single-page app's header does not fill every step with the same violation.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from harness.browser import a11y
from harness.record.model import A11yTarget, A11yViolation
from harness.run.redaction import Redactor

if TYPE_CHECKING:
    from playwright.sync_api import Page


class A11yAudit:
    """One scenario's audits: what it already reported, and how long auditing took."""

    def __init__(self) -> None:
        self.reported: set[tuple[str, str]] = set()  # (rule, axe's selector)
        self.spent_ms: list[int] = []  # each audit's own time, for measuring its cost

    def after_step(self, page: Page, redactor: Redactor) -> list[A11yViolation] | None:
        """The violations new on the screen now; None when the page could not be audited
        (it closed, or the browser went away): that is no finding, and no harness error."""
        began = time.monotonic()
        try:
            findings = a11y.audit(page)
        except Exception:
            return None
        finally:
            self.spent_ms.append(round((time.monotonic() - began) * 1000))
        return [redactor.tree(v) for v in self.new_only(findings)]

    def new_only(self, findings: list[a11y.Finding]) -> list[A11yViolation]:
        """The findings' elements not reported before, as the record keeps them."""
        violations: list[A11yViolation] = []
        for finding in findings:
            fresh = [
                o for o in finding.offenders if (finding.rule, o.selector) not in self.reported
            ]
            if not fresh:
                continue
            self.reported.update((finding.rule, o.selector) for o in fresh)
            violations.append(
                A11yViolation(
                    rule=finding.rule,
                    impact=finding.impact,
                    help=finding.help,
                    tags=list(finding.tags),
                    nodes=len(fresh),
                    targets=[A11yTarget(o.named, o.box) for o in fresh[: a11y.MAX_TARGETS]],
                )
            )
        return violations
