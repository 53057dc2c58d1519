"""The Letters tab sends the newest e-mail batch in a worker, with progress (issue 17),
after a dialog that says what goes where and takes the password when it is to be typed."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Input

from breachkit.core.timesource import FixedClock
from breachkit.services import Services
from breachkit.tui.app import BreachkitApp, make_app
from breachkit.tui.modals.send import SendConfirmModal
from breachkit.tui.screens.workspace_keys import TABS
from breachkit.tui.widgets.send_strip import SendStrip
from tests.send.conftest import PASSWORD, Sink, TlsSink, make_batch, smtp_table
from tests.tui.test_focus import SENTENCE, type_fast

KEY = {tab: str(number) for number, tab in enumerate(TABS, 1)}


async def _settle(pilot: Pilot[Any]) -> None:
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def _open_dialog(pilot: Pilot[Any]) -> SendStrip:
    app = pilot.app
    await _settle(pilot)
    await pilot.press(KEY["letters"])
    await _settle(pilot)
    strip = app.screen.query_one(SendStrip)
    assert strip.has_class("-ready")
    button = strip.query_one("#send-start")  # on the screen, not pushed off it by the label
    assert button.region.width > 0 and app.screen.region.contains_region(button.region)
    assert not strip.query_one("#send-bar").display  # no idle bar pulsing before a run
    assert strip.check_action("stop_send", ()) is False  # nothing to stop: not offered
    strip.start()
    await _settle(pilot)
    return strip


def _app(services: Services, clock: FixedClock, incident: str) -> BreachkitApp:
    app = make_app(services, clock, tick=False, incident_id=incident)
    app.animation_level = "none"
    return app


async def test_the_letters_tab_asks_then_sends_and_says_so(
    services: Services, clock: FixedClock, tmp_path: Path, sink: Sink
) -> None:
    b = make_batch(services, tmp_path, sink, 6)
    app = _app(services, clock, b.incident)
    async with app.run_test(size=(120, 40)) as pilot:
        await _open_dialog(pilot)
        assert isinstance(app.screen, SendConfirmModal)
        said = str(app.screen.query_one("#send-what").render())
        assert "6 e-mails to send" in said and f"127.0.0.1:{sink.port}" in said
        assert not app.screen.query(Input)  # no password asked: none is needed
        assert sink.accepted == []  # nothing goes before the answer
        await pilot.press("enter")  # on Send
        await _settle(pilot)
        bar = app.screen.query_one("#send-bar")
        assert (bar.progress, bar.total) == (6, 6)  # type: ignore[attr-defined]
        assert bar.display
        assert "6 sent" in str(app.screen.query_one("#send-status").render())
        strip = app.screen.query_one(SendStrip)
        strip.start()  # again: everything went, so nothing to ask
        await _settle(pilot)
        assert not isinstance(app.screen, SendConfirmModal)
        assert "Nothing to send" in str(list(app._notifications)[-1].message)
    assert len(set(sink.message_ids())) == len(sink.accepted) == 6


async def test_escape_sends_nothing(
    services: Services, clock: FixedClock, tmp_path: Path, sink: Sink
) -> None:
    b = make_batch(services, tmp_path, sink, 3)
    entries = len(services.timeline(b.incident))
    app = _app(services, clock, b.incident)
    async with app.run_test(size=(80, 24)) as pilot:
        await _open_dialog(pilot)
        assert isinstance(app.screen, SendConfirmModal)
        await pilot.press("escape")
        await _settle(pilot)
        assert not isinstance(app.screen, SendConfirmModal)
    assert sink.accepted == [] and len(services.timeline(b.incident)) == entries


@pytest.mark.parametrize("how", ["password_prompt", "password_env not set"])
async def test_the_password_is_typed_in_the_dialog_and_kept_nowhere(
    services: Services,
    clock: FixedClock,
    tmp_path: Path,
    tls_sink: TlsSink,
    monkeypatch: pytest.MonkeyPatch,
    how: str,
) -> None:
    sink = tls_sink.sink
    asked = {"password_prompt": "true"} if how == "password_prompt" else {}
    if how != "password_prompt":
        asked = {"password_env": '"BK_TUI_SMTP_PW"'}
        monkeypatch.delenv("BK_TUI_SMTP_PW", raising=False)
    table = smtp_table(sink, username='"dpo"', security='"starttls"', **asked)
    b = make_batch(services, tmp_path, sink, 3, smtp=table)
    services.smtp_ssl_context = tls_sink.client_context
    app = _app(services, clock, b.incident)
    async with app.run_test(size=(80, 24)) as pilot:
        await _open_dialog(pilot)
        dialog = app.screen
        assert isinstance(dialog, SendConfirmModal)
        field = dialog.query_one("#send-password", Input)
        assert app.focused is field and field.password
        await pilot.press("enter")  # empty: refused, still open, nothing sent
        await pilot.pause()
        assert app.screen is dialog and sink.accepted == []
        await type_fast(pilot, SENTENCE)  # hotkey letters are the password's, nothing else
        assert app.screen is dialog and field.value == SENTENCE
        field.value = ""
        await type_fast(pilot, PASSWORD)
        await pilot.press("enter")
        await _settle(pilot)
        assert "3 sent" in str(app.screen.query_one("#send-status").render())
    assert (b"dpo", PASSWORD.encode()) in tls_sink.logins
    services.close()
    for path in tmp_path.rglob("*"):
        if path.is_file():
            assert PASSWORD.encode() not in path.read_bytes(), path
