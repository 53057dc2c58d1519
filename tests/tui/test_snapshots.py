"""SVG snapshots of the main screens: frozen clock, no ticking, the demo incident.

Textual is pinned (``textual==8.2.8``): snapshots are part of that version's contract.
Review ``snapshot_report.html`` before ``pytest tests/tui --snapshot-update``.
"""

from __future__ import annotations

import shutil
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Input

from breachkit.services import Services
from breachkit.tui.app import BreachkitApp
from breachkit.tui.screens.workspace_keys import TABS

AppFactory = Callable[..., BreachkitApp]
WIDE = (100, 32)
NARROW = (80, 24)
KEY = {tab: str(number) for number, tab in enumerate(TABS, 1)}
"""The key that shows a workspace tab (1 is the first tab)."""


def before(*keys: str, theme: str | None = None) -> Callable[[Pilot[Any]], Awaitable[None]]:
    """Settle workers, optionally switch theme, press ``keys``, settle again."""

    async def run(pilot: Pilot[Any]) -> None:
        await pilot.pause()  # a theme switched before the first screen settles can lose the
        if theme:  # screen's auto-focus (seen 1 run in 4 on the board with Textual 8.2.8)
            pilot.app.theme = theme
        await pilot.pause()
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        for key in keys:
            await pilot.press(key)
            await pilot.pause()
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()

    return run


@pytest.mark.usefixtures("demo_id")
class TestBoard:
    def test_board(self, snap_compare: Any, app_factory: AppFactory) -> None:
        assert snap_compare(app_factory(), run_before=before(), terminal_size=WIDE)

    def test_board_narrow(self, snap_compare: Any, app_factory: AppFactory) -> None:
        assert snap_compare(app_factory(), run_before=before(), terminal_size=NARROW)

    def test_board_light(self, snap_compare: Any, app_factory: AppFactory) -> None:
        assert snap_compare(
            app_factory(), run_before=before(theme="textual-light"), terminal_size=NARROW
        )


class TestEmptyBoard:
    def test_board_empty(self, snap_compare: Any, app_factory: AppFactory) -> None:
        assert snap_compare(app_factory(), run_before=before(), terminal_size=NARROW)


class TestWorkspace:
    def test_overview(self, snap_compare: Any, app_factory: AppFactory, demo_id: str) -> None:
        assert snap_compare(
            app_factory(incident_id=demo_id), run_before=before(), terminal_size=WIDE
        )

    def test_timeline(self, snap_compare: Any, app_factory: AppFactory, demo_id: str) -> None:
        assert snap_compare(
            app_factory(incident_id=demo_id), run_before=before(KEY["timeline"]), terminal_size=WIDE
        )

    def test_clocks(self, snap_compare: Any, app_factory: AppFactory, demo_id: str) -> None:
        assert snap_compare(
            app_factory(incident_id=demo_id), run_before=before(KEY["clocks"]), terminal_size=WIDE
        )

    def test_evidence(self, snap_compare: Any, app_factory: AppFactory, demo_id: str) -> None:
        assert snap_compare(
            app_factory(incident_id=demo_id), run_before=before(KEY["evidence"]), terminal_size=WIDE
        )

    def test_clocks_narrow(self, snap_compare: Any, app_factory: AppFactory, demo_id: str) -> None:
        assert snap_compare(
            app_factory(incident_id=demo_id), run_before=before(KEY["clocks"]), terminal_size=NARROW
        )

    def test_quick_log_narrow(
        self, snap_compare: Any, app_factory: AppFactory, demo_id: str
    ) -> None:
        assert snap_compare(
            app_factory(incident_id=demo_id), run_before=before("l"), terminal_size=NARROW
        )

    def test_overview_light(self, snap_compare: Any, app_factory: AppFactory, demo_id: str) -> None:
        assert snap_compare(
            app_factory(incident_id=demo_id),
            run_before=before(theme="textual-light"),
            terminal_size=NARROW,
        )


