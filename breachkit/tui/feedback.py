"""Errors a responder can act on become notifications, never a crash."""

from __future__ import annotations

from textual.dom import DOMNode
from textual.worker import Worker, WorkerState

from breachkit.core.errors import BreachkitError, InputError
from breachkit.tui.words import tui_words


def notify_error(node: DOMNode, err: BreachkitError, *, title: str = "") -> None:
    """Show a breachkit error (its message names the field and what is allowed)."""
    node.app.notify(
        tui_words(err.message),
        title=title or "Not done",
        severity="error",
        timeout=12,
        markup=False,
    )


def problem_text(err: BreachkitError) -> str:
    """What a dialog shows under its fields: each problem on a line, in the TUI's words."""
    if isinstance(err, InputError):
        return tui_words("\n".join(p.message for p in err.problems))
    return tui_words(err.message)


class ReportsWorkerErrors:
    """Mixin for the widgets and screens that start workers (``exit_on_error=False``).

    ``Worker.StateChanged`` does not bubble, so each owner turns a failed worker into a
    notification: a breachkit error with its own message, anything else named as such.
    """

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.state is not WorkerState.ERROR or not isinstance(self, DOMNode):
            return
        error = event.worker.error
        title = event.worker.description or "Not done"
        if isinstance(error, BreachkitError):
            notify_error(self, error, title=title)
        else:
            self.app.notify(
                f"{type(error).__name__}: {error}",
                title=f"{title}: unexpected error",
                severity="error",
                timeout=15,
                markup=False,
            )
