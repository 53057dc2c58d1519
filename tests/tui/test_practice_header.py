"""The cockpit on the practice database says PRACTICE in every header."""

from __future__ import annotations

from collections.abc import Callable

from textual.widgets import Header

from breachkit.tui.app import BreachkitApp
from breachkit.tui.screens.workspace import WorkspaceScreen

SIZE = (100, 30)


def header_text(app: BreachkitApp) -> str:
    header = app.screen.query_one(Header)
    return " ".join(str(child.render()) for child in header.children)


async def test_practice_says_so_on_the_board_and_the_workspace(
    app_factory: Callable[..., BreachkitApp], demo_id: str
) -> None:
    app = app_factory(practice=True, incident_id=demo_id)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, WorkspaceScreen)
        assert "PRACTICE" in header_text(app)
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, WorkspaceScreen)
        assert "PRACTICE" in header_text(app)


async def test_the_register_does_not_say_practice(
    app_factory: Callable[..., BreachkitApp],
) -> None:
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert "PRACTICE" not in header_text(app)