class TestDialogs:
    def test_help(self, snap_compare: Any, app_factory: AppFactory, demo_id: str) -> None:
        assert snap_compare(
            app_factory(incident_id=demo_id), run_before=before("f1"), terminal_size=WIDE
        )

    def test_wizard_first_step(self, snap_compare: Any, app_factory: AppFactory) -> None:
        assert snap_compare(app_factory(), run_before=before("n"), terminal_size=NARROW)

    def test_wizard_when_step(self, snap_compare: Any, app_factory: AppFactory) -> None:
        keys = ("n", *"Stolen laptop", "pagedown")
        assert snap_compare(app_factory(), run_before=before(*keys), terminal_size=NARROW)

    def test_edit_fact(self, snap_compare: Any, app_factory: AppFactory, demo_id: str) -> None:
        assert snap_compare(
            app_factory(incident_id=demo_id), run_before=before("e"), terminal_size=NARROW
        )

    def test_record_filing(self, snap_compare: Any, app_factory: AppFactory, demo_id: str) -> None:
        assert snap_compare(
            app_factory(incident_id=demo_id),
            run_before=before(KEY["clocks"], "f"),
            terminal_size=NARROW,
        )


class TestRiskAndPlaybook:
    def test_playbook(self, snap_compare: Any, app_factory: AppFactory, demo_id: str) -> None:
        assert snap_compare(
            app_factory(incident_id=demo_id),
            run_before=before(KEY["playbook"]),
            terminal_size=WIDE,
        )

    def test_playbook_narrow(
        self, snap_compare: Any, app_factory: AppFactory, demo_id: str
    ) -> None:
        assert snap_compare(
            app_factory(incident_id=demo_id),
            run_before=before(KEY["playbook"]),
            terminal_size=NARROW,
        )

    def test_playbook_light(self, snap_compare: Any, app_factory: AppFactory, demo_id: str) -> None:
        assert snap_compare(
            app_factory(incident_id=demo_id),
            run_before=before(KEY["playbook"], "down", "down", "down", theme="textual-light"),
            terminal_size=NARROW,
        )

    def test_risk(self, snap_compare: Any, app_factory: AppFactory, demo_id: str) -> None:
        assert snap_compare(
            app_factory(incident_id=demo_id), run_before=before(KEY["risk"]), terminal_size=WIDE
        )

    def test_risk_narrow(self, snap_compare: Any, app_factory: AppFactory, demo_id: str) -> None:
        assert snap_compare(
            app_factory(incident_id=demo_id), run_before=before(KEY["risk"]), terminal_size=NARROW
        )

    def test_risk_overtaken_decision_light(
        self, snap_compare: Any, app_factory: AppFactory, services: Services, demo_id: str
    ) -> None:
        """A confirmed decision, then facts that change the recommendation: the warning."""
        services.decide(demo_id, justification="agreed with the board")
        services.set_fact(demo_id, "breach.exfiltration", "ruled_out")
        services.set_fact(demo_id, "breach.recipients", "none")
        services.set_fact(demo_id, "breach.types", '["availability"]')
        services.set_fact(demo_id, "breach.service_impact", "none")
        # Only encryption at rest takes the confidentiality question away from ransomware.
        services.set_fact(demo_id, "protection.encryption", "state_of_the_art")
        services.set_fact(demo_id, "protection.key_compromised", "false")
        assert snap_compare(
            app_factory(incident_id=demo_id),
            run_before=before(KEY["risk"], theme="textual-light"),
            terminal_size=WIDE,
        )

    def test_confirm_dialog(self, snap_compare: Any, app_factory: AppFactory, demo_id: str) -> None:
        assert snap_compare(
            app_factory(incident_id=demo_id),
            run_before=before(KEY["risk"], "c"),
            terminal_size=NARROW,
        )

    def test_override_dialog(
        self, snap_compare: Any, app_factory: AppFactory, demo_id: str
    ) -> None:
        assert snap_compare(
            app_factory(incident_id=demo_id),
            run_before=before(KEY["risk"], "o"),
            terminal_size=NARROW,
        )

    def test_skip_dialog(self, snap_compare: Any, app_factory: AppFactory, demo_id: str) -> None:
        assert snap_compare(
            app_factory(incident_id=demo_id),
            run_before=before(KEY["playbook"], "s", "enter"),
            terminal_size=NARROW,
        )

    def test_choose_playbook(
        self, snap_compare: Any, app_factory: AppFactory, demo_id: str
    ) -> None:
        assert snap_compare(
            app_factory(incident_id=demo_id),
            run_before=before(KEY["playbook"], "p"),
            terminal_size=NARROW,
        )


