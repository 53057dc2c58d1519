"""Pilot tests of the Risk and Playbook tabs: decide, override, walk the playbook."""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from rich.console import Console
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widgets import Checkbox, DataTable, Input, OptionList, Select, Static, TextArea

from breachkit.core.clocks.engine import ClockState
from breachkit.core.timesource import FixedClock
from breachkit.services import Services
from breachkit.tui.app import BreachkitApp
from breachkit.tui.modals.decide import ConfirmDecisionModal, OverrideDecisionModal
from breachkit.tui.modals.step import ChoosePlaybookModal, StepModal
from breachkit.tui.screens.help import HelpScreen
from breachkit.tui.screens.workspace import WorkspaceScreen
from breachkit.tui.screens.workspace_keys import TABS
from breachkit.tui.widgets.playbook_pane import PlaybookPane
from breachkit.tui.widgets.step_table import StepTable
from breachkit.tui.widgets.timeline import TimelineTable

SIZE = (100, 32)
KEY = {tab: str(number) for number, tab in enumerate(TABS, 1)}
AppFactory = Callable[..., BreachkitApp]


async def settle(pilot: Pilot[Any]) -> None:
    app = pilot.app
    await pilot.pause()
    await app.workers.wait_for_complete()
    await pilot.pause()


async def open_tab(pilot: Pilot[Any], tab: str) -> None:
    """Show a workspace tab by its key and let its reading (a worker) finish."""
    await pilot.press(KEY[tab])
    await settle(pilot)


def text_of(screen: Screen[Any], selector: str) -> str:
    return str(screen.query_one(selector, Static).render())


def last_timeline_row(app: BreachkitApp) -> tuple[str, str]:
    table = app.screen.query_one(TimelineTable)
    row = table.get_row_at(table.row_count - 1)
    return str(row[2]), str(row[4])


def rendered(screen: Screen[Any], selector: str, width: int = 100) -> str:
    """A Static's content (Rich renderables included) as plain text."""
    console = Console(width=width, record=True, file=io.StringIO())
    console.print(screen.query_one(selector, Static).content)
    return console.export_text()


def clock_state(services: Services, incident_id: str, clock_id: str) -> ClockState:
    return next(c for c in services.clocks(incident_id) if c.id == clock_id).state


# -- risk ------------------------------------------------------------------------------


async def test_risk_pane_shows_the_recommendation_and_its_reasons(
    app_factory: AppFactory, demo_id: str
) -> None:
    app = app_factory(incident_id=demo_id)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press(KEY["risk"])
        await pilot.pause()
        banner = app.screen.query_one("#risk-banner", Static)
        assert "RECOMMENDED: NOTIFY THE AUTHORITY AND TELL THE PEOPLE" in str(banner.render())
        assert banner.has_class("-high")
        assert "Not decided yet" in text_of(app.screen, "#risk-decision")
        body = rendered(app.screen, "#risk-body-text")
        for needle in (
            "Severity 4.25, very high",
            "SE = DPC × EI + CB = 3 × 1 + 1.25",
            "▲ The data include bank account numbers",
            "? Whether data were exfiltrated is unknown",
            "none applies: the people must be told",
            "GDPR Art. 33(1); GDPR Art. 34(1)",
        ):
            assert needle in body


