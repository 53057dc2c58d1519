"""Fixtures for the TUI: a database in tmp_path, a frozen clock, the app from its factory."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import Input

from breachkit.core.clock import FixedClock
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
        return make_app(services, clock, tick=False, **overrides)

    return factory


@pytest.fixture(autouse=True)
def no_cursor_blink(monkeypatch: pytest.MonkeyPatch) -> None:
    """Stable snapshots (harlequin's fix; private API: re-check on Textual upgrades)."""
    monkeypatch.setattr(Input, "_toggle_cursor", lambda _self: None)
