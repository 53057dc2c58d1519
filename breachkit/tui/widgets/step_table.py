"""``StepTable``: a playbook as a checklist — what to do now, then every step by phase.

Rows: a "Next" heading and the steps that can be done now (overdue and due-soon first),
then each phase's heading with its count and its steps: ✓ done, ↷ skipped, – not
applicable, ○ open (bold when it can be done now, dimmed while it waits for another).
The State column gives a clock-tied step's time left, coloured by urgency, or what it
waits for. The cursor passes over the headings.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime, timedelta

from rich.style import Style
from rich.text import Text
from textual.binding import Binding
from textual.coordinate import Coordinate

from breachkit.core.clocks.engine import ClockReading
from breachkit.core.playbooks import PlaybookView, StepStatus, StepView
from breachkit.tui.display import Urgency, clock_label, theme_style, urgency, urgency_style
from breachkit.tui.widgets.fit_table import Col, FitTable

HEADING = "h:"
NEXT = "next:"
STEP = "step:"

MARKS = {
    StepStatus.DONE: ("✓", "success"),
    StepStatus.SKIPPED: ("↷", "warning"),
    StepStatus.NOT_APPLICABLE: ("–", ""),
    StepStatus.OPEN: ("○", ""),
}
STATUS_WORDS = {
    StepStatus.DONE: "done",
    StepStatus.SKIPPED: "skipped",
    StepStatus.NOT_APPLICABLE: "not applicable",
    StepStatus.OPEN: "open",
}


def step_id_of(key: str | None) -> str | None:
    """The step id of a checklist row key; None for a heading."""
    for prefix in (NEXT, STEP):
        if key and key.startswith(prefix):
            return key[len(prefix) :]
    return None


def reading_for(readings: Sequence[ClockReading], clock_id: str) -> ClockReading | None:
    return next((r for r in readings if r.id == clock_id), None)


def title_of(status: PlaybookView | None, step_id: str) -> str:
    step = status.playbook.step(step_id) if status else None
    return step.title if step else step_id


class StepTable(FitTable):
    """Mark, step and state; ``show`` fills it, keeping the cursor on its step."""

    COLUMNS = (Col("", "mark", 1), Col("Step", "step"), Col("State", "state", 18))
    BINDINGS = [
        Binding(
            "enter",
            "select_cursor",
            "Done",
            tooltip="Mark the highlighted step done (with an optional note).",
            show=False,
            id="playbook.done-enter",
        ),
    ]

    def key_at(self, row: int) -> str | None:
        if not 0 <= row < self.row_count:
            return None
        return self.coordinate_to_cell_key(Coordinate(row, 0)).row_key.value

    def watch_cursor_coordinate(self, old: Coordinate, new: Coordinate) -> None:
        super().watch_cursor_coordinate(old, new)
        if not self.row_count or step_id_of(self.key_at(new.row)) is not None:
            return
        forward = new.row >= old.row
        rows = range(new.row + 1, self.row_count) if forward else range(new.row - 1, -1, -1)
        back = range(new.row - 1, -1, -1) if forward else range(new.row + 1, self.row_count)
        for row in (*rows, *back):
            if step_id_of(self.key_at(row)) is not None:
                self.cursor_coordinate = Coordinate(row, new.column)
                return

    def show(
        self,
        status: PlaybookView,
        readings: Sequence[ClockReading],
        now: datetime,
        variables: Mapping[str, str],
    ) -> None:
        """Fill the checklist (``variables``: the theme's, for the colours)."""
        keep_key = self.key_at(self.cursor_row) if self.row_count else None
        keep_row = self.cursor_row if self.row_count else 1
        cells = _Cells(status, readings, now, variables)
        self.clear()
        count = len(status.next_steps)
        label = f"{count} step{'' if count == 1 else 's'}"
        self.add_row(*_heading("Next", label), key=f"{HEADING}next")
        for view in status.next_steps:
            self.add_row(*cells.row(view), key=f"{NEXT}{view.step.id}")
        if not status.next_steps:
            self.add_row(
                Text(""),
                Text("nothing to do now: every open step waits for another", style="dim"),
                Text(""),
                key=f"{HEADING}none",
            )
        for phase in status.playbook.phases:
            views = [v for v in status.steps if v.step.phase == phase.id]
            if not views:
                continue
            counted = [v for v in views if counts(v)]
            closed = sum(1 for v in counted if v.status in (StepStatus.DONE, StepStatus.SKIPPED))
            self.add_row(
                *_heading(phase.title, f"{closed}/{len(counted)}"), key=f"{HEADING}{phase.id}"
            )
            for view in views:
                self.add_row(*cells.row(view), key=f"{STEP}{view.step.id}")
        self._restore_cursor(keep_key, keep_row, len(status.next_steps))

    def _restore_cursor(self, key: str | None, row: int, next_rows: int) -> None:
        """Stay on the same step; a next step just closed gives its place to the one after
        it in Next (or the last one), so a run of steps is ``d Enter d Enter``."""
        if key is not None and key in self.rows:
            self.move_cursor(row=self.get_row_index(key), animate=False)
            return
        if key is not None and key.startswith(NEXT) and next_rows:
            row = min(row, next_rows)  # row 0 is the Next heading
        self.move_cursor(row=min(max(row, 1), self.row_count - 1), animate=False)


class _Cells:
    """The three cells of a step's row."""

    def __init__(
        self,
        status: PlaybookView,
        readings: Sequence[ClockReading],
        now: datetime,
        variables: Mapping[str, str],
    ) -> None:
        self.status, self.readings, self.now, self.variables = status, readings, now, variables

    def row(self, view: StepView) -> tuple[Text, Text, Text]:
        out = ruled_out(view)
        mark, colour = MARKS[StepStatus.NOT_APPLICABLE if out else view.status]
        closed = view.status is not StepStatus.OPEN or out
        waiting = bool(view.blocked_by) and not closed
        mark_style: Style | str = theme_style(self.variables, colour) if colour else "dim"
        if not closed and not waiting:
            mark_style = "bold"
        title_style = "dim strike" if out else "dim" if closed or waiting else ""
        return (
            Text(mark, style=mark_style, end=""),
            Text(view.step.title, style=title_style, end="", no_wrap=True, overflow="ellipsis"),
            self.state(view),
        )

    def state(self, view: StepView) -> Text:
        def cell(text: str, style: Style | str = "dim") -> Text:
            return Text(text, style=style, end="", no_wrap=True, overflow="ellipsis")

        if view.status is StepStatus.OPEN and not view.applicable:
            return cell("n/a (facts)")
        if view.status is not StepStatus.OPEN:
            return cell(STATUS_WORDS[view.status])
        clock = view.step.clock
        label = clock_label(clock) if clock else ""
        left = self.left(clock) if clock and view.urgency else None
        if view.urgency == "overdue" or (left is not None and left < timedelta(0)):
            return cell(f" {label} overdue ", urgency_style(self.variables, Urgency.OVERDUE))
        if view.urgency == "due_soon":
            level = urgency(left) if left is not None else Urgency.URGENT
            text = f"{label} in {hours(left)}" if left is not None else label
            return cell(text, urgency_style(self.variables, level))
        if view.blocked_by:
            more = len(view.blocked_by) - 1
            first = title_of(self.status, view.blocked_by[0])
            return cell(f"after {first}" if not more else f"after {more + 1} steps")
        if view.urgency == "running":
            if left is None:
                return cell(f"{label} running", "")
            return cell(f"{label} in {hours(left)}", urgency_style(self.variables, urgency(left)))
        return cell("")

    def left(self, clock_id: str) -> timedelta | None:
        reading = reading_for(self.readings, clock_id)
        if reading is None or reading.due is None:
            return None
        return reading.due - self.now


def _heading(title: str, count: str) -> tuple[Text, Text, Text]:
    return (
        Text(""),
        Text(title, style="bold underline", end="", no_wrap=True, overflow="ellipsis"),
        Text(count, style="dim", justify="right", end=""),
    )


def hours(left: timedelta) -> str:
    """Time left in few characters: ``46h``, ``35m``, ``4d``."""
    minutes = max(0, int(left.total_seconds() // 60))
    if minutes < 60:
        return f"{minutes}m"
    if minutes < 72 * 60:
        return f"{minutes // 60}h"
    return f"{minutes // 1440}d"


def ruled_out(view: StepView) -> bool:
    """Marked not applicable, or open and ruled out by a ``when`` on the facts."""
    return view.status is StepStatus.NOT_APPLICABLE or (
        view.status is StepStatus.OPEN and not view.applicable
    )


def counts(view: StepView) -> bool:
    """As the engine counts ``total``: every step but those not applicable."""
    return not ruled_out(view) and (view.applicable or view.status is not StepStatus.OPEN)
