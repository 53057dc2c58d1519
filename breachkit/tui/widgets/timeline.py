"""``TimelinePane``: the incident's timeline, newest at the bottom, loaded page by page.

A timeline may hold 100,000 entries, so the table holds a window of at most
``MAX_ROWS`` of them: the newest page first, earlier pages when the responder reaches
the top (cursor or scroll), newer ones again at the bottom. A kind filter reads pages
in a worker until it has a page of matches. ``QuickLog`` records an entry in two seconds.
"""

from __future__ import annotations

import time
from zoneinfo import ZoneInfo

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import DataTable, Select, Static
from textual.worker import get_current_worker

from breachkit.core.enums import EntryKind
from breachkit.core.errors import BreachkitError, InputError
from breachkit.core.timeline.chain import TimelineEntry
from breachkit.services import IncidentView
from breachkit.tui.context import app_of
from breachkit.tui.feedback import ReportsWorkerErrors, notify_error, problem_text
from breachkit.tui.messages import IncidentChanged, TimelinePageLoaded
from breachkit.tui.widgets.quick_log import QuickLog
from breachkit.tui.widgets.timeline_table import (
    EntryLine,
    TimelineTable,
    entry_cells,
    entry_line,
)

__all__ = ["QuickLog", "TimelinePane", "TimelineTable"]

PAGE = 500
SCAN_PAGE = 2_000
"""Entries read per query while looking back for a filter's matches."""
MAX_ROWS = 2_000
ALL_KINDS = "all"


