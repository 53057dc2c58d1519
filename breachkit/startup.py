"""The ``breachkit`` command's start: fewer garbage collections while it starts.

A command's start makes some 40,000 objects that live until it exits (modules, classes,
functions; issue 19 measured 40-50 young collections, 5-10 ms of a 100 ms start, that
found no garbage). :func:`collect_less` raises the young generation's threshold so that
a short command collects rarely or never; garbage still is collected, in larger steps
(at most :data:`YOUNG` objects wait). The cockpit (Textual), a long-lived interactive
program, goes back to Python's thresholds with :func:`collect_as_usual` before it runs.

Standard library only and imported first (before click), so that it also covers the
imports it is about.
"""

from __future__ import annotations

import gc

PYTHON_THRESHOLDS = gc.get_threshold()
"""The interpreter's thresholds as the process started (700, 10, 10 by default)."""
YOUNG = 50_000
"""Young objects allowed between two collections while breachkit runs a command."""


def collect_less() -> None:
    gc.set_threshold(YOUNG, *PYTHON_THRESHOLDS[1:])


def collect_as_usual() -> None:
    gc.set_threshold(*PYTHON_THRESHOLDS)