async def test_confirm_the_recommendation_starts_the_art34_clock(
    app_factory: AppFactory, services: Services, demo_id: str
) -> None:
    assert clock_state(services, demo_id, "gdpr-art34") is ClockState.PENDING
    app = app_factory(incident_id=demo_id)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press(KEY["risk"], "c")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDecisionModal)
        await pilot.press(*"agreed with the board", "enter")
        await settle(pilot)
        assert isinstance(app.screen, WorkspaceScreen)
        assert "DECIDED: NOTIFY THE AUTHORITY AND TELL THE PEOPLE" in text_of(
            app.screen, "#risk-banner"
        )
        decision = text_of(app.screen, "#risk-decision")
        assert "Decided #" in decision and "by tester" in decision and "as recommended" in decision
        assert "Note: agreed with the board" in decision
        await pilot.press(KEY["timeline"])
        await pilot.pause()
        kind, what = last_timeline_row(app)
        assert kind == "decision" and "confirms the recommendation" in what
        await pilot.press(KEY["clocks"])
        await pilot.pause()
        state = app.screen.query_one("#clocks-table", DataTable).get_cell("gdpr-art34", "state")
        assert str(state) in ("running", "due soon")
    [decision_made] = services.decisions(demo_id)
    assert (decision_made.risk, decision_made.override) == ("high", False)
    assert decision_made.justification == "agreed with the board"
    assert clock_state(services, demo_id, "gdpr-art34") in (ClockState.RUNNING, ClockState.DUE_SOON)


async def test_override_without_justification_is_refused(
    app_factory: AppFactory, services: Services, demo_id: str
) -> None:
    app = app_factory(incident_id=demo_id)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press(KEY["risk"], "o")
        await pilot.pause()
        assert isinstance(app.screen, OverrideDecisionModal)
        app.screen.query_one("#override-risk", Select).value = "risk"
        await pilot.pause()
        assert app.screen.query_one("#override-outcome", Select).value == "notify_authority"
        assert "overrides the recommendation" in text_of(app.screen, "#override-effect")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, OverrideDecisionModal)
        assert "needs a written justification" in text_of(app.screen, "#override-problem")
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, WorkspaceScreen)
    assert services.decisions(demo_id) == []


async def test_override_with_justification_is_recorded(
    app_factory: AppFactory, services: Services, demo_id: str
) -> None:
    app = app_factory(incident_id=demo_id)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press(KEY["risk"], "o")
        await pilot.pause()
        app.screen.query_one("#override-risk", Select).value = "risk"
        await pilot.pause()
        app.screen.query_one(TextArea).text = "The HR share was encrypted at rest after all"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, WorkspaceScreen)
        banner = app.screen.query_one("#risk-banner", Static)
        assert "DECIDED: NOTIFY THE AUTHORITY ·" in str(banner.render())
        assert banner.has_class("-medium")
        decision = text_of(app.screen, "#risk-decision")
        assert "OVERRIDES the recommendation" in decision
        assert "Justification: The HR share" in decision
    [made] = services.decisions(demo_id)
    assert (made.risk, made.outcome, made.override) == ("risk", "notify_authority", True)
    assert made.justification == "The HR share was encrypted at rest after all"
    assert clock_state(services, demo_id, "gdpr-art34") is ClockState.PENDING


async def test_not_a_breach_is_a_checkbox_in_the_override(
    app_factory: AppFactory, services: Services, demo_id: str
) -> None:
    app = app_factory(incident_id=demo_id)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press(KEY["risk"], "o")
        await pilot.pause()
        app.screen.query_one(Checkbox).value = True
        await pilot.pause()
        assert app.screen.query_one("#override-risk", Select).disabled
        app.screen.query_one(TextArea).text = "Only test data on FS01"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "NOT A PERSONAL DATA BREACH" in text_of(app.screen, "#risk-banner")
    [made] = services.decisions(demo_id)
    assert made.personal_data_breach is False and made.override


async def test_a_decision_the_facts_have_overtaken_is_flagged(
    app_factory: AppFactory, services: Services, demo_id: str
) -> None:
    services.decide(demo_id)
    for key, value in (
        ("breach.exfiltration", "ruled_out"),
        ("breach.recipients", "none"),
        ("breach.types", '["availability"]'),
        ("breach.service_impact", "none"),
        # Ransomware read whatever was stored readable: only encryption at rest takes the
        # confidentiality question away (EDPB 01/2021 case No. 01).
        ("protection.encryption", "state_of_the_art"),
        ("protection.key_compromised", "false"),
    ):
        services.set_fact(demo_id, key, value)
    app = app_factory(incident_id=demo_id)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press(KEY["risk"])
        await pilot.pause()
        line = app.screen.query_one("#risk-decision", Static)
        assert line.has_class("-stale")
        text = str(line.render())
        assert "The facts have changed since" in text and "Exfiltration" in text
        assert "breach.exfiltration" not in text  # the field's name, not its key
        assert "now recommends notify the authority (a risk to people)" in text


