"""Pilot tests: a responder's flows, asserted on the database and on the screens."""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from rich.console import Console
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widgets import DataTable, Input, Select, Static, TextArea

from breachkit.core.clocks.engine import ClockState
from breachkit.core.times import TimeValueError, parse_instant
from breachkit.core.timesource import FixedClock
from breachkit.services import Services
from breachkit.tui.app import BreachkitApp
from breachkit.tui.modals.edit_fact import EditFactModal
from breachkit.tui.modals.filing import FilingModal
from breachkit.tui.screens.board import BoardScreen, IncidentTable
from breachkit.tui.screens.help import HelpScreen
from breachkit.tui.screens.wizard import WizardScreen
from breachkit.tui.screens.workspace import WorkspaceScreen
from breachkit.tui.screens.workspace_keys import TABS
from breachkit.tui.widgets.fact_field import FactField
from breachkit.tui.widgets.timeline import TimelinePane, TimelineTable

SIZE = (100, 32)
KEY = {tab: str(number) for number, tab in enumerate(TABS, 1)}
"""The key that shows a workspace tab (1 is the first tab)."""
AppFactory = Callable[..., BreachkitApp]


async def settle(pilot: Pilot[Any]) -> None:
    """Let workers finish and their messages land."""
    app = pilot.app
    await pilot.pause()
    await app.workers.wait_for_complete()
    await pilot.pause()


def field(screen: Screen[Any], key: str) -> FactField:
    return next(f for f in screen.query(FactField) if f.spec.key == key)


# -- board -----------------------------------------------------------------------------


async def test_board_lists_incidents_with_nearest_deadline(
    app_factory: AppFactory, demo_id: str
) -> None:
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, BoardScreen)
        table = app.screen.query_one(IncidentTable)
        assert table.row_count == 1
        deadline = str(table.get_cell(demo_id, "deadline"))
        assert "1d 22:00:00 left" in deadline and "Art. 33" in deadline
        assert "Ransomware on file server FS01" in str(table.get_cell(demo_id, "title"))


async def test_board_countdown_ticks_with_the_clock(
    app_factory: AppFactory, clock: FixedClock, demo_id: str
) -> None:
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        table = app.screen.query_one(IncidentTable)
        clock.advance(timedelta(hours=47, seconds=5))
        app._tick()  # what the 1-second interval does
        await pilot.pause()
        assert "overdue 01:00:05" in str(table.get_cell(demo_id, "deadline"))
        summary = str(app.screen.query_one("#board-summary", Static).render())
        assert "1 overdue" in summary


async def test_empty_board_says_what_to_do(app_factory: AppFactory) -> None:
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.screen.has_class("-empty")
        assert "Press n" in str(app.screen.query_one("#board-empty", Static).render())


async def test_enter_opens_the_workspace_and_escape_returns(
    app_factory: AppFactory, demo_id: str
) -> None:
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, WorkspaceScreen)
        assert app.screen.view.id == demo_id
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, BoardScreen)


# -- wizard ----------------------------------------------------------------------------


async def test_wizard_creates_an_incident(app_factory: AppFactory, services: Services) -> None:
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        assert isinstance(app.screen, WizardScreen)
        await pilot.press(*"Lost laptop with payroll export")
        zone = field(app.screen, "timezone").control
        assert isinstance(zone, Input)
        zone.value = "Europe/Paris"
        await pilot.press("pagedown")  # -> When
        await pilot.pause()
        aware = field(app.screen, "aware_at")
        assert aware.raw() == "2026-11-19T11:30"  # now, in the zone just chosen
        await pilot.press("pagedown")  # -> Breach
        await pilot.pause()
        cause = field(app.screen, "breach.cause").control
        assert isinstance(cause, Select)
        cause.value = "lost_or_stolen"
        await pilot.press("pagedown")  # -> Data
        await pilot.pause()
        countries = field(app.screen, "data.countries").control
        assert isinstance(countries, Input)
        countries.value = "FR, BE"
        await pilot.press("pagedown")  # -> Create
        await pilot.pause()
        review = str(app.screen.query_one("#wizard-review", Static).render())
        assert "Ready to create" in review and "2026-11-19 11:30 CET (+01:00)" in review
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, WorkspaceScreen)
    [incident] = services.incidents()
    assert incident.title == "Lost laptop with payroll export"
    view = services.incident(incident.id)
    assert view.facts.timezone == "Europe/Paris"
    assert view.facts.breach.cause == "lost_or_stolen"
    assert view.facts.data.countries == ("FR", "BE")


