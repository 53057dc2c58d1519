"""The board under hostile data: a broken incident is listed as broken and never hides the
others; a title with escape sequences reaches the screen as visible symbols."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable

from breachkit.core.incident.parse import parse_incident_text
from breachkit.services import Services
from breachkit.tui.app import BreachkitApp
from breachkit.tui.screens.board import BoardScreen, IncidentTable

AppFactory = Callable[..., BreachkitApp]
TITLE = "Pwned\x1b]0;owned\x07\x1b[2J"


def _damage(services: Services, incident_id: str) -> None:
    """What an older breachkit let in: a far date and an escape in the title."""
    conn = sqlite3.connect(services.db_path)
    facts = json.loads(
        conn.execute("SELECT facts FROM incidents WHERE id = ?", [incident_id]).fetchone()[0]
    )
    facts["aware_at"] = "9999-12-31T22:59:00+00:00"
    facts["title"] = TITLE
    conn.execute(
        "UPDATE incidents SET facts = ?, title = ? WHERE id = ?",
        [json.dumps(facts), TITLE, incident_id],
    )
    conn.commit()
    conn.close()


async def test_a_broken_incident_is_shown_broken_and_the_others_still_show(
    app_factory: AppFactory, services: Services, demo_id: str
) -> None:
    other = services.create_incident(
        parse_incident_text(
            'title = "Misdirected e-mail"\ntimezone = "Europe/Paris"\n'
            'aware_at = "2026-11-19T09:00"\n',
            "x.toml",
        )
    )
    _damage(services, demo_id)
    app = app_factory()
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, BoardScreen)
        table = app.screen.query_one(IncidentTable)
        assert table.row_count == 2
        assert "Misdirected e-mail" in str(table.get_cell(other, "title"))
        assert "left" in str(table.get_cell(other, "deadline"))
        broken = str(table.get_cell(demo_id, "title"))
        assert "BROKEN" in broken and "1970 to 2100" in broken
        assert "\x1b" not in broken and "␛" in broken
        assert "broken" in str(table.get_cell(demo_id, "deadline"))


async def test_a_notification_never_carries_a_raw_escape(app_factory: AppFactory) -> None:
    app = app_factory()
    async with app.run_test(size=(100, 32)) as pilot:
        app.notify(f"Logged: {TITLE}", title="x\x1b]0;t\x07", markup=False)
        await pilot.pause()
        [shown] = list(app._notifications)
        assert "\x1b" not in shown.message + shown.title and "␛" in shown.message
