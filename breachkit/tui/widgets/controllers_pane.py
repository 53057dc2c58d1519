"""``ControllersPane``: a processor's controllers (GDPR Art. 33(2)), in the Clocks tab.

Shown only for a processor's incident. Type the controllers file and press Enter (or
Load): it is read and recorded, and each controller's own notice clock is listed: its
window, when it is due, whether it was told and acknowledged. "Write notices" runs the
batch in a worker (the services call back after every chunk; the bar follows); "Sent" and
"Acknowledged" record, for the highlighted controller, that its notice went out or that
it acknowledged it, now.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import Button, DataTable, Input, ProgressBar, Static

from breachkit.core.controllers.clocks import ControllerClock
from breachkit.core.errors import BreachkitError
from breachkit.core.text import counted, display
from breachkit.core.times import show_duration
from breachkit.services import IncidentView
from breachkit.services.controllers import ControllerBoard
from breachkit.services.notices import NoticeProgress, NoticeRun
from breachkit.tui.context import app_of
from breachkit.tui.feedback import ReportsWorkerErrors, notify_error
from breachkit.tui.messages import IncidentChanged
from breachkit.tui.modals.export import expand

NOTICES_FOLDER = "~/breachkit-notices/"


class ControllersPane(ReportsWorkerErrors, Vertical):
    """The controllers file, each controller's clock, the notices and their progress."""

    DEFAULT_CSS = """
    ControllersPane {
        height: auto;
        border-top: solid $primary-darken-2;
        & > .controllers-row {
            height: 1;
            padding: 0 1;
            & > .controllers-label { width: 16; color: $text-muted; }
            & > Input { width: 1fr; }
            & > Button { min-width: 8; height: 1; border: none; margin-left: 1; }
        }
        & > #controllers-summary { height: 1; padding: 0 1; text-style: bold; }
        & > #controllers-table { height: auto; max-height: 12; }
        & > #controllers-bar { display: none; padding: 0 1; }
        &.-running > #controllers-bar { display: block; }
    }
    """

    @dataclass
    class Progressed(Message):
        progress: NoticeProgress

    @dataclass
    class Written(Message):
        run: NoticeRun | None
        """None: the run failed (the worker's error is notified)."""

    def __init__(self, view: IncidentView, *, id: str | None = None) -> None:  # noqa: A002
        super().__init__(id=id)
        self.view = view
        self.board: ControllerBoard | None = None
        self.running = False
        self._cancel = threading.Event()

    def compose(self) -> ComposeResult:
        yield Static("", id="controllers-summary", markup=False)
        with Horizontal(classes="controllers-row"):
            yield Static("Controllers", classes="controllers-label", markup=False)
            yield Input(
                placeholder="path of the controllers CSV; Enter loads it",
                compact=True,
                id="controllers-file",
            )
            yield Button("Load", id="controllers-load", compact=True)
        with Horizontal(classes="controllers-row"):
            yield Static("Notices folder", classes="controllers-label", markup=False)
            yield Input(NOTICES_FOLDER + self.view.id, compact=True, id="controllers-out")
            yield Button("Write notices", variant="primary", id="controllers-write", compact=True)
        with Horizontal(classes="controllers-row"):
            yield Static("Highlighted", classes="controllers-label", markup=False)
            yield Button("Sent now", id="controllers-sent", compact=True)
            yield Button("Acknowledged now", id="controllers-ack", compact=True)
        yield ProgressBar(id="controllers-bar", show_eta=False)
        table: DataTable[str] = DataTable(id="controllers-table", cursor_type="row")
        yield table

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        for label in ("Id", "Controller", "Lang", "Window", "Due (local)", "State", "Told", "Ack."):
            table.add_column(label)
        self.reload()

    # -- reading ---------------------------------------------------------------------------

    def reload(self) -> None:
        try:
            self.board = app_of(self).services.controller_board(self.view.id)
        except BreachkitError as err:
            notify_error(self, err)
            return
        self._fill(self.board)

    def _fill(self, board: ControllerBoard) -> None:
        c = board.counts
        summary = (
            f"{c.told}/{c.total} controllers told · {c.acknowledged} acknowledged"
            + (f" · {c.overdue} overdue" if c.overdue else "")
            if c.total
            else "No controllers yet: load the controllers file (docs/controllers.md)"
        )
        self.query_one("#controllers-summary", Static).update(summary)
        table = self.query_one(DataTable)
        selected = self._highlighted()
        table.clear()
        for clock in board.clocks:
            table.add_row(*self._cells(clock, board), key=clock.controller.id)
        if selected is not None and selected in table.rows:
            table.move_cursor(row=table.get_row_index(selected))

    def _cells(self, clock: ControllerClock, board: ControllerBoard) -> tuple[str, ...]:
        zone = self.view.zone
        controller = clock.controller
        state = clock.state(board.now)
        if clock.due is not None and clock.notified_at is None:
            left = clock.due - board.now
            state += f" ({show_duration(abs(left))}{' ago' if left.total_seconds() < 0 else ''})"
        window = f"{clock.window_hours:g} h" if clock.window_hours is not None else "–"

        def short(value: datetime | None) -> str:
            return value.astimezone(zone).strftime("%d %b %H:%M") if value else ""

        return (
            display(controller.id, one_line=True),
            display(controller.name, one_line=True),
            controller.language,
            window,
            short(clock.due) if clock.due else "undue delay",
            state,
            short(clock.notified_at),
            short(clock.acknowledged_at),
        )

    def _highlighted(self) -> str | None:
        table = self.query_one(DataTable)
        if not table.row_count:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        return str(key) if key is not None else None

    # -- acting ----------------------------------------------------------------------------

    @on(Input.Submitted, "#controllers-file")
    @on(Button.Pressed, "#controllers-load")
    def load(self) -> None:
        path, _folder = expand(self.query_one("#controllers-file", Input).value)
        try:
            loaded = app_of(self).services.load_controllers(self.view.id, path)
        except BreachkitError as err:
            notify_error(self, err)
            return
        bad = f"; {counted(len(loaded.bad_rows), 'row')} left out" if loaded.bad_rows else ""
        first = loaded.bad_rows[0] if loaded.bad_rows else None
        detail = f" (line {first.line}: {first.reason})" if first else ""
        self.app.notify(
            f"{counted(len(loaded.controllers), 'controller')} read{bad}{detail}", markup=False
        )
        self._changed()

    @on(Button.Pressed, "#controllers-sent")
    def record_sent(self) -> None:
        self._record(sent=True)

    @on(Button.Pressed, "#controllers-ack")
    def record_acknowledged(self) -> None:
        self._record(sent=False)

    def _record(self, *, sent: bool) -> None:
        controller = self._highlighted()
        if controller is None:
            return
        services, now = app_of(self).services, app_of(self).now
        try:
            if sent:
                services.record_controller_notified(self.view.id, controller, at=now)
            else:
                services.record_controller_acknowledged(self.view.id, controller, at=now)
        except BreachkitError as err:
            notify_error(self, err)
            return
        self._changed()

    def _changed(self) -> None:
        self.reload()
        self.post_message(IncidentChanged(self.view.id))

    @on(Button.Pressed, "#controllers-write")
    def write(self) -> None:
        if self.running:
            return
        source, _ = expand(self.query_one("#controllers-file", Input).value)
        out, _ = expand(self.query_one("#controllers-out", Input).value)
        if not str(source).strip() or not source.name:
            self.app.notify("Load the controllers file first", severity="warning")
            return
        self.running = True
        self._cancel.clear()
        self.add_class("-running")
        self._run(source, out)

    @work(
        thread=True,
        exclusive=True,
        group="notices",
        exit_on_error=False,
        description="Writing the notices",
    )
    def _run(self, source: Path, out: Path) -> None:
        services = app_of(self).services
        try:
            run = services.write_notices(
                self.view.id,
                source,
                out,
                progress=self._progress,
                cancel=self._cancel,
            )
        except BaseException:
            self.post_message(self.Written(None))
            raise
        finally:
            services.close()  # this thread's own connection
        self.post_message(self.Written(run))

    def _progress(self, progress: NoticeProgress) -> None:
        self.post_message(self.Progressed(progress))

    @on(Progressed)
    def _progressed(self, message: Progressed) -> None:
        self.query_one(ProgressBar).update(
            total=message.progress.total, progress=message.progress.done
        )

    @on(Written)
    def _written(self, message: Written) -> None:
        self.running = False
        self.remove_class("-running")
        if message.run is None:
            return
        run = message.run
        outputs = ", ".join(f"{k} {v}" for k, v in sorted(run.outputs.items()))
        self.app.notify(
            f"Notices for {counted(run.controllers, 'controller')} written ({outputs}); "
            "send them, then mark each one Sent",
            markup=False,
        )
        self._changed()
