"""``ClocksPane``: every deadline clock, its due time in the incident's zone, time left.

The highlighted clock's basis, anchor and the engine's explanation show below the
table. ``record_filing`` opens the filing dialog for it.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.widgets import DataTable, Static

from breachkit.core.clocks.engine import ClockReading, ClockState
from breachkit.core.times import show
from breachkit.services import IncidentView
from breachkit.tui.clocks import default_recipient, recipients, record_filing
from breachkit.tui.context import app_of
from breachkit.tui.display import (
    OPEN_STATES,
    STATE_LABELS,
    clock_label,
    countdown,
    countdown_phrase,
    live_state,
    plain,
    state_style,
)
from breachkit.tui.messages import IncidentChanged
from breachkit.tui.modals.filing import FilingModal
from breachkit.tui.widgets.fit_table import Col, FitTable

UNAVAILABLE = "The deadline clocks cannot be read:"


class ClockTable(FitTable):
    """One row per clock (its title and basis show below the table); fits 80 columns."""

    COLUMNS = (
        Col("Clock", "clock", 12),
        Col("Due", "due", 29),
        Col("Time left", "left", 18),
        Col("State", "state"),
    )
    BINDINGS = [
        Binding(
            "enter",
            "select_cursor",
            "Record filing",
            tooltip="Record that the notification or report was sent.",
            show=False,
            id="clocks.record",
        ),
    ]


class ClocksPane(Vertical):
    """The clocks table and the explanation of the highlighted clock."""

    DEFAULT_CSS = """
    ClocksPane {
        & > ClockTable {
            height: auto;
            max-height: 1fr;
            & > .datatable--cursor { background: $primary 30%; color: $text; }
        }
        & > #clock-detail {
            height: 1fr;
            border-top: solid $panel;
            padding: 0 1;
        }
        & > #clocks-unavailable { color: $text-muted; padding: 1 2; display: none; }
        &.-unavailable > #clocks-unavailable { display: block; }
        &.-unavailable > ClockTable, &.-unavailable > #clock-detail { display: none; }
    }
    """

    def __init__(
        self,
        view: IncidentView,
        readings: list[ClockReading] | None,
        *,
        id: str | None = None,  # noqa: A002 - Textual's name
    ) -> None:
        super().__init__(id=id)
        self.view = view
        self.readings = readings

    def compose(self) -> ComposeResult:
        yield ClockTable(
            id="clocks-table", cursor_type="row", cursor_foreground_priority="renderable"
        )
        with VerticalScroll(id="clock-detail"):
            yield Static("", id="clock-detail-text")
        yield Static(UNAVAILABLE, id="clocks-unavailable", markup=False)

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.view.facts.timezone)

    def on_mount(self) -> None:
        self.watch(self.app, "theme", lambda: self.tick(), init=False)
        self._fill()

    def show(
        self, view: IncidentView, readings: list[ClockReading] | None, problem: str = ""
    ) -> None:
        """Show fresh readings; None with the ``problem`` when they could not be read."""
        self.view = view
        self.readings = readings
        self.query_one("#clocks-unavailable", Static).update(f"{UNAVAILABLE}\n{problem}")
        self._fill()

    def _fill(self) -> None:
        self.set_class(self.readings is None, "-unavailable")
        table = self.query_one(ClockTable)
        keep = table.cursor_row if table.row_count else 0
        table.clear()
        for reading in self.readings or ():
            due = show(reading.due, self.zone) if reading.due else "—"
            left, state = self._left_and_state(reading)
            table.add_row(plain(clock_label(reading.id)), plain(due), left, state, key=reading.id)
        if table.row_count:
            table.move_cursor(row=min(keep, table.row_count - 1))
        self._detail()

    def _left_and_state(self, reading: ClockReading) -> tuple[Text, Text]:
        now = app_of(self).now
        state = live_state(reading, now)
        left = reading.time_left(now)
        style = state_style(self.app.get_css_variables(), state, left)
        if state in OPEN_STATES and left is not None:
            # to the minute from a day on: "overdue 12d 18:10" fits the column at 80 wide
            left_text = Text(f" {countdown_phrase(left, short=True)} ", style=style, end="")
        elif state is ClockState.MET_LATE and reading.lateness is not None:
            left_text = plain(f"{countdown(reading.lateness)} late")
        elif state is ClockState.MET and reading.early_by is not None:
            left_text = plain(f"{countdown(reading.early_by)} early")
        else:
            left_text = plain("—")
        return left_text, Text(STATE_LABELS.get(state, state.value), style=style, end="")

    def tick(self) -> None:
        table = self.query_one(ClockTable)
        for reading in self.readings or ():
            if reading.id in table.rows and reading.due is not None:
                left, state = self._left_and_state(reading)
                table.update_cell(reading.id, "left", left)
                table.update_cell(reading.id, "state", state)

    def selected(self) -> ClockReading | None:
        table = self.query_one(ClockTable)
        if not table.row_count or not self.readings:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        return next((r for r in self.readings if r.id == key), None)

    @on(DataTable.RowHighlighted, "#clocks-table")
    def _detail(self) -> None:
        reading = self.selected()
        text = self.query_one("#clock-detail-text", Static)
        if reading is None:
            text.update("")
            return
        zone = self.zone
        anchor = (
            f"Runs from {reading.anchor} ({show(reading.anchor_at, zone)})"
            if reading.anchor_at
            else f"Runs from {reading.anchor} (not yet happened)"
        )
        lines = [
            Text(f"{reading.title} — {reading.basis}", style="bold"),
            Text(anchor),
            Text(reading.note),
        ]
        if reading.reference:
            lines.append(Text(f"Reference: {reading.reference}"))
        if reading.reasons_for_delay:
            lines.append(Text(f"Reasons for the delay: {reading.reasons_for_delay}"))
        text.update(Text("\n").join(lines))

    @on(DataTable.RowSelected, "#clocks-table")
    def _chosen(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.record_filing()

    def record_filing(self) -> None:
        reading = self.selected()
        if reading is None:
            self.app.notify("No clock to record a filing for.", timeout=4)
            return
        app = app_of(self)
        view = self.view
        org = view.organisation
        authority = default_recipient(
            reading, org.lead_authority if org and org.lead_authority else ""
        )

        def apply(to: str, at: datetime, reference: str, reasons: str) -> None:
            entry = record_filing(
                app.services,
                view.id,
                reading.id,
                authority=to,
                at=at,
                reference=reference,
                reasons_for_delay=reasons,
            )
            self.app.notify(entry.content.text, title="Filing recorded", markup=False, timeout=6)
            self.post_message(IncidentChanged(view.id, entry))

        self.app.push_screen(
            FilingModal(reading, self.zone, authority, app.now, apply, recipients(app.services))
        )
