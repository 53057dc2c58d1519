"""Pilot tests of the Notify and Review tabs and of the register view."""

from __future__ import annotations

import io
import stat
from collections.abc import Callable
from pathlib import Path
from typing import Any

from rich.console import Console
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widgets import Checkbox, Input, ProgressBar, Select, Static

from breachkit.core.clocks.engine import ClockState
from breachkit.services import Services
from breachkit.tui.app import BreachkitApp
from breachkit.tui.modals.export import (
    DraftExportModal,
    RegisterExportModal,
    ReportExportModal,
)
from breachkit.tui.modals.filing import FilingModal
from breachkit.tui.modals.review import ContainedModal, ReviewItemModal
from breachkit.tui.modals.step import StepModal
from breachkit.tui.screens.board import BoardScreen
from breachkit.tui.screens.help import HelpScreen
from breachkit.tui.screens.register import RegisterScreen, RegisterTable
from breachkit.tui.screens.workspace import WorkspaceScreen
from breachkit.tui.screens.workspace_keys import TABS
from breachkit.tui.widgets.fit_table import FitTable
from breachkit.tui.widgets.letters_pane import LettersPane
from breachkit.tui.widgets.notify_pane import NotifyPane

SIZE = (100, 32)
KEY = {tab: str(number) for number, tab in enumerate(TABS, 1)}
AppFactory = Callable[..., BreachkitApp]


async def settle(pilot: Pilot[Any]) -> None:
    app = pilot.app
    await pilot.pause()
    await app.workers.wait_for_complete()
    await pilot.pause()


async def open_tab(pilot: Pilot[Any], tab: str) -> None:
    await pilot.press(KEY[tab])
    await settle(pilot)


def rendered(screen: Screen[Any], selector: str, width: int = 100) -> str:
    console = Console(width=width, record=True, file=io.StringIO())
    console.print(screen.query_one(selector, Static).content)
    return console.export_text()


def notes(app: BreachkitApp) -> str:
    return "\n".join(f"{n.title}: {n.message}" for n in app._notifications)


def private_file(path: Path) -> bool:
    return path.is_file() and stat.S_IMODE(path.stat().st_mode) == 0o600


# -- notify ------------------------------------------------------------------------------


async def test_notify_says_what_is_missing_and_follows_the_choices(
    app_factory: AppFactory, demo_id: str
) -> None:
    app = app_factory(incident_id=demo_id)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await open_tab(pilot, "notify")
        pane = app.screen.query_one(NotifyPane)
        banner = app.screen.query_one("#notify-banner", Static)
        assert banner.has_class("-incomplete")
        assert "INCOMPLETE: 1 item CNPD will ask for is missing" in rendered(
            app.screen, "#notify-banner"
        )
        checks = app.screen.query_one("#notify-checks", FitTable)
        assert list(checks.rows) and str(next(iter(checks.rows)).value) == "people_informed"
        assert "Risk tab" in str(checks.get_row_at(0)[1])
        assert "Notification d'une violation de données" in rendered(
            app.screen, "#notify-sheet-text"
        )
        assert app.screen.query_one("#notify-authority", Select).value == "cnpd"
        assert app.screen.query_one("#notify-language", Select).value == "fr"
        await pilot.press("enter")  # the missing item: its fix is on the Risk tab
        await settle(pilot)
        assert isinstance(app.screen, WorkspaceScreen) and app.screen.active_tab == "risk"
        await pilot.press("c", "enter")  # confirm the recommendation
        await settle(pilot)
        await open_tab(pilot, "notify")
        assert banner.has_class("-complete") and pane.draft is not None and pane.draft.complete
        assert "Nothing missing" in str(checks.get_row_at(0)[1])
        # another language, then another authority: the draft follows
        app.screen.query_one("#notify-language", Select).value = "en"
        await settle(pilot)
        assert "Notification of a personal data breach" in rendered(
            app.screen, "#notify-sheet-text"
        )
        app.screen.query_one("#notify-authority", Select).value = "cnil"
        await settle(pilot)
        assert pane.draft is not None and pane.draft.authority.id == "cnil"
        language = app.screen.query_one("#notify-language", Select)
        assert language.value == "fr"  # the CNIL's one language, not the English chosen before
        assert "CNIL" in rendered(app.screen, "#notify-banner")


