"""Properties of the NIS2, DORA, ePrivacy and guidance clocks and of role filtering, over
every IANA zone (so across every change of the clocks) and instants from mid-2025 on."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import available_timezones

from hypothesis import given, settings
from hypothesis import strategies as st

from breachkit.adapters.rules import load_clock_rules
from breachkit.core.clocks.engine import (
    ClockInputs,
    ClockReading,
    ClockState,
    Filing,
    compute_clocks,
    filing_is_late,
)
from breachkit.core.enums import Nis2Entity, Role
from breachkit.core.incident.model import IctIncidentFacts, IncidentFacts
from breachkit.core.organisation.profile import Organisation

RULES = load_clock_rules()
H = timedelta(hours=1)
EUROPE = ["Europe/Luxembourg", "Europe/Paris", "Europe/Copenhagen", "Europe/Brussels"]
ODD = ["Australia/Lord_Howe", "Pacific/Chatham", "Asia/Kathmandu", "America/St_Johns", "UTC"]
EVERY_ZONE = sorted(available_timezones() - {"localtime", "Factory"})
zones = st.one_of(st.sampled_from(EUROPE + ODD), st.sampled_from(EVERY_ZONE))
# From 2025-06-11 (UTC) every shipped rule is in force on the day of awareness anywhere.
instants = st.datetimes(min_value=datetime(2025, 6, 12), max_value=datetime(2060, 12, 31)).map(
    lambda naive: naive.replace(tzinfo=UTC)
)
hours = st.floats(min_value=0, max_value=96, allow_nan=False).map(lambda h: timedelta(hours=h))
FAST = settings(max_examples=150, deadline=None)


def readings(
    zone: str,
    aware: datetime,
    *,
    now: datetime | None = None,
    role: Role = Role.CONTROLLER,
    incident_aware: datetime | None = None,
    major: datetime | None = None,
    org: Organisation | None = None,
    regimes: frozenset[str] = frozenset(),
    filings: tuple[Filing, ...] = (),
    high_risk_at: datetime | None = None,
) -> dict[str, ClockReading]:
    facts = IncidentFacts(
        title="Property",
        aware_at=aware,
        timezone=zone,
        role=role,
        ict_incident=IctIncidentFacts(incident_aware, major),
    )
    inputs = ClockInputs(facts, org, regimes=regimes, filings=filings, high_risk_at=high_risk_at)
    return {r.id: r for r in compute_clocks(inputs, RULES, now or aware)}


@FAST
@given(zone=zones, aware=instants, before=hours, known=st.booleans())
def test_nis2_counts_exactly_from_awareness_of_the_incident(
    zone: str, aware: datetime, before: timedelta, known: bool
) -> None:
    incident = aware - before if known else None
    found = readings(zone, aware, incident_aware=incident, regimes=frozenset({"nis2"}))
    start = incident if incident is not None else aware
    for clock_id, period in (("nis2-early-warning", 24 * H), ("nis2-notification", 72 * H)):
        reading = found[clock_id]
        assert reading.anchor_at == start  # never before awareness of the incident
        assert reading.due is not None and reading.due - start == period  # elapsed, any DST


@FAST
@given(zone=zones, aware=instants, before=hours, after=hours, now_after=hours)
def test_dora_initial_is_never_before_classification_nor_awareness(
    zone: str, aware: datetime, before: timedelta, after: timedelta, now_after: timedelta
) -> None:
    incident = aware - before
    major = incident + after
    found = readings(zone, aware, incident_aware=incident, major=major, regimes=frozenset({"dora"}))
    due = found["dora-initial"].due
    assert due is not None
    assert major <= due <= major + 4 * H
    if after <= 24 * H:
        assert due == min(major + 4 * H, incident + 24 * H)
    else:  # Del. Reg. (EU) 2025/301 Art. 5(2)
        assert due == major + 4 * H
    unclassified = readings(
        zone, aware, now=aware + now_after, incident_aware=incident, regimes=frozenset({"dora"})
    )["dora-initial"]
    assert unclassified.state is ClockState.PENDING and unclassified.due is None


@FAST
@given(
    zone=zones,
    aware=instants,
    role=st.sampled_from(list(Role)),
    nis2=st.sampled_from(list(Nis2Entity)),
    flags=st.tuples(st.booleans(), st.booleans()),
    lead=st.sampled_from(["", "cnpd", "cnil", "apd", "datatilsynet"]),
    decided=st.booleans(),
    filed=st.booleans(),
)
def test_a_processor_never_sees_the_controllers_art34_and_33_4(
    zone: str,
    aware: datetime,
    role: Role,
    nis2: Nis2Entity,
    flags: tuple[bool, bool],
    lead: str,
    decided: bool,
    filed: bool,
) -> None:
    org = Organisation(name="Org", nis2=nis2, dora=flags[0], eprivacy=flags[1], lead_authority=lead)
    found = readings(
        zone,
        aware,
        role=role,
        org=org,
        high_risk_at=aware + H if decided else None,
        filings=(Filing("gdpr-art33", aware + 2 * H),) if filed else (),
    )
    controllers = {"gdpr-art34", "gdpr-art33-4-complement"}
    if role is Role.PROCESSOR:
        assert not controllers & set(found)
        assert "gdpr-art33-2" in found
    else:
        assert controllers <= set(found)
        assert "gdpr-art33-2" not in found


@FAST
@given(
    zone=zones,
    aware=instants,
    lead=st.sampled_from(["cnil", "apd"]),
    to_filing=hours,
    to_now=st.floats(min_value=0, max_value=24 * 90).map(lambda h: timedelta(hours=h)),
    complement=st.one_of(st.none(), hours.map(lambda d: d * 20)),
)
def test_a_recommended_time_is_never_reported_overdue_or_late(
    zone: str,
    aware: datetime,
    lead: str,
    to_filing: timedelta,
    to_now: timedelta,
    complement: timedelta | None,
) -> None:
    org = Organisation(name="Org", lead_authority=lead)
    first = aware + to_filing
    filings = [Filing("gdpr-art33", first)]
    if complement is not None:
        filings.append(Filing("gdpr-art33-4-complement", first + complement))
    now = first + to_now
    reading = readings(zone, aware, now=now, org=org, filings=tuple(filings))[
        "gdpr-art33-4-complement"
    ]
    assert reading.due is None and reading.recommended_at is not None
    assert reading.state in (ClockState.RECOMMENDED, ClockState.MET)
    assert reading.lateness is None and "Overdue" not in reading.note
    facts = IncidentFacts(title="Property", aware_at=aware, timezone=zone)
    inputs = ClockInputs(facts, org, filings=(filings[0],))
    assert not filing_is_late(inputs, RULES, "gdpr-art33-4-complement", now)


@FAST
@given(zone=zones, aware=instants, signal=hours)
def test_eprivacy_counts_from_detection_as_611_defines_it(
    zone: str, aware: datetime, signal: timedelta
) -> None:
    facts = IncidentFacts(
        title="Property", aware_at=aware, timezone=zone, detected_at=aware - signal
    )
    inputs = ClockInputs(facts, regimes=frozenset({"eprivacy"}))
    reading = next(r for r in compute_clocks(inputs, RULES, aware) if r.id == "eprivacy-initial")
    assert reading.anchor_at == aware and reading.due == aware + 24 * H
