"""The risk decision dialogs: confirm the recommendation, or override it with a reason.

``ConfirmDecisionModal`` records the recommendation as the decision, with an optional
note (Enter records). ``OverrideDecisionModal`` chooses the risk and the outcome, or "not
a personal data breach", and requires a written justification: the services refuse an
override without one, and the modal shows their words and stays open.
"""

from __future__ import annotations

from collections.abc import Callable

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Button, Checkbox, Input, Label, Select, Static, TextArea

from breachkit.core.errors import BreachkitError
from breachkit.core.risk.engine import Outcome, RiskAssessment, RiskLevel
from breachkit.tui import risk_words as w
from breachkit.tui.feedback import problem_text
from breachkit.tui.focus import Dialog

Confirm = Callable[[str], object]
"""(note) -> recorded; raises BreachkitError."""
Override = Callable[[str, str, str, bool], object]
"""(risk, outcome, justification, not a breach) -> recorded; raises BreachkitError."""

MODAL_CSS = """
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
    & .decide-recommended { color: $text-muted; }
    & .decide-problem { color: $text-error; }
    & Label { text-style: bold; margin-top: 1; }
    & .decide-buttons { height: 1; align-horizontal: right; margin-top: 1; }
    & .decide-buttons Button { margin-left: 2; }
"""


def recommended_line(a: RiskAssessment) -> str:
    return f"The engine recommends: {w.choice(a.risk, a.outcome)}."


class ConfirmDecisionModal(Dialog[bool]):
    """The recommendation, an optional note, Confirm / Cancel."""

    DEFAULT_CSS = "ConfirmDecisionModal {" + MODAL_CSS + "}"
    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="confirm.cancel"),
        Binding(
            "ctrl+s",
            "save",
            "Confirm",
            tooltip="Record the recommendation as the decision.",
            id="confirm.save",
        ),
    ]

    def __init__(self, assessment: RiskAssessment, apply: Confirm) -> None:
        super().__init__()
        self.assessment = assessment
        self.apply = apply

    def compose(self) -> ComposeResult:
        a = self.assessment
        what, why = w.OUTCOME_BANNERS[a.outcome]
        with VerticalScroll(id="confirm") as box:
            box.border_title = "Confirm the recommendation"
            box.border_subtitle = "Enter confirms · Esc cancels"
            yield Static(f"{what}: {why}", id="confirm-outcome", markup=False)
            yield Static(
                f"The breach is {w.RISK_SENTENCES[a.risk]}. "
                "Recorded on the timeline with the facts and reasons as they stand now.",
                classes="decide-recommended",
                markup=False,
            )
            yield Label("Note (optional)")
            yield Input(placeholder="e.g. agreed with management", compact=True, id="confirm-note")
            yield Static("", classes="decide-problem", id="confirm-problem", markup=False)
            with Horizontal(classes="decide-buttons"):
                yield Button("Confirm", variant="primary", id="save", compact=True)
                yield Button("Cancel", id="cancel", compact=True)

    def on_mount(self) -> None:
        self.query_one("#confirm-problem").display = False
        self.query_one("#confirm-note", Input).focus()

    @on(Button.Pressed, "#save")
    def action_save(self) -> None:
        try:
            self.apply(self.query_one("#confirm-note", Input).value.strip())
        except BreachkitError as err:
            problem = self.query_one("#confirm-problem", Static)
            problem.display = True
            problem.update(problem_text(err))
            return
        self.dismiss(True)

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(False)


