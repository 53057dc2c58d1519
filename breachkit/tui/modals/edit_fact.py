"""``EditFactModal``: change one fact; the core checks it as you type, the services save it.

``apply`` (from the caller) saves the value and may raise a BreachkitError, whose
problems are shown under the field; the modal stays open until the value is accepted.
It dismisses with True when saved, False when cancelled.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Button, Static

from breachkit.core.errors import BreachkitError
from breachkit.tui.facts import FactSpec, problems, put
from breachkit.tui.feedback import problem_text
from breachkit.tui.focus import Dialog
from breachkit.tui.widgets.fact_field import FactField


class EditFactModal(Dialog[bool]):
    """One fact, its input, the core's verdict, Save / Cancel."""

    DEFAULT_CSS = """
    EditFactModal {
        align: center middle;
        & > #edit {
            width: 90%;
            max-width: 80;
            height: auto;
            max-height: 90%;
            border: round $primary;
            background: $surface;
            padding: 0 1;
        }
        & #edit-current { color: $text-muted; margin-bottom: 1; }
        & #edit-buttons { height: 1; align-horizontal: right; margin-top: 1; }
        & #edit-buttons Button { margin-left: 2; }
    }
    """
    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="edit.cancel"),
        Binding(
            "ctrl+s", "save", "Save", tooltip="Save the change to the timeline.", id="edit.save"
        ),
    ]

    def __init__(
        self,
        spec: FactSpec,
        value: Any,
        text: str,
        current: str,
        document: dict[str, Any],
        apply: Callable[[Any], object],
    ) -> None:
        super().__init__()
        self.spec = spec
        self.value = value
        self.text = text
        self.current = current
        self.document = document
        self.apply = apply

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="edit") as box:
            box.border_title = f"Change: {self.spec.label}"
            box.border_subtitle = "ctrl+s saves · Esc cancels"
            yield Static(
                f"Now: {self.current}   ({self.spec.key})", id="edit-current", markup=False
            )
            yield FactField(self.spec, self.value, self.text, id="edit-field")
            with Horizontal(id="edit-buttons"):
                yield Button("Save", variant="primary", id="save", compact=True)
                yield Button("Cancel", id="cancel", compact=True)

    def on_mount(self) -> None:
        self.query_one(FactField).focus_control()

    @property
    def field(self) -> FactField:
        return self.query_one(FactField)

    @on(FactField.Changed)
    def _check(self, event: FactField.Changed) -> None:
        document = copy.deepcopy(self.document)
        put(document, self.spec.key, event.field.raw())
        event.field.show_problems(problems(document, "change").get(self.spec.key))

    @on(Button.Pressed, "#save")
    def action_save(self) -> None:
        try:
            self.apply(self.field.raw())
        except BreachkitError as err:
            self.field.show_problems(problem_text(err).splitlines())
            return
        self.dismiss(True)

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(False)
