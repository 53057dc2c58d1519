"""The focus rules (``tui/focus.py``) on every screen and dialog.

A sentence full of hotkey letters is typed into every text field the cockpit has: the
field takes it, and nothing else changes (no tab switch, no dialog opened or closed, no
entry recorded, no notification). Esc in a field leaves the field, never the workspace;
Enter records a dialog only from its last field; Tab follows reading order.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual.events import Key
from textual.keys import _character_to_key
from textual.pilot import Pilot
from textual.widget import Widget
from textual.widgets import Input, TabbedContent, TextArea

from breachkit.services import Services
from breachkit.tui.app import BreachkitApp
from breachkit.tui.modals.review import ContainedModal
from breachkit.tui.screens.wizard import WizardScreen
from breachkit.tui.screens.workspace import WorkspaceScreen
from breachkit.tui.screens.workspace_keys import TABS

SIZE = (100, 32)
KEY = {tab: str(number) for number, tab in enumerate(TABS, 1)}
AppFactory = Callable[..., BreachkitApp]
SENTENCE = "All vexed: pug smock frank 1 5 9?"
"""Every key of the board, the workspace and the dialogs is in it (l a v e x d p u g s m o
c k f r n A, tab numbers, space)."""


PROFILE = (
    '[organisation]\nname = "Other S.A."\nlanguages = ["fr", "en"]\n[authority]\nlead = "apd"\n'
)


async def type_fast(pilot: Pilot[Any], text: str) -> None:
    """Type ``text`` as a fast typist does: every key sent at once, then wait."""
    driver = pilot.app._driver
    assert driver is not None
    for char in text:
        key = Key("space" if char == " " else _character_to_key(char), char)
        key.set_sender(pilot.app)
        driver.send_message(key)
    await pilot.pause()


async def settle(pilot: Pilot[Any]) -> None:
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def text_fields(app: BreachkitApp) -> list[Widget]:
    """The text fields of the screen on top that can take the focus now."""
    return [w for w in app.screen.focus_chain if isinstance(w, Input | TextArea)]


def value(widget: Widget) -> str:
    return widget.value if isinstance(widget, Input) else widget.text  # type: ignore[attr-defined]


def state(app: BreachkitApp, services: Services, incident_id: str | None) -> tuple[object, ...]:
    tab = ""
    if isinstance(app.screen, WorkspaceScreen):
        tab = app.screen.query_one(TabbedContent).active
    count = len(services.timeline(incident_id)) if incident_id else len(services.incidents())
    return (tuple(app.screen_stack), tab, count, len(app._notifications))


async def type_into_every_field(
    pilot: Pilot[Any], services: Services, incident_id: str | None, *, required: bool = True
) -> int:
    """Type the sentence into each field of the top screen; only that field changes."""
    app = pilot.app
    assert isinstance(app, BreachkitApp)
    fields = text_fields(app)
    assert fields or not required, f"no text field on {app.screen}"
    for widget in fields:
        widget.focus()
        await pilot.pause()
        before, old = state(app, services, incident_id), value(widget)
        await type_fast(pilot, SENTENCE)
        await settle(pilot)
        assert state(app, services, incident_id) == before, f"typing into {widget} did more"
        assert app.focused is widget
        assert SENTENCE in value(widget), f"{widget} did not take the sentence"
        if isinstance(widget, Input):
            widget.value = old
        else:
            widget.load_text(old)  # type: ignore[attr-defined]
        await pilot.pause()
    return len(fields)


async def test_typing_into_every_field_of_every_screen_only_changes_that_field(
    app_factory: AppFactory, services: Services, demo_id: str
) -> None:
    app = app_factory(incident_id=demo_id)
    walked = 0
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)

        async def dialog(*opening: str) -> None:
            nonlocal walked
            depth = len(app.screen_stack)
            await pilot.press(*opening)
            await settle(pilot)
            assert len(app.screen_stack) == depth + 1, f"{opening} opened no dialog"
            walked += await type_into_every_field(pilot, services, demo_id)
            before = len(services.timeline(demo_id))
            await pilot.press("escape")  # Esc in a field cancels the dialog, records nothing
            await settle(pilot)
            assert len(app.screen_stack) == depth
            assert len(services.timeline(demo_id)) == before

        await dialog("enter")  # the highlighted fact (Overview)
        await pilot.press(KEY["playbook"])
        await settle(pilot)
        for key in ("d", "s", "x"):
            await dialog(key)
        await pilot.press(KEY["timeline"], "l")
        await settle(pilot)
        walked += await type_into_every_field(pilot, services, demo_id)
        await pilot.press("escape")  # closes the log bar
        await pilot.press(KEY["clocks"])
        await settle(pilot)
        await dialog("f")
        await pilot.press(KEY["risk"])
        await settle(pilot)
        await dialog("c")
        await dialog("o")
        await pilot.press(KEY["notify"])
        await settle(pilot)
        await dialog("x")
        for tab in ("letters", "evidence"):
            await pilot.press(KEY[tab])
            await settle(pilot)
            walked += await type_into_every_field(pilot, services, demo_id)
            app.screen.query_one(f"#{tab}").query(Input).first().focus()
            await pilot.press("escape")  # leaves the field, not the workspace
            assert isinstance(app.screen, WorkspaceScreen)
            assert not isinstance(app.focused, Input)
        await pilot.press(KEY["review"])
        await settle(pilot)
        for key in ("n", "A", "m", "x"):
            await dialog(key)
        await pilot.press("escape")  # the board
        await settle(pilot)
        await pilot.press("g")
        await settle(pilot)
        await dialog("x")  # the register's export
        services.org_path.write_text(PROFILE, encoding="utf-8")
        depth = len(app.screen_stack)
        await pilot.press("f2")  # the profile form, with its Dutch, French and German fields
        await settle(pilot)
        assert app.screen.query("#org-text-nl-sector") and app.screen.query(
            "#org-text-de-dpo-title"
        )
        walked += await type_into_every_field(pilot, services, demo_id)
        await pilot.press("escape")  # leaves the form without saving
        await settle(pilot)
        assert len(app.screen_stack) == depth
        assert services.org_path.read_text(encoding="utf-8") == PROFILE
        await pilot.press("escape", "n")
        await settle(pilot)
        wizard = app.screen
        assert isinstance(wizard, WizardScreen)
        for step in range(4):  # every step with fields
            walked += await type_into_every_field(pilot, services, None, required=step != 2)
            fields = wizard.fields()
            if step == 0:
                fields["title"].control.value = "Lost laptop"  # type: ignore[attr-defined]
            if step == 2:
                fields["breach.cause"].control.value = "lost_or_stolen"  # type: ignore[attr-defined]
            await pilot.pause()
            await pilot.press("pagedown")
            await settle(pilot)
            assert wizard.step == step + 1
    assert walked > 30


async def test_escape_in_a_workspace_field_leaves_the_field_not_the_workspace(
    app_factory: AppFactory, demo_id: str
) -> None:
    app = app_factory(incident_id=demo_id)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("a", *"x.log", "escape")
        assert isinstance(app.screen, WorkspaceScreen)
        assert app.focused is app.screen.query_one("#evidence-table")
        await pilot.press("escape")  # from the table, Esc goes back to the board
        assert not isinstance(app.screen, WorkspaceScreen)


async def test_evidence_tab_order_follows_reading_order(
    app_factory: AppFactory, demo_id: str
) -> None:
    app = app_factory(incident_id=demo_id)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("a")
        order = []
        for _ in range(4):
            order.append(app.focused.id if app.focused else None)
            await pilot.press("tab")
        assert order == ["evidence-path", "evidence-note", "evidence-attach", "evidence-verify"]


async def test_enter_in_the_path_moves_to_the_note_and_the_note_is_kept(
    app_factory: AppFactory, services: Services, demo_id: str, tmp_path: Any
) -> None:
    log = tmp_path / "fw.log"
    log.write_text("deny all\n")
    app = app_factory(incident_id=demo_id)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("a", *str(log), "enter")
        assert app.focused is app.screen.query_one("#evidence-note")
        await pilot.press(*"from fw01", "enter")
        await settle(pilot)
        assert app.focused is app.screen.query_one("#evidence-table")  # not the path field
    assert "from fw01" in services.timeline(demo_id)[-1].content.text


async def open_containment(pilot: Pilot[Any]) -> None:
    """The Review tab's "Record containment" dialog (m)."""
    await settle(pilot)
    await pilot.press(KEY["review"])
    await settle(pilot)
    await pilot.press("m")
    await settle(pilot)