SUBJECTS = Path(__file__).parent.parent / "fixtures" / "subjects.csv"


def people_file(*keys: str) -> Callable[[Pilot[Any]], Awaitable[None]]:
    """The Letters tab with ``~/subjects.csv`` checked, then ``keys``."""

    async def run(pilot: Pilot[Any]) -> None:
        await before(KEY["letters"], "o")(pilot)
        pilot.app.screen.query_one("#letters-subjects", Input).value = "~/subjects.csv"
        await before("enter", *keys)(pilot)

    return run


def with_review(services: Services, incident_id: str) -> None:
    """A lesson, an open action past its due date, a done one, and containment."""
    services.mark_contained(incident_id, at="2026-11-18T14:00", note="FS01 isolated")
    services.add_review_item(incident_id, "lesson", "Restores take six hours: test quarterly")
    services.add_review_item(
        incident_id, "action", "Enforce MFA on the VPN", owner="IT operations", due="2026-11-10"
    )
    services.add_review_item(
        incident_id, "action", "Brief the board", owner="CISO", due="2026-11-30"
    )
    services.close_review_item(incident_id, 3, "done", note="briefed on 19 Nov")


class TestNotifyLettersReview:
    def test_notify(self, snap_compare: Any, app_factory: AppFactory, demo_id: str) -> None:
        assert snap_compare(
            app_factory(incident_id=demo_id), run_before=before(KEY["notify"]), terminal_size=WIDE
        )

    def test_notify_narrow_light(
        self, snap_compare: Any, app_factory: AppFactory, demo_id: str
    ) -> None:
        assert snap_compare(
            app_factory(incident_id=demo_id),
            run_before=before(KEY["notify"], theme="textual-light"),
            terminal_size=NARROW,
        )

    def test_export_draft_dialog(
        self, snap_compare: Any, app_factory: AppFactory, demo_id: str
    ) -> None:
        assert snap_compare(
            app_factory(incident_id=demo_id),
            run_before=before(KEY["notify"], "x"),
            terminal_size=NARROW,
        )

    def test_letters(
        self, snap_compare: Any, app_factory: AppFactory, demo_id: str, home: Path
    ) -> None:
        shutil.copy(SUBJECTS, home / "subjects.csv")
        assert snap_compare(
            app_factory(incident_id=demo_id), run_before=people_file(), terminal_size=WIDE
        )

    def test_letters_narrow(
        self, snap_compare: Any, app_factory: AppFactory, demo_id: str, home: Path
    ) -> None:
        shutil.copy(SUBJECTS, home / "subjects.csv")
        assert snap_compare(
            app_factory(incident_id=demo_id), run_before=people_file("down"), terminal_size=NARROW
        )

    def test_review(
        self, snap_compare: Any, app_factory: AppFactory, services: Services, demo_id: str
    ) -> None:
        with_review(services, demo_id)
        assert snap_compare(
            app_factory(incident_id=demo_id), run_before=before(KEY["review"]), terminal_size=WIDE
        )

    def test_review_narrow_light(
        self, snap_compare: Any, app_factory: AppFactory, services: Services, demo_id: str
    ) -> None:
        with_review(services, demo_id)
        assert snap_compare(
            app_factory(incident_id=demo_id),
            run_before=before(KEY["review"], theme="textual-light"),
            terminal_size=NARROW,
        )

    def test_register(self, snap_compare: Any, app_factory: AppFactory, demo_id: str) -> None:
        assert snap_compare(app_factory(), run_before=before("g"), terminal_size=NARROW)
