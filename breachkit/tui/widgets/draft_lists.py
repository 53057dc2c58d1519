"""The Notify tab's two lists: what the draft lacks, and the versions exported.

``DraftChecks``: each item the authority will ask for that the draft cannot say yet, red,
with why and where in the cockpit it is filled in (the pane acts on Enter); one green line
when nothing is missing. ``DraftExports``: newest first, version, format, phase, when,
complete or not, the content and file hashes (shortened); Enter on one shows its timeline
entry with the file's path and both hashes in full.
"""

from __future__ import annotations

from zoneinfo import ZoneInfo

from rich.style import Style
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import DataTable, Static

from breachkit.core.errors import BreachkitError
from breachkit.services.drafts import DraftRecord, PreparedDraft
from breachkit.tui.context import app_of
from breachkit.tui.display import plain, theme_style
from breachkit.tui.feedback import notify_error
from breachkit.tui.modals.entry import EntryModal
from breachkit.tui.sheet import fix_for
from breachkit.tui.widgets.fit_table import Col, FitTable
from breachkit.tui.words import missing_label

COMPLETE = "complete"
"""The key of the one row when nothing is missing."""
BOLD = Style(bold=True)


class DraftChecks(FitTable):
    """Missing items (their key is the item's), or the one row saying nothing is."""

    DEFAULT_CSS = """
    DraftChecks {
        height: auto;
        max-height: 35%;
        &:focus > .datatable--cursor, & > .datatable--cursor {
            background: $primary 30%;
            color: $text;
        }
    }
    """
    COLUMNS = (Col("", "mark", 1), Col("Missing, and where to fill it in", "what"))

    def show(self, draft: PreparedDraft) -> None:
        keep = self.cursor_row if self.row_count else 0
        self.clear()
        variables = self.app.get_css_variables()
        error, success = theme_style(variables, "error"), theme_style(variables, "success")
        for item in draft.missing:
            self.add_row(
                Text("✗", style=error + BOLD, end=""),
                Text.assemble(
                    (missing_label(item.key), error + BOLD),
                    f" — {item.why}\n",
                    ("→ " + fix_for(item).hint, "italic"),
                    end="",
                ),
                key=item.key,
                height=None,
            )
        if draft.complete:
            self.add_row(
                Text("✓", style=success + BOLD, end=""),
                Text.assemble(
                    ("Nothing missing", success + BOLD),
                    f": {draft.authority.short} will find what it asks for.",
                    end="",
                ),
                key=COMPLETE,
            )
        self.move_cursor(row=min(keep, self.row_count - 1))


class DraftExports(Vertical):
    """A line saying how many, and the table of exports (hidden when there are none)."""

    DEFAULT_CSS = """
    DraftExports {
        height: auto;
        & > #notify-exports-title { height: 1; padding: 0 1; color: $text-muted; }
        & > #notify-exports { height: auto; max-height: 5; }
        &.-none > #notify-exports { display: none; }
    }
    """

    def __init__(self, incident_id: str, zone: ZoneInfo, *, id: str | None = None) -> None:  # noqa: A002
        super().__init__(id=id)
        self.incident_id = incident_id
        self.zone = zone

    def compose(self) -> ComposeResult:
        yield Static("", id="notify-exports-title", markup=False)
        yield FitTable(
            id="notify-exports",
            cursor_type="row",
            columns=(
                Col("v", "version", 3),
                Col("Format", "format", 6),
                Col("Phase", "phase", 13),
                Col("When", "when", 12),
                Col("State", "state", 10),
                Col("SHA-256 content · file", "sha"),
            ),
        )

    def show(self, records: list[DraftRecord], authority: str) -> None:
        """``records`` (oldest first) of the draft for ``authority`` (its short name)."""
        table = self.query_one("#notify-exports", FitTable)
        table.clear()
        for record in reversed(records):
            when = record.generated_at.astimezone(self.zone)
            table.add_row(
                Text(str(record.version), justify="right", end=""),
                plain(record.format.upper()),
                plain(record.phase),
                plain(f"{when:%d %b %H:%M}"),
                plain("complete" if record.complete else "INCOMPLETE"),
                plain(_hashes(record), "dim"),
                key=str(record.entry_seq),
            )
        count = len(records)
        self.query_one("#notify-exports-title", Static).update(
            f"Exported for {authority}: {_counted(records)} (Enter on one shows its timeline entry)"
            if count
            else f"Nothing exported for {authority} yet: x writes the draft."
        )
        self.set_class(not count, "-none")

    @on(DataTable.RowSelected, "#notify-exports")
    def _show_entry(self, event: DataTable.RowSelected) -> None:
        """The export's timeline entry: where the file went and both hashes, in full."""
        event.stop()
        seq = int(str(event.row_key.value))
        try:
            entries = app_of(self).services.timeline(self.incident_id, after=seq - 1, limit=1)
        except BreachkitError as err:
            notify_error(self, err)
            return
        if entries:
            self.app.push_screen(EntryModal(entries[0], self.zone))


def _hashes(record: DraftRecord) -> str:
    """The hashes cell; an export that repeats the content before it says so."""
    hashes = f"{record.content_sha256[:12]}… · {record.file_sha256[:12]}…"
    if record.unchanged:
        return f"unchanged since v{record.first_version} · {hashes}"
    return hashes


def _counted(records: list[DraftRecord]) -> str:
    """``2 versions`` (one export each), or ``1 version in 3 exports``: versions count
    changes of content, exports count files."""
    versions = len({r.version for r in records})
    text = f"{versions} version{'s' if versions != 1 else ''}"
    if len(records) != versions:
        text += f" in {len(records)} exports"
    return text