async def test_wizard_says_why_a_time_is_wrong_in_the_core_words(
    app_factory: AppFactory, services: Services
) -> None:
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await pilot.press(*"Phishing")
        await pilot.press("pagedown")
        await pilot.pause()
        aware = field(app.screen, "aware_at")
        control = aware.control
        assert isinstance(control, Input)
        control.value = "2026-03-29T02:30"  # does not exist: clocks jump forward in Europe
        zone = field(app.screen, "timezone").control
        assert isinstance(zone, Input)
        zone.value = "Europe/Luxembourg"
        control.value = "2026-03-29T02:30 "
        await pilot.pause()
        problem = str(aware.query_one(".fact-problem", Static).render())
        with pytest.raises(TimeValueError) as core:
            from zoneinfo import ZoneInfo

            parse_instant("2026-03-29T02:30 ", ZoneInfo("Europe/Luxembourg"))
        assert str(core.value) in problem
        await pilot.press("pagedown")  # refused: the step has a problem
        await pilot.pause()
        assert isinstance(app.screen, WizardScreen) and app.screen.step == 1
        await pilot.press("ctrl+s")  # refused too, nothing written
        await pilot.pause()
        assert isinstance(app.screen, WizardScreen)
    assert services.incidents() == []


async def test_wizard_enter_moves_on(app_factory: AppFactory) -> None:
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("n", *"Phishing", "enter")
        assert app.focused is field(app.screen, "summary").control
        field(app.screen, "timezone").focus_control()
        await pilot.press("enter")  # the step's last field: on to the next step
        await pilot.pause()
        assert isinstance(app.screen, WizardScreen) and app.screen.step == 1
        assert app.focused is field(app.screen, "aware_at").control


async def test_wizard_escape_creates_nothing(app_factory: AppFactory, services: Services) -> None:
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("n", *"abc", "escape")  # something typed: it asks first
        await settle(pilot)
        await pilot.click("#discard")
        await settle(pilot)
        assert isinstance(app.screen, BoardScreen)
        assert app.wizard_draft is None
    assert services.incidents() == []


# -- workspace: timeline ---------------------------------------------------------------


async def test_quick_log_records_in_two_keystrokes(
    app_factory: AppFactory, services: Services, demo_id: str
) -> None:
    app = app_factory(incident_id=demo_id)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        before = services.incident(demo_id).entries
        await pilot.press("l", *"isolated host fs01", "enter")
        await settle(pilot)
        table = app.screen.query_one(TimelineTable)
        assert "isolated host fs01" in str(table.get_row_at(table.row_count - 1)[4])
    entries = services.timeline(demo_id)
    assert len(entries) == before + 1
    assert (entries[-1].content.kind, entries[-1].content.text) == ("note", "isolated host fs01")
    assert entries[-1].content.actor == "tester"


async def test_quick_log_with_kind_and_time(
    app_factory: AppFactory, services: Services, demo_id: str
) -> None:
    app = app_factory(incident_id=demo_id)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("l")
        app.screen.query_one("#log-kind", Select).value = "action"
        app.screen.query_one("#log-at", Input).value = "2026-11-19T02:15"
        await pilot.press(*"Blocked 185.220.101.47 at the edge", "enter")
        await settle(pilot)
    last = services.timeline(demo_id)[-1].content
    assert last.kind == "action"
    assert last.occurred_at == "2026-11-19T01:15:00+00:00"  # 02:15 in Luxembourg (+01:00)


