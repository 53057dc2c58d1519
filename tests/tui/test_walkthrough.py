"""What the tmux walk-through at 80×24 and 120×40 found, each with the fix it checks:
texts that grow after the first layout are never cut, the timeline is readable at 80
columns, the Evidence path field is offered, filing and containment times are read as typed."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

from textual.widgets import Checkbox, Input, Static
from textual.widgets._data_table import ColumnKey

from breachkit.core.clocks.ids import GDPR_ART33
from breachkit.core.times import from_storage
from breachkit.core.timesource import FixedClock
from breachkit.services import Services
from breachkit.tui.app import BreachkitApp
from breachkit.tui.clocks import record_filing
from breachkit.tui.modals.entry import EntryModal
from breachkit.tui.modals.filing import FilingModal
from breachkit.tui.modals.review import ContainedModal
from breachkit.tui.widgets.countdown import Countdown
from breachkit.tui.widgets.timeline_table import EntryLine, TimelineTable
from tests.tui.conftest import NOW

AppFactory = Callable[..., BreachkitApp]


def shown(widget: Countdown) -> str:
    return "".join(widget.render_line(y).text for y in range(widget.size.height)).strip()


async def test_the_header_countdown_keeps_left_when_its_text_grows(
    app_factory: AppFactory, demo_id: str
) -> None:
    app = app_factory(incident_id=demo_id)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        countdown = app.screen.query_one(Countdown)
        countdown.due = NOW + timedelta(hours=5)
        countdown.label = "Art. 33"
        await pilot.pause()
        countdown.label = "NIS2 warning"  # the next deadline changes: a longer label
        await pilot.pause()
        assert shown(countdown) == "NIS2 warning · 05:00:00 left"
        app.now = NOW + timedelta(days=3, hours=5)  # overdue: a longer phrase
        await pilot.pause()
        assert shown(countdown) == "NIS2 warning · overdue 3d 00:00:00"


async def test_the_timeline_at_80_columns_shows_who_and_what(
    app_factory: AppFactory, demo_id: str
) -> None:
    app = app_factory(incident_id=demo_id)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("3")
        await pilot.pause()
        table = app.screen.query_one(TimelineTable)
        assert table.narrow
        assert [c.label.plain for c in table.columns.values()] == ["#", "When", "Who", "What"]
        what = table.columns[ColumnKey("what")]
        assert what.width >= 40
        row = [cell.plain for cell in table.get_row_at(table.cursor_row)]
        assert row[2] == "a.schmit"  # the name without "(CISO)"
        line = app.screen.query_one(EntryLine)
        assert "evidence · a.schmit (CISO) · 19 Nov 11:30 CET" in str(line.render())
        await pilot.resize_terminal(120, 40)
        await pilot.pause()
        assert not table.narrow
        assert table.get_row_at(table.cursor_row)[3].plain == "a.schmit (CISO)"


async def test_the_evidence_tab_offers_a_for_the_path_and_a_works_from_any_tab(
    app_factory: AppFactory, demo_id: str
) -> None:
    app = app_factory(incident_id=demo_id)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("8")
        await pilot.pause()
        footer = app.screen.active_bindings
        assert footer["a"].binding.show and footer["a"].binding.description == "Attach"
        await pilot.press("a", *"/tmp/x2.log")  # the "2" is typed, not the Playbook tab
        await pilot.pause()
        assert app.focused is not None and app.focused.id == "evidence-path"
        assert app.screen.query_one("#evidence-path", Input).value == "/tmp/x2.log"
        await pilot.press("escape", "2")
        await pilot.pause()
        assert not app.screen.active_bindings["a"].binding.show  # elsewhere: hidden, but
        await pilot.press("a")  # it still jumps to the path field
        await pilot.pause()
        assert app.focused is not None and app.focused.id == "evidence-path"


async def test_a_filing_recorded_seconds_after_its_export_is_accepted(
    app_factory: AppFactory, demo_id: str, clock: FixedClock, home: Path
) -> None:
    clock.advance(timedelta(seconds=20))  # the export is at 10:30:20; "now" offered: 10:30
    app = app_factory(incident_id=demo_id)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("6")
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.press("x")
        await pilot.pause()
        app.screen.query_one("#export-anyway", Checkbox).value = True
        await pilot.press("ctrl+s")
        await app.workers.wait_for_complete()
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        clock.advance(timedelta(seconds=5))
        await pilot.press("f")
        await pilot.pause()
        assert isinstance(app.screen, FilingModal)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not isinstance(app.screen, FilingModal), str(
            app.screen.query_one("#filing-problem", Static).render()
        )


async def test_containment_times_are_read_as_the_wizard_reads_them(
    app_factory: AppFactory, services: Services, demo_id: str
) -> None:
    app = app_factory(incident_id=demo_id)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("9", "m")
        await pilot.pause()
        assert isinstance(app.screen, ContainedModal)
        app.screen.query_one("#contained-at", Input).value = "19 Nov 2026 11:00"
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not isinstance(app.screen, ContainedModal)
    last = services.timeline(demo_id)[-1].content
    assert last.text.startswith("Breach contained")
    assert from_storage(last.occurred_at) == datetime(2026, 11, 19, 10, 0, tzinfo=UTC)


async def test_a_deadline_met_days_early_is_whole_on_the_review_tab_at_80_columns(
    app_factory: AppFactory, services: Services, demo_id: str
) -> None:
    record_filing(services, demo_id, GDPR_ART33, authority="cnpd", at=NOW)
    services.mark_contained(demo_id, at=NOW)  # "1 d 01 h 00 min": a wider left column
    app = app_factory(incident_id=demo_id)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("9")
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        metrics = app.screen.query_one("#review-metrics", Static)
        lines = [metrics.render_line(y).text for y in range(metrics.size.height)]
        shown = " ".join(" ".join(lines).split())
        art33 = next(i for i, line in enumerate(lines) if "Art. 33 " in line)
        assert "met 1 d 22 h 00 min" in lines[art33], lines  # wrapped, not cut
        assert "Art. 33      met 1 d 22 h 00 min early" in lines[art33] or (
            lines[art33 + 1].split()[-1] == "early" and "NIS2" not in lines[art33 + 1]
        ), lines
        assert "…" not in shown


async def test_an_entry_shows_its_whole_hash_at_80_columns(
    app_factory: AppFactory, services: Services, demo_id: str
) -> None:
    last = services.timeline(demo_id)[-1]
    app = app_factory(incident_id=demo_id)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("3")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, EntryModal)
        body = app.screen.query_one("#entry-body", Static)
        lines = [body.render_line(y).text for y in range(body.size.height)]
        assert last.hash in "".join("".join(lines).split()), lines  # folded, not cut


def test_the_time_hint_offers_what_the_fields_accept(services: Services) -> None:
    from zoneinfo import ZoneInfo

    from breachkit.tui.facts import TIME_HELP

    for example in ("2026-11-19T11:30", "19 Nov 2026 11:30", "11:30"):
        assert example in TIME_HELP
        services.read_time(example, ZoneInfo("Europe/Luxembourg"))  # each one is read
