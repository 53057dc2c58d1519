"""``LazyPane``: a tab's pane that reads its data when it is first shown, and again when
something it shows may have changed; a hidden pane only notes that it is stale.

So opening a workspace reads only the first tab, and a change recorded on one tab costs
the reading of the panes the responder can see, not of every tab.
"""

from __future__ import annotations

from textual.containers import Vertical
from textual.widget import Widget


def displayed(widget: Widget) -> bool:
    """True when neither the widget nor any container above it is hidden (another tab)."""
    return all(node.display for node in widget.ancestors_with_self if isinstance(node, Widget))


class LazyPane(Vertical):
    """Subclasses implement ``load``; callers use ``invalidate``."""

    def __init__(self, *, id: str | None = None) -> None:  # noqa: A002 - Textual's name
        super().__init__(id=id)
        self.stale = True

    def load(self) -> None:
        """Read the data and show them."""
        raise NotImplementedError

    def reload(self) -> None:
        self.stale = False
        self.load()

    def invalidate(self) -> None:
        """The data may have changed: read them now if shown, else when next shown."""
        self.stale = True
        if self.is_mounted and displayed(self):
            self.reload()

    def on_show(self) -> None:
        if self.stale:
            self.reload()
