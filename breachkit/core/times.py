"""Reading and showing instants: ISO 8601 in, aware UTC inside, the incident's zone out.

A time with a UTC offset is exact. A time without one is wall-clock time in a zone;
if that wall-clock time does not exist there (the spring-forward gap) it is refused,
and if it exists twice (the fall-back hour) it is resolved to the earlier instant and
a note says so.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError


class TimeValueError(ValueError):
    """A time or zone that cannot be used; the message says why and what to write."""


EARLIEST = datetime(1970, 1, 1, tzinfo=UTC)
LATEST = datetime(2101, 1, 1, tzinfo=UTC)
"""The window of instants breachkit accepts: 1970-01-01 00:00 UTC up to the end of 2100.

Nothing in a breach response happens outside it, and deadline arithmetic (a month,
ten years) on an instant inside it stays far from the limits of Python's dates. A time
outside it is a typing slip (or an attack) and is refused where it enters."""


def check_window(instant: datetime, text: str = "") -> datetime:
    """``instant`` if it lies in the window; raises TimeValueError naming it otherwise."""
    if not EARLIEST <= instant < LATEST:
        raise _outside(text or instant.isoformat())
    return instant


def check_year(value: datetime, text: str) -> None:
    """Refuse a wall-clock time whose year is far outside the window, before any zone
    arithmetic on it can overflow (year 1, year 9999)."""
    if not EARLIEST.year - 1 <= value.year <= LATEST.year:
        raise _outside(text)


def _outside(shown: str) -> TimeValueError:
    return TimeValueError(
        f"'{shown}' is outside the years breachkit accepts (1970 to 2100); check the year"
    )


@dataclass(frozen=True, slots=True)
class ParsedTime:
    """An instant read from text, with a note when the reading involved a choice."""

    instant: datetime
    """Aware, in UTC."""
    note: str | None = None


def load_zone(name: str) -> ZoneInfo:
    """The IANA zone called ``name``; raises TimeValueError with an example otherwise."""
    if not isinstance(name, str) or not name.strip() or name.startswith(("/", ".")) or ".." in name:
        raise TimeValueError(f"'{name}' is not an IANA time zone (e.g. Europe/Luxembourg)")
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        raise TimeValueError(
            f"'{name}' is not an IANA time zone (e.g. Europe/Luxembourg, Europe/Paris, UTC)"
        ) from None


def parse_instant(text: str, zone: tzinfo | None) -> ParsedTime:
    """Read an ISO 8601 date-time; a time without offset is wall-clock time in ``zone``.

    Raises:
        TimeValueError: not ISO 8601, no zone for a local time, or a non-existent local time.
    """
    if not isinstance(text, str):
        raise TimeValueError("expected an ISO 8601 date-time such as 2026-11-19T11:30:00+01:00")
    raw = text.strip()
    if raw.endswith(("z", "Z")):
        raw = raw[:-1] + "+00:00"
    try:
        value = datetime.fromisoformat(raw)
    except ValueError:
        raise TimeValueError(
            f"'{text}' is not an ISO 8601 date-time (e.g. 2026-11-19T11:30:00+01:00 "
            "or 2026-11-19T11:30 in the incident's time zone)"
        ) from None
    if "T" not in raw and " " not in raw:
        raise TimeValueError(f"'{text}' has a date but no time of day (e.g. {raw}T11:30)")
    check_year(value, text)
    if value.tzinfo is not None:
        return ParsedTime(check_window(value.astimezone(UTC), text))
    if zone is None:
        raise TimeValueError(
            f"'{text}' has no UTC offset and no time zone is known; add the offset"
        )
    parsed = resolve_local(value, zone)
    check_window(parsed.instant, text)
    return parsed


def resolve_local(wall: datetime, zone: tzinfo) -> ParsedTime:
    """Turn a naive wall-clock time in ``zone`` into an instant (see module docstring)."""
    early = wall.replace(tzinfo=zone, fold=0)
    late = wall.replace(tzinfo=zone, fold=1)
    if early.utcoffset() == late.utcoffset():
        return ParsedTime(early.astimezone(UTC))
    name = _zone_name(zone)
    # Offsets differ: either the wall time happens twice (fall back) or never (spring forward).
    round_trip = early.astimezone(UTC).astimezone(zone).replace(tzinfo=None)
    if round_trip != wall:
        raise TimeValueError(
            f"{wall.isoformat(timespec='minutes')} does not exist in {name}: the clocks "
            f"jumped forward that night. Give the UTC offset, e.g. "
            f"{wall.isoformat(timespec='minutes')}{_fmt_offset(early.utcoffset())}"
            f" or {_fmt_offset(late.utcoffset())}"
        )
    first = early.astimezone(UTC)
    second = late.astimezone(UTC)
    if second < first:
        first, second = second, first
        chosen = late
    else:
        chosen = early
    note = (
        f"{wall.isoformat(timespec='minutes')} happens twice in {name} (the clocks went back); "
        f"taken as the earlier instant {chosen.isoformat(timespec='minutes')} "
        f"({first.strftime('%H:%M')} UTC). Write the offset to choose the later one."
    )
    return ParsedTime(first, note)


def to_zone(instant: datetime, zone: tzinfo) -> datetime:
    """The instant as wall-clock time in ``zone`` (aware)."""
    return instant.astimezone(zone)


def iso(instant: datetime, zone: tzinfo | None = None) -> str:
    """ISO 8601 with the offset ``zone`` has at that instant (UTC when no zone)."""
    return instant.astimezone(zone or UTC).isoformat(timespec="seconds")


def utc_iso(instant: datetime) -> str:
    """Canonical storage form: UTC with a ``Z``-free ``+00:00`` offset, microseconds kept."""
    value = instant if instant.tzinfo is UTC else instant.astimezone(UTC)
    return value.isoformat(timespec="microseconds" if value.microsecond else "seconds")


def from_storage(text: str) -> datetime:
    """Read a time written by :func:`utc_iso`."""
    value = datetime.fromisoformat(text)
    if value.tzinfo is None:  # pragma: no cover - storage always writes offsets
        value = value.replace(tzinfo=UTC)
    return value


def show(instant: datetime, zone: tzinfo) -> str:
    """Human form for a responder: ``2026-11-19 11:30 CET (+01:00)``."""
    local = instant.astimezone(zone)
    abbrev = local.tzname() or ""
    offset = _fmt_offset(local.utcoffset())
    label = f" {abbrev}" if abbrev and not abbrev.startswith(("+", "-")) else ""
    return f"{local.strftime('%Y-%m-%d %H:%M')}{label} ({offset})"


def show_duration(delta: timedelta) -> str:
    """``2 d 03 h 05 min`` style, with a sign for negatives."""
    seconds = int(delta.total_seconds())
    sign = "-" if seconds < 0 else ""
    seconds = abs(seconds)
    days, rest = divmod(seconds, 86400)
    hours, rest = divmod(rest, 3600)
    minutes = rest // 60
    if days:
        return f"{sign}{days} d {hours:02d} h {minutes:02d} min"
    if hours:
        return f"{sign}{hours} h {minutes:02d} min"
    return f"{sign}{minutes} min"


def _fmt_offset(offset: timedelta | None) -> str:
    total = int((offset or timedelta(0)).total_seconds())
    sign = "+" if total >= 0 else "-"
    total = abs(total)
    return f"{sign}{total // 3600:02d}:{(total % 3600) // 60:02d}"


def _zone_name(zone: tzinfo) -> str:
    return getattr(zone, "key", None) or str(zone)
