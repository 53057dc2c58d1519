"""``EvidencePane``: attach a file by its path (hashed in a worker), list what is held.

Each file is stored under its SHA-256; attaching records a custody entry on the
timeline. A multi-gigabyte disk image never freezes the screen: the hashing runs in
a thread with its own database connection.
"""

from __future__ import annotations

from pathlib import Path
from zoneinfo import ZoneInfo

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, DataTable, Input, Static
from textual.worker import Worker, WorkerState

from breachkit.core.errors import BreachkitError
from breachkit.core.text import display
from breachkit.core.times import from_storage
from breachkit.services import IncidentView
from breachkit.tui.context import app_of
from breachkit.tui.display import human_size, plain
from breachkit.tui.feedback import ReportsWorkerErrors, notify_error
from breachkit.tui.jobs import JobState, failure_reason, job_line
from breachkit.tui.messages import EvidenceAttached
from breachkit.tui.widgets.fit_table import Col, FitTable
from breachkit.tui.widgets.timeline_table import short_actor


class EvidencePane(ReportsWorkerErrors, Vertical):
    """Path and note inputs, the Attach button, and the evidence held for the incident."""

    DEFAULT_CSS = """
    EvidencePane {
        & > .evidence-row { height: 1; margin-bottom: 1; }
        & .evidence-row > Input { width: 1fr; }
        & .evidence-row > Button { min-width: 10; height: 1; border: none; margin-left: 1; }
        & > #evidence-status { height: auto; color: $text-muted; padding: 0 1; }
        & > DataTable { height: 1fr; }
    }
    """

    def __init__(self, view: IncidentView, *, id: str | None = None) -> None:  # noqa: A002
        super().__init__(id=id)
        self.view = view
        self.busy = False
        self.held = ""
        self.job: Text | None = None
        """The last attach's line (running, done, failed), until the next one."""

    def compose(self) -> ComposeResult:
        with Horizontal(classes="evidence-row"):
            yield Input(
                placeholder="Path of the file to attach (Enter: the note)",
                compact=True,
                id="evidence-path",
            )
        with Horizontal(classes="evidence-row"):
            yield Input(
                placeholder="Note: where it comes from, who gave it (optional; Enter attaches)",
                compact=True,
                id="evidence-note",
            )
            yield Button("Attach", id="evidence-attach", compact=True)
            yield Button(
                "Verify all",
                id="evidence-verify",
                compact=True,
                tooltip="Re-check the hash chain and re-hash every evidence file (v).",
            )
        yield Static("", id="evidence-status", markup=False)
        yield FitTable(
            id="evidence-table",
            cursor_type="row",
            zebra_stripes=True,
            columns=(
                Col("#", "seq", 4),
                Col("File", "file", 18),
                Col("Size", "size", 8),
                Col("Added", "added", 12),
                Col("By", "by", 12),
                Col("SHA-256", "sha"),
            ),
        )

    def on_mount(self) -> None:
        self.reload()

    def reload(self) -> None:
        table = self.query_one("#evidence-table", DataTable)
        try:
            items = app_of(self).services.evidence_list(self.view.id)
        except BreachkitError as err:
            notify_error(self, err)
            return
        zone = ZoneInfo(self.view.facts.timezone)
        table.clear()
        for item in items:
            added = from_storage(item.added_at).astimezone(zone)
            table.add_row(
                Text(str(item.entry_seq), justify="right"),
                plain(item.filename),
                plain(human_size(item.size)),
                plain(f"{added:%d %b %H:%M}"),
                plain(short_actor(item.added_by)),  # the role: Enter shows the entry
                plain(item.sha256, "dim"),
                key=str(item.entry_seq),
            )
        count = len(items)
        self.held = (
            f"{count} file{'s' if count != 1 else ''} held, stored by SHA-256. "
            "Enter on a row shows the whole entry."
            if count
            else "No evidence attached yet: a, then the path of the file and Enter."
        )
        self._status()

    def _status(self) -> None:
        lines = [self.job, Text(self.held)] if self.job else [Text(self.held)]
        self.query_one("#evidence-status", Static).update(Text("\n").join(lines))

    def _job(self, state: JobState, text: str) -> None:
        """The last attach's state, above what is held (replaced by the next attach)."""
        self.job = job_line(state, text)
        self._status()

    def focus_path(self) -> None:
        self.query_one("#evidence-path", Input).focus()

    @on(Input.Submitted, "#evidence-path")
    def _path_entered(self, event: Input.Submitted) -> None:
        """Enter in the path goes on to the note (reading order); Enter there attaches."""
        event.stop()
        if event.value.strip():
            self.query_one("#evidence-note", Input).focus()
        else:
            self._attach_requested()

    @on(Input.Submitted, "#evidence-note")
    @on(Button.Pressed, "#evidence-attach")
    def _attach_requested(self) -> None:
        raw = self.query_one("#evidence-path", Input).value.strip()
        if not raw:
            self.app.notify("Type the path of the file first.", severity="warning", timeout=4)
            self.focus_path()
            return
        if self.busy:
            self.app.notify("Still hashing the previous file.", severity="warning", timeout=4)
            return
        path = Path(raw).expanduser()
        note = self.query_one("#evidence-note", Input).value
        self.busy = True
        self._job(JobState.RUNNING, f"hashing and storing {path.name}…")
        self.attach_file(path, note)

    @work(
        thread=True,
        exclusive=True,
        group="evidence",
        exit_on_error=False,
        description="Attaching evidence",
    )
    def attach_file(self, path: Path, note: str) -> None:
        services = app_of(self).services
        try:
            entry = services.attach(self.view.id, path, note=note)
        finally:
            services.close()
            self.app.call_from_thread(self._done)
        self.post_message(EvidenceAttached(self.view.id, entry))

    @on(Button.Pressed, "#evidence-verify")
    async def _verify(self, event: Button.Pressed) -> None:
        event.stop()
        await self.app.run_action("screen.verify")

    @on(DataTable.RowSelected, "#evidence-table")
    def _show_entry(self, event: DataTable.RowSelected) -> None:
        """The custody entry in full: file, size, the whole SHA-256, who and when."""
        from breachkit.tui.modals.entry import EntryModal

        event.stop()
        seq = int(str(event.row_key.value))
        try:
            entries = app_of(self).services.timeline(self.view.id, after=seq - 1, limit=1)
        except BreachkitError as err:
            notify_error(self, err)
            return
        if entries:
            self.app.push_screen(EntryModal(entries[0], ZoneInfo(self.view.facts.timezone)))

    def _done(self) -> None:
        self.busy = False

    @on(Worker.StateChanged)
    def _job_changed(self, event: Worker.StateChanged) -> None:
        if event.worker.group != "evidence":
            return
        if event.state is WorkerState.ERROR:
            self._job(JobState.FAILED, failure_reason(event.worker.error))
            self.focus_path()  # to correct the path
        elif event.state is WorkerState.CANCELLED:
            self._job(JobState.STOPPED, "the file was not attached.")

    @on(EvidenceAttached)
    def _attached(self, message: EvidenceAttached) -> None:
        self.query_one("#evidence-path", Input).clear()
        self.query_one("#evidence-note", Input).clear()
        self.query_one("#evidence-table", DataTable).focus()  # the new row; Esc: the board
        self._job(JobState.DONE, display(message.entry.content.text.splitlines()[0], one_line=True))
        self.app.notify(
            message.entry.content.text.splitlines()[0],
            title="Evidence attached",
            markup=False,
            timeout=6,
        )