async def test_a_bad_time_is_a_notification_not_a_crash(
    app_factory: AppFactory, services: Services, demo_id: str
) -> None:
    app = app_factory(incident_id=demo_id)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        before = services.incident(demo_id).entries
        await pilot.press("l")
        app.screen.query_one("#log-at", Input).value = "yesterday"
        await pilot.press(*"something", "enter")
        await settle(pilot)
        messages = [n.message for n in app._notifications]
        assert any("is not an ISO 8601 date-time" in m for m in messages)
        assert app.is_running
    assert services.incident(demo_id).entries == before


async def test_timeline_filter_by_kind(app_factory: AppFactory, demo_id: str) -> None:
    app = app_factory(incident_id=demo_id)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press(KEY["timeline"], "k")
        app.screen.query_one("#timeline-filter", Select).value = "action"
        await settle(pilot)
        table = app.screen.query_one(TimelineTable)
        kinds = {str(table.get_row_at(i)[2]) for i in range(table.row_count)}
        assert kinds == {"action"} and table.row_count == 3


def _bulk_timeline(services: Services, incident_id: str, count: int) -> None:
    from breachkit.core.timeline.chain import EntryContent
    from breachkit.store import timeline as tl
    from breachkit.store.db import write

    with write(services.db) as db:
        for i in range(count):
            kind = "decision" if i % 100 == 0 else "note"
            tl.append(
                db,
                incident_id,
                EntryContent(
                    kind,
                    f"bulk {i}",
                    "2026-11-19T10:00:00+00:00",
                    "2026-11-19T10:00:00+00:00",
                    "bench",
                ),
            )


async def test_long_timeline_loads_a_page_and_earlier_pages_on_demand(
    app_factory: AppFactory, services: Services, demo_id: str
) -> None:
    _bulk_timeline(services, demo_id, 1_500)
    head = services.incident(demo_id).entries
    app = app_factory(incident_id=demo_id)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press(KEY["timeline"])
        await settle(pilot)
        table = app.screen.query_one(TimelineTable)
        assert table.row_count == 500
        assert str(table.get_row_at(499)[0]).strip() == str(head)
        await pilot.press("ctrl+home")  # to the top: the page before is read in a worker
        await settle(pilot)
        assert table.row_count == 1_000
        pane = app.screen.query_one(TimelinePane)
        # filter: a worker reads back until it has the matches
        app.screen.query_one("#timeline-filter", Select).value = "decision"
        await settle(pilot)
        kinds = {str(table.get_row_at(i)[2]) for i in range(table.row_count)}
        assert kinds == {"decision"}
        assert table.row_count == 15 + 1  # the bulk ones, and the demo's own decision
        assert pane._scan_low == 1


async def test_entry_details_show_the_whole_entry(app_factory: AppFactory, demo_id: str) -> None:
    from breachkit.tui.modals.entry import EntryModal

    app = app_factory(incident_id=demo_id)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press(KEY["timeline"], "enter")
        await pilot.pause()
        assert isinstance(app.screen, EntryModal)
        await pilot.press("escape")
        assert isinstance(app.screen, WorkspaceScreen)


# -- workspace: facts ------------------------------------------------------------------


async def test_edit_a_fact_lands_on_the_timeline(
    app_factory: AppFactory, services: Services, demo_id: str
) -> None:
    app = app_factory(incident_id=demo_id)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        table = app.screen.query_one("#facts-table", DataTable)
        table.move_cursor(row=table.get_row_index("breach.exfiltration"))
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, EditFactModal)
        app.screen.query_one("#control", Select).value = "ruled_out"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, WorkspaceScreen)
        await pilot.press(KEY["timeline"])
        timeline = app.screen.query_one(TimelineTable)
        last = timeline.get_row_at(timeline.row_count - 1)
        assert str(last[2]) == "fact-change"
        assert "breach.exfiltration: unknown → ruled_out" in str(last[4])
    assert services.incident(demo_id).facts.breach.exfiltration == "ruled_out"


