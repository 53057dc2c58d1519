"""The Controllers pane of a processor's incident: load the file, each controller's clock,
notices written in a worker, sent and acknowledged recorded; the board's count."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import DataTable, Input, Static

from breachkit.services import Services
from breachkit.tui.app import BreachkitApp
from breachkit.tui.widgets.controllers_pane import ControllersPane
from tests.controllers.conftest import CONTROLLERS, INCIDENT, PROFILE

SIZE = (110, 48)
AppFactory = Callable[..., BreachkitApp]


async def settle(pilot: Pilot[Any]) -> None:
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


@pytest.fixture
def processor_incident(services: Services, tmp_path: Path) -> tuple[str, Path]:
    services.org_path.write_text(PROFILE, encoding="utf-8")
    source = tmp_path / "incident.toml"
    source.write_text(INCIDENT, encoding="utf-8")
    incident, _ = services.create_from_file(source)
    path = tmp_path / "controllers.csv"
    path.write_text(CONTROLLERS, encoding="utf-8")
    return incident, path


async def test_the_pane_loads_writes_and_records(
    app_factory: AppFactory,
    services: Services,
    processor_incident: tuple[str, Path],
    tmp_path: Path,
) -> None:
    incident, path = processor_incident
    app = app_factory(incident_id=incident)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("4")  # the Clocks tab
        await settle(pilot)
        pane = app.screen.query_one(ControllersPane)
        summary = app.screen.query_one("#controllers-summary", Static)
        assert "No controllers yet" in str(summary.content)
        app.screen.query_one("#controllers-file", Input).value = str(path)
        pane.load()
        await settle(pilot)
        table = app.screen.query_one("#controllers-table", DataTable)
        assert table.row_count == 5
        assert "0/5 controllers told" in str(summary.content)
        app.screen.query_one("#controllers-out", Input).value = str(tmp_path / "notices")
        pane.write()
        await settle(pilot)
        await settle(pilot)
        assert not pane.running
        assert len(list((tmp_path / "notices" / "pdf").iterdir())) == 5
        table.move_cursor(row=1)
        pane.record_sent()
        await settle(pilot)
        pane.record_acknowledged()
        await settle(pilot)
        assert "1/5 controllers told · 1 acknowledged" in str(summary.content)
    board = services.controller_board(incident)
    assert board.clocks[1].notified_at is not None
    assert board.clocks[1].acknowledged_at is not None
    (summary_row,) = services.incidents()
    assert summary_row.controllers_told == "1/5 controllers told"


async def test_a_controller_incident_has_no_controllers_pane(
    app_factory: AppFactory, demo_id: str
) -> None:
    app = app_factory(incident_id=demo_id)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert not app.screen.query(ControllersPane)
