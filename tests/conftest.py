"""Shared fixtures: a fixed clock, a private database, no discovery of the user's files."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from breachkit.core.timesource import FixedClock
from breachkit.services import Services

FROZEN = datetime(2026, 11, 19, 12, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _isolated_environment(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Tests never read or write the developer's own breachkit files."""
    home = tmp_path_factory.mktemp("home")
    for var in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME"):
        monkeypatch.setenv(var, str(home / var.lower()))
    monkeypatch.delenv("BREACHKIT_DB", raising=False)
    monkeypatch.delenv("BREACHKIT_ORG", raising=False)


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(FROZEN)


@pytest.fixture
def services(tmp_path: Path, clock: FixedClock) -> Iterator[Services]:
    svc = Services(
        tmp_path / "bk.db", org_path=tmp_path / "organisation.toml", clock=clock, actor="tester"
    )
    yield svc
    svc.close()


MINIMAL_INCIDENT = """\
title = "Laptop stolen from a car"
timezone = "Europe/Luxembourg"
aware_at = "2026-11-19T11:30:00+01:00"
"""


@pytest.fixture
def incident_file(tmp_path: Path) -> Path:
    path = tmp_path / "incident.toml"
    path.write_text(MINIMAL_INCIDENT, encoding="utf-8")
    return path
