"""The Letters tab sends the newest e-mail batch in a worker, with progress (issue 17)."""

from __future__ import annotations

from pathlib import Path

from breachkit.core.timesource import FixedClock
from breachkit.services import Services
from breachkit.tui.app import make_app
from breachkit.tui.screens.workspace_keys import TABS
from breachkit.tui.widgets.send_strip import SendStrip
from tests.send.conftest import Sink, make_batch

KEY = {tab: str(number) for number, tab in enumerate(TABS, 1)}


async def test_the_letters_tab_sends_and_says_so(
    services: Services, clock: FixedClock, tmp_path: Path, sink: Sink
) -> None:
    b = make_batch(services, tmp_path, sink, 6)
    app = make_app(services, clock, tick=False, incident_id=b.incident)
    app.animation_level = "none"
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.press(KEY["letters"])
        await pilot.pause()
        await app.workers.wait_for_complete()
        strip = app.screen.query_one(SendStrip)
        assert strip.has_class("-ready")
        strip.start()
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        bar = app.screen.query_one("#send-bar")
        assert (bar.progress, bar.total) == (6, 6)  # type: ignore[attr-defined]
        assert "6 sent" in str(app.screen.query_one("#send-status").render())
    assert len(set(sink.message_ids())) == len(sink.accepted) == 6
