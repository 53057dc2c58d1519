"""``ReviewPane``: after the incident — the response at a glance, lessons and actions.

At the top, the response times (occurrence → detection → awareness → containment) beside
every deadline's verdict (met and how early, late and by how much, open, overdue); then
the lessons learned and action items (owner, due date, status; an open action past its
due date in red). Keys add a lesson or an action, mark an action done, drop an item
with a reason, record containment and export the after-action report (in a worker).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from zoneinfo import ZoneInfo

from rich.console import RenderableType
from rich.style import Style
from rich.table import Table
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.widgets import Static

from breachkit.core.clocks.engine import ClockState
from breachkit.core.errors import BreachkitError
from breachkit.core.review.items import ItemKind, ItemStatus, ReviewItem
from breachkit.core.review.summary import ClockVerdict, Interval
from breachkit.core.times import show, show_duration
from breachkit.services import IncidentView
from breachkit.tui.context import app_of
from breachkit.tui.display import clock_label, plain, theme_style, urgency, urgency_style
from breachkit.tui.feedback import ReportsWorkerErrors
from breachkit.tui.messages import FileExported, IncidentChanged, ReviewRead
from breachkit.tui.modals.export import ExportChoice, ReportExportModal, tilde
from breachkit.tui.modals.review import DONE, DROP, ContainedModal, ReviewItemModal
from breachkit.tui.modals.step import StepModal
from breachkit.tui.review import ReviewState, read_review
from breachkit.tui.widgets.fit_table import Col, FitTable
from breachkit.tui.widgets.lazy import LazyPane

SHOWN_INTERVALS = ("occurrence_to_detection", "detection_to_awareness", "awareness_to_containment")


def item_label(item: ReviewItem) -> str:
    """``L1`` (a lesson), ``A2`` (an action): how the command line names them too."""
    return f"{'A' if item.kind is ItemKind.ACTION else 'L'}{item.number}"


def short_verdict(v: ClockVerdict, now: datetime, variables: Mapping[str, str]) -> Text:
    """A clock's verdict in a few words, coloured: met (green), late (red), open (urgency)."""
    state = ClockState(v.state)
    success, error = theme_style(variables, "success"), theme_style(variables, "error")
    if v.verdict.startswith("letters sent"):
        return Text("letters sent", style=success, end="")  # the report says when
    if state is ClockState.MET:
        early = v.due - v.filed_at if v.due and v.filed_at else None
        return Text(f"met {show_duration(early)} early" if early else "met", style=success)
    if state is ClockState.MET_LATE:
        return Text(v.verdict, style=error + Style(bold=True), end="")
    if v.due is None:
        if state is ClockState.PENDING:
            return Text("not started", style="dim", end="")
        return Text("open, no fixed due time", end="")
    left = v.due - now
    if state is ClockState.PENDING:
        return Text("not started", style="dim", end="")
    if left.total_seconds() < 0:
        return Text(
            f" OVERDUE by {show_duration(-left)} ",
            style=urgency_style(variables, urgency(left)),
            end="",
        )
    return Text(
        f"{show_duration(left)} left", style=urgency_style(variables, urgency(left)), end=""
    )


