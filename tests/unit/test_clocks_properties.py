"""Properties of the clock arithmetic over many zones and instants from 1990 to 2060."""

from __future__ import annotations

import calendar
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo, available_timezones

from hypothesis import given, settings
from hypothesis import strategies as st

from breachkit.core.clocks.arithmetic import add_calendar, start_1182_71
from breachkit.core.clocks.engine import (
    ClockInputs,
    ClockReading,
    ClockState,
    Filing,
    compute_clocks,
    filing_is_late,
    parse_rules,
)
from breachkit.core.incident.model import IncidentFacts
from breachkit.core.times import iso

H = timedelta(hours=1)
US = timedelta(microseconds=1)

CURATED = [
    "UTC",
    "Europe/Luxembourg",
    "Europe/Paris",
    "Europe/Copenhagen",
    "Europe/Brussels",
    "Europe/Dublin",
    "Europe/London",
    "Europe/Lisbon",
    "Europe/Helsinki",
    "Europe/Moscow",
    "Europe/Istanbul",
    "Atlantic/Azores",
    "America/New_York",
    "America/Chicago",
    "America/Denver",
    "America/Phoenix",
    "America/Los_Angeles",
    "America/Anchorage",
    "America/St_Johns",
    "America/Halifax",
    "America/Santiago",
    "America/Sao_Paulo",
    "America/Havana",
    "America/Caracas",
    "Pacific/Honolulu",
    "Pacific/Chatham",
    "Pacific/Auckland",
    "Pacific/Apia",
    "Pacific/Kiritimati",
    "Australia/Lord_Howe",
    "Australia/Adelaide",
    "Australia/Eucla",
    "Australia/Sydney",
    "Asia/Kathmandu",
    "Asia/Kolkata",
    "Asia/Tehran",
    "Asia/Kabul",
    "Asia/Colombo",
    "Asia/Yangon",
    "Asia/Pyongyang",
    "Asia/Tokyo",
    "Africa/Casablanca",
    "Africa/Cairo",
]
EVERY_ZONE = sorted(available_timezones() - {"localtime", "Factory"})
zones = st.one_of(st.sampled_from(CURATED), st.sampled_from(EVERY_ZONE))
instants = st.datetimes(min_value=datetime(1990, 1, 1), max_value=datetime(2060, 12, 31)).map(
    lambda naive: naive.replace(tzinfo=UTC)
)
FAST = settings(max_examples=200, deadline=None)

# The property rules apply from 1970 so that every generated instant has a rule in force.
RULES = parse_rules(
    """\
version = 1

[[clock]]
id = "gdpr-art33"
title = "Notification to the supervisory authority"
basis = "GDPR Art. 33(1)"
regime = "gdpr"
anchor = "awareness"
offset = "72 hours"
option_1182_71 = true
due_soon_hours = 24
effective_from = 1970-01-01
source = "test fixture"
recipient = "authority"
""",
    "properties.toml",
)


def art33(
    zone: str, aware: datetime, rule: str = "strict", filings: tuple[Filing, ...] = ()
) -> ClockReading:
    facts = IncidentFacts(title="Property", aware_at=aware, timezone=zone)
    inputs = ClockInputs(facts=facts, rule=rule, filings=filings)
    (reading,) = compute_clocks(inputs, RULES, aware)
    assert reading.id == "gdpr-art33"
    return reading


def whole_hours(offset: timedelta | None) -> bool:
    return offset is not None and offset % H == timedelta(0)


@FAST
@given(zone=zones, aware=instants)
def test_strict_rule_is_exactly_72_elapsed_hours(zone: str, aware: datetime) -> None:
    reading = art33(zone, aware)
    assert reading.due is not None
    assert reading.due - aware == 72 * H


@FAST
@given(zone=zones, aware=instants)
def test_1182_71_starts_at_the_next_local_hour(zone: str, aware: datetime) -> None:
    tz = ZoneInfo(zone)
    reading = art33(zone, aware, "1182-71")
    assert reading.due is not None
    assert 72 * H < reading.due - aware <= 73 * H
    start = reading.due - 72 * H
    local = aware.astimezone(tz)
    into_hour = timedelta(
        minutes=local.minute, seconds=local.second, microseconds=local.microsecond
    )
    assert start - aware == H - into_hour  # on the hour: a full hour later
    assert start == start_1182_71(aware, tz)
    if whole_hours(local.utcoffset()):
        assert (reading.due.minute, reading.due.second, reading.due.microsecond) == (0, 0, 0)
    if start.astimezone(tz).utcoffset() == local.utcoffset():
        shown = start.astimezone(tz)
        assert (shown.minute, shown.second, shown.microsecond) == (0, 0, 0)


@FAST
@given(zone=zones, aware=instants, rule=st.sampled_from(["strict", "1182-71"]))
def test_due_is_shown_with_the_offset_the_zone_has_then(
    zone: str, aware: datetime, rule: str
) -> None:
    tz = ZoneInfo(zone)
    due = art33(zone, aware, rule).due
    assert due is not None
    shown = datetime.fromisoformat(iso(due, tz))
    independent = tz.fromutc(due.replace(tzinfo=tz))
    assert shown.utcoffset() == independent.utcoffset()
    assert shown == due.replace(microsecond=0)


@FAST
@given(zone=zones, aware=instants, rule=st.sampled_from(["strict", "1182-71"]))
def test_filing_at_due_is_met_and_a_microsecond_later_is_late(
    zone: str, aware: datetime, rule: str
) -> None:
    due = art33(zone, aware, rule).due
    assert due is not None
    on_time = art33(zone, aware, rule, (Filing("gdpr-art33", due),))
    late = art33(zone, aware, rule, (Filing("gdpr-art33", due + US),))
    assert on_time.state is ClockState.MET and on_time.early_by == timedelta(0)
    assert late.state is ClockState.MET_LATE and late.lateness == US
    inputs = ClockInputs(IncidentFacts(title="Property", aware_at=aware, timezone=zone), rule=rule)
    assert not filing_is_late(inputs, RULES, "gdpr-art33", due)
    assert filing_is_late(inputs, RULES, "gdpr-art33", due + US)


@FAST
@given(zone=zones, start=instants, months=st.integers(1, 13), days=st.sampled_from([0, 3, 21]))
def test_calendar_periods_keep_the_local_date_and_time(
    zone: str, start: datetime, months: int, days: int
) -> None:
    tz = ZoneInfo(zone)
    wall = start.astimezone(tz).replace(tzinfo=None, fold=0)
    index = wall.year * 12 + wall.month - 1 + months
    year, month = divmod(index, 12)
    day = min(wall.day, calendar.monthrange(year, month + 1)[1])
    wanted = wall.replace(year=year, month=month + 1, day=day) + timedelta(days=days)

    shifted = add_calendar(start, tz, months=months, days=days)
    got = shifted.instant.astimezone(tz).replace(tzinfo=None, fold=0)
    if "does not exist" in shifted.note:  # spring gap: the moment of the jump
        before = (shifted.instant - US).astimezone(tz).replace(tzinfo=None, fold=0)
        assert before < wanted < got
    else:
        assert got == wanted
        if "twice" in shifted.note:  # fall-back fold: the earlier instant
            later = wanted.replace(tzinfo=tz, fold=1).astimezone(UTC)
            assert shifted.instant < later
