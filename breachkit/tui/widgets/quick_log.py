"""``QuickLog``: the timeline's one-line bar that records an entry in two seconds."""

from __future__ import annotations

from dataclasses import dataclass

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.message import Message
from textual.widgets import Input, Select

from breachkit.core.enums import MANUAL_KINDS, EntryKind


class QuickLog(Horizontal):
    """Kind, what happened, and when (blank: now); Enter records, Esc closes."""

    DEFAULT_CSS = """
    QuickLog {
        height: 1;
        display: none;
        background: $boost;
        &.-open { display: block; }
        & > #log-kind { width: 17; }
        & > #log-text { width: 1fr; }
        & > #log-at { width: 19; }
    }
    """
    BINDINGS = [
        Binding("escape", "close", "Close", tooltip="Close the log bar.", id="quicklog.close")
    ]

    @dataclass
    class Submitted(Message):
        kind: str
        text: str
        at: str

    class Closed(Message):
        """The bar was closed."""

    def compose(self) -> ComposeResult:
        kinds = [(kind.value, kind.value) for kind in MANUAL_KINDS]
        yield Select(
            kinds, value=EntryKind.NOTE.value, allow_blank=False, compact=True, id="log-kind"
        )
        yield Input(placeholder="What happened? Enter records it", compact=True, id="log-text")
        yield Input(
            placeholder="at: now",
            compact=True,
            id="log-at",
            tooltip="When it happened, if not now: 2026-11-19T02:15 (incident zone)",
        )

    def open(self) -> None:
        self.add_class("-open")
        self.query_one("#log-text", Input).focus()

    def action_close(self) -> None:
        self.remove_class("-open")
        self.post_message(self.Closed())

    @on(Input.Submitted)
    def _submit(self, event: Input.Submitted) -> None:
        event.stop()
        kind = self.query_one("#log-kind", Select).value
        self.post_message(
            self.Submitted(
                str(kind),
                self.query_one("#log-text", Input).value,
                self.query_one("#log-at", Input).value,
            )
        )

    def clear(self) -> None:
        self.query_one("#log-text", Input).clear()
        self.query_one("#log-at", Input).clear()
        self.query_one("#log-text", Input).focus()
