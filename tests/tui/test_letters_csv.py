"""The Letters tab reads a spreadsheet's CSV (``;``, Windows-1252) and says how."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from textual.widgets import Input

from breachkit.tui.app import BreachkitApp
from breachkit.tui.widgets.fit_table import FitTable
from tests.tui.test_notify_review import SIZE, open_tab, rendered, settle


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
