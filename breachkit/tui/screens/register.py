"""The breach register (GDPR Art. 33(5)), from the board: every incident, notified or not.

One row per incident: whether it is a personal data breach, the decision (or the
recommendation while undecided), the filings, whether the people were told. The
highlighted incident's register entry shows below. ``x`` exports the register as CSV,
JSON or PDF in a worker (every incident records the export on its timeline); Enter opens
the incident.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Static

from breachkit.core.review.register import RegisterRow
from breachkit.core.text import display
from breachkit.core.times import show
from breachkit.tui import risk_words as w
from breachkit.tui.context import app_of
from breachkit.tui.display import clock_label, plain
from breachkit.tui.feedback import ReportsWorkerErrors
from breachkit.tui.messages import FileExported, RegisterLoaded
from breachkit.tui.modals.export import ExportChoice, RegisterExportModal, tilde
from breachkit.tui.widgets.fit_table import Col, FitTable

SHORT_OUTCOMES = {
    "record_only": "record only",
    "notify_authority": "notify the authority",
    "notify_authority_and_subjects": "notify, tell people",
    "notify_authority_and_public": "notify, inform public",
}
"""Outcomes in the register's narrow column (the entry below says them in full)."""


def recommended(value: str) -> str:
    """``high`` from the register's ``not decided (recommended: high)``."""
    _, found, rest = value.partition("(recommended: ")
    return rest.removesuffix(")") if found else ""


class RegisterTable(FitTable):
    """One incident per row (two lines); Enter opens it."""

    COLUMNS = (
        Col("Incident", "incident", 12),
        Col("Decision", "decision", 28),
        Col("Title · what happened", "title"),
    )
    BINDINGS = [
        Binding(
            "enter",
            "select_cursor",
            "Open",
            tooltip="Open the incident's workspace.",
            id="register.open",
        ),
    ]


