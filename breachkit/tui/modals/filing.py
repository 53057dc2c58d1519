"""``FilingModal``: record that a notification or report was sent for a clock.

The time is read by the core parser (same words as ``breachkit notified --at``). A
filing after the due time needs the reasons for the delay (GDPR Art. 33(1)); the modal
says so as soon as the time is typed, and the services refuse a late filing without them.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from zoneinfo import ZoneInfo

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.suggester import SuggestFromList
from textual.widgets import Button, Input, Label, Static, TextArea

from breachkit.core.clocks.engine import ClockReading
from breachkit.core.errors import BreachkitError
from breachkit.core.times import TimeValueError, show, show_duration
from breachkit.tui.context import app_of
from breachkit.tui.display import clock_label
from breachkit.tui.facts import local_now_text
from breachkit.tui.feedback import problem_text
from breachkit.tui.focus import Dialog

Apply = Callable[[str, datetime, str, str], object]
"""(authority, sent at, reference, reasons for delay) → saved; raises BreachkitError."""


class FilingModal(Dialog[bool]):
    """Authority, when it was sent, the authority's reference, reasons for a delay."""

    DEFAULT_CSS = """
    FilingModal {
        align: center middle;
        & > #filing {
            width: 90%;
            max-width: 80;
            height: auto;
            max-height: 95%;
            border: round $primary;
            background: $surface;
            padding: 0 1;
        }
        & Label { text-style: bold; margin-top: 1; }
        & #filing-due { color: $text-muted; }
        & #filing-note { color: $text-muted; }
        & #filing-late { color: $text-warning; }
        & #filing-problem { color: $text-error; }
        & TextArea { height: 3; background: $boost; }
        & #filing-buttons { height: 1; align-horizontal: right; margin-top: 1; }
        & #filing-buttons Button { margin-left: 2; }
    }
    """
    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="filing.cancel"),
        Binding(
            "ctrl+s", "save", "Save", tooltip="Record the filing on the timeline.", id="filing.save"
        ),
    ]

    def __init__(
        self,
        reading: ClockReading,
        zone: ZoneInfo,
        authority: str,
        now: datetime,
        apply: Apply,
        recipients: list[str] | None = None,
        note: str = "",
    ) -> None:
        super().__init__()
        self.note = note
        """A line under the due time (the Notify tab says which draft the filing sends)."""
        self.reading = reading
        self.zone = zone
        self.authority = authority
        self.now = now
        self.apply = apply
        self.recipients = recipients or []

    def compose(self) -> ComposeResult:
        reading = self.reading
        due = show(reading.due, self.zone) if reading.due else "no fixed due time"
        with VerticalScroll(id="filing") as box:
            box.border_title = f"Record filing: {clock_label(reading.id)}"
            box.border_subtitle = "ctrl+s saves · Esc cancels"
            yield Static(
                f"{reading.title} ({reading.basis}) · due {due}", id="filing-due", markup=False
            )
            if self.note:
                yield Static(self.note, id="filing-note", markup=False)
            yield Label("Sent to (authority)")
            yield Input(
                self.authority,
                placeholder="e.g. cnpd, cnil, controller, csirt",
                compact=True,
                id="authority",
                suggester=SuggestFromList(self.recipients, case_sensitive=False),
            )
            yield Label(f"Sent at (in {self.zone.key} unless you write an offset)")
            yield Input(
                local_now_text(self.now, self.zone),
                compact=True,
                id="at",
                placeholder="YYYY-MM-DDTHH:MM",
            )
            yield Static("", id="filing-late", markup=False)
            yield Label("Reference given by the authority")
            yield Input(placeholder="optional", compact=True, id="reference")
            yield Label("Reasons for the delay (required when late)")
            yield TextArea(
                id="reasons", show_line_numbers=False, compact=True, highlight_cursor_line=False
            )
            yield Static("", id="filing-problem", markup=False)
            with Horizontal(id="filing-buttons"):
                yield Button("Record", variant="primary", id="save", compact=True)
                yield Button("Cancel", id="cancel", compact=True)

    def on_mount(self) -> None:
        self.query_one("#filing-problem", Static).display = False
        self._check_time()
        self.query_one("#authority", Input).focus()

    def _instant(self) -> datetime:
        text = self.query_one("#at", Input).value
        if text == local_now_text(self.now, self.zone):
            # Left as offered ("now", to the minute): the instant itself, so a filing
            # recorded a few seconds after its draft was exported is not "before" it.
            return max(self.now, app_of(self).clock.now())
        return app_of(self).services.read_time(text, self.zone).instant  # as the wizard reads

    @on(Input.Changed, "#at")
    def _check_time(self) -> None:
        late = self.query_one("#filing-late", Static)
        late.display = True
        try:
            at = self._instant()
        except TimeValueError as err:
            late.update(str(err))
            return
        due = self.reading.due
        first = self.reading.filed_at is None
        if due is not None and first and at > due:
            late.update(
                f"This is {show_duration(at - due)} after the due time: give the "
                "reasons for the delay below."
            )
        else:
            late.update("")
            late.display = False

    @on(Button.Pressed, "#save")
    def action_save(self) -> None:
        problem = self.query_one("#filing-problem", Static)
        problem.display = True
        try:
            at = self._instant()
        except TimeValueError as err:
            problem.update(f"Sent at: {err}")
            return
        try:
            self.apply(
                self.query_one("#authority", Input).value.strip(),
                at,
                self.query_one("#reference", Input).value.strip(),
                self.query_one("#reasons", TextArea).text.strip(),
            )
        except BreachkitError as err:
            problem.update(problem_text(err))
            return
        self.dismiss(True)

    def _submitted(self) -> None:
        self.action_save()

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(False)
