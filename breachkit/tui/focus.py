"""The focus rules of the whole cockpit, in one place.

* A text field (an ``Input`` or a ``TextArea``) takes what is typed: while one has the
  focus, no binding on a plain key (a letter, a digit, Del, Space…) fires
  (:func:`key_allowed`, called from every screen's ``check_action``).
* Esc in a text field leaves the field, never the screen: on a screen the focus goes
  back to the screen's list (:meth:`FocusRules.leave_field`); in a dialog Esc cancels it.
* In a dialog (:class:`Dialog`) Enter in a field moves to the next field; only on the
  last field, or on the dialog's button, does it record. Tab follows reading order
  because every dialog and pane composes its fields in the order they are read.
"""

from __future__ import annotations

from typing import Any, TypeVar

from textual.actions import SkipAction
from textual.binding import Binding
from textual.dom import DOMNode
from textual.screen import ModalScreen, Screen
from textual.widget import Widget
from textual.widgets import Button, Input, TextArea

TEXT_FIELDS = (Input, TextArea)
"""The widgets that take typed text."""
EDIT_KEYS = frozenset(
    {"delete", "backspace", "space", "enter", "home", "end", "left", "right", "up", "down"}
)
"""Keys a text field uses for editing: never a command while one has the focus."""

ResultT = TypeVar("ResultT")


def typing(screen: Screen[object]) -> bool:
    """True while a text field of ``screen`` has the focus."""
    return isinstance(screen.focused, TEXT_FIELDS)


def plain_key(key: str) -> bool:
    """A key that types or edits text (``a``, ``A``, ``1``, Del…), not a ctrl/F-key."""
    return len(key) == 1 or key in EDIT_KEYS


def key_allowed(node: DOMNode, action: str) -> bool:
    """False when ``action`` is bound (on ``node``) only to plain keys and a text field
    has the focus: typing a note never opens the log bar or switches tabs."""
    if action == "enter_field" or not isinstance(node, Screen | Widget) or not node.is_attached:
        return True  # Enter in a field is the field's (ENTER_FIELD)
    screen = node if isinstance(node, Screen) else node.screen
    if not typing(screen):
        return True
    keys = [
        key
        for key, bindings in node._bindings.key_to_bindings.items()  # noqa: SLF001
        for binding in bindings
        if binding.action.split("(")[0] == action
    ]
    return not keys or not all(plain_key(key) for key in keys)


class FocusRules:
    """Mixin for the full screens: Esc in a text field leaves the field."""

    HOME_FOCUS = ""
    """The selector that takes the keyboard when Esc leaves a field."""

    def home_focus(self) -> str:
        return self.HOME_FOCUS

    def leave_field(self) -> bool:
        """If a text field has the focus, give the focus to the screen's list and say so
        (True): the caller's Esc action then does nothing more."""
        assert isinstance(self, Screen)
        if not typing(self):
            return False
        home = self.query(self.home_focus()) if self.home_focus() else None
        if home:
            home.first().focus()
        else:
            self.set_focus(None)
        return True


ENTER_FIELD = Binding("enter", "enter_field", "Next field", show=False, priority=True, system=True)
"""Enter in a text field, handled in the app's own turn (a priority binding) by a screen
that moves on from the field: the focus moves before the keys typed behind Enter are
delivered (as the field's own Enter, it moved only after them, and they went to the field
being left). Elsewhere (a button, a table) Enter does what it always does."""


def enter_in_field(screen: Screen[Any]) -> None:
    """The ``enter_field`` action of a screen with ``enter_field(field) -> bool``."""
    field = screen.focused
    handler = getattr(screen, "enter_field", None)
    if not isinstance(field, Input) or handler is None or not handler(field):
        raise SkipAction()


class Dialog(ModalScreen[ResultT]):
    """A dialog: Esc cancels, Enter moves on and records only from the last field.

    Subclasses provide ``action_save`` (record) and ``action_cancel`` (dismiss).
    """

    BINDINGS = [ENTER_FIELD]

    def action_enter_field(self) -> None:
        enter_in_field(self)

    def fields(self) -> list[Widget]:
        """The dialog's fields in focus (reading) order, the buttons left out."""
        return [w for w in self.focus_chain if not isinstance(w, Button)]

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.enter_field(event.input)

    def enter_field(self, field: Input) -> bool:
        """Enter in ``field``: on to the next field, or record from the last one."""
        fields = self.fields()
        if fields and field is fields[-1]:
            self.action_save()
        else:
            self.focus_next()
        return True

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return key_allowed(self, action)

    def action_save(self) -> None:
        raise NotImplementedError
