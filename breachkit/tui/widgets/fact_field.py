"""``FactField``: one fact of the incident file with the input its kind calls for.

Choices become a Select, lists of choices a SelectionList, long text a TextArea, the
rest an Input. ``raw()`` gives the value as it goes into an incident document; the
caller lets the core validate it and shows the core's message with ``show_problems``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from zoneinfo import available_timezones

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.suggester import SuggestFromList
from textual.widget import Widget
from textual.widgets import Input, Label, Select, SelectionList, Static, TextArea

from breachkit.tui.facts import FactKind, FactSpec, from_text, humanise

_ZONES: list[str] | None = None


def _zones() -> list[str]:
    global _ZONES  # noqa: PLW0603 - read the tz database once, on first use
    if _ZONES is None:
        _ZONES = sorted(available_timezones())
    return _ZONES


class FactField(Vertical):
    """A labelled input for one fact, with its help and the core's verdict on it."""

    DEFAULT_CSS = """
    FactField {
        height: auto;
        margin: 0 0 1 0;
        & > .fact-label { text-style: bold; }
        & > .fact-help { color: $text-muted; }
        & > .fact-note { color: $text-success; }
        & > .fact-problem { color: $text-error; display: none; }
        &.-invalid > .fact-problem { display: block; }
        & > Input, & > Select { width: 1fr; max-width: 72; }
        & > SelectionList { height: auto; max-height: 9; max-width: 72; }
        & > TextArea { height: 4; max-width: 72; background: $boost; }
    }
    """

    @dataclass
    class Changed(Message):
        """The responder changed the value of a fact."""

        field: FactField

        @property
        def control(self) -> Widget:
            return self.field

    def __init__(
        self,
        spec: FactSpec,
        value: Any = None,
        text: str = "",
        *,
        id: str | None = None,  # noqa: A002 - Textual's name
    ) -> None:
        super().__init__(id=id or "fact-" + spec.key.replace(".", "-").replace("_", "-"))
        self.spec = spec
        self._value = value
        self._text = text
        self._pristine = text

    def compose(self) -> ComposeResult:
        spec = self.spec
        yield Label(spec.label + (" *" if spec.required else ""), classes="fact-label")
        yield self._control()
        if spec.help:
            yield Static(spec.help, classes="fact-help", markup=False)
        yield Static("", classes="fact-note", markup=False)
        yield Static("", classes="fact-problem", markup=False)

    def on_mount(self) -> None:
        self.show_note("")

    def _control(self) -> Widget:
        spec, value = self.spec, self._value
        if spec.kind is FactKind.CHOICE and spec.enum is not None:
            options = [(humanise(m.value), m.value) for m in spec.enum]
            return Select(
                options,
                value=value if value is not None else Select.NULL,
                allow_blank=not spec.required,
                prompt="not stated",
                compact=True,
                id="control",
            )
        if spec.kind is FactKind.BOOL:
            return Select(
                [("yes", True), ("no", False)],
                value=value if value is not None else Select.NULL,
                prompt="not stated",
                compact=True,
                id="control",
            )
        if spec.kind is FactKind.CHOICES and spec.enum is not None:
            chosen = set(value or ())
            return SelectionList[str](
                *[(humanise(m.value), m.value, m.value in chosen) for m in spec.enum],
                compact=True,
                id="control",
            )
        if spec.kind in (FactKind.LONG_TEXT, FactKind.LINES):
            return TextArea(
                self._text,
                soft_wrap=True,
                show_line_numbers=False,
                compact=True,
                highlight_cursor_line=False,
                id="control",
            )
        suggester = (
            SuggestFromList(_zones(), case_sensitive=False) if spec.kind is FactKind.ZONE else None
        )
        placeholder = {
            FactKind.TIME: "YYYY-MM-DDTHH:MM",
            FactKind.COUNTRIES: "LU, FR, BE",
            FactKind.COUNT: "a whole number",
            FactKind.NUMBER: "a number",
        }
        return Input(
            self._text,
            placeholder=placeholder.get(spec.kind, ""),
            suggester=suggester,
            compact=True,
            id="control",
            select_on_focus=False,
        )

    @property
    def control(self) -> Widget:
        return self.query_one("#control")

    def raw(self) -> Any:
        """The value as it goes into an incident document; None for "not stated"."""
        control = self.control
        if isinstance(control, Select):
            return None if control.is_blank() else control.value
        if isinstance(control, SelectionList):
            return list(control.selected) or None
        if isinstance(control, TextArea):
            return from_text(self.spec, control.text)
        assert isinstance(control, Input)
        return from_text(self.spec, control.value)

    def state(self) -> tuple[Any, str]:
        """What the responder entered, as (value, text) to build the field again."""
        control = self.control
        if isinstance(control, Input):
            return None, control.value
        if isinstance(control, TextArea):
            return None, control.text
        return self.raw(), ""

    def set_text(self, text: str) -> None:
        """Replace an Input's text without counting it as the responder's change."""
        control = self.control
        if isinstance(control, Input) and control.value != text:
            self._pristine = text
            with control.prevent(Input.Changed):
                control.value = text

    @property
    def touched(self) -> bool:
        """True once the responder typed over the default (which then stays theirs)."""
        control = self.control
        return isinstance(control, Input) and control.value != self._pristine

    def show_problems(self, messages: list[str] | None) -> None:
        self.query_one(".fact-problem", Static).update("\n".join(messages or ()))
        self.set_class(bool(messages), "-invalid")

    def show_note(self, text: str) -> None:
        """A confirmation under the input (how a time was read)."""
        note = self.query_one(".fact-note", Static)
        note.update(text)
        note.display = bool(text)

    def focus_control(self) -> None:
        self.control.focus()

    @on(Input.Changed, "#control")
    @on(Select.Changed, "#control")
    @on(SelectionList.SelectedChanged, "#control")
    @on(TextArea.Changed, "#control")
    def _changed(self, event: Message) -> None:
        event.stop()
        self.post_message(self.Changed(self))
