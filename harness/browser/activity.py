"""Whether the product worked while the harness did its own work mid-step.

A window the step clock leaves out (the screenshot before the step's last action, the
screen read with it) may only be left out when the product was idle all through it:
no navigation, no request in flight, no DOM change, no finite animation running. Else
the newcomer would have been waiting on the product then too, and the window counts.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from playwright.sync_api import Frame, Page, Request

# Installs (once per document) a MutationObserver counting every change, and answers
# the count so far and whether a finite animation or transition is running.
_PROBE_SCRIPT = """
() => {
  let watch = window.__shoshinMutations;
  if (!watch) {
    watch = window.__shoshinMutations = { count: 0 };
    // Playwright's own overlay (the mask over secret fields in a screenshot) is not the product.
    const ours = node => node.nodeName === 'X-PW-GLASS';
    watch.product = records => records.filter(r =>
      !ours(r.target) && ![...r.addedNodes, ...r.removedNodes].some(ours)).length;
    watch.observer = new MutationObserver(records => { watch.count += watch.product(records); });
    watch.observer.observe(document, {
      subtree: true, childList: true, attributes: true, characterData: true,
    });
  }
  watch.count += watch.product(watch.observer.takeRecords());
  const animating = document.getAnimations().some(a =>
    a.playState === 'running' && a.effect &&
    a.effect.getComputedTiming().endTime !== Infinity);
  return [watch.count, animating];
}
"""


class ProductActivity:
    """Listens to one page for a whole scenario: navigations and requests in flight."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.in_flight: set[Request] = set()
        self.events = 0  # navigations and requests started, ever
        page.on("request", self._on_request)
        page.on("requestfinished", self._on_request_done)
        page.on("requestfailed", self._on_request_done)
        page.on("framenavigated", self._on_navigated)

    def window(self) -> ActivityWindow:
        """Start watching a window of harness work; ask `busy()` at its end."""
        return ActivityWindow(self)

    def _on_request(self, request: Request) -> None:
        self.in_flight.add(request)
        self.events += 1

    def _on_request_done(self, request: Request) -> None:
        self.in_flight.discard(request)

    def _on_navigated(self, frame: Frame) -> None:
        self.events += 1

    def probe(self) -> tuple[int, bool] | None:
        """The page's DOM change count and whether it animates; None when it cannot say."""
        try:
            count, animating = self.page.evaluate(_PROBE_SCRIPT)
        except Exception:  # navigating, closed, crashed: not idle
            return None
        return int(count), bool(animating)


class ActivityWindow:
    def __init__(self, activity: ProductActivity) -> None:
        self.activity = activity
        self.probe = activity.probe()  # first: lets Playwright deliver the events so far
        self.started_with_requests = bool(activity.in_flight)
        self.events = activity.events

    def busy(self) -> bool:
        """Whether the product did anything between the window's start and now."""
        end = self.activity.probe()  # also lets Playwright deliver the events so far
        if self.probe is None or end is None:
            return True
        return (
            self.started_with_requests
            or self.activity.events != self.events
            or bool(self.activity.in_flight)
            or end[0] != self.probe[0]
            or self.probe[1]
            or end[1]
        )
