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
from breachkit.tui.words import missing_label, tui_words

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


def test_a_drafts_missing_items_are_named_by_their_labels() -> None:
    assert missing_label("response.measures") == "Measures taken or proposed"
    assert missing_label("text.da.sector") == "Sector (organisation profile) (the da text)"
    assert missing_label("text.da.title") == "Title (the da text)"


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


def notices(app: BreachkitApp) -> str:
    return " ".join(f"{n.title}: {n.message}" for n in app._notifications)


async def test_a_confirmed_decision_is_announced_in_words(
    app_factory: AppFactory, demo_id: str
) -> None:
    app = app_factory(incident_id=demo_id)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press(KEY["risk"], "c")
        await settle(pilot)
        said = str(app.screen.query_one(".decide-recommended", Static).render())
        assert "freedoms. Recorded" in said  # no " ." before the full stop
        await pilot.press("enter")
        await settle(pilot)
        shown = notices(app)
        assert "Decision recorded: notify the authority and tell the people" in shown, shown
        assert "notify_authority" not in shown and "risk high" not in shown


async def test_a_changed_fact_is_announced_with_its_label(
    app_factory: AppFactory, demo_id: str
) -> None:
    app = app_factory(incident_id=demo_id)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("down", "down", "enter")  # the third row: Language of the text
        await settle(pilot)
        await pilot.press("ctrl+a", "ctrl+k", *"fr", "ctrl+s")
        await settle(pilot)
        shown = notices(app)
        assert "Fact changed: Language of the text: en → fr" in shown, shown
        assert "text_language" not in shown


async def test_a_marked_step_is_announced_by_its_title(
    app_factory: AppFactory, demo_id: str
) -> None:
    app = app_factory(incident_id=demo_id)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press(KEY["playbook"], "d")
        await settle(pilot)
        await pilot.press(*"asked counsel", "enter")
        await settle(pilot)
        shown = notices(app)
        assert "Playbook: Take legal advice before any contact or payment: done — asked" in shown
        assert "step " not in shown, shown


def test_a_missing_profile_item_opens_the_profile_form() -> None:
    from breachkit.core.drafts.model import Missing
    from breachkit.tui.sheet import fix_for

    fix = fix_for(Missing("dpo.phone", "to reach the DPO", "breachkit org", "DPO phone"))
    assert fix.profile and "F2" in fix.hint and "breachkit" not in fix.hint
    sector = fix_for(Missing("text.da.sector", "in Danish", "breachkit org check", "sector"))
    assert sector.profile and sector.profile_key == "text.da.sector"
    assert sector.hint == "Enter: the organisation profile (F2), “Sector in Danish”"


def test_letters_not_written_name_what_is_missing_by_its_label() -> None:
    from breachkit.core.letters.complete import Gap
    from breachkit.tui.widgets.letters_status import incomplete_texts

    notice, outcome = incomplete_texts(
        (Gap("response.measures_proposed", "what you will still do", "breachkit set"),)
    )
    assert notice.startswith("• Measures proposed: what you will still do")
    assert "response." not in notice + outcome