async def test_export_an_incomplete_draft_asks_first_and_is_recorded(
    app_factory: AppFactory, services: Services, demo_id: str, tmp_path: Path
) -> None:
    app = app_factory(incident_id=demo_id)
    out = tmp_path / "drafts"
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await open_tab(pilot, "notify")
        await pilot.press("x")
        await pilot.pause()
        assert isinstance(app.screen, DraftExportModal)
        app.screen.query_one("#export-path", Input).value = f"{out}/"
        await pilot.pause()
        assert "BK-2026-0001-cnpd-fr-v1.pdf" in str(
            app.screen.query_one("#export-target", Static).render()
        )
        await pilot.press("ctrl+s")
        await pilot.pause()
        problem = str(app.screen.query_one("#export-problem", Static).render())
        assert "Still missing: People informed" in problem  # not written without the tick
        assert not out.exists()
        app.screen.query_one("#export-anyway", Checkbox).value = True
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, WorkspaceScreen)
        written = out / "BK-2026-0001-cnpd-fr-v1.pdf"
        assert private_file(written)
        assert "Draft version 1 written (PDF, marked INCOMPLETE)" in notes(app)
        exports = app.screen.query_one("#notify-exports", FitTable)
        assert exports.row_count == 1
        banner = rendered(app.screen, "#notify-banner")
        assert "unchanged since version 1: an export keeps v1" in banner  # nothing changed
        await pilot.press("x")  # the same draft again: the same version, a name of its own
        await pilot.pause()
        assert isinstance(app.screen, DraftExportModal)
        app.screen.query_one("#export-path", Input).value = f"{out}/"
        await pilot.pause()
        target = str(app.screen.query_one("#export-target", Static).render())
        assert "BK-2026-0001-cnpd-fr-v1-2.pdf" in target and "replaced" not in target
        app.screen.query_one("#export-anyway", Checkbox).value = True
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "Draft version 1 written again (PDF, marked INCOMPLETE)" in notes(app)
        assert "Content unchanged since version 1" in notes(app)
        assert exports.row_count == 2
        assert "1 version in 2 exports" in rendered(app.screen, "#notify-exports-title")
    first, record = services.drafts(demo_id)
    assert (record.version, record.format, record.complete) == (1, "pdf", False)
    assert (first.unchanged, record.unchanged) == (False, True)
    entry = services.timeline(demo_id)[-1]
    assert entry.content.text.startswith("Notification draft for CNPD exported: version 1")
    assert entry.content.links["file_sha256"] == record.file_sha256
    # the first file, perhaps sent already, is kept as it was written
    assert sha256_of(written) == first.file_sha256
    assert sha256_of(out / "BK-2026-0001-cnpd-fr-v1-2.pdf") == record.file_sha256


async def test_record_the_filing_linked_to_the_latest_draft(
    app_factory: AppFactory, services: Services, demo_id: str, tmp_path: Path
) -> None:
    services.export_draft(demo_id, tmp_path, fmt="md", allow_incomplete=True)
    services.set_fact(demo_id, "data.records", "41")  # version 2 says something else
    services.export_draft(demo_id, tmp_path, fmt="pdf", allow_incomplete=True)
    app = app_factory(incident_id=demo_id)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await open_tab(pilot, "notify")
        await pilot.press("f")
        await pilot.pause()
        assert isinstance(app.screen, FilingModal)
        note = str(app.screen.query_one("#filing-note", Static).render())
        assert "Sends draft version 2 (PDF, INCOMPLETE" in note
        assert app.screen.query_one("#authority", Input).value == "cnpd"
        app.screen.query_one("#reference", Input).value = "CNPD-2026-123"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, WorkspaceScreen)
        assert "Filing recorded" in notes(app)
        phase = app.screen.query_one("#notify-phase", Select)
        assert phase.value == "complementary"  # the next draft to the CNPD completes the first
    text = services.timeline(demo_id)[-1].content.text
    assert "Filed with CNPD (gdpr-art33)" in text and "reference CNPD-2026-123" in text
    assert "Draft sent: version 2" in text
    art33 = next(c for c in services.clocks(demo_id) if c.id == "gdpr-art33")
    assert art33.state is ClockState.MET


