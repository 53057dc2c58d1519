"""The clocks beside the GDPR 72 hours: NIS2 and DORA from awareness of the incident,
ePrivacy from detection as Reg. 611/2013 defines it, guidance shown as guidance, and
each role seeing its own clocks."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta
from typing import Any

import pytest

from breachkit.adapters.rules import load_clock_rules
from breachkit.core.clocks import ids
from breachkit.core.clocks.engine import (
    CLOCK_IDS,
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
from breachkit.core.times import load_zone, parse_instant

RULES = load_clock_rules()
H = timedelta(hours=1)
ZONE = "Europe/Luxembourg"


def local(text: str) -> datetime:
    return parse_instant(text, load_zone(ZONE)).instant


def wall(instant: datetime | None) -> str:
    assert instant is not None
    return instant.astimezone(load_zone(ZONE)).isoformat(timespec="minutes")


def inputs(
    aware: str,
    *,
    incident_aware: str | None = None,
    major: str | None = None,
    detected: str | None = None,
    role: Role = Role.CONTROLLER,
    org: Organisation | None = None,
    **kwargs: Any,
) -> ClockInputs:
    facts = IncidentFacts(
        title="Test breach",
        aware_at=local(aware),
        timezone=ZONE,
        role=role,
        detected_at=local(detected) if detected else None,
        ict_incident=IctIncidentFacts(
            aware_at=local(incident_aware) if incident_aware else None,
            dora_major_at=local(major) if major else None,
        ),
    )
    return ClockInputs(facts=facts, organisation=org, **kwargs)


def span(start: datetime | None, end: datetime | None) -> timedelta:
    """The time from start to end, both known."""
    assert start is not None and end is not None
    return end - start


def read(clock_inputs: ClockInputs, clock_id: str, now: str | None = None) -> ClockReading:
    at = local(now) if now else clock_inputs.facts.aware_at
    found = [r for r in compute_clocks(clock_inputs, RULES, at) if r.id == clock_id]
    assert found, f"{clock_id} not among the clocks"
    return found[0]


def ids_of(clock_inputs: ClockInputs) -> set[str]:
    return {r.id for r in compute_clocks(clock_inputs, RULES, clock_inputs.facts.aware_at)}


def org(**kwargs: Any) -> Organisation:
    return Organisation(name="Example S.A.", **kwargs)


NIS2 = frozenset({"nis2"})
DORA = frozenset({"dora"})


# -- NIS2: from awareness of the incident ------------------------------------------------


def test_nis2_runs_from_awareness_of_the_incident_not_of_the_breach() -> None:
    # The ransomware was known at 08:10; that personal data were hit, only at 11:30.
    base = inputs("2026-11-19T11:30", incident_aware="2026-11-19T08:10", regimes=NIS2)
    warning = read(base, "nis2-early-warning", "2026-11-19T12:00")
    assert wall(warning.anchor_at) == "2026-11-19T08:10+01:00"
    assert wall(warning.due) == "2026-11-20T08:10+01:00"
    assert warning.anchor == "awareness of the incident"
    assert wall(read(base, "nis2-notification").due) == "2026-11-22T08:10+01:00"
    # The GDPR 72 hours still run from awareness of the breach.
    assert wall(read(base, "gdpr-art33").due) == "2026-11-22T11:30+01:00"


def test_nis2_without_incident_awareness_uses_the_breach_and_says_so() -> None:
    reading = read(inputs("2026-11-19T10:00", regimes=NIS2), "nis2-early-warning")
    assert wall(reading.due) == "2026-11-20T10:00+01:00"
    assert "ict_incident.aware_at" in reading.note and "may" not in reading.anchor
    assert "the deadline is then earlier too" in reading.note


@pytest.mark.parametrize("how", ["profile", "regime"])
def test_nis2_stages(how: str) -> None:
    extra = {"org": org(nis2=Nis2Entity.IMPORTANT)} if how == "profile" else {"regimes": NIS2}
    base = inputs("2026-11-19T10:00", **extra)
    assert wall(read(base, "nis2-early-warning").due) == "2026-11-20T10:00+01:00"
    assert read(base, "nis2-early-warning").basis == "NIS2 Art. 23(4)(a)"
    assert wall(read(base, "nis2-notification").due) == "2026-11-22T10:00+01:00"
    final = read(base, "nis2-final-report")
    assert final.state is ClockState.PENDING and final.due is None
    assert "NIS2 incident notification" in final.note
    filed = replace(base, filings=(Filing("nis2-notification", local("2026-11-21T15:00")),))
    final = read(filed, "nis2-final-report", "2026-11-22T00:00")
    assert wall(final.due) == "2026-12-21T15:00+01:00"
    assert final.state is ClockState.RUNNING


def test_no_nis2_clocks_unless_asked() -> None:
    assert not [i for i in ids_of(inputs("2026-11-19T10:00")) if i.startswith("nis2")]
    assert not [i for i in ids_of(inputs("2026-11-19T10:00", org=org())) if i.startswith("nis2")]


def test_nis2_overdue_speaks_of_nis2_not_of_gdpr_reasons() -> None:
    base = inputs("2026-11-19T10:00", incident_aware="2026-11-19T09:00", regimes=NIS2)
    overdue = read(base, "nis2-early-warning", "2026-11-20T11:00")
    assert overdue.state is ClockState.OVERDUE
    assert "NIS2 Art. 23(4)(a)" in overdue.note and "CSIRT" in overdue.note
    assert "reasons for the delay" not in overdue.note
    late = replace(base, filings=(Filing("nis2-early-warning", local("2026-11-20T12:00")),))
    met_late = read(late, "nis2-early-warning", "2026-11-21T00:00")
    assert met_late.state is ClockState.MET_LATE and met_late.late_reasons == ""
    assert "reasons" not in met_late.note
    gdpr = read(base, "gdpr-art33", "2026-11-22T11:00")
    assert "GDPR Art. 33(1)" in gdpr.note and "reasons for the delay" in gdpr.note


# -- DORA: only a major incident; 4 h from classification, 24 h from awareness ------------


def test_dora_before_classification_is_pending_and_says_why() -> None:
    base = inputs("2026-11-19T10:00", incident_aware="2026-11-19T08:00", org=org(dora=True))
    reading = read(base, "dora-initial", "2026-11-21T10:00")  # long after 24 hours
    assert reading.state is ClockState.PENDING and reading.due is None
    assert "Applies only if the ICT-related incident is classified as major" in reading.note
    assert "ict_incident.dora_major_at" in reading.note
    assert "2026-11-20 08:00" in reading.note  # the latest time, if classified in time


@pytest.mark.parametrize(
    ("classified", "due"),
    [
        ("2026-11-19T12:00", "2026-11-19T16:00+01:00"),  # 4 h after classification
        ("2026-11-20T06:00", "2026-11-20T08:00+01:00"),  # 24 h after the incident was known
        ("2026-11-21T09:00", "2026-11-21T13:00+01:00"),  # classified after 24 h: Art. 5(2)
    ],
)
def test_dora_initial_after_classification(classified: str, due: str) -> None:
    base = inputs(
        "2026-11-19T10:00", incident_aware="2026-11-19T08:00", major=classified, regimes=DORA
    )
    reading = read(base, "dora-initial", classified)
    assert wall(reading.due) == due
    assert reading.due is not None and reading.due >= local(classified)
    assert reading.basis.startswith("DORA Art. 19(4)(a)")


def test_dora_classified_late_says_article_5_2_applies() -> None:
    base = inputs("2026-11-19T10:00", major="2026-11-21T09:00", regimes=DORA)
    reading = read(base, "dora-initial", "2026-11-21T09:30")
    assert reading.state is ClockState.RUNNING
    assert "came after the limit of 24 hours" in reading.note


def test_dora_due_soon_uses_the_threshold_of_the_binding_limit() -> None:
    capped = inputs("2026-11-19T10:00", major="2026-11-20T08:00", regimes=DORA)
    # Due at the 24-hour limit (10:00): its threshold is 6 h, so 2 h before it is due soon.
    assert read(capped, "dora-initial", "2026-11-20T08:00").state is ClockState.DUE_SOON
    early = inputs("2026-11-19T10:00", major="2026-11-19T11:00", regimes=DORA)
    assert read(early, "dora-initial", "2026-11-19T13:30").state is ClockState.RUNNING
    assert read(early, "dora-initial", "2026-11-19T14:00").state is ClockState.DUE_SOON


def test_dora_overdue_and_late_speak_of_article_5_3() -> None:
    base = inputs("2026-11-19T10:00", major="2026-11-19T11:00", regimes=DORA)
    overdue = read(base, "dora-initial", "2026-11-19T16:00")
    assert overdue.state is ClockState.OVERDUE
    assert "2025/301 Art. 5(3)" in overdue.note and "GDPR" not in overdue.note
    assert overdue.late_reasons.startswith("Del. Reg. (EU) 2025/301 Art. 5(3)")


def test_dora_intermediate_and_final() -> None:
    base = inputs("2026-11-19T10:00", regimes=DORA)
    assert read(base, "dora-intermediate").state is ClockState.PENDING
    assert read(base, "dora-final").state is ClockState.PENDING
    filed = replace(base, filings=(Filing("dora-initial", local("2026-11-19T13:00")),))
    assert wall(read(filed, "dora-intermediate").due) == "2026-11-22T13:00+01:00"
    filed = replace(
        filed,
        filings=(
            *filed.filings,
            Filing("dora-intermediate", local("2026-11-21T09:00")),
            Filing("dora-intermediate", local("2026-11-25T17:00")),  # updated intermediate report
        ),
    )
    final = read(filed, "dora-final", "2026-11-26T00:00")
    assert wall(final.due) == "2026-12-25T17:00+01:00"
    assert "last filing of the DORA intermediate report" in final.note


# -- ePrivacy: detection as Reg. 611/2013 Art. 2(2) defines it ----------------------------


def test_eprivacy_runs_from_detection_as_611_defines_it_not_the_first_signal() -> None:
    base = inputs("2026-11-19T10:00", detected="2026-11-19T08:10", org=org(eprivacy=True))
    reading = read(base, "eprivacy-initial")
    assert wall(reading.due) == "2026-11-20T10:00+01:00"  # awareness, not the 08:10 signal
    assert reading.anchor == "awareness"
    assert reading.basis == "Reg. 611/2013 Art. 2(2)"
    assert reading.recipient == "national_authority"


def test_eprivacy_second_notification_three_days_after_the_initial() -> None:
    base = inputs("2026-11-19T10:00", regimes=frozenset({"eprivacy"}))
    assert read(base, "eprivacy-second").state is ClockState.PENDING
    filed = replace(base, filings=(Filing("eprivacy-initial", local("2026-11-20T09:00")),))
    second = read(filed, "eprivacy-second", "2026-11-24T09:00")
    assert wall(second.due) == "2026-11-23T09:00+01:00"
    assert "Reg. 611/2013 Art. 2(3)" in second.note and "justification" in second.note


# -- guidance is not law -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lead", "recommended", "by"),
    [("cnil", "2026-11-23T09:00+01:00", "the CNIL"), ("apd", "2026-12-11T09:00+01:00", "APD")],
)
def test_a_recommended_time_is_never_a_deadline(lead: str, recommended: str, by: str) -> None:
    base = inputs("2026-11-19T10:00", org=org(lead_authority=lead))
    assert read(base, "gdpr-art33-4-complement").state is ClockState.PENDING
    filed = replace(base, filings=(Filing("gdpr-art33", local("2026-11-20T09:00")),))
    for now in ("2026-11-20T10:00", "2026-11-23T08:59", "2027-03-01T00:00"):
        reading = read(filed, "gdpr-art33-4-complement", now)
        assert reading.state is ClockState.RECOMMENDED
        assert reading.due is None and wall(reading.recommended_at) == recommended
        assert by in reading.recommended_by and "not a legal deadline" in reading.note
        assert "Overdue" not in reading.note
    late = Filing("gdpr-art33-4-complement", local("2027-01-05T09:00"))
    assert not filing_is_late(filed, RULES, "gdpr-art33-4-complement", late.at)
    done = read(replace(filed, filings=(*filed.filings, late)), "gdpr-art33-4-complement")
    assert done.state is ClockState.MET and done.lateness is None
    assert "not late in law" in done.note


def test_cnil_rule_cites_the_page_that_says_it() -> None:
    cnil = next(r for r in RULES.rules if r.authority == "cnil")
    assert "cnil-direct/question/reglement-europeen-quand-faut-il-notifier" in cnil.source
    assert "si possible" in cnil.notes and cnil.recommended_by == "the CNIL"
    apd = next(r for r in RULES.rules if r.authority == "apd")
    assert apd.source.startswith("UNVERIFIED") and "unverified" in apd.recommended_by


def test_without_guidance_the_complement_has_no_time_at_all() -> None:
    filed = inputs(
        "2026-11-19T10:00",
        org=org(lead_authority="cnpd"),
        filings=(Filing("gdpr-art33", local("2026-11-20T09:00")),),
    )
    reading = read(filed, "gdpr-art33-4-complement", "2026-11-20T10:00")
    assert reading.state is ClockState.RUNNING and reading.due is None
    assert reading.recommended_at is None and "as soon as it is available" in reading.note


def test_apd_21_calendar_days_keep_the_wall_time_across_dst() -> None:
    filed = inputs(
        "2026-03-19T10:00",
        org=org(lead_authority="apd"),
        filings=(Filing("gdpr-art33", local("2026-03-20T10:00")),),
    )
    reading = read(filed, "gdpr-art33-4-complement")
    assert wall(reading.recommended_at) == "2026-04-10T10:00+02:00"
    assert span(reading.anchor_at, reading.recommended_at) == 21 * 24 * H - H


def test_apd_before_its_new_portal_has_no_recommended_period() -> None:
    filed = inputs(
        "2025-06-09T10:00",
        org=org(lead_authority="apd"),
        filings=(Filing("gdpr-art33", local("2025-06-09T12:00")),),
    )
    reading = read(filed, "gdpr-art33-4-complement")
    assert reading.due is None and reading.recommended_at is None


# -- roles: a processor sees its own clocks ------------------------------------------------


def test_a_processor_sees_its_own_clocks_not_the_controllers_art34_and_33_4() -> None:
    everything = org(nis2=Nis2Entity.ESSENTIAL, dora=True, eprivacy=True, lead_authority="cnil")
    processor = ids_of(inputs("2026-11-19T10:00", role=Role.PROCESSOR, org=everything))
    assert "gdpr-art34" not in processor and "gdpr-art33-4-complement" not in processor
    assert {"gdpr-art33-2", "nis2-early-warning", "dora-initial"} <= processor
    for role in (Role.CONTROLLER, Role.JOINT_CONTROLLER):
        seen = ids_of(inputs("2026-11-19T10:00", role=role, org=everything))
        assert {"gdpr-art34", "gdpr-art33-4-complement"} <= seen


def test_a_processor_is_not_told_to_file_the_controllers_notification() -> None:
    base = inputs(
        "2026-11-19T10:00",
        role=Role.PROCESSOR,
        org=org(notify_controller_within_hours=24),
    )
    told = replace(
        base, facts=replace(base.facts, controller_informed_at=local("2026-11-19T12:00"))
    )
    reading = read(told, "gdpr-art33", "2026-11-22T13:00")
    assert reading.state is ClockState.OVERDUE
    assert "the controller's deadline" in reading.note and "file now" not in reading.note


# -- recipients are data -------------------------------------------------------------------


def test_every_clock_says_who_receives_its_filing() -> None:
    by = RULES.by_recipient()
    assert by["authority"] == (ids.GDPR_ART33, ids.GDPR_ART33_4)
    assert by["controller"] == (ids.GDPR_ART33_2,)
    assert by["csirt"] == (ids.NIS2_EARLY_WARNING, ids.NIS2_NOTIFICATION, ids.NIS2_FINAL_REPORT)
    assert by["financial_supervisor"] == (ids.DORA_INITIAL, ids.DORA_INTERMEDIATE, ids.DORA_FINAL)
    assert sorted(c for group in by.values() for c in group) == sorted(CLOCK_IDS)
    for recipient in by:
        assert recipient in ids.RECIPIENT_NAMES
    assert ids.PHASE_CLOCKS == {"initial": ids.GDPR_ART33, "complementary": ids.GDPR_ART33_4}
