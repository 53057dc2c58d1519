"""``FitTable``: a DataTable whose one flexible column takes the width the others leave.

So a table fits 80 columns as well as 200 without a horizontal scrollbar: fixed columns
keep their width, the flexible one (title, text, basis, hash) is cut with an ellipsis
or wraps, as its cells ask.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.message import Message
from textual.widgets import DataTable

MIN_FILL = 11
SCROLLBAR = 2


@dataclass(frozen=True, slots=True)
class Col:
    label: str
    key: str
    width: int | None = None
    """None: this column takes the rest of the width."""


class FitTable(DataTable[Text]):
    """Columns from ``COLUMNS`` (or the constructor); refitted when the table resizes."""

    BINDINGS = [
        # The table always fits its width, so Home/End can mean first/last row.
        Binding("home", "scroll_top", "First row", show=False, id="table.first"),
        Binding("end", "scroll_bottom", "Last row", show=False, id="table.last"),
    ]
    COLUMNS: Sequence[Col] = ()
    REFIT_QUIET: tuple[type[Message], ...] = ()
    """Messages a subclass posts on cursor moves, silenced while the columns are rebuilt."""

    def __init__(self, *, columns: Sequence[Col] | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.fit_columns: list[Col] = list(columns if columns is not None else self.COLUMNS)
        self._fill = 0
        self._add_columns()

    def set_columns(self, columns: Sequence[Col]) -> None:
        """Replace the columns (e.g. a label that names the incident's zone)."""
        self.fit_columns = list(columns)
        self._refit(force=True)

    def fill_width(self) -> int:
        fixed = [c.width for c in self.fit_columns if c.width is not None]
        padding = 2 * self.cell_padding * len(self.fit_columns)
        return max(MIN_FILL, self.size.width - sum(fixed) - padding - SCROLLBAR)

    def _add_columns(self) -> None:
        self._fill = self.fill_width()
        for col in self.fit_columns:
            self.add_column(col.label, key=col.key, width=col.width or self._fill)

    def on_resize(self, event: events.Resize) -> None:
        if self.fill_width() != self._fill:
            self._refit()

    def _refit(self, *, force: bool = False) -> None:
        if not force and self.fill_width() == self._fill:
            return
        rows = [
            (row.key.value, None if row.auto_height else row.height, self.get_row_at(i))
            for i, row in enumerate(self.ordered_rows)
        ]
        cursor = self.cursor_coordinate
        with self.prevent(DataTable.RowHighlighted, DataTable.CellHighlighted, *self.REFIT_QUIET):
            self.clear(columns=True)
            self._add_columns()
            for key, height, cells in rows:
                self.add_row(*cells, key=key, height=height)
            if rows:
                self.move_cursor(row=min(cursor.row, len(rows) - 1), column=cursor.column)
