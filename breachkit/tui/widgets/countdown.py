"""``Countdown``: the time left to a deadline, coloured by urgency, ticking with the app."""

from __future__ import annotations

from datetime import datetime

from textual.content import Content
from textual.reactive import reactive
from textual.widgets import Static

from breachkit.tui.display import Urgency, countdown_phrase, urgency


class Countdown(Static):
    """``Art. 33 · 1d 21:59:58 left``; modifier classes ``-calm -soon -urgent -overdue``."""

    DEFAULT_CSS = """
    Countdown {
        width: auto;
        padding: 0 1;
        &.-calm { color: $text-success; }
        &.-soon { color: $text-warning; background: $warning-muted; }
        &.-urgent { color: $text-error; background: $error-muted; text-style: bold; }
        &.-overdue { color: $text; background: $error; text-style: bold; }
        &.-none { color: $text-muted; }
    }
    """

    now: reactive[datetime | None] = reactive(None)
    """The app's current time; data-bound by the parent."""
    due: reactive[datetime | None] = reactive(None)
    label: reactive[str] = reactive("")
    empty: reactive[str] = reactive("no running deadline")

    _shown_width = 0
    """Width of the text at the last layout: a longer text needs a new layout (width auto)."""

    def text(self) -> str:
        if self.due is None or self.now is None:
            return self.empty
        phrase = countdown_phrase(self.due - self.now)
        return f"{self.label} · {phrase}" if self.label else phrase

    def render(self) -> Content:
        return Content(self.text())

    def watch_now(self) -> None:
        self._restyle()

    def watch_due(self) -> None:
        self._restyle()

    def watch_label(self) -> None:
        self._refit()

    def watch_empty(self) -> None:
        self._refit()

    def _refit(self) -> None:
        """Lay out again when the text's width changed (a longer label, "overdue …")."""
        width = len(self.text())
        if width != self._shown_width:
            self._shown_width = width
            self.refresh(layout=True)

    def _restyle(self) -> None:
        left = None if self.due is None or self.now is None else self.due - self.now
        level = urgency(left)
        for member in Urgency:
            self.set_class(member is level, member.css_class)
        self._refit()