# -- playbook --------------------------------------------------------------------------


def playbook_pane(app: BreachkitApp) -> PlaybookPane:
    return app.screen.query_one(PlaybookPane)


async def test_playbook_lists_next_steps_first_with_guidance(
    app_factory: AppFactory, demo_id: str
) -> None:
    app = app_factory(incident_id=demo_id)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await open_tab(pilot, "playbook")
        pane = playbook_pane(app)
        assert app.focused is pane.table
        assert "Ransomware" in text_of(app.screen, "#playbook-summary")
        assert "12 of 37 done" in text_of(app.screen, "#playbook-summary")
        selected = pane.selected()
        assert selected is not None and selected.step.id == "ransom-legal-advice"
        assert "Do not pay" in rendered(app.screen, "#step-detail-text", 60)
        await pilot.press("up")  # the "Next" heading is passed over
        assert pane.selected() is not None
        waiting = str(pane.table.get_cell("step:assess-risk", "state"))
        assert waiting == "after 3 steps"


async def test_mark_a_step_done_with_a_note(
    app_factory: AppFactory, services: Services, demo_id: str
) -> None:
    app = app_factory(incident_id=demo_id)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await open_tab(pilot, "playbook")
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(app.screen, StepModal)
        await pilot.press(*"counsel: do not pay", "enter")
        await settle(pilot)
        assert isinstance(app.screen, WorkspaceScreen)
        pane = playbook_pane(app)
        assert "13 of 37 done" in text_of(app.screen, "#playbook-summary")
        assert str(pane.table.get_cell("step:ransom-legal-advice", "state")) == "done"
        assert "next:ransom-legal-advice" not in pane.table.rows
        selected = pane.selected()  # the cursor moved on to the next step to do
        assert selected is not None and selected.step.id == "check-exfiltration"
        await pilot.press(KEY["timeline"])
        await pilot.pause()
        kind, what = last_timeline_row(app)
        assert kind == "playbook" and "ransom-legal-advice" in what
    entry = services.timeline(demo_id)[-1].content
    assert entry.text.endswith("done. Note: counsel: do not pay")
    assert services.playbook_status(demo_id).done == 13


async def test_skip_needs_a_reason(
    app_factory: AppFactory, services: Services, demo_id: str
) -> None:
    app = app_factory(incident_id=demo_id)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        before = services.incident(demo_id).entries
        await open_tab(pilot, "playbook")
        await pilot.press("s", "enter")
        await pilot.pause()
        assert isinstance(app.screen, StepModal)
        assert "needs a reason" in text_of(app.screen, "#step-problem")
        assert services.incident(demo_id).entries == before
        await pilot.press(*"insurer's counsel already engaged", "enter")
        await settle(pilot)
        assert isinstance(app.screen, WorkspaceScreen)
        assert str(playbook_pane(app).table.get_cell("step:ransom-legal-advice", "state")) == (
            "skipped"
        )
    step = next(
        v for v in services.playbook_status(demo_id).steps if v.step.id == "ransom-legal-advice"
    )
    assert (step.status, step.note) == ("skipped", "insurer's counsel already engaged")


async def test_reopen_a_done_step(
    app_factory: AppFactory, services: Services, demo_id: str
) -> None:
    app = app_factory(incident_id=demo_id)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await open_tab(pilot, "playbook")
        pane = playbook_pane(app)
        pane.table.move_cursor(row=pane.table.get_row_index("step:isolate-hosts"))
        await pilot.press("d")  # already done: says so, opens nothing
        await pilot.pause()
        assert isinstance(app.screen, WorkspaceScreen)
        assert any("already done" in n.message for n in app._notifications)
        await pilot.press("u", "enter")
        await settle(pilot)
        assert "next:isolate-hosts" in pane.table.rows
    assert services.playbook_status(demo_id).done == 11