# -- review ------------------------------------------------------------------------------


async def test_add_a_lesson_and_an_action_then_close_them(
    app_factory: AppFactory, services: Services, demo_id: str
) -> None:
    app = app_factory(incident_id=demo_id)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await open_tab(pilot, "review")
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, ReviewItemModal)
        app.screen.query_one("#item-text", Input).value = "Restores take six hours: test them"
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("A")
        await pilot.pause()
        app.screen.query_one("#item-text", Input).value = "Enforce MFA on the VPN"
        await pilot.press("enter", *"IT ops", "enter")  # Enter moves to the next field
        await pilot.press(*"soon", "enter")
        await pilot.pause()
        assert isinstance(app.screen, ReviewItemModal)  # a due date that is not a date
        assert "is not a date" in str(app.screen.query_one("#item-problem", Static).render())
        app.screen.query_one("#item-due", Input).value = "2026-11-10"
        await pilot.press("ctrl+s")
        await settle(pilot)
        table = app.screen.query_one("#review-items", FitTable)
        assert table.row_count == 2
        assert str(table.get_cell("2", "status")) == "overdue"  # due before today
        assert "1 overdue" in str(app.screen.query_one("#review-items-title", Static).render())
        await pilot.press("down", "d")  # A2 done
        await pilot.pause()
        assert isinstance(app.screen, StepModal)
        app.screen.query_one("#step-note", Input).value = "MFA enforced for all VPN users"
        await pilot.press("enter")
        await settle(pilot)
        assert str(table.get_cell("2", "status")) == "done"
        await pilot.press("up", "d")  # a lesson is not "done"
        await pilot.pause()
        assert isinstance(app.screen, WorkspaceScreen)
        assert "lessons are kept, or dropped" in notes(app)
        await pilot.press("delete", "enter")  # dropping needs a reason
        await pilot.pause()
        assert isinstance(app.screen, StepModal)
        assert "needs a reason" in str(app.screen.query_one("#step-problem", Static).render())
        app.screen.query_one("#step-note", Input).value = "duplicate of A2"
        await pilot.press("enter")
        await settle(pilot)
        assert str(table.get_cell("1", "status")) == "dropped"
    items = services.review_items(demo_id)
    assert [(i.kind.value, i.status.value) for i in items] == [
        ("lesson", "dropped"),
        ("action", "done"),
    ]
    assert items[1].owner == "IT ops" and str(items[1].due) == "2026-11-10"


async def test_record_containment(
    app_factory: AppFactory, services: Services, demo_id: str
) -> None:
    app = app_factory(incident_id=demo_id)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await open_tab(pilot, "review")
        assert "not recorded (m)" in rendered(app.screen, "#review-metrics")
        await pilot.press("m")
        await pilot.pause()
        assert isinstance(app.screen, ContainedModal)
        app.screen.query_one("#contained-at", Input).value = "2026-11-18T14:00"
        await pilot.pause()
        assert "= 2026-11-18 14:00 CET (+01:00)" in str(
            app.screen.query_one("#contained-time", Static).render()
        )
        app.screen.query_one("#contained-note", Input).value = "FS01 isolated"
        await pilot.press("ctrl+s")
        await settle(pilot)
        metrics = rendered(app.screen, "#review-metrics", width=120)
        contained_line = next(x for x in metrics.splitlines() if x.startswith("Contained"))
        assert "18 Nov 14:00" in contained_line
        line = next(x for x in metrics.splitlines() if "Awareness → containment" in x)
        assert "4 h 30 min" in line
    contained = services.containment(demo_id)
    assert contained is not None and contained.at.isoformat() == "2026-11-18T13:00:00+00:00"


