"""The wizard's times: typed as on the command line, and a time that cannot be true is
shown beside its field in the core's words (the same rules as every other door)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from textual.pilot import Pilot
from textual.screen import Screen
from textual.widgets import Input, Static

from breachkit.services import Services
from breachkit.tui.app import BreachkitApp
from breachkit.tui.screens.wizard import WizardScreen
from breachkit.tui.widgets.fact_field import FactField

SIZE = (100, 32)
AppFactory = Callable[..., BreachkitApp]


def field(screen: Screen[Any], key: str) -> FactField:
    return next(f for f in screen.query(FactField) if f.spec.key == key)


def problem(screen: Screen[Any], key: str) -> str:
    return str(field(screen, key).query_one(".fact-problem", Static).render())


async def type_into(pilot: Pilot[Any], screen: Screen[Any], key: str, text: str) -> None:
    control = field(screen, key).control
    assert isinstance(control, Input)
    control.value = text
    await pilot.pause()


async def start(pilot: Pilot[Any]) -> WizardScreen:
    app = pilot.app
    await pilot.pause()
    await pilot.press("n", *"Stolen laptop")
    await type_into(pilot, app.screen, "timezone", "Europe/Luxembourg")
    await pilot.press("pagedown")  # -> When
    await pilot.pause()
    assert isinstance(app.screen, WizardScreen)
    return app.screen


async def test_awareness_in_the_future_is_shown_beside_the_field(
    app_factory: AppFactory, services: Services
) -> None:
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        screen = await start(pilot)
        await type_into(pilot, screen, "aware_at", "20 Nov 2026 09:00")
        shown = problem(screen, "aware_at")
        assert "2026-11-20 09:00 CET (+01:00) is in the future" in shown
        assert "now is 2026-11-19 11:30 CET (+01:00)" in shown
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, WizardScreen)
    assert services.incidents() == []


async def test_detection_after_awareness_names_both_times(app_factory: AppFactory) -> None:
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        screen = await start(pilot)
        await type_into(pilot, screen, "aware_at", "2026-11-19T09:00")
        await type_into(pilot, screen, "detected_at", "19/11/2026 10:00")
        shown = problem(screen, "detected_at")
        assert "2026-11-19 10:00 CET (+01:00) is after aware_at 2026-11-19 09:00 CET" in shown
        await type_into(pilot, screen, "detected_at", "19/11/2026 08:00")
        assert problem(screen, "detected_at") == ""


async def test_typed_times_are_read_and_stored_exactly(
    app_factory: AppFactory, services: Services
) -> None:
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        screen = await start(pilot)
        await type_into(pilot, screen, "aware_at", "19 Nov 2026 09:15")
        note = str(field(screen, "aware_at").query_one(".fact-note", Static).render())
        assert "2026-11-19 09:15 CET (+01:00)" in note
        await type_into(pilot, screen, "detected_at", "Tue 08:00")
        assert "weekday" in problem(screen, "detected_at")
        await type_into(pilot, screen, "detected_at", "08:05")  # today, in the zone
        assert problem(screen, "detected_at") == ""
        await pilot.press("ctrl+s")
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
    [incident] = services.incidents()
    facts = services.incident(incident.id).facts
    assert facts.aware_at == datetime(2026, 11, 19, 8, 15, tzinfo=UTC)
    assert facts.detected_at == datetime(2026, 11, 19, 7, 5, tzinfo=UTC)