async def test_switch_playbook(app_factory: AppFactory, services: Services, demo_id: str) -> None:
    app = app_factory(incident_id=demo_id)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await open_tab(pilot, "playbook")
        await pilot.press("p")
        await pilot.pause()
        assert isinstance(app.screen, ChoosePlaybookModal)
        options = app.screen.query_one(OptionList)
        assert options.get_option_at_index(options.highlighted or 0).id == "ransomware"
        options.highlighted = [o.id for o in options.options].index("gdpr-general")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, WorkspaceScreen)
        assert "Personal data breach (general)" in text_of(app.screen, "#playbook-summary")
    assert services.incident_playbook(demo_id).id == "gdpr-general"
    assert "Playbook chosen" in services.timeline(demo_id)[-1].content.text


async def test_an_overdue_clock_shows_on_its_steps(
    services: Services, clock: FixedClock, demo_id: str
) -> None:
    from breachkit.tui.app import make_app

    clock.advance(timedelta(days=3))  # past the 72 hours of Art. 33
    app = make_app(services, clock, incident_id=demo_id, tick=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await open_tab(pilot, "playbook")
        table = app.screen.query_one(StepTable)
        state = str(table.get_cell("step:submit-initial-notification", "state"))
        assert "Art. 33 overdue" in state
        first = playbook_pane(app).selected()
        assert first is not None and first.urgency == "overdue"  # overdue steps come first


async def test_keys_follow_the_tab_order(app_factory: AppFactory, demo_id: str) -> None:
    app = app_factory(incident_id=demo_id)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        for number, tab in enumerate(TABS, 1):
            await pilot.press(str(number))
            await pilot.pause()
            assert isinstance(app.screen, WorkspaceScreen) and app.screen.active_tab == tab
        await pilot.press(KEY["overview"], "d", "c")  # keys of other tabs do nothing here
        await pilot.pause()
        assert isinstance(app.screen, WorkspaceScreen)


async def test_help_lists_the_new_tabs(app_factory: AppFactory, demo_id: str) -> None:
    app = app_factory(incident_id=demo_id)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        console = Console(width=100, record=True, file=io.StringIO())
        console.print(app.screen._body())
        text = console.export_text()
        for needle in ("Playbook tab", "Risk tab", "Confirm", "Override", "Reopen", "Skip"):
            assert needle in text


async def test_a_step_modal_input_is_plain_text(
    app_factory: AppFactory, services: Services, demo_id: str
) -> None:
    """A note with markup characters is recorded as typed."""
    app = app_factory(incident_id=demo_id)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await open_tab(pilot, "playbook")
        await pilot.press("d")
        await pilot.pause()
        app.screen.query_one(Input).value = "[bold]x[/] done"
        await pilot.press("enter")
        await settle(pilot)
    assert services.timeline(demo_id)[-1].content.text.endswith("Note: [bold]x[/] done")


async def test_command_palette_jumps_to_a_step(app_factory: AppFactory, demo_id: str) -> None:
    app = app_factory(incident_id=demo_id)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"Step: reset credentials")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, WorkspaceScreen)
        assert app.screen.active_tab == "playbook"
        selected = playbook_pane(app).selected()
        assert selected is not None and selected.step.id == "reset-credentials"


async def test_not_applicable_needs_a_reason_too(
    app_factory: AppFactory, services: Services, demo_id: str
) -> None:
    app = app_factory(incident_id=demo_id)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await open_tab(pilot, "playbook")
        await pilot.press("x", "enter")
        await pilot.pause()
        assert "needs a reason" in text_of(app.screen, "#step-problem")
        await pilot.press(*"no ransom demand received", "enter")
        await settle(pilot)
        pane = playbook_pane(app)
        assert str(pane.table.get_cell("step:ransom-legal-advice", "mark")) == "–"
    status = services.playbook_status(demo_id)
    assert status.total == 36  # a step not applicable no longer counts