class OverrideDecisionModal(Dialog[bool]):
    """Risk, outcome (or not a breach), a required justification, Record / Cancel."""

    DEFAULT_CSS = (
        "OverrideDecisionModal {"
        + MODAL_CSS
        + """
    & .decide-choice { height: 1; margin-top: 1; }
    & .decide-choice > Static { width: 9; text-style: bold; }
    & .decide-choice > Select { width: 1fr; }
    & Checkbox { margin-top: 1; }
    & #override-effect { margin-top: 1; }
    & TextArea { height: 3; background: $boost; }
}"""
    )
    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="override.cancel"),
        Binding(
            "ctrl+s",
            "save",
            "Record",
            tooltip="Record the decision with its justification.",
            id="override.save",
        ),
    ]

    def __init__(self, assessment: RiskAssessment, apply: Override) -> None:
        super().__init__()
        self.assessment = assessment
        self.apply = apply

    def compose(self) -> ComposeResult:
        a = self.assessment
        with VerticalScroll(id="override") as box:
            box.border_title = "Decide otherwise"
            box.border_subtitle = "ctrl+s records · Esc cancels"
            yield Static(recommended_line(a), classes="decide-recommended", markup=False)
            with Horizontal(classes="decide-choice"):
                yield Static("Risk", markup=False)
                yield Select(
                    [(w.RISK_CHOICES[r], r.value) for r in RiskLevel],
                    value=a.risk.value,
                    allow_blank=False,
                    compact=True,
                    id="override-risk",
                )
            with Horizontal(classes="decide-choice"):
                yield Static("Outcome", markup=False)
                yield Select(
                    [(w.outcome_label(o), o.value) for o in Outcome],
                    value=a.outcome.value,
                    allow_blank=False,
                    compact=True,
                    id="override-outcome",
                )
            yield Checkbox(
                "Not a personal data breach (recorded under Art. 33(5))",
                compact=True,
                id="override-not-a-breach",
            )
            yield Static("", id="override-effect", markup=False)
            yield Label("Justification (required to decide otherwise)")
            yield TextArea(
                id="override-justification",
                show_line_numbers=False,
                compact=True,
                highlight_cursor_line=False,
            )
            yield Static("", classes="decide-problem", id="override-problem", markup=False)
            with Horizontal(classes="decide-buttons"):
                yield Button("Record", variant="primary", id="save", compact=True)
                yield Button("Cancel", id="cancel", compact=True)

    def on_mount(self) -> None:
        self.query_one("#override-problem").display = False
        self._effect()
        self.query_one("#override-risk", Select).focus()

    def _chosen(self) -> tuple[str, str, bool]:
        risk = self.query_one("#override-risk", Select).value
        outcome = self.query_one("#override-outcome", Select).value
        return str(risk), str(outcome), self.query_one(Checkbox).value

    @on(Select.Changed, "#override-risk")
    def _risk_changed(self, event: Select.Changed) -> None:
        """A level chosen: its usual outcome follows (and may still be changed)."""
        risk = str(event.value)
        a = self.assessment
        follows = a.outcome.value if risk == a.risk.value else w.DEFAULT_OUTCOMES[risk]
        self.query_one("#override-outcome", Select).value = str(follows)
        self._effect()

    @on(Select.Changed, "#override-outcome")
    @on(Checkbox.Changed)
    def _effect(self) -> None:
        """Say whether the choice overrides the recommendation (and so needs a reason)."""
        risk, outcome, not_a_breach = self._chosen()
        for select in self.query(Select):
            select.disabled = not_a_breach
        a = self.assessment
        effect = self.query_one("#override-effect", Static)
        if not_a_breach:
            effect.update("This records that the incident is not a personal data breach.")
        elif (risk, outcome) == (a.risk.value, a.outcome.value):
            effect.update("This is the recommendation: it will be recorded as confirmed.")
        else:
            effect.update(
                f"This overrides the recommendation ({w.RISK_NAMES[a.risk]}, "
                f"{w.outcome_label(a.outcome)}): give the reasons below."
            )

    @on(Button.Pressed, "#save")
    def action_save(self) -> None:
        risk, outcome, not_a_breach = self._chosen()
        justification = self.query_one(TextArea).text.strip()
        try:
            self.apply(risk, outcome, justification, not_a_breach)
        except BreachkitError as err:
            problem = self.query_one("#override-problem", Static)
            problem.display = True
            problem.update(problem_text(err))
            return
        self.dismiss(True)

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(False)