async def test_edit_fact_shows_the_core_problem_and_stays_open(
    app_factory: AppFactory, services: Services, demo_id: str
) -> None:
    app = app_factory(incident_id=demo_id)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        table = app.screen.query_one("#facts-table", DataTable)
        table.move_cursor(row=table.get_row_index("data.countries"))
        await pilot.press("enter")
        await pilot.pause()
        control = app.screen.query_one("#control", Input)
        control.value = "LU, UK"
        await pilot.pause()
        problem = str(app.screen.query_one(".fact-problem", Static).render())
        assert "'UK' is not ISO 3166-1 alpha-2; write GB" in problem
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, EditFactModal)
        await pilot.press("escape")
    assert services.incident(demo_id).facts.data.countries == ("LU", "FR", "BE", "DE")


async def test_a_text_fact_stays_text(
    app_factory: AppFactory, services: Services, demo_id: str
) -> None:
    """``set_fact`` reads strings as TOML; a title such as ``2026`` must stay a title."""
    app = app_factory(incident_id=demo_id)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("e")  # the title row is highlighted first
        await pilot.pause()
        app.screen.query_one("#control", Input).value = '2026 "Q4" breach'
        await pilot.press("ctrl+s")
        await settle(pilot)
    assert services.incident(demo_id).facts.title == '2026 "Q4" breach'


# -- workspace: evidence ---------------------------------------------------------------


async def test_attach_evidence_in_a_worker(
    app_factory: AppFactory, services: Services, demo_id: str, tmp_path: Path
) -> None:
    image = tmp_path / "fs01-memory.img"
    image.write_bytes(b"\x00\x01" * 300_000)
    app = app_factory(incident_id=demo_id)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("a")
        app.screen.query_one("#evidence-path", Input).value = str(image)
        await pilot.press("enter", "enter")  # path, then the (empty) note attaches
        await settle(pilot)
        table = app.screen.query_one("#evidence-table", DataTable)
        assert table.row_count == 2
    files = [e.filename for e in services.evidence_list(demo_id)]
    assert files[-1] == "fs01-memory.img"
    assert services.timeline(demo_id)[-1].content.kind == "evidence"


async def test_attach_a_missing_file_is_a_notification(
    app_factory: AppFactory, services: Services, demo_id: str
) -> None:
    app = app_factory(incident_id=demo_id)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("a", *"/nonexistent/file.bin", "enter", "enter")
        await settle(pilot)
        assert any("no such file" in n.message for n in app._notifications)
        assert app.is_running
    assert len(services.evidence_list(demo_id)) == 1


async def test_verify_reports_an_intact_chain(app_factory: AppFactory, demo_id: str) -> None:
    app = app_factory(incident_id=demo_id)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("v")
        await settle(pilot)
        assert any("chain intact" in n.message for n in app._notifications)


# -- workspace: clocks -----------------------------------------------------------------


def _clock_state(services: Services, incident_id: str, clock_id: str) -> ClockState:
    return next(c for c in services.clocks(incident_id) if c.id == clock_id).state


async def test_record_a_filing_meets_the_clock(
    app_factory: AppFactory, services: Services, demo_id: str
) -> None:
    app = app_factory(incident_id=demo_id)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press(KEY["clocks"])
        await pilot.pause()
        assert app.screen.query_one("#clocks-table", DataTable).get_row_at(0)
        await pilot.press("f")
        await pilot.pause()
        assert isinstance(app.screen, FilingModal)
        assert app.screen.query_one("#authority", Input).value == "cnpd"
        app.screen.query_one("#reference", Input).value = "CNPD-2026-1234"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, WorkspaceScreen)
        state = str(
            app.screen.query_one("#clocks-table", DataTable).get_cell("gdpr-art33", "state")
        )
        assert state == "met"
    assert _clock_state(services, demo_id, "gdpr-art33") is ClockState.MET


