"""Fit: at 80×24 and 120×40 no time, deadline or status is cut.

Snapshots at both sizes of the board and each workspace tab, and of each dialog at
80×24 (the narrowest the cockpit supports); checks that the texts that used to be cut
(the board's due time and zone, the Notify tab's filing channel) are whole.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Static

from breachkit.services import Services
from breachkit.tui.app import BreachkitApp
from breachkit.tui.display import CLOCK_LABELS
from breachkit.tui.screens.board import DEADLINE_WIDTH
from breachkit.tui.screens.workspace_keys import TABS

AppFactory = Callable[..., BreachkitApp]
SIZES = {"80x24": (80, 24), "120x40": (120, 40)}
KEY = {tab: str(number) for number, tab in enumerate(TABS, 1)}
DIALOGS = {
    "edit_fact": ("enter",),
    "step_done": (KEY["playbook"], "d"),
    "filing": (KEY["clocks"], "f"),
    "confirm": (KEY["risk"], "c"),
    "override": (KEY["risk"], "o"),
    "export_draft": (KEY["notify"], "x"),
    "lesson": (KEY["review"], "n"),
    "action": (KEY["review"], "A"),
    "contained": (KEY["review"], "m"),
    "report": (KEY["review"], "x"),
}


def before(*keys: str) -> Callable[[Pilot[Any]], Awaitable[None]]:
    """Settle workers, press ``keys``, settle again (as in test_snapshots)."""

    async def run(pilot: Pilot[Any]) -> None:
        await pilot.pause()
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        for key in keys:
            await pilot.press(key)
            await pilot.pause()
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()

    return run


def test_every_clock_label_with_a_due_time_and_zone_fits_the_board() -> None:
    longest = max(len(label) for label in CLOCK_LABELS.values())
    assert longest + len(" · 20 Nov 08:30 CEST") <= DEADLINE_WIDTH


@pytest.mark.usefixtures("demo_id")
@pytest.mark.parametrize("size", SIZES)
def test_board_fits(snap_compare: Any, app_factory: AppFactory, size: str) -> None:
    assert snap_compare(app_factory(), run_before=before(), terminal_size=SIZES[size])


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("tab", TABS)
def test_tab_fits(
    snap_compare: Any, app_factory: AppFactory, demo_id: str, tab: str, size: str
) -> None:
    app = app_factory(incident_id=demo_id)
    assert snap_compare(app, run_before=before(KEY[tab]), terminal_size=SIZES[size])


@pytest.mark.parametrize("dialog", DIALOGS)
def test_dialog_fits(snap_compare: Any, app_factory: AppFactory, demo_id: str, dialog: str) -> None:
    app = app_factory(incident_id=demo_id)
    assert snap_compare(app, run_before=before(*DIALOGS[dialog]), terminal_size=SIZES["80x24"])


async def test_the_filing_channel_is_never_cut(app_factory: AppFactory, demo_id: str) -> None:
    app = app_factory(incident_id=demo_id)
    async with app.run_test(size=SIZES["80x24"]) as pilot:
        await before(KEY["notify"])(pilot)
        banner = app.screen.query_one("#notify-banner", Static)
        lines = [banner.render_line(y).text for y in range(banner.size.height)]
        shown = " ".join(" ".join(lines).split())
        assert "electronic portal · then f records the filing" in shown  # wrapped, not cut
        assert "…" not in shown


def test_a_clock_overdue_by_weeks_fits_its_column() -> None:
    """The Clocks tab gives a day or more to the minute, so 'overdue 99d 23:59' is whole
    at 80 columns (it was cut after 'overdue 1d 18:10:')."""
    from datetime import timedelta

    from breachkit.tui.display import countdown_phrase
    from breachkit.tui.widgets.clocks_pane import ClockTable

    width = next(c.width for c in ClockTable.COLUMNS if c.key == "left")
    assert width is not None
    longest = countdown_phrase(-timedelta(days=99, hours=23, minutes=59, seconds=59), short=True)
    assert longest == "overdue 99d 23:59" and len(longest) + 1 <= width
    assert countdown_phrase(timedelta(hours=5, seconds=3), short=True) == "05:00:03 left"


PROFILE = """\
[organisation]
name = "Alzette Managed IT S.A."
country = "LU"
languages = ["fr", "en"]
sector = "managed ICT services"
[dpo]
name = "Claire Weber"
[authority]
lead = "cnpd"
[text.fr]
sector = "services informatiques infogérés"
"""


@pytest.mark.parametrize("size", SIZES)
def test_profile_form_fits(
    snap_compare: Any, app_factory: AppFactory, services: Services, size: str
) -> None:
    """The profile form, scrolled to the sector and DPO title in other languages."""
    services.org_path.write_text(PROFILE, encoding="utf-8")

    async def run(pilot: Pilot[Any]) -> None:
        await before("f2")(pilot)
        pilot.app.screen.query_one("#org-text-fr-sector").focus()
        await pilot.pause()

    assert snap_compare(app_factory(), run_before=run, terminal_size=SIZES[size])