class ReviewPane(ReportsWorkerErrors, LazyPane):
    """Metrics and deadlines at a glance; the lessons and actions table."""

    DEFAULT_CSS = """
    ReviewPane {
        & > #review-metrics { height: auto; padding: 0 1; background: $boost; }
        & > #review-items-title {
            height: auto;
            max-height: 2;
            padding: 0 1;
            margin-top: 1;
            color: $text-muted;
        }
        & > #review-items {
            height: 1fr;
            & > .datatable--cursor { background: $primary 30%; color: $text; }
        }
        & > #review-unavailable { color: $text-muted; padding: 1 2; display: none; }
        &.-unavailable > #review-unavailable { display: block; }
        &.-unavailable > #review-metrics, &.-unavailable > #review-items-title,
        &.-unavailable > #review-items { display: none; }
    }
    """

    def __init__(self, view: IncidentView, *, id: str | None = None) -> None:  # noqa: A002
        super().__init__(id=id)
        self.view = view
        self.review: ReviewState | None = None
        self._generation = 0
        self.busy = False

    def compose(self) -> ComposeResult:
        yield Static("Reading the review…", id="review-metrics")
        yield Static("", id="review-items-title", markup=False)
        yield FitTable(
            id="review-items",
            cursor_type="row",
            cursor_foreground_priority="renderable",
            columns=(
                Col("#", "number", 3),
                Col("Status", "status", 8),
                Col("Owner", "owner", 14),
                Col("Due", "due", 10),
                Col("Lesson or action", "text"),
            ),
        )
        yield Static("", id="review-unavailable", markup=False)

    def on_mount(self) -> None:
        self.watch(self.app, "theme", lambda: self._fill(), init=False)

    def show(self, view: IncidentView) -> None:
        self.view = view
        self.invalidate()

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.view.facts.timezone)

    # -- reading ---------------------------------------------------------------------------

    def load(self) -> None:
        self._generation += 1
        self._read(self.view.id, self._generation)

    @work(
        thread=True,
        exclusive=True,
        group="review",
        exit_on_error=False,
        description="Reading the review",
    )
    def _read(self, incident_id: str, generation: int) -> None:
        services = app_of(self).services
        try:
            review = read_review(services, incident_id)
        except BreachkitError as err:
            self.post_message(ReviewRead(incident_id, None, generation, err.message))
            return
        finally:
            services.close()  # this thread's own connection
        self.post_message(ReviewRead(incident_id, review, generation))

    @on(ReviewRead)
    def _read_done(self, message: ReviewRead) -> None:
        message.stop()
        if message.generation != self._generation:
            return
        self.review = message.review
        if message.review is None:
            self.query_one("#review-unavailable", Static).update(
                f"The review cannot be read:\n{message.problem}"
            )
        self.set_class(message.review is None, "-unavailable")
        self._fill()

    def _fill(self) -> None:
        if self.review is None or not self.is_mounted:
            return
        variables = self.app.get_css_variables()
        self.query_one("#review-metrics", Static).update(self._metrics(self.review, variables))
        self._items(self.review, variables)

    # -- at a glance -----------------------------------------------------------------------

    def _metrics(self, review: ReviewState, variables: Mapping[str, str]) -> RenderableType:
        times = Table.grid(padding=(0, 1))
        times.add_column(no_wrap=True, style="bold", min_width=23)
        times.add_column()
        times.add_row(Text("Response times", style="bold underline"), "")
        for interval in review.metrics.intervals:
            if interval.key in SHOWN_INTERVALS:
                times.add_row(interval.label, self._interval(interval))
        contained = review.containment
        if contained is None:
            warning = theme_style(variables, "warning")
            times.add_row("Contained", Text("not recorded (m)", style=warning))
        else:
            local = contained.at.astimezone(self.zone)
            times.add_row("Contained", Text(f"{local:%d %b %H:%M}"))
        clocks = Table.grid(padding=(0, 1))
        clocks.add_column(no_wrap=True, style="bold", min_width=12)
        clocks.add_column()  # a long verdict wraps at 80 columns, never cut
        clocks.add_row(Text("Deadlines", style="bold underline"), "")
        now = app_of(self).now
        for verdict in review.metrics.clocks:
            clocks.add_row(clock_label(verdict.clock_id), short_verdict(verdict, now, variables))
        grid = Table.grid(expand=True, padding=(0, 2))
        grid.add_column(no_wrap=True)
        grid.add_column(ratio=1)
        grid.add_row(times, clocks)
        return grid

    @staticmethod
    def _interval(interval: Interval) -> Text:
        if interval.duration is None:
            return Text("not known", style="dim", end="")
        return Text(interval.text(), end="")

    def _items(self, review: ReviewState, variables: Mapping[str, str]) -> None:
        table = self.table
        keep = table.cursor_row if table.row_count else 0
        table.clear()
        today = app_of(self).now.astimezone(self.zone).date()
        error = theme_style(variables, "error") + Style(bold=True)
        for item in review.items:
            overdue = item.overdue(today)
            closed = item.status is not ItemStatus.OPEN
            row_style = "dim" if closed else ""
            status = "overdue" if overdue else item.status.value
            dropped = item.status is ItemStatus.DROPPED
            text = Text(item.text, style=f"{row_style} strike" if dropped else row_style)
            if item.closing_note:
                text.append(f" — {item.closing_note}", style="dim")
            table.add_row(
                plain(item_label(item), row_style),
                plain(status, error if overdue else row_style),
                plain(item.owner or "—", row_style),
                plain(str(item.due) if item.due else "—", error if overdue else row_style),
                text,
                key=str(item.number),
                height=None,
            )
        if table.row_count:
            table.move_cursor(row=min(keep, table.row_count - 1))
        open_ = [i for i in review.items if i.status is ItemStatus.OPEN]
        late = sum(1 for i in open_ if i.overdue(today))
        summary = (
            f"Lessons and actions: {len(review.items)}, {len(open_)} open"
            + (f", {late} overdue" if late else "")
            if review.items
            else "No lessons or actions yet: n adds a lesson, A an action (who does what by when)."
        )
        hint = " · d done · del drops" if review.items else ""
        self.query_one("#review-items-title", Static).update(summary + hint)

    @property
    def table(self) -> FitTable:
        return self.query_one("#review-items", FitTable)

    def selected(self) -> ReviewItem | None:
        if self.review is None or not self.table.row_count:
            return None
        key = self.table.coordinate_to_cell_key(self.table.cursor_coordinate).row_key.value
        return next((i for i in self.review.items if str(i.number) == key), None)

    # -- recording -------------------------------------------------------------------------

    def add_item(self, kind: str) -> None:
        """A lesson learned or an action item (owner and due date), in a dialog."""
        incident_id = self.view.id

        def apply(text: str, owner: str, due: str) -> None:
            item = app_of(self).services.add_review_item(
                incident_id, kind, text, owner=owner, due=due or None
            )
            self.app.notify(
                f"{item_label(item)}: {item.text}", title="Recorded", markup=False, timeout=5
            )
            self.post_message(IncidentChanged(incident_id))

        self.app.push_screen(ReviewItemModal(kind, apply))

    def close_item(self, status: str) -> None:
        """Mark the highlighted action done, or drop the highlighted item (a reason)."""
        item = self.selected()
        if item is None:
            self.app.notify("No lesson or action to close: n or A adds one.", timeout=4)
            return
        if item.status is not ItemStatus.OPEN:
            self.app.notify(f"{item_label(item)} is already {item.status.value}.", timeout=4)
            return
        if status == "done" and item.kind is ItemKind.LESSON:
            self.app.notify(
                f"{item_label(item)} is a lesson: lessons are kept, or dropped (del).", timeout=5
            )
            return
        incident_id, number = self.view.id, item.number

        def apply(note: str) -> None:
            closed = app_of(self).services.close_review_item(incident_id, number, status, note=note)
            self.app.notify(
                f"{item_label(closed)} {closed.status.value}: {closed.text}",
                title="Review",
                markup=False,
                timeout=5,
            )
            self.post_message(IncidentChanged(incident_id))

        words = DONE if status == "done" else DROP
        self.app.push_screen(StepModal(words, f"{item_label(item)}: {item.text}", apply))

    def mark_contained(self) -> None:
        incident_id = self.view.id
        current = ""
        if self.review and self.review.containment:
            c = self.review.containment
            current = f"Now: contained {show(c.at, self.zone)} ({c.source})."

        def apply(at: datetime, note: str) -> None:
            entry = app_of(self).services.mark_contained(incident_id, at=at, note=note)
            self.app.notify(entry.content.text, title="Containment", markup=False, timeout=5)
            self.post_message(IncidentChanged(incident_id, entry))

        self.app.push_screen(ContainedModal(self.zone, app_of(self).now, apply, current))

    # -- the report ------------------------------------------------------------------------

    def export_report(self) -> None:
        if self.busy:
            self.app.notify("Still writing the previous report.", severity="warning", timeout=4)
            return

        def chosen(choice: ExportChoice | None) -> None:
            if choice is not None:
                self.busy = True
                where = tilde(choice.path)
                self.app.notify(f"Writing the report to {where}…", timeout=3, markup=False)
                self._export(self.view.id, choice)

        self.app.push_screen(ReportExportModal(self.view.id), chosen)

    @work(
        thread=True,
        exclusive=True,
        group="review-export",
        exit_on_error=False,
        description="Exporting the report",
    )
    def _export(self, incident_id: str, choice: ExportChoice) -> None:
        services = app_of(self).services
        try:
            choice.path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            result = services.export_report(
                incident_id, choice.path, redacted=choice.redact, extra_names=choice.extra_names
            )
        finally:
            services.close()
            self.app.call_from_thread(self._done)
        self.post_message(FileExported("report", result))

    def _done(self) -> None:
        self.busy = False

    @on(FileExported)
    def _exported(self, message: FileExported) -> None:
        message.stop()
        result = message.result
        self.app.notify(
            f"{tilde(result.path)}\n{result.pages} pages · SHA-256 {result.sha256}",
            title="After-action report written",
            markup=False,
            timeout=8,
        )
        self.post_message(IncidentChanged(self.view.id))
