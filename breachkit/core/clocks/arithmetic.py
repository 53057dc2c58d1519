"""Deadline arithmetic for the clock engine: elapsed hours, calendar days and months.

Three kinds of period, three ways of counting (all instants are aware; results are UTC):

* **Hours** (72 h, 24 h, 4 h) are exact elapsed time: ``timedelta`` added to the UTC
  instant. A change of the clocks in between moves the deadline on the wall clock, not
  in real time; nights, weekends and holidays never pause it.
* **Days and months** ("21 calendar days", "one month after") are counted on the
  wall clock of the incident's zone: the local date moves by whole days or calendar
  months and the local time of day stays. A month that is too short clamps to its last
  day (31 January + 1 month = 28 or 29 February). The resulting wall time is then
  resolved in the zone:

  - it exists once: that instant;
  - it exists twice (the clocks went back): the **earlier** instant, and a note says so;
  - it does not exist (the clocks jumped forward over it): the instant of the jump,
    i.e. the first instant at which the wall clock shows that time or later. Of the
    instants that do not come before the deadline's wall time, it is the earliest; a
    note says so.

* **Regulation (EEC, Euratom) No 1182/71, Art. 3** (``start_1182_71``): "the hour
  during which the event occurs shall not be considered as falling within the period";
  a period in hours "shall start at the beginning of the first hour". The hour is the
  **local wall-clock hour of the incident's zone** (the legal time where the controller
  is), so in zones with a :30 or :45 offset it is not a UTC hour. Awareness exactly on
  the hour (hh:00:00.000000) falls *in* that hour, so the period starts one hour later:
  the start is always strictly after awareness and at most one hour after it.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, tzinfo

_ONE_HOUR = timedelta(hours=1)
_TICK = timedelta(microseconds=1)


@dataclass(frozen=True, slots=True)
class Shifted:
    """An instant computed on the wall clock, with a note when resolving it took a choice."""

    instant: datetime
    note: str = ""


def add_hours(instant: datetime, hours: float) -> datetime:
    """``instant`` plus exact elapsed hours, in UTC."""
    return instant.astimezone(UTC) + timedelta(hours=hours)


def start_1182_71(instant: datetime, zone: tzinfo) -> datetime:
    """The start of the first full local hour after the hour in which ``instant`` falls.

    Elapsed arithmetic on UTC: the time already spent in the local hour is taken off and
    one hour added, so the result is in (instant, instant + 1 h].
    """
    local = instant.astimezone(zone)
    into_hour = timedelta(
        minutes=local.minute, seconds=local.second, microseconds=local.microsecond
    )
    return instant.astimezone(UTC) - into_hour + _ONE_HOUR


def add_calendar(instant: datetime, zone: tzinfo, *, days: int = 0, months: int = 0) -> Shifted:
    """``instant`` moved by calendar days and months on the wall clock of ``zone``."""
    wall = instant.astimezone(zone).replace(tzinfo=None, fold=0)
    note = ""
    if months:
        wall, clamped = _add_months(wall, months)
        if clamped:
            note = (
                f"The month has no day {clamped}, so its last day "
                f"({wall.strftime('%d %B')}) is used."
            )
    if days:
        wall = wall + timedelta(days=days)
    shifted = resolve_wall(wall, zone)
    return Shifted(shifted.instant, " ".join(n for n in (note, shifted.note) if n))


def resolve_wall(wall: datetime, zone: tzinfo) -> Shifted:
    """The instant a naive wall-clock time in ``zone`` stands for (see module docstring)."""
    early = wall.replace(tzinfo=zone, fold=0)
    late = wall.replace(tzinfo=zone, fold=1)
    first, second = sorted((early.astimezone(UTC), late.astimezone(UTC)))
    if first == second:
        return Shifted(first)
    shown = wall.strftime("%Y-%m-%d %H:%M")
    name = getattr(zone, "key", None) or str(zone)
    if first.astimezone(zone).replace(tzinfo=None, fold=0) == wall:
        return Shifted(
            first,
            f"{shown} happens twice in {name} (the clocks go back); "
            "the earlier of the two is used.",
        )
    jump = _transition(first, second, zone)
    return Shifted(
        jump,
        f"{shown} does not exist in {name} (the clocks jump forward); "
        "the deadline is the moment of the jump.",
    )


def _add_months(wall: datetime, months: int) -> tuple[datetime, int]:
    """Wall time ``months`` calendar months later; also the day asked for when clamped."""
    index = wall.year * 12 + wall.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    day = min(wall.day, last)
    return wall.replace(year=year, month=month + 1, day=day), (wall.day if day != wall.day else 0)


def _transition(before: datetime, after: datetime, zone: tzinfo) -> datetime:
    """The first instant in (before, after] with ``after``'s UTC offset (bisection, 1 µs)."""
    target = after.astimezone(zone).utcoffset()
    low, high = before, after
    while high - low > _TICK:
        middle = low + (high - low) // 2
        if middle.astimezone(zone).utcoffset() == target:
            high = middle
        else:
            low = middle
    return high
