"""The principles of issue 14 for the risk engine, each tested as a principle, not one case.

- Access is not exfiltration: an attacker who could read unencrypted data is a loss of
  confidentiality to an unknown party, whatever the logs say (EDPB 01/2021 case No. 01).
- Availability lost for days is notifiable even once restored (case No. 02); restoring
  in good time is what avoids it (WP250 Annex B, iii).
- How revealing the data are (ENISA's DPC adjustments) moves the data score (case No. 15).
- Insiders and misdirected parcels (cases No. 08 and 13).
- breachkit's own thresholds are said to be its own; the citations are the right ones.
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

import pytest
from risk_incidents import MISDELIVERY, OUTAGE, C, incident

from breachkit.core.enums import (
    AvailabilityLoss,
    Backup,
    BreachType,
    Cause,
    Detail,
    Encryption,
    Exfiltration,
    Recipients,
    ServiceImpact,
    SubjectGroup,
)
from breachkit.core.errors import InputError
from breachkit.core.incident.parse import parse_incident_text
from breachkit.core.risk.engine import Outcome, RiskAssessment, RiskLevel, assess
from breachkit.core.risk.kinds import ATTACKS

ROOT = Path(__file__).resolve().parents[2]
OWN = "breachkit's own threshold"
CASE_01 = "EDPB Guidelines 01/2021, case No. 01, paras. 16, 19 to 21 and footnote 11"


def text(result: RiskAssessment) -> str:
    return "\n".join(r.text for r in result.reasons)


# --- access is not exfiltration -----------------------------------------------------------

NOBODY_GOT_IT = [
    {"exfiltration": Exfiltration.RULED_OUT, "recipients": None},
    {"exfiltration": Exfiltration.RULED_OUT, "recipients": Recipients.NONE},
]


@pytest.mark.parametrize("cause", sorted(ATTACKS - {Cause.MALICIOUS_INSIDER}))
@pytest.mark.parametrize("types", [(BreachType.CONFIDENTIALITY,), (BreachType.AVAILABILITY,)])
@pytest.mark.parametrize("logs", NOBODY_GOT_IT, ids=["no-recipient", "recipients-none"])
def test_logs_that_show_no_outflow_do_not_undo_an_attackers_access(
    cause: Cause, types: tuple[BreachType, ...], logs: dict[str, Any]
) -> None:
    """Ruling exfiltration out changes nothing when an attacker could read the data."""
    data = {"categories": (C.IDENTITY, C.HEALTH), "data_subjects": 300}
    attack = {"types": types, "cause": cause, "malicious": True, **OUTAGE_FACTS}
    ruled_out = assess(incident(breach={**attack, **logs}, data=data))
    exfiltrated = assess(incident(breach={**attack, "recipients": Recipients.UNKNOWN}, data=data))
    assert ruled_out.outcome is exfiltrated.outcome is Outcome.NOTIFY_AUTHORITY_AND_SUBJECTS
    assert "loss of confidentiality to an unknown party, whatever the logs say" in text(ruled_out)
    assert any(r.basis == CASE_01 for r in ruled_out.reasons)
    # Encryption at rest with a safe key is what case 01's "no notification" rests on.
    safe = {"encryption": Encryption.STATE_OF_THE_ART, "key_compromised": False}
    encrypted = assess(incident(breach={**attack, **logs}, data=data, protection=safe))
    assert encrypted.outcome is Outcome.RECORD_ONLY


OUTAGE_FACTS: dict[str, Any] = {
    "availability_loss": AvailabilityLoss.TEMPORARY,
    "unavailable_hours": 4,
    "service_impact": ServiceImpact.NONE,
}


def test_only_an_attack_that_never_reached_the_data_is_spared() -> None:
    """A denial of service (``not_applicable``) never reached the data; ransomware always does."""
    data = {"categories": (C.IDENTITY, C.HEALTH), "data_subjects": 300}
    for cause, expected in ((Cause.HACKING, Outcome.RECORD_ONLY), (Cause.RANSOMWARE, None)):
        dos = {
            "types": (BreachType.AVAILABILITY,),
            "cause": cause,
            "exfiltration": Exfiltration.NOT_APPLICABLE,
            "recipients": None,
            **OUTAGE_FACTS,
        }
        outcome = assess(incident(breach=dos, data=data)).outcome
        if expected is None:
            assert outcome is Outcome.NOTIFY_AUTHORITY_AND_SUBJECTS
        else:
            assert outcome is expected


def test_an_insider_who_looked_without_copying_is_still_a_disclosure() -> None:
    snooping = {
        "cause": Cause.MALICIOUS_INSIDER,
        "exfiltration": Exfiltration.RULED_OUT,
        "recipients": None,
    }
    result = assess(incident(breach=snooping, data={"categories": (C.IDENTITY, C.CONTACT)}))
    assert result.outcome is Outcome.NOTIFY_AUTHORITY
    assert "An identified person had access to the data with malicious intent" in text(result)


# --- availability lost for days ------------------------------------------------------------

ENCRYPTED = {"encryption": Encryption.STATE_OF_THE_ART, "key_compromised": False}


@pytest.mark.parametrize("hours", [25, 48, 120, 400])
@pytest.mark.parametrize("impact", [ServiceImpact.MINOR, ServiceImpact.SIGNIFICANT])
def test_availability_lost_for_days_is_notifiable_even_once_restored(
    hours: int, impact: ServiceImpact
) -> None:
    """Case 02: no electronic backup, rebuilt by hand over days, minor delays: notify."""
    lost = {**OUTAGE, "unavailable_hours": hours, "service_impact": impact}
    for cause in (Cause.SYSTEM_FAILURE, Cause.RANSOMWARE):
        facts = incident(
            breach={**lost, "cause": cause},
            data={"categories": (C.IDENTITY, C.CONTACT), "data_subjects": 60},
            protection={**ENCRYPTED, "backup": Backup.NONE, "restored": True},
        )
        result = assess(facts)
        assert result.outcome.rank >= Outcome.NOTIFY_AUTHORITY.rank, cause
        assert any("case No. 02" in r.basis for r in result.reasons)


def test_restoring_in_good_time_is_what_avoids_notification() -> None:
    for hours in (0.2, 6, 24):
        quick = {**OUTAGE, "unavailable_hours": hours, "service_impact": ServiceImpact.MINOR}
        result = assess(incident(breach=quick, data={"categories": (C.IDENTITY, C.HEALTH)}))
        assert result.outcome is Outcome.RECORD_ONLY, hours
    lost = {
        **OUTAGE,
        "availability_loss": AvailabilityLoss.PERMANENT,
        "service_impact": ServiceImpact.MINOR,
    }
    permanent = assess(incident(breach=lost, protection={"backup": Backup.NONE, "restored": False}))
    assert permanent.outcome.rank >= Outcome.NOTIFY_AUTHORITY.rank


# --- how revealing the data are --------------------------------------------------------------

DELETED = {**MISDELIVERY, "recipient_confirmed_deletion": True}


def test_how_much_the_data_reveal_moves_the_data_score() -> None:
    def dpc(detail: Detail | None, *categories: Any) -> float:
        data = {"categories": categories, "detail": detail, "subject_groups": ()}
        return assess(incident(breach=MISDELIVERY, data=data)).severity.dpc

    assert [dpc(d, C.HEALTH) for d in (Detail.TRIVIAL, None, Detail.EXTENSIVE)] == [2, 4, 4]
    assert [dpc(d, C.FINANCIAL) for d in (Detail.TRIVIAL, None, Detail.EXTENSIVE)] == [1, 3, 4]
    assert [dpc(d, C.CONTACT) for d in (Detail.TRIVIAL, None, Detail.EXTENSIVE)] == [1, 1, 2]


def test_a_trivial_health_detail_is_not_a_medical_file() -> None:
    """Case 15 (a dietary note, deleted at once) is record-only; a full medical file is high."""
    health = {"categories": (C.IDENTITY, C.CONTACT, C.HEALTH), "data_subjects": 15}
    note = assess(incident(breach=DELETED, data={**health, "detail": Detail.TRIVIAL}))
    assert note.outcome is Outcome.RECORD_ONLY
    assert "data.detail" in {r.fact for r in note.reasons if r.direction == "lowers"}
    file = {**health, "categories": (C.IDENTITY, C.HEALTH), "detail": Detail.EXTENSIVE}
    medical = assess(incident(breach=MISDELIVERY, data=file))
    assert medical.outcome is Outcome.NOTIFY_AUTHORITY_AND_SUBJECTS


def test_the_context_can_reveal_what_the_data_do_not_say() -> None:
    """A rehab centre's list of names reveals health as plainly as a health field would."""
    names = {"categories": (C.IDENTITY,), "subject_groups": (SubjectGroup.CUSTOMERS,)}
    context = assess(incident(breach=MISDELIVERY, data={**names, "revealing_context": True}))
    stated = assess(incident(breach=MISDELIVERY, data={**names, "categories": (C.HEALTH,)}))
    assert (context.severity.dpc, context.outcome) == (stated.severity.dpc, stated.outcome)
    assert context.outcome is Outcome.NOTIFY_AUTHORITY_AND_SUBJECTS