async def test_containment_enter_in_the_time_field_moves_to_the_note(
    app_factory: AppFactory, services: Services, demo_id: str
) -> None:
    app = app_factory(incident_id=demo_id)
    async with app.run_test(size=SIZE) as pilot:
        await open_containment(pilot)
        before = len(services.timeline(demo_id))
        await pilot.press("enter")  # in the time field: on to the note, nothing recorded
        await settle(pilot)
        assert isinstance(app.screen, ContainedModal)
        assert app.focused is app.screen.query_one("#contained-note")
        assert len(services.timeline(demo_id)) == before
        await pilot.press(*"fs01 isolated", "enter")  # the last field records
        await settle(pilot)
        assert not isinstance(app.screen, ContainedModal)
    assert "fs01 isolated" in services.timeline(demo_id)[-1].content.text


async def burst(pilot: Pilot[Any], *keys: str) -> None:
    """Keys as a terminal delivers a fast typist's (or a paste's) burst: all at once."""
    driver = pilot.app._driver
    assert driver is not None
    for name in keys:
        char = {"tab": "\t", "enter": "\r", "space": " "}.get(
            name, name if len(name) == 1 else None
        )
        key = Key(name if len(name) > 1 else _character_to_key(name), char)
        key.set_sender(pilot.app)
        driver.send_message(key)
    await settle(pilot)


async def test_keys_typed_right_after_tab_or_enter_go_to_the_next_field(
    app_factory: AppFactory, services: Services, demo_id: str
) -> None:
    """Tab and Enter move the focus before the next key is delivered: a burst such as
    Tab, "fs01" never puts "fs01" into the field that was left (seen in tmux)."""
    app = app_factory(incident_id=demo_id)
    async with app.run_test(size=SIZE) as pilot:
        await open_containment(pilot)
        dialog = app.screen
        assert isinstance(dialog, ContainedModal)
        time_field = dialog.query_one("#contained-at", Input)
        note = dialog.query_one("#contained-note", Input)
        typed = time_field.value
        await burst(pilot, "tab", *"fs01")
        assert (time_field.value, note.value) == (typed, "fs01")
        # back, then Enter moves on; the note's text is selected on focus, as with Tab
        await burst(pilot, "shift+tab", "enter", *"fs01 off")
        assert (time_field.value, note.value) == (typed, "fs01 off")
        assert app.screen is dialog and app.focused is note
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("escape", "escape", "n")
        await settle(pilot)
        wizard = app.screen
        assert isinstance(wizard, WizardScreen)
        first, second = list(wizard.fields().values())[:2]
        first.control.focus()
        await pilot.pause()
        await burst(pilot, *"Lost", "enter", *"abc")
        assert first.control.value == "Lost"
        assert app.focused is not first.control
