"""The screen audited for accessibility by axe-core (`axe-playwright-python`, which bundles it).

The only module that calls axe. It runs after a step, outside the step's clock. Each offending
element is named as a newcomer would meet it (role and name, or its words), never by CSS, and
measured where it is on the page (the step screenshot's pixels) at audit time.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from axe_playwright_python.sync_playwright import Axe

if TYPE_CHECKING:
    from playwright.sync_api import Page

# axe's own options: only violations (not passes, incomplete, inapplicable: far smaller).
OPTIONS = {"resultTypes": ["violations"]}
# How many offending elements of one rule are named and outlined per step.
MAX_TARGETS = 3

_AXE: Axe | None = None
HAS_AXE = "(version) => !!(window.axe && window.axe.version === version && window.axe.run)"
RUN_AXE = "(options) => axe.run(document, options)"

# For each CSS selector axe gave, the element's role and accessible words, and its page box.
NAME_SCRIPT = """
(selectors) => selectors.map((sel) => {
  let el = null;
  try { el = document.querySelector(sel); } catch (e) { el = null; }
  if (!el) return null;
  const words = (s) => (s || '').replace(/\\s+/g, ' ').trim();
  const tag = el.tagName.toLowerCase();
  const type = (el.getAttribute('type') || '').toLowerCase();
  const roles = {a: 'link', button: 'button', img: 'image', select: 'list box',
    textarea: 'text field', h1: 'heading', h2: 'heading', h3: 'heading', h4: 'heading',
    nav: 'navigation', main: 'main', form: 'form', html: 'page', iframe: 'frame',
    li: 'list item', ul: 'list', ol: 'list', table: 'table', label: 'label'};
  let role = el.getAttribute('role') || roles[tag] || '';
  if (tag === 'input') {
    role = {checkbox: 'checkbox', radio: 'radio button', submit: 'button', button: 'button',
      image: 'image button', range: 'slider'}[type] || 'text field';
  }
  let name = words(el.getAttribute('aria-label'));
  if (!name && el.labels && el.labels.length) name = words(el.labels[0].innerText);
  if (!name) name = words(el.getAttribute('alt') || el.getAttribute('title'));
  if (!name && tag !== 'html' && tag !== 'body') name = words(el.innerText);
  if (!name) name = words(el.getAttribute('placeholder'));
  const src = el.getAttribute('src') || '';
  if (!name && tag === 'img' && !src.startsWith('data:')) name = words(src.split('/').pop());
  if (!name && (tag === 'input' || tag === 'img')) name = 'with no name';
  if (name.length > 60) name = name.slice(0, 57) + '...';
  const r = el.getBoundingClientRect();
  const box = r.width > 0 && r.height > 0
    ? {x: r.left + scrollX, y: r.top + scrollY, width: r.width, height: r.height} : null;
  return {role: role, name: name, box: box};
})
"""


@dataclass(frozen=True)
class Offender:
    """One offending element: axe's selector (identity only, never shown), how a newcomer
    names it, and its box on the page."""

    selector: str
    named: str
    box: dict[str, float] | None


@dataclass(frozen=True)
class Finding:
    """One axe rule broken on the screen, with every element that breaks it."""

    rule: str
    impact: str
    help: str
    tags: tuple[str, ...]
    offenders: tuple[Offender, ...] = field(default_factory=tuple)


def _axe() -> Axe:
    global _AXE
    if _AXE is None:
        _AXE = Axe()
    return _AXE


def audit(page: Page) -> list[Finding]:
    """The axe-core violations on the page as it is now. Raises what Playwright raises.

    The binding injects axe-core into the document, then runs it; a document that has it
    already (a single-page app, after its first step) is audited without injecting it again,
    which saves about half an audit's time."""
    axe = _axe()
    if page.evaluate(HAS_AXE, _version(axe.axe_script)):
        response: Any = page.evaluate(RUN_AXE, OPTIONS)
    else:
        response = axe.run(page, options=OPTIONS).response
    violations = (response.get("violations") if isinstance(response, dict) else None) or []
    found: list[tuple[dict[str, Any], list[str]]] = []
    selectors: list[str] = []
    for violation in violations:
        targets = [_selector(node.get("target")) for node in violation.get("nodes") or []]
        found.append((violation, targets))
        selectors.extend(targets)
    named = page.evaluate(NAME_SCRIPT, selectors) if selectors else []
    seen = dict(zip(selectors, named, strict=True))
    return [
        Finding(
            rule=str(violation.get("id", "")),
            impact=str(violation.get("impact") or "minor"),
            help=str(violation.get("help", "")),
            tags=tuple(str(t) for t in violation.get("tags") or () if _wcag(str(t))),
            offenders=tuple(_offender(sel, seen.get(sel)) for sel in targets),
        )
        for violation, targets in found
    ]


def _version(script: str) -> str:
    """The bundled axe-core's version, from its banner (`/*! axe v4.8.2 ...`)."""
    found = re.search(r"axe v(\d+\.\d+\.\d+)", script[:400])
    return found.group(1) if found else "unknown"


def _wcag(tag: str) -> bool:
    return tag.startswith("wcag") or tag in ("best-practice", "section508")


def _selector(target: Any) -> str:
    """axe's target: a CSS selector, or a list of them (through iframes / shadow roots)."""
    if isinstance(target, list):
        return " ".join(str(_selector(t)) for t in target)
    return str(target or "")


def _offender(selector: str, seen: Any) -> Offender:
    if not isinstance(seen, dict):
        return Offender(selector, "an element", None)
    role, name = str(seen.get("role") or ""), str(seen.get("name") or "")
    quoted = f"“{name}”" if name else ""
    named = f"{role} {quoted}" if role and name else (role or quoted)
    box = seen.get("box")
    return Offender(selector, named or "an element", box if isinstance(box, dict) else None)