async def test_export_the_report_redacted(
    app_factory: AppFactory, services: Services, demo_id: str, home: Path
) -> None:
    app = app_factory(incident_id=demo_id)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await open_tab(pilot, "review")
        await pilot.press("x")
        await pilot.pause()
        assert isinstance(app.screen, ReportExportModal)
        path = app.screen.query_one("#export-path", Input)
        assert path.value == "~/breachkit-reports/BK-2026-0001-after-action-report.pdf"
        app.screen.query_one("#export-redact", Checkbox).value = True
        await pilot.pause()
        assert path.value.endswith("-after-action-report-redacted.pdf")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "After-action report written" in notes(app)
    written = home / "breachkit-reports" / "BK-2026-0001-after-action-report-redacted.pdf"
    assert private_file(written) and written.read_bytes().startswith(b"%PDF")
    entry = services.timeline(demo_id)[-1]
    assert entry.content.text.startswith("After-action report exported (redacted)")


# -- register ----------------------------------------------------------------------------


async def test_register_lists_every_incident_and_exports(
    app_factory: AppFactory, services: Services, demo_id: str, tmp_path: Path
) -> None:
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("g")
        await settle(pilot)
        assert isinstance(app.screen, RegisterScreen)
        table = app.screen.query_one(RegisterTable)
        assert list(table.rows)[0].value == demo_id
        assert "not decided" in str(table.get_cell(demo_id, "decision"))
        detail = rendered(app.screen, "#register-detail-text")
        assert "the engine recommends: notify the authority and tell the people" in detail
        await pilot.press("f1")
        await pilot.pause()
        console = Console(width=100, record=True, file=io.StringIO())
        assert isinstance(app.screen, HelpScreen)
        console.print(app.screen._body())
        help_text = console.export_text()
        assert "Breach register (g on the board) (you are here)" in help_text
        for needle in ("Notify tab", "Letters tab", "Review tab", "Write letters", "Contained"):
            assert needle in help_text
        await pilot.press("escape")
        await pilot.press("x")
        await pilot.pause()
        assert isinstance(app.screen, RegisterExportModal)
        app.screen.query_one("#export-format", Select).value = "json"
        await pilot.pause()
        path = app.screen.query_one("#export-path", Input)
        assert path.value == "~/breachkit-reports/breach-register-2026-11-19.json"
        path.value = str(tmp_path / "register.json")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, RegisterScreen) and "Register written" in notes(app)
        await pilot.press("enter")  # opens the incident
        await settle(pilot)
        assert isinstance(app.screen, WorkspaceScreen)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, BoardScreen)
    written = tmp_path / "register.json"
    assert private_file(written) and b'"breachkit-register"' in written.read_bytes()
    last = services.timeline(demo_id)[-1].content.text
    assert "breach register exported as register.json" in last


# -- letters -----------------------------------------------------------------------------

SUBJECTS = Path(__file__).parent.parent / "fixtures" / "subjects.csv"


async def test_letters_checks_the_file_and_previews_a_letter(
    app_factory: AppFactory, demo_id: str
) -> None:
    app = app_factory(incident_id=demo_id)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await open_tab(pilot, "letters")
        await pilot.press("o")  # the file's field
        app.screen.query_one("#letters-subjects", Input).value = str(SUBJECTS)
        await pilot.press("enter")
        await settle(pilot)
        status = rendered(app.screen, "#letters-status")
        assert "13 rows: 8 get a letter (da 1, de 1, en 1, fr 3, nl 2), 5 get none" in status
        table = app.screen.query_one("#letters-rows", FitTable)
        assert table.row_count == 13 and table.has_focus
        assert "no name" in str(table.get_cell("bad:9", "person"))
        assert "Kære Søren Ærø Åberg" in rendered(app.screen, "#letters-preview-text")
        table.move_cursor(row=7)  # line 9
        await settle(pilot)
        assert "Line 9 gets no letter:\nno name" in rendered(app.screen, "#letters-preview-text")
        await pilot.press("up")  # line 8: markup characters in a name print as they are
        await settle(pilot)
        assert "<b>Dupont & Fils</b> {{ x }}" in rendered(app.screen, "#letters-preview-text")


