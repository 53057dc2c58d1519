"""Every long job says where it stands: running, done, failed with the reason, stopped;
the next action replaces it. A second batch in a taken folder is explained first."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path
from typing import Any

from rich.console import Console
from textual.pilot import Pilot
from textual.widgets import Input, Static

from breachkit.services import Services
from breachkit.tui.app import BreachkitApp
from breachkit.tui.screens.workspace_keys import TABS
from breachkit.tui.widgets.letters_pane import LettersPane

SIZE = (100, 32)
KEY = {tab: str(number) for number, tab in enumerate(TABS, 1)}
AppFactory = Callable[..., BreachkitApp]
SUBJECTS = Path(__file__).parent.parent / "fixtures" / "subjects.csv"


async def settle(pilot: Pilot[Any]) -> None:
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def rendered(screen: Any, selector: str) -> str:
    console = Console(width=100, record=True, file=io.StringIO())
    console.print(screen.query_one(selector, Static).content)
    return console.export_text()


async def test_evidence_status_after_no_such_file_says_failed_then_done(
    app_factory: AppFactory, demo_id: str, tmp_path: Path
) -> None:
    log = tmp_path / "fw.log"
    log.write_text("deny all\n")
    app = app_factory(incident_id=demo_id)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("a", *"doesnotexist.log", "enter", "enter")
        await settle(pilot)
        status = rendered(app.screen, "#evidence-status")
        assert "✗ Failed:" in status and "no such file" in status
        assert "Hashing" not in status and "hashing" not in status
        assert app.focused is app.screen.query_one("#evidence-path")  # to correct it
        app.screen.query_one("#evidence-path", Input).value = str(log)
        await pilot.press("enter", "enter")
        await settle(pilot)
        status = rendered(app.screen, "#evidence-status")
        assert "✓ Done:" in status and "Failed" not in status
        assert "2 files held" in status


async def test_a_second_batch_in_a_taken_folder_is_explained_before_it_starts(
    app_factory: AppFactory, services: Services, demo_id: str, tmp_path: Path
) -> None:
    out = tmp_path / "letters"
    other = tmp_path / "others.csv"
    other.write_text(SUBJECTS.read_text(encoding="utf-8"), encoding="utf-8")
    app = app_factory(incident_id=demo_id)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press(KEY["letters"])
        await settle(pilot)
        app.screen.query_one("#letters-subjects", Input).value = str(SUBJECTS)
        app.screen.query_one("#letters-out", Input).value = str(out)
        await pilot.press("ctrl+r")
        await settle(pilot)
        assert "✓ Done:" in rendered(app.screen, "#letters-status")
        app.screen.query_one("#letters-subjects", Input).value = str(other)
        await pilot.press("ctrl+r")
        await settle(pilot)
        status = rendered(app.screen, "#letters-status")
        assert "not started" in status and "finished batch" in status
        assert "starting" not in str(app.screen.query_one("#letters-rate", Static).render())
        fresh = app.screen.query_one("#letters-out", Input).value
        assert fresh != str(out) and fresh in status.replace("\n", "")  # the way out
        assert not app.screen.query_one(LettersPane).running
        assert len(services.letter_batches(demo_id)) == 1
        await pilot.press("ctrl+r")  # into the new folder
        await settle(pilot)
        assert "✓ Done:" in rendered(app.screen, "#letters-status")
    assert len(services.letter_batches(demo_id)) == 2


async def test_a_refused_batch_says_failed_with_the_reason(
    app_factory: AppFactory, demo_id: str, tmp_path: Path
) -> None:
    app = app_factory(incident_id=demo_id)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press(KEY["letters"])
        await settle(pilot)
        app.screen.query_one("#letters-subjects", Input).value = str(tmp_path / "none.csv")
        app.screen.query_one("#letters-out", Input).value = str(tmp_path / "out")
        await pilot.press("ctrl+r")
        await settle(pilot)
        status = rendered(app.screen, "#letters-status")
        assert "✗ Failed:" in status
        assert "Writing the letters" not in status
        assert "starting" not in str(app.screen.query_one("#letters-rate", Static).render())
        assert not app.screen.query_one(LettersPane).running