def test_data_already_public_score_one_step_lower() -> None:
    data = {"categories": (C.IDENTITY, C.FINANCIAL)}
    public = assess(incident(data={**data, "already_public": True}))
    assert (public.severity.dpc, assess(incident(data=data)).severity.dpc) == (2, 3)
    assert "data.already_public" in {r.fact for r in public.reasons}


def test_the_new_facts_are_read_and_checked_in_the_incident_file() -> None:
    head = 'title = "t"\naware_at = "2026-11-19T11:30:00+01:00"\n[data]\n'
    good = head + 'detail = "trivial"\nrevealing_context = true\nalready_public = false\n'
    data = parse_incident_text(good, "f.toml").facts.data
    assert (data.detail, data.revealing_context, data.already_public) == (
        Detail.TRIVIAL,
        True,
        False,
    )
    with pytest.raises(InputError) as err:
        parse_incident_text(head + 'detail = "deep"\nalready_public = "yes"\n', "f.toml")
    message = str(err.value)
    assert "data.detail" in message and "trivial" in message and "extensive" in message
    assert "data.already_public" in message


# --- insiders and misdirected parcels --------------------------------------------------------


@pytest.mark.parametrize("count", [1, 50, 999])
@pytest.mark.parametrize(
    "exfiltration", [Exfiltration.CONFIRMED, Exfiltration.RULED_OUT, Exfiltration.UNKNOWN]
)
@pytest.mark.parametrize("recipients", [Recipients.IDENTIFIED, None])
def test_a_departing_employee_with_contact_data_is_notifiable_not_high(
    count: int, exfiltration: Exfiltration, recipients: Recipients | None
) -> None:
    """Case 08: notify the authority; not a high risk for the people by itself, whether the
    logs show him copying the data or only reading them."""
    insider = {
        "cause": Cause.MALICIOUS_INSIDER,
        "exfiltration": exfiltration,
        "recipients": recipients,
    }
    data = {"categories": (C.IDENTITY, C.CONTACT), "data_subjects": count}
    assert assess(incident(breach=insider, data=data)).outcome is Outcome.NOTIFY_AUTHORITY


