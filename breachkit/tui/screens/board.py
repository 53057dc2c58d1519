"""The incident board (home): every incident and the countdown to its nearest deadline."""

from __future__ import annotations

from datetime import UTC, datetime, tzinfo
from zoneinfo import ZoneInfo

from rich.style import Style
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Static

from breachkit.core.clocks.engine import ClockReading
from breachkit.core.errors import BreachkitError
from breachkit.core.text import display
from breachkit.core.times import show
from breachkit.services import IncidentSummary
from breachkit.tui.clocks import nearest_due, read_clocks
from breachkit.tui.context import app_of
from breachkit.tui.display import (
    Urgency,
    clock_label,
    countdown_phrase,
    humanise_cause,
    plain,
    short_due,
    urgency,
    urgency_style,
)
from breachkit.tui.feedback import ReportsWorkerErrors
from breachkit.tui.messages import BoardLoaded
from breachkit.tui.widgets.fit_table import Col, FitTable

REFRESH_SECONDS = 60
ID_WIDTH = 12
DEADLINE_WIDTH = 32
"""``NIS2 notice · 20 Nov 08:30 CEST``: the clock, the due time and its zone, uncut."""
ROW_HEIGHT = 2


class IncidentTable(FitTable):
    """The board's table; Enter (or a click) opens the highlighted incident."""

    COLUMNS = (
        Col("Incident", "incident", ID_WIDTH),
        Col("Next deadline", "deadline", DEADLINE_WIDTH),
        Col("Title · cause · authority", "title"),
    )

    BINDINGS = [
        Binding(
            "enter",
            "select_cursor",
            "Open",
            tooltip="Open the incident's workspace.",
            id="board.open",
        ),
    ]


