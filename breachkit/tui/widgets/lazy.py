"""``LazyPane``: a tab's pane that reads its data when it is first shown, and again when
something it shows may have changed; a hidden pane only notes that it is stale.

So opening a workspace reads only the first tab, and a change recorded on one tab costs
the reading of the panes the responder can see, not of every tab.

A pane with many widgets (selectors, fields, buttons) can also wait to *build* them until
it is first shown (``BUILD_WHEN_SHOWN``, widgets from ``body`` instead of ``compose``):
nine tabs of widgets would make every style update of the workspace slower, on every
key, for tabs that may never be opened.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widget import Widget


def displayed(widget: Widget) -> bool:
    """True when neither the widget nor any container above it is hidden (another tab)."""
    return all(node.display for node in widget.ancestors_with_self if isinstance(node, Widget))


class LazyPane(Vertical):
    """Subclasses implement ``load``; callers use ``invalidate``."""

    BUILD_WHEN_SHOWN: ClassVar[bool] = False
    """Compose ``body`` when the pane is first shown, not with the workspace."""

    def __init__(self, *, id: str | None = None) -> None:  # noqa: A002 - Textual's name
        super().__init__(id=id)
        self.stale = True
        self.ready = not self.BUILD_WHEN_SHOWN
        """The pane's widgets exist."""
        self._building = False
        self._when_ready: list[Callable[[], object]] = []

    def compose(self) -> ComposeResult:
        if self.ready or self._building:
            yield from self.body()

    def body(self) -> ComposeResult:
        """The widgets of a pane built when shown (others implement ``compose``)."""
        yield from ()

    def built(self) -> None:
        """Called once the widgets of a pane built when shown exist."""

    def when_ready(self, callback: Callable[[], object]) -> None:
        """Run ``callback`` once the pane's widgets exist (now, if they do)."""
        if self.ready:
            callback()
        else:
            self._when_ready.append(callback)

    def load(self) -> None:
        """Read the data and show them."""
        raise NotImplementedError

    def reload(self) -> None:
        self.stale = False
        self.load()

    def invalidate(self) -> None:
        """The data may have changed: read them now if shown, else when next shown."""
        self.stale = True
        if self.is_mounted and self.ready and displayed(self):
            self.reload()

    async def on_show(self) -> None:
        if not self.ready and not self._building:
            self._building = True
            await self.recompose()
            self.ready, self._building = True, False
            self.built()
            waiting, self._when_ready = self._when_ready, []
            for callback in waiting:
                callback()
        if self.ready and self.stale:
            self.reload()