class RegisterScreen(ReportsWorkerErrors, Screen[None]):
    """Every incident's register entry; export in a worker."""

    CSS_PATH = "register.tcss"
    AUTO_FOCUS = "#register-table"
    BINDINGS = [
        Binding(
            "escape", "back", "Board", tooltip="Back to the incident board.", id="register.back"
        ),
        Binding(
            "x",
            "export",
            "Export",
            tooltip="Write the register as CSV, JSON or PDF (0600); each incident records it.",
            id="register.export",
        ),
        Binding(
            "r",
            "reload",
            "Reload",
            tooltip="Read the register again.",
            show=False,
            id="register.reload",
        ),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[RegisterRow] = []
        self.busy = False

    def compose(self) -> ComposeResult:
        yield Header(show_clock=False, icon="▲")
        yield Static("Reading the register…", id="register-summary", markup=False)
        yield RegisterTable(
            id="register-table",
            cursor_type="row",
            zebra_stripes=True,
            cursor_foreground_priority="renderable",
        )
        with VerticalScroll(id="register-detail"):
            yield Static("", id="register-detail-text")
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = "Breach register (GDPR Art. 33(5))"
        self.load_rows()

    def action_back(self) -> None:
        self.dismiss()

    def action_reload(self) -> None:
        self.load_rows()

    @work(
        thread=True,
        exclusive=True,
        group="register",
        exit_on_error=False,
        description="Reading the register",
    )
    def load_rows(self) -> None:
        services = app_of(self).services
        try:
            rows = services.register_rows()
        finally:
            services.close()  # this thread's own connection
        self.post_message(RegisterLoaded(rows))

    @on(RegisterLoaded)
    def _loaded(self, message: RegisterLoaded) -> None:
        self.rows = message.rows
        table = self.query_one(RegisterTable)
        table.clear()
        for row in self.rows:
            table.add_row(
                Text.assemble(plain(row.incident_id), "\n", plain(row.status, "dim")),
                Text.assemble(
                    (self._decision(row, short=True), "bold" if row.personal_data_breach else ""),
                    "\n",
                    (self._decision_note(row), "dim"),
                    no_wrap=True,
                    overflow="ellipsis",
                    end="",
                ),
                Text.assemble(
                    (display(row.title, one_line=True), "bold"),
                    "\n",
                    (display(row.nature, one_line=True), "dim"),
                    no_wrap=True,
                    overflow="ellipsis",
                    end="",
                ),
                key=row.incident_id,
                height=2,
            )
        breaches = sum(1 for r in self.rows if r.personal_data_breach)
        undecided = sum(1 for r in self.rows if r.personal_data_breach is None)
        count = len(self.rows)
        parts = [
            f"{count} incident{'s' if count != 1 else ''}",
            f"{breaches} breach{'es' if breaches != 1 else ''}",
        ]
        if undecided:
            parts.append(f"{undecided} not decided")
        self.query_one("#register-summary", Static).update(
            " · ".join(parts) + " · Enter opens · x exports"
        )
        self._detail()

    @staticmethod
    def _decision(row: RegisterRow, *, short: bool = False) -> str:
        if row.personal_data_breach is False:
            return "not a breach" if short else "not a personal data breach"
        if row.personal_data_breach is None:
            return "not decided"
        if short:
            return SHORT_OUTCOMES.get(row.outcome, w.outcome_label(row.outcome))
        return w.outcome_label(row.outcome)

    @staticmethod
    def _decision_note(row: RegisterRow) -> str:
        """Under the decision: the risk, or what the engine recommends while undecided."""
        if row.personal_data_breach is None:
            outcome = recommended(row.outcome)
            return f"engine: {SHORT_OUTCOMES.get(outcome, outcome)}" if outcome else ""
        if row.personal_data_breach is False:
            return f"decided {row.decided_at:%Y-%m-%d}" if row.decided_at else "decided"
        return f"risk {row.risk}" + (" · overrides the engine" if row.override else "")

    def selected(self) -> RegisterRow | None:
        table = self.query_one(RegisterTable)
        if not table.row_count:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        return next((r for r in self.rows if r.incident_id == key), None)

    @on(DataTable.RowHighlighted, "#register-table")
    def _detail(self) -> None:
        row = self.selected()
        text = self.query_one("#register-detail-text", Static)
        text.update(self._entry(row) if row else "No incidents yet.")

    def _entry(self, row: RegisterRow) -> RenderableType:
        """The register entry: facts, effects, remedy, decision, filings, the people."""
        zone = ZoneInfo(row.timezone)

        def when(value: datetime | None) -> str:
            return show(value, zone) if value is not None else "not stated"

        grid = Table.grid(padding=(0, 1))
        grid.add_column(style="bold", no_wrap=True)
        grid.add_column(ratio=1)
        grid.add_row("Aware", when(row.aware_at))
        grid.add_row("Occurred", when(row.occurred_at))
        grid.add_row("Contained", when(row.contained_at) if row.contained_at else "not recorded")
        grid.add_row("Nature", Text(row.nature))
        grid.add_row("Effects", Text(row.effects))
        people = f"{row.data_subjects:,}" if row.data_subjects is not None else "not stated"
        data = ", ".join(c.replace("_", " ") for c in row.data_categories) or "not stated"
        grid.add_row("Data", Text(f"{data}; {people} people"))
        if row.personal_data_breach is None:
            risk, outcome = recommended(row.risk), recommended(row.outcome)
            grid.add_row(
                "Decision",
                Text(
                    f"not decided; the engine recommends: {w.outcome_label(outcome)} "
                    f"(risk {risk}). A person decides on the Risk tab."
                ),
            )
        else:
            how = " (overrides the recommendation)" if row.override else ""
            decided = f"by {row.decided_by}, {when(row.decided_at)}{how}"
            grid.add_row(
                "Decision",
                Text(f"{self._decision(row)}, risk {row.risk}, {decided}"),
            )
        if row.justification:
            grid.add_row("Justification", Text(row.justification))
        filings = [
            f"{f.recipient_name} ({clock_label(f.clock_id)}) {show(f.at, zone)}"
            + (f", ref. {f.reference}" if f.reference else "")
            for f in row.filings
        ]
        grid.add_row("Filings", Text("\n".join(filings) or "none recorded"))
        grid.add_row("People told", Text(row.people_informed))
        measures = "\n".join(f"• {m}" for m in row.measures_taken) or "none stated"
        grid.add_row("Measures", Text(measures))
        return Group(
            Text(display(f"{row.incident_id} · {row.title}", one_line=True), style="bold"), grid
        )

    @on(DataTable.RowSelected, "#register-table")
    def _open(self, event: DataTable.RowSelected) -> None:
        if event.row_key.value:
            app_of(self).open_incident(event.row_key.value)

    # -- export ----------------------------------------------------------------------------

    def action_export(self) -> None:
        if self.busy:
            self.app.notify("Still writing the previous export.", severity="warning", timeout=4)
            return
        day = app_of(self).now.date().isoformat()

        def chosen(choice: ExportChoice | None) -> None:
            if choice is not None:
                self.busy = True
                where = tilde(choice.path)
                self.app.notify(f"Writing the register to {where}…", timeout=3, markup=False)
                self._export(choice)

        self.app.push_screen(RegisterExportModal(day), chosen)

    @work(
        thread=True,
        exclusive=True,
        group="register-export",
        exit_on_error=False,
        description="Exporting the register",
    )
    def _export(self, choice: ExportChoice) -> None:
        services = app_of(self).services
        try:
            choice.path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            result = services.export_register(choice.path, choice.fmt)
        finally:
            services.close()
            self.app.call_from_thread(self._done)
        self.post_message(FileExported("register", result))

    def _done(self) -> None:
        self.busy = False

    @on(FileExported)
    def _exported(self, message: FileExported) -> None:
        result = message.result
        count = len(result.entries)
        self.app.notify(
            f"{tilde(result.path)}\nSHA-256 {result.sha256}\nRecorded on the timeline of {count} "
            f"incident{'s' if count != 1 else ''}.",
            title="Register written",
            markup=False,
            timeout=12,
        )
