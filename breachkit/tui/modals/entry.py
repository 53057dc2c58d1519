"""``EntryModal``: one timeline entry in full, with its hash (read-only)."""

from __future__ import annotations

import json
from zoneinfo import ZoneInfo

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from breachkit.core.text import display
from breachkit.core.timeline.chain import TimelineEntry
from breachkit.core.times import from_storage, show


class EntryModal(ModalScreen[None]):
    """The whole entry: times in the incident's zone, links, the chain hash."""

    DEFAULT_CSS = """
    EntryModal {
        align: center middle;
        & > #entry {
            width: 90%;
            max-width: 100;
            height: auto;
            max-height: 90%;
            border: round $primary;
            background: $surface;
            padding: 0 1;
        }
    }
    """
    BINDINGS = [Binding("escape,enter,q", "dismiss", "Close", id="entry.close")]

    def __init__(self, entry: TimelineEntry, zone: ZoneInfo) -> None:
        super().__init__()
        self.entry = entry
        self.zone = zone

    def compose(self) -> ComposeResult:
        entry, content = self.entry, self.entry.content
        grid = Table.grid(padding=(0, 2))
        grid.add_column(style="bold", no_wrap=True)
        grid.add_column(overflow="fold")  # a hash or a path wraps, never cut
        grid.add_row("Kind", content.kind)
        grid.add_row("Happened", show(from_storage(content.occurred_at), self.zone))
        grid.add_row("Recorded", show(from_storage(content.recorded_at), self.zone))
        grid.add_row("By", Text(display(content.actor, one_line=True)))
        if content.corrects:
            grid.add_row("Corrects", f"entry {content.corrects}")
        grid.add_row("What", Text(display(content.text)))
        for key, value in content.links.items():
            shown = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
            grid.add_row(Text(f"· {key}", style="dim"), Text(shown))
        grid.add_row("Hash", Text(entry.hash, style="dim"))
        with VerticalScroll(id="entry") as box:
            box.border_title = f"Entry {entry.seq}"
            box.border_subtitle = "Esc closes"
            yield Static(grid, id="entry-body")