async def test_letters_missing_art_34_2_content_are_not_written_and_the_pane_says_why(
    app_factory: AppFactory, services: Services, demo_id: str, tmp_path: Path
) -> None:
    services.set_fact(demo_id, "text.nl.measures_proposed", [])  # only in English now
    out = tmp_path / "letters"
    app = app_factory(incident_id=demo_id)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await open_tab(pilot, "letters")
        app.screen.query_one("#letters-subjects", Input).value = str(SUBJECTS)
        app.screen.query_one("#letters-out", Input).value = str(out)
        app.screen.query_one(LettersPane).write()
        await settle(pilot)
        said = notes(app)
        assert "Letters not written: what Art. 34(2) requires is missing" in said
        assert "Measures proposed (the nl text)" in said and "--allow-incomplete" not in said
        assert "text.nl." not in said  # labels, not keys
        status = rendered(app.screen, "#letters-status")
        assert "✗ Failed: not written; missing: Measures proposed (the nl text)" in status
        assert "Writing the letters" not in status
    assert not out.exists() and services.letter_batches(demo_id) == []


async def test_letters_batch_runs_in_a_worker_and_is_recorded(
    app_factory: AppFactory, services: Services, demo_id: str, tmp_path: Path
) -> None:
    out = tmp_path / "letters"
    app = app_factory(incident_id=demo_id)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await open_tab(pilot, "letters")
        app.screen.query_one("#letters-subjects", Input).value = str(SUBJECTS)
        app.screen.query_one("#letters-out", Input).value = str(out)
        pane = app.screen.query_one(LettersPane)
        pane.write()  # what ctrl+r does; the worker starts on the next turn of the loop,
        pane.stop()  # so it stops before its first chunk
        await settle(pilot)
        assert "Batch stopped" in notes(app)
        batches = app.screen.query_one("#letters-batches", FitTable)
        assert str(batches.get_row_at(0)[1]) == "stopped"
        batches.focus()
        await pilot.press("enter")  # fills in that batch's file and folder
        await pilot.pause()
        assert app.screen.query_one("#letters-out", Input).value == str(out)
        await pilot.press("ctrl+r")
        await settle(pilot)
        bar = app.screen.query_one("#letters-bar", ProgressBar)
        assert (bar.progress, bar.total) == (13, 13)  # fed by the services
        assert "13/13 rows · 8 files · 5 bad" in str(
            app.screen.query_one("#letters-rate", Static).render()
        )
        assert "Letters written and recorded" in notes(app)
        assert str(batches.get_row_at(0)[1]) == "done"
    [batch] = services.letter_batches(demo_id)
    assert (batch.letters, batch.bad_rows) == (8, 5) and batch.manifest_sha256
    assert private_file(out / "manifest.csv")
    entry = services.timeline(demo_id)[-1]
    assert entry.content.kind == "communication"
    assert entry.content.text.startswith("Letters to affected people (Art. 34): 8 written")
    assert batch.manifest_sha256 in entry.content.text


async def test_notify_without_a_lead_authority_asks_for_one(
    app_factory: AppFactory, services: Services, tmp_path: Path
) -> None:
    """No organisation profile: the pane says so, and choosing an authority goes on."""
    source = tmp_path / "incident.toml"
    source.write_text(
        'title = "Lost laptop"\nrole = "controller"\ntimezone = "Europe/Paris"\n'
        'aware_at = "2026-11-19T09:00"\n',
        encoding="utf-8",
    )
    incident_id, _ = services.create_from_file(source)
    app = app_factory(incident_id=incident_id)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await open_tab(pilot, "notify")
        pane = app.screen.query_one(NotifyPane)
        assert pane.has_class("-unavailable")
        assert "no lead authority" in rendered(app.screen, "#notify-unavailable")
        app.screen.query_one("#notify-authority", Select).value = "generic"
        await settle(pilot)
        assert not pane.has_class("-unavailable") and pane.draft is not None
        assert pane.draft.authority.id == "generic" and not pane.draft.complete


def sha256_of(path: Path) -> str:
    import hashlib

    return hashlib.sha256(path.read_bytes()).hexdigest()
