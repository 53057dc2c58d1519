"""Times that cannot be true are refused, by one set of rules, naming both times."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from breachkit.core.errors import InputError
from breachkit.core.incident.chronology import (
    FUTURE_SLACK,
    awareness_for,
    entry_problems,
    fact_problems,
    filing_problems,
)
from breachkit.core.incident.parse import parse_incident_text
from breachkit.core.times import load_zone

NOW = datetime(2026, 12, 2, 12, 0, tzinfo=UTC)
LU = load_zone("Europe/Luxembourg")
HEAD = 'title = "x"\ntimezone = "Europe/Luxembourg"\n'


def problems(text: str, now: datetime | None = NOW) -> list[str]:
    with pytest.raises(InputError) as caught:
        parse_incident_text(text, "incident.toml", now=now)
    return [str(p) for p in caught.value.problems]


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            'aware_at = "2026-12-03T09:00"\n',
            "key 'aware_at': 2026-12-03 09:00 CET (+01:00) is in the future "
            "(now is 2026-12-02 13:00 CET (+01:00))",
        ),
        (
            'aware_at = "2026-12-01T09:00"\ndetected_at = "2026-12-01T10:00"\n',
            "key 'detected_at': 2026-12-01 10:00 CET (+01:00) is after aware_at "
            "2026-12-01 09:00 CET (+01:00)",
        ),
        (
            'aware_at = "2026-12-01T09:00"\ndetected_at = "2026-12-01T08:00"\n'
            'occurred_at = "2026-12-01T08:30"\n',
            "key 'detected_at': 2026-12-01 08:00 CET (+01:00) is before occurred_at "
            "2026-12-01 08:30 CET (+01:00)",
        ),
        (
            'aware_at = "2026-12-01T09:00"\n[ict_incident]\naware_at = "2026-12-01T08:00"\n'
            'dora_major_at = "2026-12-01T07:00"\n',
            "key 'ict_incident.dora_major_at': 2026-12-01 07:00 CET (+01:00) is before "
            "ict_incident.aware_at 2026-12-01 08:00 CET (+01:00)",
        ),
        (
            'aware_at = "2026-12-01T09:00"\n[ict_incident]\naware_at = "2026-12-04T08:00"\n',
            "key 'ict_incident.aware_at': 2026-12-04 08:00 CET (+01:00) is in the future",
        ),
        (
            'role = "processor"\naware_at = "2026-12-01T09:00"\n'
            'controller_informed_at = "2026-12-02T14:00"\n',
            "key 'controller_informed_at': 2026-12-02 14:00 CET (+01:00) is in the future",
        ),
    ],
)
def test_an_impossible_incident_file_is_refused_naming_both_times(body: str, expected: str) -> None:
    found = problems(HEAD + body)
    assert any(expected in p for p in found), found
    assert all(p.startswith("incident.toml") for p in found)


def test_stored_facts_are_not_judged_against_a_later_now() -> None:
    text = HEAD + 'aware_at = "2026-12-03T09:00"\n'
    loaded = parse_incident_text(text, "incident.toml")  # no "now": the ordering rules only
    assert loaded.facts.aware_at == datetime(2026, 12, 3, 8, 0, tzinfo=UTC)


def test_a_few_minutes_of_clock_skew_are_not_the_future() -> None:
    assert fact_problems({"aware_at": NOW + FUTURE_SLACK}, LU, NOW) == []
    assert fact_problems({"aware_at": NOW + FUTURE_SLACK + timedelta(seconds=1)}, LU, NOW)


def test_the_incident_may_be_known_before_the_breach() -> None:
    text = HEAD + 'aware_at = "2026-12-01T11:30"\n[ict_incident]\naware_at = "2026-12-01T08:10"\n'
    facts = parse_incident_text(text, "incident.toml", now=NOW).facts
    assert facts.ict_incident.aware_at == datetime(2026, 12, 1, 7, 10, tzinfo=UTC)
    assert facts.to_document()["ict_incident"] == {"aware_at": "2026-12-01T07:10:00+00:00"}


def test_an_empty_ict_incident_table_is_left_out_of_the_document() -> None:
    facts = parse_incident_text(HEAD + 'aware_at = "2026-12-01T11:30"\n', "i.toml").facts
    assert "ict_incident" not in facts.to_document()


def test_filings_cannot_precede_what_they_report_nor_the_draft_they_sent() -> None:
    aware = datetime(2026, 12, 1, 10, 0, tzinfo=UTC)
    breach = awareness_for("gdpr", aware, aware - timedelta(hours=3))
    assert breach.key == "aware_at"
    early = filing_problems(aware - timedelta(minutes=1), NOW, LU, breach)
    assert early and "before the incident's aware_at 2026-12-01 11:00 CET" in early[0]
    nis2 = awareness_for("nis2", aware, aware - timedelta(hours=3))
    assert nis2.key == "ict_incident.aware_at"
    assert filing_problems(aware - timedelta(hours=1), NOW, LU, nis2) == []
    unknown = awareness_for("dora", aware, None)
    assert (
        "record ict_incident.aware_at"
        in filing_problems(aware - timedelta(hours=1), NOW, LU, unknown)[0]
    )
    future = filing_problems(NOW + timedelta(hours=1), NOW, LU, breach)
    assert future == [
        "the filing time 2026-12-02 14:00 CET (+01:00) is in the future "
        "(now is 2026-12-02 13:00 CET (+01:00))"
    ]
    draft = filing_problems(
        aware + timedelta(hours=1), NOW, LU, breach, (2, aware + timedelta(hours=2))
    )
    assert draft and "before draft version 2 was generated (2026-12-01 13:00 CET" in draft[0]


def test_a_timeline_entry_cannot_be_in_the_future() -> None:
    assert entry_problems(NOW, NOW, LU) == []
    assert "is in the future" in entry_problems(NOW + timedelta(days=1), NOW, LU)[0]


instants = st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2040, 1, 1)).map(
    lambda naive: naive.replace(tzinfo=UTC)
)
maybe = st.one_of(st.none(), instants)


@settings(max_examples=300, deadline=None)
@given(occurred=maybe, detected=maybe, aware=instants, major=maybe, known=maybe)
def test_the_ordering_rules_hold_exactly(
    occurred: datetime | None,
    detected: datetime | None,
    aware: datetime,
    major: datetime | None,
    known: datetime | None,
) -> None:
    times = {
        "occurred_at": occurred,
        "detected_at": detected,
        "aware_at": aware,
        "ict_incident.aware_at": known,
        "ict_incident.dora_major_at": major,
    }
    keys = {key for key, _ in fact_problems(times, LU)}
    pairs = [
        (occurred, aware),
        (occurred, detected),
        (detected, aware),
        (known, major),
    ]
    consistent = all(a is None or b is None or a <= b for a, b in pairs)
    assert (not keys) == consistent