class BoardScreen(ReportsWorkerErrors, Screen[None]):
    """Home: what is open, what is due first, and how long is left."""

    CSS_PATH = "board.tcss"
    AUTO_FOCUS = "#incidents"
    BINDINGS = [
        Binding(
            "n",
            "app.new_incident",
            "New incident",
            tooltip="Record a new breach, step by step.",
            id="board.new-incident",
        ),
        Binding(
            "g",
            "register",
            "Register",
            tooltip="The breach register (Art. 33(5)): every incident; export it.",
            id="board.register",
        ),
        Binding(
            "r",
            "reload",
            "Reload",
            tooltip="Read the incidents again.",
            show=False,
            id="board.reload",
        ),
    ]

    def __init__(self) -> None:
        super().__init__()
        self._incidents: list[IncidentSummary] = []
        self._nearest: dict[str, ClockReading | None] = {}
        self._has_clocks: dict[str, bool] = {}
        self._zone: tzinfo = UTC
        self._styles: dict[Urgency, Style] = {}
        """The urgency colours of the current theme, read once (not once per row)."""
        self._due_lines: dict[str, Text] = {}
        """Each row's second line (clock and due time): it changes with the day only."""
        self._by_id: dict[str, IncidentSummary] = {}
        self._pending = False
        self._cache: dict[str, tuple[int, list[ClockReading] | None]] = {}
        """Each incident's clocks by its number of entries: a refresh recomputes only the
        incidents that changed (r reads every clock again)."""

    def compose(self) -> ComposeResult:
        yield Header(show_clock=False, icon="▲")
        yield Static("Reading the incidents…", id="board-summary", markup=False)
        yield IncidentTable(
            id="incidents",
            cursor_type="row",
            zebra_stripes=True,
            cursor_foreground_priority="renderable",
        )
        yield Static(
            "No incidents yet.\n\nPress n to record one, step by step.\n"
            "To explore first, quit (ctrl+q) and run: breachkit demo",
            id="board-empty",
            markup=False,
        )
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = "Incident board"
        self.watch(self.app, "now", self._tick, init=False)
        self.watch(self.app, "theme", self._theme_changed, init=False)
        self.watch(self.query_one(IncidentTable), "scroll_y", self._tick, init=False)
        if app_of(self).tick:  # others may open incidents or file from the CLI meanwhile
            self.set_interval(REFRESH_SECONDS, self._refresh_if_shown, name="refresh")
        self._read_zone()

    def _read_zone(self) -> None:
        """The zone "now" is shown in (read again on return: F2 may have set it)."""
        try:
            org = app_of(self).services.organisation()
            if org and org.timezone:
                self._zone = ZoneInfo(org.timezone)
        except (BreachkitError, ValueError):
            pass

    def _refresh_if_shown(self) -> None:
        if self.is_current:
            self.load_board()

    def on_screen_resume(self) -> None:
        self._read_zone()
        self.action_reload()

    def action_reload(self) -> None:
        self._cache.clear()
        self.load_board()

    def _theme_changed(self) -> None:
        self._styles.clear()
        self._fill()

    def action_register(self) -> None:
        from breachkit.tui.screens.register import RegisterScreen  # not needed at start

        self.app.push_screen(RegisterScreen())

    @work(
        thread=True,
        exclusive=True,
        group="board",
        exit_on_error=False,
        description="Reading the incidents",
    )
    def load_board(self) -> None:
        services = app_of(self).services
        cache = dict(self._cache)
        try:
            incidents = services.incidents()
            clocks: dict[str, list[ClockReading] | None] = {}
            stale = []
            for incident in incidents:
                if incident.status != "open" or incident.problem:
                    continue
                known = cache.get(incident.id)
                if known is not None and known[0] == incident.entries:
                    clocks[incident.id] = known[1]
                else:
                    stale.append(incident)
            if stale:  # the rows first (the board is usable), then their clocks
                self.post_message(BoardLoaded(incidents, dict(clocks), pending=True))
            for incident in stale:
                try:
                    clocks[incident.id] = read_clocks(services, incident.id)
                except BreachkitError:
                    clocks[incident.id] = None  # shown as "clocks unavailable"
        finally:
            services.close()  # this thread's own connection
        self.post_message(BoardLoaded(incidents, clocks))

    @on(BoardLoaded)
    def _loaded(self, message: BoardLoaded) -> None:
        self._incidents = message.incidents
        now = app_of(self).now
        self._nearest = {
            key: nearest_due(readings, now) if readings else None
            for key, readings in message.clocks.items()
        }
        self._has_clocks = {key: readings is not None for key, readings in message.clocks.items()}
        self._pending = message.pending
        if not message.pending:
            entries = {i.id: i.entries for i in message.incidents}
            self._cache = {
                key: (entries[key], readings) for key, readings in message.clocks.items()
            }
        self._fill()

    def _sort_key(self, incident: IncidentSummary) -> tuple[bool, datetime, str]:
        reading = self._nearest.get(incident.id)
        due = reading.due if reading and reading.due else datetime.max.replace(tzinfo=UTC)
        return incident.status != "open", due, incident.id

    def _fill(self) -> None:
        self._by_id = {incident.id: incident for incident in self._incidents}
        table = self.query_one(IncidentTable)
        selected = None
        if table.row_count:
            selected = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        table.clear()
        self._due_lines.clear()
        for incident in sorted(self._incidents, key=self._sort_key):
            lead = incident.lead_authority.upper() or "no lead authority"
            detail = f"{humanise_cause(incident.cause)} · {lead} · {incident.role}"
            if incident.controllers_told:  # a processor's notices (Art. 33(2))
                detail += f" · {incident.controllers_told}"
            if incident.problem:
                detail = f"BROKEN: {incident.problem}"
            title = Text.assemble(
                (display(incident.title, one_line=True), "bold"),
                "\n",
                (display(detail, one_line=True), "dim"),
                no_wrap=True,
                overflow="ellipsis",
                end="",
            )
            status_style = "bold" if incident.status == "open" else "dim"
            table.add_row(
                Text.assemble(plain(incident.id), "\n", plain(incident.status, status_style)),
                self._deadline_cell(incident),
                title,
                key=incident.id,
                height=ROW_HEIGHT,
            )
        if selected is not None and selected in table.rows:
            table.move_cursor(row=table.get_row_index(selected))
        self._summarise()

    def _style(self, level: Urgency) -> Style:
        if not self._styles:
            variables = self.app.get_css_variables()
            self._styles = {member: urgency_style(variables, member) for member in Urgency}
        return self._styles[level]

    def _deadline_cell(self, incident: IncidentSummary) -> Text:
        if incident.problem:
            return Text("record broken", style="bold", end="")
        if incident.status != "open":
            return Text("closed", style="dim", end="")
        reading = self._nearest.get(incident.id)
        if reading is None or reading.due is None:
            known = self._has_clocks.get(incident.id, False)
            if not known and self._pending:
                return Text("reading clocks…", style="dim", end="")
            return Text(
                "no running deadline" if known else "clocks unavailable", style="dim", end=""
            )
        now = app_of(self).now
        left = reading.due - now
        due_line = self._due_lines.get(incident.id)
        if due_line is None:
            due_line = self._due_lines[incident.id] = plain(
                f"{clock_label(reading.id)} · {short_due(reading.due, incident.timezone, now)}",
                "dim",
            )
        return Text.assemble(
            (f" {countdown_phrase(left)} ", self._style(urgency(left))), "\n", due_line
        )

    def _tick(self) -> None:
        """Once a second: the countdowns of the rows on screen (a row scrolled into view
        is brought up to date at once), and the summary line."""
        table = self.query_one(IncidentTable)
        rows = table.ordered_rows
        if rows:
            first = max(0, int(table.scroll_y) // ROW_HEIGHT - 1)
            last = first + table.size.height // ROW_HEIGHT + 2
            by_id = self._by_id
            for row in rows[first:last]:
                incident = by_id.get(str(row.key.value))
                if incident is not None and self._nearest.get(incident.id):
                    table.update_cell(row.key, "deadline", self._deadline_cell(incident))
        self._summarise()

    def _summarise(self) -> None:
        now = app_of(self).now
        opened = [i for i in self._incidents if i.status == "open"]
        overdue = sum(1 for i in opened if (r := self._nearest.get(i.id)) and r.due and r.due < now)
        count = len(self._incidents)
        parts = [f"{count} incident{'s' if count != 1 else ''}", f"{len(opened)} open"]
        if overdue:
            parts.append(f"{overdue} overdue")
        parts.append(f"now {show(now, self._zone)}")
        self.query_one("#board-summary", Static).update(" · ".join(parts))
        self.set_class(not self._incidents, "-empty")

    @on(DataTable.RowSelected, "#incidents")
    def _open(self, event: DataTable.RowSelected) -> None:
        if event.row_key.value:
            app_of(self).open_incident(event.row_key.value)