@pytest.mark.parametrize("exfiltration", [Exfiltration.NOT_APPLICABLE, None])
@pytest.mark.parametrize("count", [1, 2, 10])
def test_a_misdirected_parcel_between_customers_is_record_only(
    exfiltration: Exfiltration | None, count: int
) -> None:
    """Case 13: a packing bill (name, address, items, price) to another customer."""
    parcel = {**MISDELIVERY, "exfiltration": exfiltration}
    bill = {"categories": (C.IDENTITY, C.CONTACT), "data_subjects": count}
    assert assess(incident(breach=parcel, data=bill)).outcome is Outcome.RECORD_ONLY
    trivial = {**bill, "categories": (C.IDENTITY, C.CONTACT, C.FINANCIAL), "detail": Detail.TRIVIAL}
    assert assess(incident(breach=parcel, data=trivial)).outcome is Outcome.RECORD_ONLY


# --- breachkit's own thresholds, and the citations ---------------------------------------------

THRESHOLD_FACTS = [
    incident(data={"data_subjects": 5000}),
    incident(data={"data_subjects": 20}),
    incident(data={"data_subjects": None}),
    incident(breach={**OUTAGE, "unavailable_hours": 3}),
    incident(breach={**OUTAGE, "unavailable_hours": 30, "service_impact": ServiceImpact.MINOR}),
    incident(breach={**MISDELIVERY, "undetected_days": 45}),
    incident(
        breach=MISDELIVERY,
        data={"categories": (C.IDENTITY, C.CONTACT, C.DEMOGRAPHIC, C.EDUCATION)},
    ),
    incident(breach=MISDELIVERY, data={"detail": Detail.TRIVIAL}),
]
FIGURES = ("1,000", "24 hours", "30 days", "4 kinds", "drops by 2", "adds 1 to the data score (")


@pytest.mark.parametrize("facts", THRESHOLD_FACTS)
def test_every_figure_of_breachkits_own_is_said_to_be_its_own(facts: Any) -> None:
    result = assess(facts)
    sentences = [*(r.text for r in result.reasons), *result.assumptions, *result.would_change]
    with_figures = [s for s in sentences if any(f in s for f in FIGURES)]
    assert with_figures
    for sentence in with_figures:
        assert OWN in sentence, sentence


def test_citations_name_the_right_case_and_article() -> None:
    stale = assess(incident(breach={**MISDELIVERY, "undetected_days": 45}))
    undetected = next(r for r in stale.reasons if r.fact == "breach.undetected_days")
    assert "case No. 18" not in undetected.basis  # case 18 is an outside attacker
    for facts in (incident(breach=MISDELIVERY), incident()):
        result = assess(facts)
        assert result.risk is not RiskLevel.HIGH
        people = [r for r in result.reasons if "people" in r.text and "tell" in r.text]
        people += [r for r in result.reasons if "people" in r.text and "told" in r.text]
        assert people and all(r.basis == "GDPR Art. 34(1)" for r in people)
    docs = (ROOT / "docs" / "risk.md").read_text("utf-8")
    assert "to a lawyer" not in docs and "an insurance agent bound to professional secrecy" in docs


def test_drafts_say_no_communication_rests_on_art_34_1() -> None:
    for path in sorted((ROOT / "notification_templates" / "language").glob("*.toml")):
        sentence = tomllib.loads(path.read_text("utf-8"))["informed"]["not_required_unlikely"]
        assert "34" in sentence and "33" not in sentence, path.name
