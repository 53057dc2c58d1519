"""Fixtures for the TUI: a database in tmp_path, a frozen clock, the app from its factory."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import Input

from breachkit.core.timesource import FixedClock
from breachkit.services import Services
from breachkit.tui.app import BreachkitApp, make_app

NOW = datetime(2026, 11, 19, 10, 30, tzinfo=UTC)
"""The instant every TUI test lives at (a Thursday; CET, +01:00 in Luxembourg)."""


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(NOW)


@pytest.fixture
def services(tmp_path: Path, clock: FixedClock) -> Services:
    return Services(tmp_path / "t.db", org_path=tmp_path / "none.toml", clock=clock, actor="tester")


@pytest.fixture
def demo_id(services: Services) -> str:
    return services.create_demo()


@pytest.fixture
def app_factory(services: Services, clock: FixedClock) -> Callable[..., BreachkitApp]:
    def factory(**overrides: Any) -> BreachkitApp:
        app = make_app(services, clock, tick=False, **overrides)
        # No sliding tab underline: the pilot waits for every animation to finish (~0.4 s
        # per tab switch); the screens end up the same.
        app.animation_level = "none"
        return app

    return factory


@pytest.fixture(autouse=True)
def no_cursor_blink(monkeypatch: pytest.MonkeyPatch) -> None:
    """Stable snapshots (harlequin's fix; private API: re-check on Textual upgrades)."""
    monkeypatch.setattr(Input, "_toggle_cursor", lambda _self: None)


@pytest.fixture(autouse=True)
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Exports default to folders under ``~``: a home of its own for each test."""
    path = tmp_path / "home"
    path.mkdir()
    monkeypatch.setenv("HOME", str(path))
    return path
