"""``TimelineTable``: the timeline's rows, narrower columns at 80 columns; ``EntryLine`` under it.

Below ``NARROW_BELOW`` columns the Kind column goes (the filter and the line under the
table name it) and Who keeps the name without the role, so What stays readable. The
``EntryLine`` shows the highlighted entry's kind, who, when and the start of its text,
which a narrow row cuts.
"""

from __future__ import annotations

from dataclasses import dataclass
from zoneinfo import ZoneInfo

from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.coordinate import Coordinate
from textual.message import Message
from textual.widgets import Static

from breachkit.core.enums import EntryKind
from breachkit.core.text import display
from breachkit.core.timeline.chain import TimelineEntry
from breachkit.core.times import from_storage
from breachkit.tui.widgets.fit_table import Col, FitTable

NARROW_BELOW = 100
"""Table width under which the narrow columns are used."""
WIDE = (
    Col("#", "seq", 6),
    Col("When", "when", 12),
    Col("Kind", "kind", 13),
    Col("Who", "who", 15),
    Col("What", "what"),
)
NARROW = (
    Col("#", "seq", 5),
    Col("When", "when", 12),
    Col("Who", "who", 9),
    Col("What", "what"),
)


def short_actor(actor: str) -> str:
    """``c.weber (DPO)`` → ``c.weber``: the name, without the role in brackets."""
    name, bracket, _ = actor.partition(" (")
    return name if bracket and name else actor


def _what(entry: TimelineEntry) -> str:
    first_line, _, rest = entry.content.text.partition("\n")
    return display(first_line, one_line=True) + (" …" if rest else "")


def _cut(text: str) -> Text:
    return Text(text, end="", no_wrap=True, overflow="ellipsis")


def entry_cells(entry: TimelineEntry, zone: ZoneInfo, *, narrow: bool) -> tuple[Text, ...]:
    """One row: (#, When, Kind, Who, What), or without Kind when ``narrow``."""
    content = entry.content
    when = from_storage(content.occurred_at).astimezone(zone)
    seq = Text(f"{entry.seq}{'✎' if content.corrects else ''}", justify="right", end="")
    actor = display(content.actor, one_line=True)
    who = _cut(short_actor(actor) if narrow else actor)
    what = _cut(_what(entry))
    time = Text(when.strftime("%d %b %H:%M"), end="")
    if narrow:
        return (seq, time, who, what)
    kind_style = "dim" if content.kind in (EntryKind.SYSTEM, EntryKind.FACT_CHANGE) else ""
    return (seq, time, Text(content.kind, style=kind_style, end=""), who, what)


def entry_line(entry: TimelineEntry, zone: ZoneInfo) -> Text:
    """``#8 communication · c.weber (DPO) · 18 Nov 12:30 CET`` then the text (Enter: all)."""
    content = entry.content
    when = from_storage(content.occurred_at).astimezone(zone)
    head = (
        f"#{entry.seq} {content.kind} · {display(content.actor, one_line=True)} · "
        f"{when.strftime('%d %b %H:%M %Z')}"
    )
    line = Text(head, style="bold", end="")
    line.append(f"  {_what(entry)}")
    return line


class EntryLine(Static):
    """The highlighted entry in up to two lines (Enter opens it whole)."""

    DEFAULT_CSS = """
    EntryLine {
        height: auto;
        max-height: 2;
        padding: 0 1;
        background: $boost;
        text-overflow: ellipsis;
    }
    """


class TimelineTable(FitTable):
    """The entries; tells its pane when the responder reaches the top or the bottom."""

    COLUMNS = WIDE

    BINDINGS = [
        Binding(
            "enter", "select_cursor", "Details", tooltip="The whole entry.", id="timeline.details"
        ),
    ]

    narrow = False
    """The narrow columns are shown (set on resize)."""

    class ReachedTop(Message):
        """Scrolled or moved to the first loaded row."""

    class ReachedBottom(Message):
        """Moved to the last loaded row."""

    @dataclass
    class Relayout(Message):
        """The columns changed between wide and narrow: the rows need new cells."""

        row: int | None
        """The cursor's row before the change (None: the table was empty)."""

    def on_resize(self, event: events.Resize) -> None:
        narrow = 0 < self.size.width < NARROW_BELOW
        if narrow == self.narrow:
            super().on_resize(event)
            return
        self.narrow = narrow
        row = self.cursor_coordinate.row if self.row_count else None
        self.fit_columns = list(NARROW if narrow else WIDE)
        self.clear(columns=True)
        self._add_columns()
        self.post_message(self.Relayout(row))

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        super().watch_scroll_y(old_value, new_value)
        if new_value <= 0 < old_value:
            self.post_message(self.ReachedTop())

    def watch_cursor_coordinate(self, old: Coordinate, new: Coordinate) -> None:
        super().watch_cursor_coordinate(old, new)
        row = self.cursor_coordinate.row if self.row_count else None
        if self.row_count and row == 0 and old != new:
            self.post_message(self.ReachedTop())
        elif self.row_count and row == self.row_count - 1 and old != new:
            self.post_message(self.ReachedBottom())


TimelineTable.REFIT_QUIET = (TimelineTable.ReachedTop, TimelineTable.ReachedBottom)
