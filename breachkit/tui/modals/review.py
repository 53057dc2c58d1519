"""Review dialogs: a lesson learned, an action item (owner, due date), containment.

The services check what is typed (an action needs an owner and a due date written
``YYYY-MM-DD``); their words show in the dialog, which stays open until it is right.
Marking an item done or dropping it (with a reason) reuses the one-line
:class:`~breachkit.tui.modals.step.StepModal`.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from zoneinfo import ZoneInfo

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Button, Input, Label, Static

from breachkit.core.errors import BreachkitError
from breachkit.core.times import TimeValueError, show
from breachkit.tui.context import app_of
from breachkit.tui.facts import local_now_text
from breachkit.tui.feedback import problem_text
from breachkit.tui.focus import Dialog
from breachkit.tui.modals.step import StepAction

AddItem = Callable[[str, str, str], object]
"""(text, owner, due) → recorded; raises BreachkitError."""
Contained = Callable[[datetime, str], object]
"""(contained at, note) → recorded; raises BreachkitError."""

DONE = StepAction(
    "Done", "Mark the action done", "Note (optional)", "what was done — Enter records"
)
DROP = StepAction(
    "Drop", "Drop the item", "Reason (required)", "why it is dropped — the record must say why"
)

REVIEW_CSS = """
    align: center middle;
    & > VerticalScroll {
        width: 90%;
        max-width: 80;
        height: auto;
        max-height: 95%;
        border: round $primary;
        background: $surface;
        padding: 0 1;
    }
    & .review-intro { color: $text-muted; }
    & Label { text-style: bold; margin-top: 1; }
    & .review-problem { color: $text-error; }
    & .review-buttons { height: 1; align-horizontal: right; margin-top: 1; }
    & .review-buttons Button { margin-left: 2; }
"""


class ReviewItemModal(Dialog[bool]):
    """A lesson (its text), or an action (text, owner, due date)."""

    DEFAULT_CSS = "ReviewItemModal {" + REVIEW_CSS + "}"
    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="review-item.cancel"),
        Binding(
            "ctrl+s", "save", "Record", tooltip="Record it on the timeline.", id="review-item.save"
        ),
    ]

    def __init__(self, kind: str, apply: AddItem) -> None:
        super().__init__()
        self.kind = kind
        self.apply = apply

    @property
    def is_action(self) -> bool:
        return self.kind == "action"

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="review-item") as box:
            box.border_title = "New action item" if self.is_action else "New lesson learned"
            box.border_subtitle = "Enter records · Esc cancels"
            yield Static(
                "Who does what by when; marked done (d) or dropped with a reason (del) later."
                if self.is_action
                else "What the organisation learned; it goes into the after-action report.",
                classes="review-intro",
                markup=False,
            )
            yield Label("Action" if self.is_action else "Lesson")
            yield Input(
                placeholder="e.g. enforce MFA on the VPN"
                if self.is_action
                else "e.g. the backup restore took 6 hours: test it every quarter",
                compact=True,
                id="item-text",
            )
            if self.is_action:
                yield Label("Owner (a person or a team)")
                yield Input(placeholder="e.g. IT operations", compact=True, id="item-owner")
                yield Label("Due date (YYYY-MM-DD)")
                yield Input(placeholder="e.g. 2027-01-31", compact=True, id="item-due")
            yield Static("", classes="review-problem", id="item-problem", markup=False)
            with Horizontal(classes="review-buttons"):
                yield Button("Record", variant="primary", id="save", compact=True)
                yield Button("Cancel", id="cancel", compact=True)

    def on_mount(self) -> None:
        self.query_one("#item-problem").display = False
        self.query_one("#item-text", Input).focus()

    def _value(self, selector: str) -> str:
        return self.query_one(selector, Input).value.strip() if self.is_action else ""

    @on(Button.Pressed, "#save")
    def action_save(self) -> None:
        """Record (Enter on the last field; Enter on the others moves on)."""
        try:
            self.apply(
                self.query_one("#item-text", Input).value.strip(),
                self._value("#item-owner"),
                self._value("#item-due"),
            )
        except BreachkitError as err:
            problem = self.query_one("#item-problem", Static)
            problem.display = True
            problem.update(problem_text(err))
            return
        self.dismiss(True)

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(False)


class ContainedModal(Dialog[bool]):
    """When the breach was contained (default now), and a note."""

    DEFAULT_CSS = (
        "ContainedModal {"
        + REVIEW_CSS
        + """
    & #contained-time { color: $text-muted; }
}"""
    )
    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="contained.cancel"),
        Binding("ctrl+s", "save", "Record", tooltip="Record the containment.", id="contained.save"),
    ]

    def __init__(self, zone: ZoneInfo, now: datetime, apply: Contained, current: str = "") -> None:
        super().__init__()
        self.zone = zone
        self.now = now
        self.apply = apply
        self.current = current
        """How containment stands now (recorded earlier, or from the playbook)."""

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="contained") as box:
            box.border_title = "Record containment"
            box.border_subtitle = "Enter records · Esc cancels"
            yield Static(
                (self.current + "\n" if self.current else "")
                + "The latest recorded time counts: record it again if containment turned "
                "out to be incomplete. The report measures awareness → containment from it.",
                classes="review-intro",
                markup=False,
            )
            yield Label(f"Contained at (in {self.zone.key} unless you write an offset)")
            yield Input(
                local_now_text(self.now, self.zone),
                compact=True,
                id="contained-at",
                placeholder="YYYY-MM-DDTHH:MM",
            )
            yield Static("", id="contained-time", markup=False)
            yield Label("Note (optional)")
            yield Input(
                placeholder="e.g. FS01 isolated, attacker access revoked",
                compact=True,
                id="contained-note",
            )
            yield Static("", classes="review-problem", id="contained-problem", markup=False)
            with Horizontal(classes="review-buttons"):
                yield Button("Record", variant="primary", id="save", compact=True)
                yield Button("Cancel", id="cancel", compact=True)

    def on_mount(self) -> None:
        self.query_one("#contained-problem").display = False
        self._read_time()
        self.query_one("#contained-at", Input).focus()

    def _instant(self) -> datetime:
        text = self.query_one("#contained-at", Input).value
        return app_of(self).services.read_time(text, self.zone).instant  # as the wizard reads

    @on(Input.Changed, "#contained-at")
    def _read_time(self) -> None:
        shown = self.query_one("#contained-time", Static)
        try:
            shown.update(f"= {show(self._instant(), self.zone)}")
        except TimeValueError as err:
            shown.update(str(err))

    @on(Button.Pressed, "#save")
    def action_save(self) -> None:
        problem = self.query_one("#contained-problem", Static)
        try:
            at = self._instant()
            self.apply(at, self.query_one("#contained-note", Input).value.strip())
        except TimeValueError as err:
            problem.display = True
            problem.update(f"Contained at: {err}")
            return
        except BreachkitError as err:
            problem.display = True
            problem.update(problem_text(err))
            return
        self.dismiss(True)

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(False)
