"""Times typed by hand: one reading (python-dateutil, day first) for the CLI and the TUI."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from breachkit.adapters.human_time import read_human_time
from breachkit.core.times import TimeValueError, parse_instant

LU = ZoneInfo("Europe/Luxembourg")
NOW = datetime(2026, 12, 3, 10, 0, tzinfo=UTC)  # 11:00 in Luxembourg


@pytest.mark.parametrize(
    ("typed", "local"),
    [
        ("2026-12-02T14:05", "2026-12-02T14:05+01:00"),
        ("2026-12-02 14:05", "2026-12-02T14:05+01:00"),  # ISO: never read day first
        ("2 Dec 2026 14:05", "2026-12-02T14:05+01:00"),
        ("02/12/2026 14:05", "2026-12-02T14:05+01:00"),  # day first: 2 December
        ("2.12.2026 2:05 pm", "2026-12-02T14:05+01:00"),
        ("2026/12/02 14:05", "2026-12-02T14:05+01:00"),  # year first stays year-month-day
        ("14:05", "2026-12-03T14:05+01:00"),  # today in the incident's zone
        ("2 Dec 14:05", "2026-12-02T14:05+01:00"),  # this year
        ("2 Dec 2026 14:05 +00:00", "2026-12-02T15:05+01:00"),
        ("2 Dec 2026 14:05 UTC", "2026-12-02T15:05+01:00"),
        ("25 Oct 2026 02:30", "2026-10-25T02:30+02:00"),  # happens twice: the earlier
    ],
)
def test_what_people_type_is_read(typed: str, local: str) -> None:
    parsed = read_human_time(typed, LU, NOW)
    assert parsed.instant.astimezone(LU).isoformat(timespec="minutes") == local


@pytest.mark.parametrize(
    ("typed", "words"),
    [
        ("2 Dec 2026", "no time of day"),
        ("14", "no time of day"),
        ("Tue 14:05", "weekday"),
        ("Dec 2026 14:05", "needs the day and the month"),
        ("2 Dec 2026 14:05 CET", "abbreviation"),
        ("yesterday", "is not an ISO 8601 date-time, nor a date and time as typed"),
        ("29 Feb 14:00", "2026 has no such day"),
        ("28 Mar 2027 02:30", "does not exist in Europe/Luxembourg"),
        ("2026-03-29T02:30", "does not exist in Europe/Luxembourg"),
        ("", "no time given"),
    ],
)
def test_what_cannot_be_read_says_what_works(typed: str, words: str) -> None:
    with pytest.raises(TimeValueError, match=words.replace("(", r"\(")):
        read_human_time(typed, LU, NOW)


def test_a_fall_back_hour_is_said() -> None:
    parsed = read_human_time("25 Oct 2026 02:30", LU, NOW)
    assert parsed.note is not None and "happens twice" in parsed.note


ZONES = ["Europe/Luxembourg", "Europe/Paris", "Europe/Copenhagen", "Europe/Brussels", "UTC"]


@settings(max_examples=200, deadline=None)
@given(
    wall=st.datetimes(min_value=datetime(1990, 1, 1), max_value=datetime(2060, 12, 31)),
    zone=st.sampled_from(ZONES),
    form=st.sampled_from(["%d %b %Y %H:%M", "%d/%m/%Y %H:%M", "%d.%m.%Y %H:%M", "%Y/%m/%d %H:%M"]),
)
def test_every_form_means_what_iso_means(wall: datetime, zone: str, form: str) -> None:
    tz = ZoneInfo(zone)
    wall = wall.replace(second=0, microsecond=0)
    iso = wall.strftime("%Y-%m-%dT%H:%M")
    try:
        expected = parse_instant(iso, tz).instant
    except TimeValueError:  # the spring-forward gap: refused either way
        with pytest.raises(TimeValueError):
            read_human_time(wall.strftime(form), tz, NOW)
        return
    assume(wall.year >= 1000)
    assert read_human_time(wall.strftime(form), tz, NOW).instant == expected
