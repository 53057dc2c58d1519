"""Where a long job stands, in one line: running (with progress), done, failed (with the
reason) or stopped. A pane shows the line of its last job and replaces it at the next
action, so a refused or failed start never leaves "starting…" or "Hashing…" behind."""

from __future__ import annotations

from enum import StrEnum

from rich.text import Text

from breachkit.core.errors import BreachkitError
from breachkit.tui.words import tui_words


class JobState(StrEnum):
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"
    STOPPED = "stopped"


MARKS = {
    JobState.RUNNING: ("… ", ""),
    JobState.DONE: ("✓ Done: ", "bold"),
    JobState.FAILED: ("✗ Failed: ", "bold"),
    JobState.STOPPED: ("■ Stopped: ", "bold"),
}


def job_line(state: JobState, text: str, style: str = "") -> Text:
    """``✗ Failed: no such file: /tmp/x.log`` (the mark bold, the text as given)."""
    mark, mark_style = MARKS[state]
    return Text.assemble((mark, f"{mark_style} {style}".strip()), (text, style), end="")


def failure_reason(error: BaseException | None) -> str:
    """Why a job failed, in the cockpit's words (a breachkit error says it itself)."""
    if isinstance(error, BreachkitError):
        return tui_words(error.message)
    return f"{type(error).__name__}: {error}" if error is not None else "unknown error"
