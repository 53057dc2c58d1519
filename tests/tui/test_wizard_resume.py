"""The wizard shows its first problem where it is, asks before throwing anything away,
and resumes a draft that was kept."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual.pilot import Pilot
from textual.widgets import Input, Select

from breachkit.services import Services
from breachkit.tui.app import BreachkitApp
from breachkit.tui.modals.discard import LeaveWizardModal
from breachkit.tui.screens.board import BoardScreen
from breachkit.tui.screens.wizard import WizardScreen
from breachkit.tui.widgets.fact_field import FactField

SIZE = (80, 24)
AppFactory = Callable[..., BreachkitApp]


async def settle(pilot: Pilot[Any]) -> None:
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def field(screen: Any, key: str) -> FactField:
    found: FactField = next(f for f in screen.query(FactField) if f.spec.key == key)
    return found


def visible(app: BreachkitApp, widget: Any) -> bool:
    """The widget's whole region is on screen (not below the fold)."""
    region = widget.region
    return bool(region) and app.screen.region.contains_region(region)


async def to_data_step(pilot: Pilot[Any]) -> WizardScreen:
    app = pilot.app
    await pilot.press("n")
    await settle(pilot)
    await pilot.press(*"Lost laptop")
    await pilot.press("pagedown", "pagedown")
    await pilot.pause()
    cause = field(app.screen, "breach.cause").control
    assert isinstance(cause, Select)
    cause.value = "lost_or_stolen"
    await pilot.press("pagedown")
    await pilot.pause()
    screen = app.screen
    assert isinstance(screen, WizardScreen) and screen.step == 3
    return screen


async def test_a_refused_step_focuses_the_first_problem_and_says_why(
    app_factory: AppFactory,
) -> None:
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = await to_data_step(pilot)
        countries = field(screen, "data.countries")
        control = countries.control
        assert isinstance(control, Input)
        control.value = "DK, UK"
        field(screen, "data.categories").focus_control()  # away, at the top of the step
        await pilot.pause()
        await pilot.press("pagedown")
        await settle(pilot)
        assert screen.step == 3  # refused
        assert app.focused is control
        problem = countries.query_one(".fact-problem")
        assert "write GB" in str(problem.render())
        assert visible(app, problem) and visible(app, control)
        assert any("write GB" in n.message for n in app._notifications)


async def test_escape_with_data_asks_and_a_kept_draft_is_resumed(
    app_factory: AppFactory, services: Services
) -> None:
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        await pilot.press(*"Misdirected payslips", "escape")
        await settle(pilot)
        assert isinstance(app.screen, LeaveWizardModal)  # nothing thrown away yet
        await pilot.press("escape")  # stay
        await settle(pilot)
        assert isinstance(app.screen, WizardScreen)
        assert field(app.screen, "title").raw() == "Misdirected payslips"
        await pilot.press("escape")
        await settle(pilot)
        await pilot.click("#keep")
        await settle(pilot)
        assert isinstance(app.screen, BoardScreen)
        await pilot.press("n")
        await settle(pilot)
        assert isinstance(app.screen, WizardScreen)
        assert field(app.screen, "title").raw() == "Misdirected payslips"  # resumed
    assert services.incidents() == []


async def test_escape_with_nothing_typed_leaves_at_once(app_factory: AppFactory) -> None:
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, BoardScreen)
