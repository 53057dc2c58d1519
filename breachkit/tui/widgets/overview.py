"""``OverviewPane``: the incident's facts, grouped as the incident file groups them.

Choose a fact (Enter, ``e`` or a click) to change it; every change lands on the timeline
as a fact-change entry with the old and the new value.
"""

from __future__ import annotations

from zoneinfo import ZoneInfo

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import DataTable

from breachkit.core.errors import InputError, Problem
from breachkit.services import IncidentView
from breachkit.tui import facts as f
from breachkit.tui.context import app_of
from breachkit.tui.messages import IncidentChanged
from breachkit.tui.modals.edit_fact import EditFactModal
from breachkit.tui.widgets.fit_table import Col, FitTable

LABEL_WIDTH = 22


class FactTable(FitTable):
    """Fact and value; values wrap, so a summary shows whole."""

    COLUMNS = (Col("Fact", "fact", LABEL_WIDTH), Col("Value", "value"))
    BINDINGS = [
        Binding(
            "enter",
            "select_cursor",
            "Change fact",
            tooltip="Change the highlighted fact.",
            show=False,
            id="overview.change",
        ),
    ]


class OverviewPane(Vertical):
    """Every fact with its value in the incident's zone; read-only rows for the context."""

    DEFAULT_CSS = """
    OverviewPane {
        & > FactTable { height: 1fr; }
    }
    """

    def __init__(self, view: IncidentView, *, id: str | None = None) -> None:  # noqa: A002
        super().__init__(id=id)
        self.view = view

    def compose(self) -> ComposeResult:
        yield FactTable(id="facts-table", cursor_type="row", show_header=False)

    def on_mount(self) -> None:
        self._fill()

    def show(self, view: IncidentView) -> None:
        """Show a fresh reading of the incident, keeping the highlighted fact."""
        self.view = view
        self._fill()

    @property
    def table(self) -> FactTable:
        return self.query_one(FactTable)

    def _fill(self) -> None:
        table = self.table
        keep = table.cursor_row if table.row_count else 1  # the title, under its heading
        table.clear()
        view, zone = self.view, ZoneInfo(self.view.facts.timezone)
        document = view.facts.to_document()
        processor = view.facts.role.value == "processor"
        section = None
        for spec in f.FACTS:
            if spec.section != section:
                section = spec.section
                table.add_row(
                    Text(f.SECTION_TITLES[section], style="bold underline"),
                    Text(""),
                    key=f"section:{section}",
                )
            shown = f.show_value(spec, f.get(document, spec.key), zone)
            if shown == "not stated" and spec.key in f.PROCESSORS_ONLY and not processor:
                shown = "for processors only"
            style = "dim italic" if shown in ("not stated", "for processors only") else ""
            table.add_row(
                Text("  " + spec.label, end="", no_wrap=True, overflow="ellipsis"),
                Text(shown, style=style),
                key=spec.key,
                height=None,
            )
        table.add_row(Text("Context", style="bold underline"), Text(""), key="section:context")
        org = view.organisation
        for label, value in (
            ("Organisation", org.name if org and org.name else "no profile"),
            (
                "Lead authority",
                (org.lead_authority.upper() if org and org.lead_authority else "not stated"),
            ),
            ("Created", f"{view.created_at:%Y-%m-%d %H:%M} UTC by {view.created_by}"),
            ("Timeline", f"{view.entries:,} entries"),
        ):
            table.add_row(
                Text("  " + label, style="dim"), Text(value, style="dim"), key=f"info:{label}"
            )
        table.move_cursor(row=min(keep, table.row_count - 1))

    def selected_spec(self) -> f.FactSpec | None:
        table = self.table
        if not table.row_count:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        return f.BY_KEY.get(key or "")

    @on(DataTable.RowSelected, "#facts-table")
    def _chosen(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.edit_selected()

    def edit_selected(self) -> None:
        spec = self.selected_spec()
        if spec is None:
            self.app.notify("Choose a fact (not a heading) to change it.", timeout=4)
            return
        self.edit(spec)

    def edit_key(self, key: str) -> None:
        """Change the fact ``key`` (from another tab: the Notify tab's missing items)."""
        spec = f.BY_KEY.get(key)
        if spec is not None:
            self.edit(spec)

    def edit(self, spec: f.FactSpec) -> None:
        """The dialog that changes ``spec``'s fact; the change lands on the timeline."""
        view, zone = self.view, ZoneInfo(self.view.facts.timezone)
        document = view.facts.to_document()
        value = f.get(document, spec.key)

        def apply(raw: object) -> None:
            if raw is None and spec.kind in f.LIST_KINDS:
                raw = []
            elif raw is None:
                raise InputError(
                    Problem(
                        "change",
                        spec.key,
                        "a stated fact cannot be cleared here; choose the value that is now true",
                    )
                )
            entry = app_of(self).services.set_fact(view.id, spec.key, f.for_set_fact(raw))
            if entry is None:
                self.app.notify(f"{spec.label}: unchanged (same value).", timeout=4)
                return
            now = app_of(self).services.incident(view.id).facts.to_document()
            said = (
                f"{spec.label}: {f.show_value(spec, value, zone)} → "
                f"{f.show_value(spec, f.get(now, spec.key), zone)}"
            )
            self.app.notify(said, title="Fact changed", markup=False, timeout=5)
            self.post_message(IncidentChanged(view.id, entry))

        self.app.push_screen(
            EditFactModal(
                spec,
                value,
                f.editable_text(spec, value, zone),
                f.show_value(spec, value, zone),
                document,
                apply,
            )
        )
