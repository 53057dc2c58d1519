"""``LeaveWizardModal``: Esc in the wizard with something typed asks before anything is
thrown away: keep it as a draft (the wizard opens on it next time), discard it, or stay."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Static

from breachkit.tui.focus import Dialog


class LeaveWizardModal(Dialog[str]):
    """Dismisses with ``keep``, ``discard`` or ``stay``."""

    DEFAULT_CSS = """
    LeaveWizardModal {
        align: center middle;
        & > Vertical {
            width: 90%;
            max-width: 70;
            height: auto;
            border: round $warning;
            background: $surface;
            padding: 0 1;
        }
        & #leave-buttons { height: 1; align-horizontal: right; margin-top: 1; }
        & #leave-buttons Button { margin-left: 2; }
    }
    """
    BINDINGS = [Binding("escape", "cancel", "Stay", id="leave-wizard.stay")]

    def compose(self) -> ComposeResult:
        with Vertical(id="leave-box") as box:
            box.border_title = "Leave the new incident?"
            box.border_subtitle = "Esc stays"
            yield Static(
                "Nothing is created yet. Keep what you typed as a draft (n opens the "
                "wizard on it again), or discard it?",
                markup=False,
            )
            with Horizontal(id="leave-buttons"):
                yield Button("Keep as draft", variant="primary", id="keep", compact=True)
                yield Button("Discard", variant="error", id="discard", compact=True)
                yield Button("Stay", id="stay", compact=True)

    def on_mount(self) -> None:
        self.query_one("#keep", Button).focus()

    @on(Button.Pressed)
    def _chosen(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id or "stay")

    def action_save(self) -> None:
        self.dismiss("keep")

    def action_cancel(self) -> None:
        self.dismiss("stay")
