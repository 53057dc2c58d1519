"""Typed access to the running app's dependencies from any widget or screen."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from textual.dom import DOMNode

if TYPE_CHECKING:
    from breachkit.tui.app import BreachkitApp


def app_of(node: DOMNode) -> BreachkitApp:
    """The :class:`~breachkit.tui.app.BreachkitApp` that ``node`` runs in."""
    return cast("BreachkitApp", node.app)
