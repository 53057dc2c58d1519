"""``PlaybookPane``: the incident's playbook as a checklist, the chosen step's guidance
beside it (under it in a narrow terminal), and what to do next.

The list starts with the steps to do now (overdue and due-soon first), then every step
grouped by phase: ✓ done, ↷ skipped, – not applicable, ○ open; a clock-tied step shows
its urgency, a step waiting for others is dimmed with what it waits for. ``mark`` opens
the dialog that records done / skipped / not applicable / reopened; the services put
every change on the timeline.
"""

from __future__ import annotations

from zoneinfo import ZoneInfo

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text
from textual import events, on, work
from textual.app import ComposeResult
from textual.containers import Container, VerticalScroll
from textual.widgets import DataTable, Static

from breachkit.core.clocks.engine import ClockReading
from breachkit.core.errors import BreachkitError
from breachkit.core.playbooks import PlaybookView, StepStatus, StepView
from breachkit.core.times import show
from breachkit.services import IncidentView
from breachkit.tui.context import app_of
from breachkit.tui.display import STATE_LABELS, clock_label, live_state
from breachkit.tui.feedback import ReportsWorkerErrors
from breachkit.tui.messages import IncidentChanged, PlaybookRead
from breachkit.tui.modals.step import ACTIONS, ChoosePlaybookModal, StepModal
from breachkit.tui.widgets.lazy import LazyPane
from breachkit.tui.widgets.step_table import (
    STATUS_WORDS,
    STEP,
    StepTable,
    reading_for,
    step_id_of,
    title_of,
)

STACK_BELOW = 96
"""Narrower than this, the guidance goes under the checklist instead of beside it."""
DECIDES = ("decision:notify-authority", "decision:inform-people", "document:risk-assessment")
"""What a step produces that the Risk tab records."""