class TimelinePane(ReportsWorkerErrors, Vertical):
    """What happened, in order, with who recorded it; the quick-log bar at the bottom."""

    DEFAULT_CSS = """
    TimelinePane {
        & > #timeline-bar { height: 1; }
        & #timeline-filter { width: 26; }
        & #timeline-info { width: 1fr; padding: 0 1; color: $text-muted; }
        & > TimelineTable { height: 1fr; }
    }
    """

    def __init__(self, view: IncidentView, *, id: str | None = None) -> None:  # noqa: A002
        super().__init__(id=id)
        self.view = view
        self.zone = ZoneInfo(view.facts.timezone)
        self._entries: list[TimelineEntry] = []
        self._scan_low = 1
        """Lowest seq read into the window (earlier ones are not loaded)."""
        self._scan_high = 0
        """Highest seq read into the window."""
        self._kind = ALL_KINDS
        self._generation = 0
        self._loading = False
        self._loaded = False
        """The first page has been read (on first show)."""

    def compose(self) -> ComposeResult:
        options = [("all kinds", ALL_KINDS)] + [(kind.value, kind.value) for kind in EntryKind]
        with Horizontal(id="timeline-bar"):
            yield Select(
                options, value=ALL_KINDS, allow_blank=False, compact=True, id="timeline-filter"
            )
            yield Static("", id="timeline-info", markup=False)
        yield TimelineTable(id="timeline-table", cursor_type="row", zebra_stripes=True)
        yield EntryLine("", id="timeline-entry", markup=False)
        yield QuickLog(id="quick-log")

    def on_show(self) -> None:
        """Read the timeline when its tab is first shown: opening a workspace stays fast."""
        if not self._loaded:
            self.load_newest()

    # -- the window ----------------------------------------------------------------------

    @property
    def table(self) -> TimelineTable:
        return self.query_one(TimelineTable)

    def _matches(self, entry: TimelineEntry) -> bool:
        return self._kind == ALL_KINDS or entry.content.kind == self._kind

    def load_newest(self) -> None:
        """Show the newest page (matching the filter); reads further back in a worker."""
        self._loaded = True
        self._generation += 1
        services = app_of(self).services
        try:
            head = services.incident(self.view.id).entries
            after = max(0, head - PAGE)
            page = services.timeline(self.view.id, after=after, limit=PAGE)
        except BreachkitError as err:
            notify_error(self, err)
            return
        self._entries = [e for e in page if self._matches(e)]
        self._scan_low, self._scan_high = after + 1, head
        self._rebuild(focus_seq=None)
        if self._scan_low > 1 and len(self._entries) < PAGE:
            self.load_earlier()

    def load_earlier(self) -> None:
        if self._scan_low <= 1 or self._loading:
            return
        self._loading = True
        self._update_info()
        self._read_back(self.view.id, self._scan_low - 1, self._kind, self._generation)

    @work(
        thread=True,
        exclusive=True,
        group="timeline",
        exit_on_error=False,
        description="Reading the timeline",
    )
    def _read_back(self, incident_id: str, before: int, kind: str, generation: int) -> None:
        """Read pages before ``before`` until a page of matches (or the start) is found."""
        services = app_of(self).services
        worker = get_current_worker()
        found: list[TimelineEntry] = []
        low = before + 1
        try:
            while low > 1 and len(found) < PAGE:
                if worker.is_cancelled:  # a newer filter or page replaced this read
                    return
                after = max(0, low - 1 - (PAGE if kind == ALL_KINDS else SCAN_PAGE))
                page = services.timeline(incident_id, after=after, limit=low - 1 - after)
                found[:0] = [e for e in page if kind == ALL_KINDS or e.content.kind == kind]
                low = after + 1
                time.sleep(0.002)  # let the UI thread have the GIL between pages
        finally:
            services.close()
        self.post_message(TimelinePageLoaded(incident_id, found, low, generation))

    @on(TimelinePageLoaded)
    def _earlier_loaded(self, message: TimelinePageLoaded) -> None:
        message.stop()
        self._loading = False
        if message.generation != self._generation:
            return
        anchor = self._entries[0].seq if self._entries else None
        self._entries[:0] = message.entries
        self._scan_low = message.scanned_from
        if len(self._entries) > MAX_ROWS:  # keep the window bounded: drop the newest
            del self._entries[MAX_ROWS:]
            self._scan_high = self._entries[-1].seq
        self._rebuild(focus_seq=anchor)

    def load_later(self) -> None:
        """Read the entries after the window (after an earlier page pushed them out)."""
        services = app_of(self).services
        try:
            page = services.timeline(self.view.id, after=self._scan_high, limit=PAGE)
        except BreachkitError as err:
            notify_error(self, err)
            return
        if not page:
            return
        anchor = self._entries[-1].seq if self._entries else None
        self._entries.extend(e for e in page if self._matches(e))
        self._scan_high = page[-1].seq
        if len(self._entries) > MAX_ROWS:
            drop = len(self._entries) - MAX_ROWS
            self._scan_low = self._entries[drop].seq
            del self._entries[:drop]
        self._rebuild(focus_seq=anchor)

    def append_new(self) -> None:
        """Entries were recorded: show them (jumping to the newest page if needed)."""
        if not self._loaded:
            return  # read in full when the tab is first shown
        try:
            head = app_of(self).services.incident(self.view.id).entries
        except BreachkitError as err:
            notify_error(self, err)
            return
        if head - self._scan_high > PAGE:
            self.load_newest()
            return
        page = app_of(self).services.timeline(self.view.id, after=self._scan_high)
        new = [e for e in page if self._matches(e)]
        self._scan_high = head
        table = self.table
        for entry in new:
            self._entries.append(entry)
            table.add_row(*self._cells(entry))
        if new:
            table.move_cursor(row=table.row_count - 1)
        self._update_info()

    def _rebuild(self, focus_seq: int | None) -> None:
        table = self.table
        with table.prevent(TimelineTable.ReachedTop, TimelineTable.ReachedBottom):
            table.clear()
            table.add_rows(self._cells(entry) for entry in self._entries)
            if self._entries:
                row = table.row_count - 1
                if focus_seq is not None:
                    row = next((i for i, e in enumerate(self._entries) if e.seq == focus_seq), row)
                table.move_cursor(row=row, animate=False)
        self._update_info()

    def _cells(self, entry: TimelineEntry) -> tuple[Text, ...]:
        return entry_cells(entry, self.zone, narrow=self.table.narrow)

    def _update_info(self) -> None:
        total = self._scan_high
        shown = len(self._entries)
        if self._loading:
            text = "reading earlier entries…"
        elif self._scan_low > 1:
            text = (
                f"{shown:,} shown, from entry {self._scan_low:,} of {total:,} · "
                "go to the top for earlier"
            )
        else:
            what = "entries" if self._kind == ALL_KINDS else f"'{self._kind}' entries"
            text = f"{shown:,} {what} · zone {self.view.facts.timezone}"
        self.query_one("#timeline-info", Static).update(text)

    # -- events --------------------------------------------------------------------------

    @on(TimelineTable.ReachedTop)
    def _top(self, event: TimelineTable.ReachedTop) -> None:
        event.stop()
        self.load_earlier()

    @on(TimelineTable.ReachedBottom)
    def _bottom(self, event: TimelineTable.ReachedBottom) -> None:
        event.stop()
        try:
            head = app_of(self).services.incident(self.view.id).entries
        except BreachkitError:
            return
        if self._scan_high < head:
            self.load_later()

    @on(TimelineTable.Relayout)
    def _relayout(self, event: TimelineTable.Relayout) -> None:
        event.stop()
        if event.row is None or not self._loaded:
            return  # rows added from now on get the new cells
        row = event.row
        focus = self._entries[row].seq if 0 <= row < len(self._entries) else None
        self._rebuild(focus_seq=focus)

    @on(DataTable.RowHighlighted, "#timeline-table")
    def _highlighted(self, event: DataTable.RowHighlighted) -> None:
        event.stop()
        row = event.cursor_row
        line = self.query_one(EntryLine)
        if 0 <= row < len(self._entries):
            line.update(entry_line(self._entries[row], self.zone))
        else:
            line.update("")

    @on(Select.Changed, "#timeline-filter")
    def _filter(self, event: Select.Changed) -> None:
        event.stop()
        if str(event.value) == self._kind:
            return  # the Select announcing its first value on mount: the tab reads on show
        self._kind = str(event.value)
        self.load_newest()

    @on(DataTable.RowSelected, "#timeline-table")
    def _details(self, event: DataTable.RowSelected) -> None:
        from breachkit.tui.modals.entry import EntryModal

        event.stop()
        if 0 <= event.cursor_row < len(self._entries):
            self.app.push_screen(EntryModal(self._entries[event.cursor_row], self.zone))

    def open_quick_log(self) -> None:
        self.query_one(QuickLog).open()

    def focus_filter(self) -> None:
        self.query_one("#timeline-filter", Select).focus()

    @on(QuickLog.Closed)
    def _quick_log_closed(self, event: QuickLog.Closed) -> None:
        event.stop()
        self.table.focus()

    @on(QuickLog.Submitted)
    def _record_entry(self, event: QuickLog.Submitted) -> None:
        event.stop()
        try:
            entry = app_of(self).services.log(
                self.view.id, event.text, kind=event.kind, at=event.at.strip() or None
            )
        except InputError as err:
            self.app.notify(
                problem_text(err),
                title="Not logged",
                severity="error",
                markup=False,
            )
            return
        except BreachkitError as err:
            notify_error(self, err, title="Not logged")
            return
        self.query_one(QuickLog).clear()
        self.app.notify(
            f"#{entry.seq} {entry.content.kind}: {entry.content.text}",
            title="Logged",
            markup=False,
            timeout=3,
        )
        self.post_message(IncidentChanged(self.view.id, entry))