async def test_a_late_filing_needs_reasons(
    services: Services, clock: FixedClock, demo_id: str
) -> None:
    from breachkit.tui.app import make_app

    clock.advance(timedelta(days=3))  # past the 72 hours
    app = make_app(services, clock, incident_id=demo_id, tick=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert "overdue" in str(app.screen.query_one("#incident-countdown").render())
        await pilot.press(KEY["clocks"], "f")
        await pilot.pause()
        assert "after the due time" in str(app.screen.query_one("#filing-late", Static).render())
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, FilingModal)
        problem = str(app.screen.query_one("#filing-problem", Static).render())
        assert "requires the reasons for the delay" in problem
        app.screen.query_one("#reasons", TextArea).text = "Forensics needed to establish scope"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, WorkspaceScreen)
        state = str(
            app.screen.query_one("#clocks-table", DataTable).get_cell("gdpr-art33", "state")
        )
        assert state == "met late"
    assert _clock_state(services, demo_id, "gdpr-art33") is ClockState.MET_LATE


# -- everywhere ------------------------------------------------------------------------


async def test_help_lists_every_screen(app_factory: AppFactory, demo_id: str) -> None:
    app = app_factory(incident_id=demo_id)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        console = Console(width=100, record=True, file=io.StringIO())
        console.print(app.screen._body())
        text = console.export_text()
        for needle in (
            "Incident workspace, any tab (you are here)",
            "Incident board",
            "New-incident wizard",
            "Record filing",
            "Change fact",
            "Quit",
        ):
            assert needle in text
        await pilot.press("escape")
        assert isinstance(app.screen, WorkspaceScreen)


async def test_command_palette_jumps_to_an_incident(app_factory: AppFactory, demo_id: str) -> None:
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*demo_id)
        await pilot.pause(0.3)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, WorkspaceScreen)
        assert app.screen.view.id == demo_id


async def test_unknown_incident_id_is_a_notification(app_factory: AppFactory) -> None:
    app = app_factory(incident_id="BK-1999-0001")
    said: list[str] = []  # every notification, whether or not it has timed out since
    shown = app.notify

    def spy(message: str, **options: Any) -> None:
        said.append(message)
        shown(message, **options)

    app.notify = spy  # type: ignore[method-assign]
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, BoardScreen)
        assert any("BK-1999-0001" in message for message in said), said


async def test_ctrl_q_quits(app_factory: AppFactory, demo_id: str) -> None:
    app = app_factory(incident_id=demo_id)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert not app.is_running


def test_run_tui_uses_the_factory_and_closes_the_connection(
    services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    from breachkit.services.base import SystemClock
    from breachkit.tui import app as tui_app

    seen: dict[str, object] = {}

    def fake_run(self: BreachkitApp) -> None:
        seen.update(clock=self.clock, incident=self._open_first, tick=self.tick)

    monkeypatch.setattr(tui_app.BreachkitApp, "run", fake_run)
    services.incidents()  # opens this thread's connection
    tui_app.run_tui(services, incident_id="BK-2026-0001")
    assert isinstance(seen["clock"], SystemClock)
    assert seen["incident"] == "BK-2026-0001" and seen["tick"] is True
    assert getattr(services.context.local, "db", None) is None


def test_every_fact_of_the_incident_file_can_be_edited() -> None:
    """The TUI's fact list follows the incident file's schema (a new field needs a row)."""
    from breachkit.core.incident import parse as incident_file
    from breachkit.tui.facts import BY_KEY, TEXT_LANGUAGES

    schema = (
        {field.name for field in incident_file.TOP}
        | {
            f"{section}.{field.name}"
            for section, fields in incident_file.SECTIONS.items()
            for field in fields
        }
        | {f"text.{lang}.{field.name}" for lang in TEXT_LANGUAGES for field in incident_file.TEXT}
    )
    assert schema == set(BY_KEY)


async def test_the_mouse_opens_an_incident_and_switches_tabs(
    app_factory: AppFactory, demo_id: str
) -> None:
    from textual.widgets import Tab

    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.click(IncidentTable, offset=(3, 1))  # the first row (under the header)
        await settle(pilot)
        assert isinstance(app.screen, WorkspaceScreen)
        clocks_tab = next(t for t in app.screen.query(Tab) if t.id and "clocks" in t.id)
        await pilot.click(clocks_tab)
        await pilot.pause()
        assert app.screen.active_tab == "clocks"