class PlaybookPane(ReportsWorkerErrors, LazyPane):
    """Progress, the checklist, and the highlighted step's guidance.

    The playbook's state is read in a worker: it recomputes the clocks, which takes tens
    of milliseconds on an incident with 100,000 timeline entries.
    """

    DEFAULT_CSS = """
    PlaybookPane {
        & > #playbook-summary { height: 1; padding: 0 1; background: $boost; }
        & > #playbook-body { layout: horizontal; height: 1fr; }
        & StepTable {
            width: 1fr;
            height: 1fr;
            & > .datatable--cursor { background: $primary 30%; color: $text; }
        }
        & #step-detail {
            width: 36%;
            height: 1fr;
            border-left: solid $panel;
            padding: 0 1;
        }
        &.-stacked #playbook-body { layout: vertical; }
        &.-stacked StepTable { width: 1fr; }
        &.-stacked #step-detail {
            width: 1fr;
            height: 8;
            border-left: none;
            border-top: solid $panel;
        }
        & > #playbook-unavailable { color: $text-muted; padding: 1 2; display: none; }
        &.-unavailable > #playbook-unavailable { display: block; }
        &.-unavailable > #playbook-summary, &.-unavailable > #playbook-body { display: none; }
    }
    """

    def __init__(self, view: IncidentView, *, id: str | None = None) -> None:  # noqa: A002
        super().__init__(id=id)
        self.view = view
        self.status: PlaybookView | None = None
        self.readings: list[ClockReading] = []
        self._generation = 0
        self._wanted: str | None = None
        """A step to highlight once the playbook has been read (from the palette)."""

    def compose(self) -> ComposeResult:
        yield Static("", id="playbook-summary", markup=False)
        with Container(id="playbook-body"):
            yield StepTable(
                id="steps-table",
                cursor_type="row",
                show_header=False,
                cursor_foreground_priority="renderable",
            )
            with VerticalScroll(id="step-detail"):
                yield Static("", id="step-detail-text")
        yield Static("", id="playbook-unavailable", markup=False)

    def on_mount(self) -> None:
        self.watch(self.app, "theme", lambda: self._fill(), init=False)

    def on_resize(self, event: events.Resize) -> None:
        self.set_class(event.size.width < STACK_BELOW, "-stacked")

    def show(self, view: IncidentView, readings: list[ClockReading] | None) -> None:
        """A fresh reading of the incident and its clocks: the steps' urgency may change."""
        self.view = view
        self.readings = readings or []
        self.invalidate()

    def load(self) -> None:
        self._generation += 1
        if self.status is None:
            self.query_one("#playbook-summary", Static).update("Reading the playbook…")
        self._read(self.view.id, self._generation)

    @work(
        thread=True,
        exclusive=True,
        group="playbook",
        exit_on_error=False,
        description="Reading the playbook",
    )
    def _read(self, incident_id: str, generation: int) -> None:
        services = app_of(self).services
        try:
            status = services.playbook_status(incident_id)
        except BreachkitError as err:
            self.post_message(PlaybookRead(incident_id, None, generation, err.message))
            return
        finally:
            services.close()  # this thread's own connection
        self.post_message(PlaybookRead(incident_id, status, generation))

    @on(PlaybookRead)
    def _read_done(self, message: PlaybookRead) -> None:
        message.stop()
        if message.generation != self._generation:
            return  # a newer reading is on its way
        self.status = message.status
        if message.status is None:
            self.query_one("#playbook-unavailable", Static).update(
                f"The playbook cannot be read:\n{message.problem}"
            )
        self.set_class(self.status is None, "-unavailable")
        self._fill()
        if self._wanted:
            self.select_step(self._wanted)

    def select_step(self, step_id: str) -> None:
        """Highlight a step in its phase (now, or when the playbook has been read)."""
        table = self.table
        key = f"{STEP}{step_id}"
        if key not in table.rows:
            self._wanted = step_id  # not read yet: when it is
            return
        self._wanted = None
        table.move_cursor(row=table.get_row_index(key), animate=False)

    @property
    def table(self) -> StepTable:
        return self.query_one(StepTable)

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.view.facts.timezone)

    # -- the checklist ---------------------------------------------------------------------

    def _fill(self) -> None:
        if self.status is None or not self.is_mounted:
            return
        self.table.show(self.status, self.readings, app_of(self).now, self.app.get_css_variables())
        self._summarise()
        self._detail()

    def _summarise(self) -> None:
        status = self.status
        if status is None:
            return
        width = 10
        filled = round(width * status.done / status.total) if status.total else width
        summary = Text.assemble(
            "Playbook: ",
            (status.playbook.title, "bold"),
            "  ",
            ("█" * filled, "bold"),
            ("░" * (width - filled), "dim"),
            f" {status.done} of {status.total} done · {len(status.next_steps)} to do now"
            f" · {len(status.blocked)} waiting",
            no_wrap=True,
            overflow="ellipsis",
            end="",
        )
        self.query_one("#playbook-summary", Static).update(summary)

    # -- the highlighted step --------------------------------------------------------------

    def selected(self) -> StepView | None:
        if self.status is None or not self.table.row_count:
            return None
        step_id = step_id_of(self.table.key_at(self.table.cursor_row))
        return next((v for v in self.status.steps if v.step.id == step_id), None)

    @on(DataTable.RowHighlighted, "#steps-table")
    def _detail(self) -> None:
        text = self.query_one("#step-detail-text", Static)
        view = self.selected()
        text.update(self._describe(view) if view else "Choose a step to see its guidance.")

    def _describe(self, view: StepView) -> RenderableType:
        step = view.step
        phase = self.status.playbook.phase(step.phase) if self.status else None
        state = STATUS_WORDS[view.status]
        if not view.applicable and view.status is StepStatus.OPEN:
            state = "not applicable on the facts"
        head = Text.assemble(
            (step.title, "bold"),
            "\n",
            (f"{state} · {step.owner.value} · {phase.title if phase else step.phase}", "dim"),
        )
        grid = Table.grid(padding=(0, 1))
        grid.add_column(style="bold", no_wrap=True)
        grid.add_column(ratio=1)
        if step.basis:
            grid.add_row("Basis", Text(step.basis))
        if step.clock:
            grid.add_row("Clock", Text(self._clock(step.clock)))
        if step.after:
            after = ", ".join(
                f"{title_of(self.status, s)}{'' if s not in view.blocked_by else ' (open)'}"
                for s in step.after
            )
            grid.add_row("After", Text(after, style="dim" if not view.blocked_by else ""))
        if view.status is not StepStatus.OPEN and view.at is not None:
            when = show(view.at, self.zone)
            grid.add_row(state.capitalize(), Text(f"{when} by {view.actor}"))
        if view.note:
            label = (
                "Reason"
                if view.status in (StepStatus.SKIPPED, StepStatus.NOT_APPLICABLE)
                else "Note"
            )
            grid.add_row(label, Text(view.note))
        if step.clock and step.phase == "notify":
            grid.add_row("Tip", Text("The Clocks tab records the filing (f)."))
        if any(p in DECIDES for p in step.produces):
            grid.add_row("Tip", Text("The Risk tab records the decision: c confirms, o overrides."))
        keys = (
            "d done · s skip · x not applicable" if view.status is StepStatus.OPEN else "u reopen"
        )
        hint = Text(f"\n{keys} · p another playbook", style="dim")
        return Group(head, Text(step.guidance), Text(""), grid, hint)

    def _clock(self, clock_id: str) -> str:
        """``Art. 33 · running · due Mon 23 Nov 20:31``, in the incident's zone."""
        reading = reading_for(self.readings, clock_id)
        label = clock_label(clock_id)
        if reading is None:
            return label
        state = STATE_LABELS.get(live_state(reading, app_of(self).now), reading.state.value)
        due = (
            reading.due.astimezone(self.zone).strftime(" · due %a %d %b %H:%M")
            if reading.due
            else ""
        )
        return f"{label} · {state}{due}"

    # -- marking ---------------------------------------------------------------------------

    @on(DataTable.RowSelected, "#steps-table")
    def _chosen(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.mark(StepStatus.DONE)

    def mark(self, status: StepStatus) -> None:
        """Open the dialog that marks the highlighted step (done, skipped, n/a, reopened)."""
        view = self.selected()
        if view is None:
            self.app.notify("Choose a step (not a heading).", timeout=4)
            return
        if status is view.status:
            self.app.notify(
                f"{view.step.title}: already {STATUS_WORDS[status]}"
                + (" (u reopens it)." if status is not StepStatus.OPEN else "."),
                timeout=4,
                markup=False,
            )
            return
        incident_id, step_id, title = self.view.id, view.step.id, view.step.title

        def apply(note: str) -> None:
            entry = app_of(self).services.mark_step(incident_id, step_id, status, note=note)
            said = f"{title}: {STATUS_WORDS[status]}" + (f" — {note}" if note else "")
            self.app.notify(said, title="Playbook", markup=False, timeout=5)
            self.post_message(IncidentChanged(incident_id, entry))

        self.app.push_screen(StepModal(ACTIONS[status], view.step.title, apply))

    def choose_playbook(self) -> None:
        services = app_of(self).services
        current = self.status.playbook.id if self.status else ""
        incident_id = self.view.id

        def apply(playbook_id: str) -> None:
            if playbook_id == current:
                return
            entry = services.use_playbook(incident_id, playbook_id)
            said = f"Now following: {services.playbooks[playbook_id].title}"
            self.app.notify(said, title="Playbook", markup=False, timeout=5)
            self.post_message(IncidentChanged(incident_id, entry))

        self.app.push_screen(ChoosePlaybookModal(list(services.playbooks.values()), current, apply))
