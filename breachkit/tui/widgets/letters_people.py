"""``PeopleList``: who in a people file gets a letter, and that person's letter.

``check`` reads the file in a worker as the batch will read it (every row checked): the
people who get a letter are listed with their line, language and address, the rows that
get none in red with the reason. Beside the list, the highlighted person's letter in
their language (rendered in a worker), or why the row gets none. The pane above hears
``PeopleList.Checked`` to count them.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.message import Message
from textual.widgets import DataTable, Static
from textual.worker import get_current_worker

from breachkit.core.errors import BreachkitError
from breachkit.core.letters.people import BadRow, Person
from breachkit.services.letters_check import SubjectsCheck, check_subjects, preview_letter
from breachkit.tui.context import app_of
from breachkit.tui.display import plain, theme_style
from breachkit.tui.feedback import ReportsWorkerErrors
from breachkit.tui.messages import LetterPreviewed, SubjectsChecked
from breachkit.tui.sheet import letter_text
from breachkit.tui.widgets.fit_table import Col, FitTable

BAD = "bad:"
"""Row keys of the lines that get no letter (people's rows are keyed by their line)."""


class PeopleList(ReportsWorkerErrors, Horizontal):
    """The rows of the file (people and rows without a letter) and the letter beside."""

    DEFAULT_CSS = """
    PeopleList {
        height: 1fr;
        min-height: 4;
        & > #letters-rows {
            width: 2fr;
            height: 1fr;
            & > .datatable--cursor { background: $primary 30%; color: $text; }
        }
        & > #letters-preview {
            width: 3fr;
            height: 1fr;
            border-left: solid $panel;
            padding: 0 1;
        }
    }
    """

    @dataclass
    class Checked(Message):
        """The file was read: ``check`` (None, with the ``problem``, if it could not be)."""

        check: SubjectsCheck | None
        problem: str = ""

    def __init__(self, incident_id: str, *, id: str | None = None) -> None:  # noqa: A002
        super().__init__(id=id)
        self.incident_id = incident_id
        self.check: SubjectsCheck | None = None
        self._checks = 0
        self._previews = 0

    def compose(self) -> ComposeResult:
        yield FitTable(
            id="letters-rows",
            cursor_type="row",
            cursor_foreground_priority="renderable",
            columns=(Col("Line", "line", 5), Col("", "lang", 2), Col("Person", "person")),
        )
        with VerticalScroll(id="letters-preview"):
            yield Static("", id="letters-preview-text")

    @property
    def table(self) -> FitTable:
        return self.query_one("#letters-rows", FitTable)

    # -- the file ---------------------------------------------------------------------------

    def read(self, subjects: Path, fmt: str, combined: bool) -> None:
        """Read ``subjects`` (in a worker) as a batch in ``fmt`` would."""
        self._checks += 1
        self.check = None
        self._check(self.incident_id, subjects, fmt, combined, self._checks)

    @work(
        thread=True,
        exclusive=True,
        group="letters-check",
        exit_on_error=False,
        description="Checking the people file",
    )
    def _check(
        self, incident_id: str, subjects: Path, fmt: str, combined: bool, generation: int
    ) -> None:
        worker = get_current_worker()
        services = app_of(self).services
        try:
            check = check_subjects(
                services, incident_id, subjects, fmt, combined, lambda: worker.is_cancelled
            )
        except BreachkitError as err:
            self.post_message(SubjectsChecked(incident_id, None, generation, err.message))
            return
        finally:
            services.close()
        if check is not None:
            self.post_message(SubjectsChecked(incident_id, check, generation))

    @on(SubjectsChecked)
    def _checked(self, message: SubjectsChecked) -> None:
        message.stop()
        if message.generation != self._checks:
            return
        self.check = message.check
        table = self.table
        table.clear()
        if message.check is None:
            self.query_one("#letters-preview-text", Static).update("")
            self.post_message(self.Checked(None, message.problem))
            return
        error = theme_style(self.app.get_css_variables(), "error")
        rows: list[Person | BadRow] = [*message.check.people, *message.check.bad_rows]
        for row in sorted(rows, key=lambda r: r.line):
            if isinstance(row, BadRow):
                table.add_row(
                    Text(str(row.line), justify="right", style=error, end=""),
                    plain("✗", error),
                    plain(row.reason, error),
                    key=f"{BAD}{row.line}",
                )
                continue
            to = row.email or ", ".join(row.address)
            table.add_row(
                Text(str(row.line), justify="right", end=""),
                plain(row.language),
                Text.assemble(
                    (row.name, "bold"),
                    (f"  {to}", "dim"),
                    no_wrap=True,
                    overflow="ellipsis",
                    end="",
                ),
                key=str(row.line),
            )
        if table.row_count:
            table.move_cursor(row=0)
            self._preview()
        self.post_message(self.Checked(message.check))

    # -- one person's letter ------------------------------------------------------------------

    @on(DataTable.RowHighlighted, "#letters-rows")
    def _preview(self) -> None:
        table, check = self.table, self.check
        if check is None or not table.row_count:
            return
        key = str(table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value)
        text = self.query_one("#letters-preview-text", Static)
        if key.startswith(BAD):
            line = int(key.removeprefix(BAD))
            reason = next((b.reason for b in check.bad_rows if b.line == line), "")
            text.update(f"Line {line} gets no letter:\n{reason}\n\nCorrect the file, then Enter.")
            return
        person = next((p for p in check.people if str(p.line) == key), None)
        if person is not None:
            self._previews += 1
            self._render_letter(self.incident_id, person, self._previews)

    @work(
        thread=True,
        exclusive=True,
        group="letters-preview",
        exit_on_error=False,
        description="Preparing the letter",
    )
    def _render_letter(self, incident_id: str, person: Person, generation: int) -> None:
        services = app_of(self).services
        try:
            preview = preview_letter(services, incident_id, person)
        except BreachkitError as err:
            self.post_message(LetterPreviewed(incident_id, None, generation, err.message))
            return
        finally:
            services.close()
        self.post_message(LetterPreviewed(incident_id, preview, generation))

    @on(LetterPreviewed)
    def _previewed(self, message: LetterPreviewed) -> None:
        message.stop()
        if message.generation != self._previews:
            return
        text = self.query_one("#letters-preview-text", Static)
        if message.preview is None:
            text.update(f"The letter cannot be written:\n{message.problem}")
            return
        text.update(letter_text(message.preview))
        self.query_one("#letters-preview", VerticalScroll).scroll_home(animate=False)
