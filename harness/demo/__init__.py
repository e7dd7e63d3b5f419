"""Pebble: the small demo product that shoshin serves for its examples and tests."""

from __future__ import annotations

from harness.demo.server import DemoServer

__all__ = ["DemoServer"]
