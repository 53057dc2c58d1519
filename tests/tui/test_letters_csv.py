"""The Letters tab reads a spreadsheet's CSV (``;``, Windows-1252) and says how."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

from rich.console import Console
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widgets import Input, Static

from breachkit.tui.app import BreachkitApp
from breachkit.tui.screens.workspace_keys import TABS
from breachkit.tui.widgets.fit_table import FitTable

SIZE = (100, 32)


async def settle(pilot: Pilot[None]) -> None:
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def open_tab(pilot: Pilot[None], tab: str) -> None:
    await pilot.press(str(TABS.index(tab) + 1))
    await settle(pilot)


def rendered(screen: Screen[object], selector: str, width: int) -> str:
    console = Console(width=width, record=True, file=io.StringIO())
    console.print(screen.query_one(selector, Static).content)
    return console.export_text()


async def test_letters_pane_reads_an_excel_csv_and_says_how(
    app_factory: Callable[..., BreachkitApp], demo_id: str, tmp_path: Path
) -> None:
    subjects = tmp_path / "personnes.csv"
    subjects.write_bytes(
        "name;email;language\r\nJosé Müller;jose@example.org;fr\r\nÅse;ase@example.org;fr\r\n"
        .encode("cp1252")
    )  # fmt: skip
    app = app_factory(incident_id=demo_id)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await open_tab(pilot, "letters")
        await pilot.press("o")
        app.screen.query_one("#letters-subjects", Input).value = str(subjects)
        await pilot.press("enter")
        await settle(pilot)
        status = rendered(app.screen, "#letters-status", width=200)
        assert "2 rows: each gets a letter (fr 2)" in status
        assert "read as Windows-1252, ';'-separated" in status
        table = app.screen.query_one("#letters-rows", FitTable)
        assert "José Müller" in str(table.get_cell("2", "person"))
