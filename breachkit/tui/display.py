"""How the TUI says times, deadlines and urgency: countdowns, labels, theme-aware styles."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

from rich.style import Style
from rich.text import Text
from textual.color import Color

from breachkit.core.clocks import ids
from breachkit.core.clocks.engine import ClockReading, ClockState
from breachkit.core.text import display

OPEN_STATES = frozenset({ClockState.RUNNING, ClockState.DUE_SOON, ClockState.OVERDUE})


class Urgency(StrEnum):
    """How close a deadline is; also the CSS modifier class (``-overdue``)."""

    CALM = "calm"  # more than 24 h left
    SOON = "soon"  # less than 24 h
    URGENT = "urgent"  # less than 6 h
    OVERDUE = "overdue"
    NONE = "none"  # no running deadline

    @property
    def css_class(self) -> str:
        return f"-{self.value}"


def urgency(left: timedelta | None) -> Urgency:
    if left is None:
        return Urgency.NONE
    if left < timedelta(0):
        return Urgency.OVERDUE
    if left < timedelta(hours=6):
        return Urgency.URGENT
    if left < timedelta(hours=24):
        return Urgency.SOON
    return Urgency.CALM


def countdown(left: timedelta, *, short: bool = False) -> str:
    """``1d 21:59:58``, ``05:03:09``; whole seconds, sign dropped (say "overdue" instead).
    ``short``: a day or more is given to the minute (``1d 21:59``), for narrow columns."""
    seconds = abs(int(left.total_seconds()))
    days, rest = divmod(seconds, 86400)
    hours, rest = divmod(rest, 3600)
    minutes, secs = divmod(rest, 60)
    if short and days:
        return f"{days}d {hours:02d}:{minutes:02d}"
    clock = f"{hours:02d}:{minutes:02d}:{secs:02d}"
    return f"{days}d {clock}" if days else clock


def countdown_phrase(left: timedelta, *, short: bool = False) -> str:
    """``1d 21:59:58 left`` or ``overdue 02:13:05`` (``short``: see :func:`countdown`)."""
    if left < timedelta(0):
        return f"overdue {countdown(left, short=short)}"
    return f"{countdown(left, short=short)} left"


CLOCK_LABELS = {
    ids.GDPR_ART33: "Art. 33",
    ids.GDPR_ART33_2: "Art. 33(2)",
    ids.GDPR_ART34: "Art. 34",
    ids.GDPR_ART33_4: "Art. 33(4)",
    ids.NIS2_EARLY_WARNING: "NIS2 warning",
    ids.NIS2_NOTIFICATION: "NIS2 notice",
    ids.NIS2_FINAL_REPORT: "NIS2 final",
    ids.EPRIVACY_INITIAL: "ePrivacy 1st",
    ids.EPRIVACY_SECOND: "ePrivacy 2nd",
    ids.DORA_INITIAL: "DORA initial",
    ids.DORA_INTERMEDIATE: "DORA interim",
    ids.DORA_FINAL: "DORA final",
}


def clock_label(clock_id: str) -> str:
    """A short name for a clock that fits a narrow column."""
    return CLOCK_LABELS.get(clock_id, clock_id)


STATE_LABELS = {
    ClockState.PENDING: "not started",
    ClockState.RUNNING: "running",
    ClockState.DUE_SOON: "due soon",
    ClockState.OVERDUE: "OVERDUE",
    ClockState.MET: "met",
    ClockState.MET_LATE: "met late",
}


def live_state(reading: ClockReading, now: datetime) -> ClockState:
    """The reading's state, moved on to overdue when ``now`` passed its due time."""
    if reading.state in OPEN_STATES and reading.due is not None and now > reading.due:
        return ClockState.OVERDUE
    return reading.state


def short_due(due: datetime, zone_name: str, now: datetime) -> str:
    """A due time in few characters, with its zone: ``Fri 08:30 CET`` within a week, else
    ``20 Nov 08:30 CET`` (the board's "now" may be in another zone)."""
    try:
        local = due.astimezone(ZoneInfo(zone_name))
    except (ValueError, KeyError):
        local = due
    if abs(due - now) < timedelta(days=6):
        return local.strftime("%a %H:%M %Z").rstrip()
    return local.strftime("%d %b %H:%M %Z").rstrip()


def humanise_cause(cause: str) -> str:
    return cause.replace("_", " ") if cause else "cause not stated"


# -- styles that follow the theme -------------------------------------------------------


def _colour(variables: Mapping[str, str], name: str, fallback: str) -> Style:
    """A theme colour as a Rich style; ``text-*`` variables may be "auto 87%" (contrast
    colours), which only the compositor understands, so fall back to the base colour."""
    for candidate in (name, fallback):
        try:
            return Style(color=Color.parse(variables[candidate]).rich_color)
        except Exception:  # noqa: BLE001 - ColorParseError or a missing variable
            continue
    return Style()


def theme_style(variables: Mapping[str, str], name: str) -> Style:
    """The foreground colour of a theme's ``text-NAME`` (else ``NAME``) as a Rich style:
    ``theme_style(variables, "error")`` for text that must read as a warning."""
    return _colour(variables, f"text-{name}", name)


def urgency_style(variables: Mapping[str, str], level: Urgency) -> Style:
    """A Rich style for ``level`` from the app's CSS variables (light and dark themes)."""
    if level is Urgency.OVERDUE:
        background = Color.parse(variables["error"])
        return Style(
            bold=True,
            color=background.get_contrast_text().rich_color,
            bgcolor=background.rich_color,
        )
    if level is Urgency.CALM:
        return _colour(variables, "text-success", "success")
    if level is Urgency.SOON:
        return _colour(variables, "text-warning", "warning")
    if level is Urgency.URGENT:
        return _colour(variables, "text-error", "error") + Style(bold=True)
    return Style(dim=True)


def state_style(variables: Mapping[str, str], state: ClockState, left: timedelta | None) -> Style:
    if state in OPEN_STATES:
        return urgency_style(variables, urgency(left))
    if state is ClockState.MET:
        return _colour(variables, "text-success", "success")
    if state is ClockState.MET_LATE:
        return _colour(variables, "text-warning", "warning")
    return Style(dim=True)


def human_size(size: int) -> str:
    """``446 B``, ``12.5 KB``, ``3.2 GB`` (decimal units, as disks are sold)."""
    value = float(size)
    for unit in ("B", "KB", "MB", "GB"):
        if value < 1000 or unit == "GB":
            return f"{value:.0f} {unit}" if unit == "B" else f"{value:.1f} {unit}"
        value /= 1000
    return f"{value:.1f} TB"  # pragma: no cover - loop returns at GB


def plain(text: str, style: str | Style = "") -> Text:
    """User text for a DataTable cell (which would read a str as markup), with control
    characters made visible: a cell is one line and never a terminal escape."""
    return Text(
        display(text, one_line=True), style=style, end="", no_wrap=True, overflow="ellipsis"
    )
