"""Playbook dialogs: mark a step (with a note or a reason), choose another playbook.

``StepModal`` is one line to type and Enter: a step done needs no note, a step skipped or
not applicable needs a reason (the Art. 33(5) record must say why), which the services
check; their words show in the dialog, which stays open. ``ChoosePlaybookModal`` lists
every playbook, the current one marked.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from breachkit.core.errors import BreachkitError
from breachkit.core.playbooks import Playbook, StepStatus
from breachkit.tui.feedback import problem_text
from breachkit.tui.focus import Dialog

BOX_CSS = """
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
"""


@dataclass(frozen=True, slots=True)
class StepAction:
    verb: str
    """The button: ``Done``, ``Skip``, …"""
    title: str
    label: str
    placeholder: str


ACTIONS = {
    StepStatus.DONE: StepAction(
        "Done",
        "Mark the step done",
        "Note (optional)",
        "what was done, where the result is — Enter records",
    ),
    StepStatus.SKIPPED: StepAction(
        "Skip", "Skip the step", "Reason (required)", "why it is skipped — the record must say why"
    ),
    StepStatus.NOT_APPLICABLE: StepAction(
        "Not applicable",
        "Mark the step not applicable",
        "Reason (required)",
        "why it does not apply to this incident",
    ),
    StepStatus.OPEN: StepAction(
        "Reopen", "Open the step again", "Note (optional)", "why it is open again"
    ),
}


class StepModal(Dialog[bool]):
    """The step, one line for the note or reason, Record / Cancel."""

    DEFAULT_CSS = (
        "StepModal {"
        + BOX_CSS
        + """
    & #step-title { text-style: bold; }
    & Label { text-style: bold; margin-top: 1; }
    & #step-problem { color: $text-error; }
    & #step-buttons { height: 1; align-horizontal: right; margin-top: 1; }
    & #step-buttons Button { margin-left: 2; }
}"""
    )
    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="step.cancel"),
        Binding("ctrl+s", "save", "Record", tooltip="Record it on the timeline.", id="step.save"),
    ]

    def __init__(self, action: StepAction, title: str, apply: Callable[[str], object]) -> None:
        super().__init__()
        self.action_words = action
        self.step_title = title
        self.apply = apply

    def compose(self) -> ComposeResult:
        words = self.action_words
        with VerticalScroll(id="step-box") as box:
            box.border_title = words.title
            box.border_subtitle = "Enter records · Esc cancels"
            yield Static(self.step_title, id="step-title", markup=False)
            yield Label(words.label)
            yield Input(placeholder=words.placeholder, compact=True, id="step-note")
            yield Static("", id="step-problem", markup=False)
            with Horizontal(id="step-buttons"):
                yield Button(words.verb, variant="primary", id="save", compact=True)
                yield Button("Cancel", id="cancel", compact=True)

    def on_mount(self) -> None:
        self.query_one("#step-problem").display = False
        self.query_one("#step-note", Input).focus()

    @on(Button.Pressed, "#save")
    def action_save(self) -> None:
        try:
            self.apply(self.query_one("#step-note", Input).value.strip())
        except BreachkitError as err:
            problem = self.query_one("#step-problem", Static)
            problem.display = True
            problem.update(problem_text(err))
            return
        self.dismiss(True)

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(False)


class ChoosePlaybookModal(Dialog[bool]):
    """Every playbook (title, id, what it is for); Enter follows the highlighted one."""

    DEFAULT_CSS = (
        "ChoosePlaybookModal {"
        + BOX_CSS
        + """
    & > Vertical {
        width: 90%;
        max-width: 90;
        height: auto;
        border: round $primary;
        background: $surface;
        padding: 0 1;
    }
    & #playbook-intro { color: $text-muted; margin-bottom: 1; }
    & OptionList { height: auto; max-height: 10; }
    & #playbook-about { margin-top: 1; height: auto; max-height: 7; }
    & #choose-problem { color: $text-error; }
}"""
    )
    BINDINGS = [Binding("escape", "cancel", "Cancel", id="choose-playbook.cancel")]

    def __init__(
        self, playbooks: Sequence[Playbook], current: str, apply: Callable[[str], object]
    ) -> None:
        super().__init__()
        self.playbooks = list(playbooks)
        self.current = current
        self.apply = apply

    def compose(self) -> ComposeResult:
        options = []
        for book in self.playbooks:
            current = book.id == self.current
            prompt = Text.assemble(
                ("● " if current else "  ", "bold"),
                (book.title, "bold"),
                ("  (current)" if current else "", "bold"),
                (f"  {len(book.steps)} steps", "dim"),
            )
            options.append(Option(prompt, id=book.id))
        with Vertical(id="choose-box") as box:
            box.border_title = "Choose the playbook"
            box.border_subtitle = "Enter follows it · Esc cancels"
            yield Static(
                "Progress on each playbook is kept; switching back finds it again.",
                id="playbook-intro",
                markup=False,
            )
            yield OptionList(*options, id="playbook-options", compact=True)
            yield Static("", id="playbook-about")
            yield Static("", id="choose-problem", markup=False)

    def on_mount(self) -> None:
        self.query_one("#choose-problem").display = False
        options = self.query_one(OptionList)
        ids = [book.id for book in self.playbooks]
        options.highlighted = ids.index(self.current) if self.current in ids else 0
        options.focus()

    @on(OptionList.OptionHighlighted)
    def _about(self, event: OptionList.OptionHighlighted) -> None:
        """The highlighted playbook's summary and what it is for."""
        book = next((b for b in self.playbooks if b.id == event.option.id), None)
        if book is None:
            return
        causes = ", ".join(c.replace("_", " ") for c in book.applies_to_causes) or "any cause"
        roles = ", ".join(r.replace("_", " ") for r in book.applies_to_roles) or "any role"
        self.query_one("#playbook-about", Static).update(
            Text.assemble(
                " ".join(book.summary.split()),
                "\n",
                (f"{book.id} · for {causes} · {roles}", "dim"),
            )
        )

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        try:
            self.apply(event.option.id or "")
        except BreachkitError as err:
            problem = self.query_one("#choose-problem", Static)
            problem.display = True
            problem.update(problem_text(err))
            return
        self.dismiss(True)

    def action_cancel(self) -> None:
        self.dismiss(False)
