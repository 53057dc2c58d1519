"""Plain words: what the cockpit shows names keys and fields, never flags or ids."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Static

from breachkit.services import Services
from breachkit.tui import risk_words as w
from breachkit.tui.app import BreachkitApp
from breachkit.tui.screens.workspace_keys import TABS
from breachkit.tui.words import tui_words

SIZE = (100, 32)
KEY = {tab: str(number) for number, tab in enumerate(TABS, 1)}
AppFactory = Callable[..., BreachkitApp]


@pytest.mark.parametrize(
    ("said", "shown"),
    [
        (
            "no lead authority in the organisation profile: name one with --authority (cnpd)",
            "no lead authority in the organisation profile: choose one in the To field (cnpd)",
        ),
        ("dropping an item needs a reason (--reason)", "dropping an item needs a reason"),
        (
            "an action item needs a due date (--due YYYY-MM-DD)",
            "an action item needs a due date (YYYY-MM-DD)",
        ),
        ("detected_at is before occurred_at", "“Detected at” is before “Occurred at”"),
        (
            "deciding risk / notify_authority needs a written justification",
            "deciding “a risk to people, notify the authority” needs a written justification",
        ),
        (
            "containment is not recorded (breachkit contained ID --at TIME)",
            "containment is not recorded (m on the Review tab)",
        ),
    ],
)
def test_service_words_become_tui_words(said: str, shown: str) -> None:
    assert tui_words(said) == shown


def test_a_decision_reads_as_a_sentence() -> None:
    assert w.choice("risk", "notify_authority") == "notify the authority (a risk to people)"
    assert "risk level" not in w.choice("high", "notify_authority_and_subjects")


async def settle(pilot: Pilot[Any]) -> None:
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def test_an_override_without_justification_says_so_in_tui_words(
    app_factory: AppFactory, services: Services, demo_id: str
) -> None:
    app = app_factory(incident_id=demo_id)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press(KEY["risk"], "o")
        await settle(pilot)
        app.screen.query_one("#override-risk").value = "unlikely"  # type: ignore[attr-defined]
        await pilot.press("ctrl+s")
        await settle(pilot)
        shown = str(app.screen.query_one("#override-problem", Static).render())
        assert "justification" in shown
        for word in ("notify_authority", "record_only", "--", "unlikely /"):
            assert word not in shown, shown
        texts = " ".join(str(s.render()) for s in app.screen.query(Static))
        assert "risk level" not in texts
