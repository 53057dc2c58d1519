"""Times as people type them at 3 a.m., read with python-dateutil (an adapter: the core
stays stdlib-only and keeps the strict ISO 8601 reading for files).

``read_human_time(text, zone, now)`` is the one door both front ends use (through the
services) for a time typed by hand — ``--at``, ``--aware``, ``breachkit set``, the TUI
wizard. It accepts, in this order:

1. ISO 8601, exactly as the incident file does (:func:`breachkit.core.times.parse_instant`):
   ``2026-12-02T14:05``, ``2026-12-02 14:05``, ``2026-12-02T14:05+01:00``. Text that
   starts like an ISO date is never handed to the forgiving reader;
2. a date and a time in words or numbers, **day first** as written in Luxembourg,
   France, Denmark and Belgium: ``2 Dec 2026 14:05``, ``02/12/2026 14:05``,
   ``2.12.2026 2:05 pm`` (2 December, never 12 February); without a year, this year;
3. a time alone: ``14:05`` is today in the incident's zone.

A time without an offset is wall-clock time in the incident's zone; a time that does
not exist there (the spring-forward gap) is refused and one that happens twice is the
earlier, with a note — the same rules as for files. Refused, with the forms that work:
no time of day; a weekday name (ambiguous); a month without its day; a zone written as
an abbreviation (``CET`` means different things to different readers: write ``+01:00``).
"""

from __future__ import annotations

import re
import warnings
from datetime import UTC, datetime, tzinfo

from breachkit.core.times import (
    ParsedTime,
    TimeValueError,
    check_window,
    check_year,
    parse_instant,
    resolve_local,
    show,
)

FORMS = (
    "e.g. 2026-12-02T14:05, 2 Dec 2026 14:05, 02/12/2026 14:05 (day first) or 14:05 (today), "
    "in the incident's zone unless you add an offset such as +01:00"
)
_ISO = re.compile(r"^\s*\d{4}-\d{2}-\d{2}")
_YEAR_FIRST = re.compile(r"^\s*\d{4}[/.]")
_WEEKDAY = re.compile(r"\b(mon|tue|wed|thu|fri|sat|sun)(day|s|sday|nesday|rsday|urday)?\b", re.I)
# Two different defaults tell which parts the text gave: a part that differs between the
# two readings was filled in from the default, so the text did not give it.
_A = datetime(2004, 1, 1, 0, 0, 0)  # leap years, months with 31 days
_B = datetime(2008, 3, 2, 1, 1, 1)


def read_human_time(text: str, zone: tzinfo, now: datetime) -> ParsedTime:
    """The instant ``text`` stands for; raises TimeValueError saying which forms work."""
    if not isinstance(text, str) or not text.strip():
        raise TimeValueError(f"no time given ({FORMS})")
    try:
        return parse_instant(text, zone)
    except TimeValueError:
        if _ISO.match(text):
            raise  # an ISO date with a problem: the strict reading's message says which
    raw = text.strip()
    if _WEEKDAY.search(raw):
        raise TimeValueError(
            f"'{raw}' names a weekday, which is ambiguous: give the date ({FORMS})"
        )
    first, second = _readings(raw)
    if first.hour != second.hour:
        raise TimeValueError(f"'{raw}' has no time of day ({FORMS})")
    wall = _wall(raw, first, second, now.astimezone(zone))
    check_year(wall, raw)  # 1970 to 2100, as for ISO times
    if first.tzinfo is not None:
        instant = check_window(wall.replace(tzinfo=first.tzinfo).astimezone(UTC), raw)
        return ParsedTime(instant, f"'{raw}' read as {show(instant, zone)}")
    parsed = resolve_local(wall, zone)
    check_window(parsed.instant, raw)
    note = f"'{raw}' read as {show(parsed.instant, zone)}"
    return ParsedTime(parsed.instant, f"{note}; {parsed.note}" if parsed.note else note)


def _readings(raw: str) -> tuple[datetime, datetime]:
    # Imported here: reading a typed time is rare, and the services load without it.
    from dateutil import parser
    from dateutil.parser import ParserError, UnknownTimezoneWarning

    year_first = _YEAR_FIRST.match(raw) is not None
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", UnknownTimezoneWarning)
            first, second = (
                parser.parse(raw, dayfirst=not year_first, yearfirst=year_first, default=d)
                for d in (_A, _B)
            )
    except UnknownTimezoneWarning:
        raise TimeValueError(
            f"'{raw}' names its zone by an abbreviation, which is ambiguous: write the UTC "
            "offset (e.g. +01:00) or nothing for the incident's zone"
        ) from None
    except (ParserError, ValueError, OverflowError):
        raise TimeValueError(
            f"'{raw}' is not an ISO 8601 date-time, nor a date and time as typed ({FORMS})"
        ) from None
    return first, second


def _wall(raw: str, first: datetime, second: datetime, today: datetime) -> datetime:
    """The wall-clock time the text gives, with today's date or this year filled in."""
    has_year, has_month, has_day = (
        first.year == second.year,
        first.month == second.month,
        first.day == second.day,
    )
    if not (has_year or has_month or has_day):
        day = today.date()
    elif has_month and has_day:
        try:
            day = first.date().replace(year=first.year if has_year else today.year)
        except ValueError:
            raise TimeValueError(f"'{raw}': {today.year} has no such day ({FORMS})") from None
    else:
        raise TimeValueError(f"'{raw}' needs the day and the month ({FORMS})")
    return datetime(
        day.year, day.month, day.day, first.hour, first.minute, first.second, first.microsecond
    )
