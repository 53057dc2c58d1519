"""The risk engine, factor by factor: each fact moves the answer the way docs/risk.md says.

The scenarios from the guidelines are in test_risk_scenarios.py; here each factor is
varied on its own, the ENISA arithmetic is checked against hand calculations, and the
answer's shape (``assess --json``) is checked against the spec.
"""

from __future__ import annotations

import re
import subprocess
import sys
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from breachkit.core.enums import (
    AvailabilityLoss,
    Backup,
    BreachType,
    Cause,
    DataCategory,
    Encryption,
    Exfiltration,
    Identifiability,
    PasswordStorage,
    Recipients,
    Role,
    ServiceImpact,
    SubjectGroup,
)
from breachkit.core.errors import InputError
from breachkit.core.incident.model import BreachFacts, DataFacts, IncidentFacts, ProtectionFacts
from breachkit.core.risk.engine import Outcome, RiskAssessment, RiskLevel, Severity, assess
from breachkit.core.risk.enisa import band

ROOT = Path(__file__).resolve().parents[2]
RANK = {RiskLevel.UNLIKELY: 0, RiskLevel.RISK: 1, RiskLevel.HIGH: 2}
BASIS = re.compile(r"GDPR (Art\.|Recital)|EDPB Guidelines|WP250|ENISA")

C = DataCategory


def incident(
    breach: dict[str, Any] | None = None,
    data: dict[str, Any] | None = None,
    protection: dict[str, Any] | None = None,
    **top: Any,
) -> IncidentFacts:
    """Facts with every section given in full unless a test says otherwise."""
    b: dict[str, Any] = {
        "types": (BreachType.CONFIDENTIALITY,),
        "cause": Cause.HACKING,
        "malicious": True,
        "exfiltration": Exfiltration.CONFIRMED,
        "recipients": Recipients.UNKNOWN,
        "recipient_confirmed_deletion": False,
        "availability_loss": AvailabilityLoss.NONE,
        "service_impact": ServiceImpact.NONE,
        "misuse_observed": False,
        "undetected_days": 0,
    }
    d: dict[str, Any] = {
        "categories": (C.IDENTITY, C.CONTACT),
        "data_subjects": 200,
        "records": 200,
        "subject_groups": (SubjectGroup.CUSTOMERS,),
        "identifiability": Identifiability.DIRECT,
        "countries": ("LU",),
    }
    p: dict[str, Any] = {
        "encryption": Encryption.NONE,
        "key_compromised": False,
        "password_storage": PasswordStorage.NOT_APPLICABLE,
        "backup": Backup.AVAILABLE,
        "restored": True,
    }
    b.update(breach or {})
    d.update(data or {})
    p.update(protection or {})
    return IncidentFacts(
        title="t",
        aware_at=datetime(2026, 11, 19, 10, 0, tzinfo=UTC),
        timezone="Europe/Luxembourg",
        breach=BreachFacts(**b),
        data=DataFacts(**d),
        protection=ProtectionFacts(**p),
        **top,
    )


MISDELIVERY: dict[str, Any] = {
    "cause": Cause.MISDELIVERY,
    "malicious": False,
    "exfiltration": Exfiltration.NOT_APPLICABLE,
    "recipients": Recipients.IDENTIFIED,
}
OUTAGE: dict[str, Any] = {
    "types": (BreachType.AVAILABILITY,),
    "cause": Cause.SYSTEM_FAILURE,
    "malicious": False,
    "exfiltration": Exfiltration.NOT_APPLICABLE,
    "recipients": Recipients.NONE,
    "availability_loss": AvailabilityLoss.TEMPORARY,
    "unavailable_hours": 3,
}


def rank(facts: IncidentFacts, **kw: Any) -> int:
    return RANK[assess(facts, **kw).risk]


def facts_in(result: RiskAssessment, direction: str) -> set[str]:
    return {r.fact for r in result.reasons if r.direction == direction}


# --- ENISA arithmetic, by hand ----------------------------------------------------------


@pytest.mark.parametrize(
    ("score", "level"),
    [
        (0.0, "low"),
        (1.9375, "low"),
        (2.0, "medium"),
        (2.9375, "medium"),
        (3.0, "high"),
        (3.9375, "high"),
        (4.0, "very_high"),
        (5.5, "very_high"),
    ],
)
def test_enisa_bands(score: float, level: str) -> None:
    assert band(score) == level


def cb(result: RiskAssessment) -> dict[str, float]:
    return dict(result.severity.cb_parts)


def test_enisa_financial_data_stolen_by_a_hacker() -> None:
    # DPC 3 (financial) x EI 1 (direct) + CB 0.5 (unknown recipients) + 0.5 (malicious) = 4.0
    s = assess(incident(data={"categories": (C.IDENTITY, C.FINANCIAL)})).severity
    assert (s.dpc, s.ei, s.cb, s.score, s.level) == (3.0, 1.0, 1.0, 4.0, "very_high")
    assert s.method == "ENISA-2013"
    assert s.cb_parts == (
        ("confidentiality", 0.5),
        ("integrity", 0.0),
        ("availability", 0.0),
        ("malicious_intent", 0.5),
    )


def test_enisa_behavioural_data_indirect_misdelivery() -> None:
    # DPC 2 (behavioural) x EI 0.75 (indirect) + CB 0.25 (known recipients) = 1.75, low
    s = assess(
        incident(
            breach=MISDELIVERY,
            data={"categories": (C.LOCATION,), "identifiability": Identifiability.INDIRECT},
        )
    ).severity
    assert (s.dpc, s.ei, s.cb, s.score, s.level) == (2.0, 0.75, 0.25, 1.75, "low")


def test_enisa_profile_pseudonymised_outage() -> None:
    # DPC 1 + 1 (four kinds of simple data) = 2, x EI 0.5 (pseudonymised)
    # + CB 0.25 (temporary unavailability, not quick) = 1.25, low
    s = assess(
        incident(
            breach={**OUTAGE, "unavailable_hours": 50},
            data={
                "categories": (C.IDENTITY, C.CONTACT, C.DEMOGRAPHIC, C.EDUCATION),
                "identifiability": Identifiability.PSEUDONYMISED,
            },
        )
    ).severity
    assert (s.dpc, s.ei, s.cb, s.score, s.level) == (2.0, 0.5, 0.25, 1.25, "low")
    assert "+1" in s.dpc_basis


def test_enisa_encrypted_health_data_of_children_stolen() -> None:
    # DPC min(4 + 1, 4) = 4 x EI 0.25 (unintelligible) + CB 0 + 0.5 (theft) = 1.5, low
    s = assess(
        incident(
            breach={"cause": Cause.LOST_OR_STOLEN, "exfiltration": Exfiltration.NOT_APPLICABLE},
            data={"categories": (C.HEALTH,), "subject_groups": (SubjectGroup.CHILDREN,)},
            protection={"encryption": Encryption.STATE_OF_THE_ART, "key_compromised": False},
        )
    ).severity
    assert (s.dpc, s.ei, s.cb, s.score, s.level) == (4.0, 0.25, 0.5, 1.5, "low")
    assert "negligible" in s.ei_basis


def test_enisa_permanent_loss_and_altered_data() -> None:
    # DPC 2 x 1 + integrity 0.25 (altered, not restored) + availability 0.5 (permanent)
    # + malicious 0.5 = 3.25, high
    s = assess(
        incident(
            breach={
                "types": (BreachType.INTEGRITY, BreachType.AVAILABILITY),
                "cause": Cause.MALWARE,
                "exfiltration": Exfiltration.RULED_OUT,
                "recipients": Recipients.NONE,
                "availability_loss": AvailabilityLoss.PERMANENT,
                "service_impact": ServiceImpact.MINOR,
            },
            data={"categories": (C.BEHAVIOURAL,)},
            protection={"backup": Backup.NONE, "restored": False},
        )
    ).severity
    assert dict(s.cb_parts) == {
        "confidentiality": 0.0,
        "integrity": 0.25,
        "availability": 0.5,
        "malicious_intent": 0.5,
    }
    assert (s.score, s.level) == (3.25, "high")


def test_enisa_trusted_recipient_and_quick_restore_score_zero() -> None:
    trusted = assess(
        incident(
            breach={
                **MISDELIVERY,
                "recipients": Recipients.TRUSTED,
                "recipient_confirmed_deletion": True,
            }
        )
    )
    assert cb(trusted)["confidentiality"] == 0.0
    not_yet = assess(incident(breach={**MISDELIVERY, "recipients": Recipients.TRUSTED}))
    assert cb(not_yet)["confidentiality"] == 0.25
    quick = assess(incident(breach=OUTAGE))
    assert cb(quick)["availability"] == 0.0
    slow = assess(incident(breach={**OUTAGE, "unavailable_hours": 30}))
    assert cb(slow)["availability"] == 0.25


def test_dpc_takes_the_most_critical_category_and_caps_at_four() -> None:
    def dpc(*categories: DataCategory, groups: tuple[SubjectGroup, ...] = ()) -> float:
        return assess(
            incident(data={"categories": categories, "subject_groups": groups})
        ).severity.dpc

    assert dpc(C.IDENTITY) == 1
    assert dpc(C.IDENTITY, C.COMMUNICATIONS) == 2
    for cat in (C.FINANCIAL, C.BANK_ACCOUNT, C.PAYMENT_CARD, C.NATIONAL_ID, C.CREDENTIALS):
        assert dpc(C.IDENTITY, cat) == 3
    for cat in (C.HEALTH, C.GENETIC, C.BIOMETRIC, C.RELIGIOUS, C.TRADE_UNION, C.CRIMINAL):
        assert dpc(C.CONTACT, cat) == 4
    assert dpc(C.IDENTITY, groups=(SubjectGroup.PATIENTS,)) == 2
    assert dpc(C.FINANCIAL, groups=(SubjectGroup.VULNERABLE,)) == 4
    assert dpc(C.HEALTH, groups=(SubjectGroup.CHILDREN,)) == 4


def test_ei_follows_identifiability() -> None:
    for ident, value in (
        (Identifiability.DIRECT, 1.0),
        (Identifiability.INDIRECT, 0.75),
        (Identifiability.PSEUDONYMISED, 0.5),
    ):
        assert assess(incident(data={"identifiability": ident})).severity.ei == value


# --- each factor moves the answer the documented way -------------------------------------


def test_special_categories_raise() -> None:
    simple = incident(breach=MISDELIVERY)
    health = incident(breach=MISDELIVERY, data={"categories": (C.IDENTITY, C.HEALTH)})
    assert assess(simple).risk is RiskLevel.UNLIKELY
    assert assess(health).risk is RiskLevel.HIGH
    assert "data.categories" in facts_in(assess(health), "raises")


def test_financial_and_identity_theft_data_raise() -> None:
    base = incident(breach=MISDELIVERY)
    for cat in (C.FINANCIAL, C.PAYMENT_CARD, C.NATIONAL_ID, C.OFFICIAL_DOCUMENT):
        raised = incident(breach=MISDELIVERY, data={"categories": (C.IDENTITY, cat)})
        assert rank(raised) > rank(base), cat


def test_vulnerable_people_raise() -> None:
    adults = incident(breach=MISDELIVERY, data={"categories": (C.IDENTITY, C.CONTACT)})
    assert assess(adults).risk is RiskLevel.UNLIKELY
    for group in (SubjectGroup.CHILDREN, SubjectGroup.PATIENTS, SubjectGroup.VULNERABLE):
        kids = replace(adults, data=replace(adults.data, subject_groups=(group,)))
        result = assess(kids)
        assert result.risk is RiskLevel.RISK, group
        assert "data.subject_groups" in facts_in(result, "raises")


def test_large_numbers_raise() -> None:
    def at(count: int) -> RiskAssessment:
        return assess(incident(data={"data_subjects": count}))

    assert at(999).risk is RiskLevel.RISK
    assert at(1000).risk is RiskLevel.HIGH
    assert "data.data_subjects" in facts_in(at(1000), "raises")
    assert "data.data_subjects" in facts_in(at(999), "lowers")


def test_misuse_observed_makes_it_high() -> None:
    for breach in (MISDELIVERY, {}, OUTAGE):
        base = incident(breach=breach)
        misused = incident(breach={**breach, "misuse_observed": True})
        assert assess(misused).risk is RiskLevel.HIGH
        assert rank(misused) >= rank(base)


def test_malice_raises() -> None:
    accident = incident(breach={"malicious": False, "cause": Cause.HUMAN_ERROR})
    attack = incident()
    assert cb(assess(attack))["malicious_intent"] == 0.5
    assert cb(assess(accident))["malicious_intent"] == 0.0
    assert assess(attack).severity.score == assess(accident).severity.score + 0.5


def test_ruling_out_exfiltration_lowers() -> None:
    leaked = incident(breach={"types": (BreachType.AVAILABILITY, BreachType.CONFIDENTIALITY)})
    ruled_out = incident(
        breach={
            "types": (BreachType.AVAILABILITY, BreachType.CONFIDENTIALITY),
            "exfiltration": Exfiltration.RULED_OUT,
            "recipients": Recipients.NONE,
        }
    )
    assert assess(leaked).risk is RiskLevel.RISK
    assert assess(ruled_out).risk is RiskLevel.UNLIKELY
    assert "breach.exfiltration" in facts_in(assess(ruled_out), "lowers")


def test_encryption_with_a_safe_key_lowers_to_unlikely_for_any_data() -> None:
    for cats in ((C.IDENTITY,), (C.PAYMENT_CARD,), (C.HEALTH, C.NATIONAL_ID)):
        facts = incident(
            data={"categories": cats, "data_subjects": 50000},
            protection={"encryption": Encryption.STATE_OF_THE_ART, "key_compromised": False},
        )
        result = assess(facts)
        assert (result.risk, result.outcome) == (RiskLevel.UNLIKELY, Outcome.RECORD_ONLY)
        assert result.exemptions == ("34(3)(a)",)


def test_weak_encryption_or_a_compromised_key_gets_no_credit() -> None:
    plain = incident(data={"categories": (C.HEALTH,)})
    weak = incident(data={"categories": (C.HEALTH,)}, protection={"encryption": Encryption.WEAK})
    leaked_key = incident(
        data={"categories": (C.HEALTH,)},
        protection={"encryption": Encryption.STATE_OF_THE_ART, "key_compromised": True},
    )
    for facts in (weak, leaked_key):
        result = assess(facts)
        assert result.risk is assess(plain).risk is RiskLevel.HIGH
        assert result.exemptions == ()
        assert {"protection.encryption", "protection.key_compromised"} & facts_in(result, "raises")


def test_strong_salted_hashes_lower_usable_passwords_raise() -> None:
    def creds(storage: PasswordStorage) -> RiskAssessment:
        return assess(
            incident(
                data={"categories": (C.CREDENTIALS,)},
                protection={"password_storage": storage},
            )
        )

    assert creds(PasswordStorage.STRONG_SALTED_HASH).risk is RiskLevel.UNLIKELY
    # With readable contact data beside them, the hashes no longer drive the data score.
    both = assess(
        incident(
            data={"categories": (C.CREDENTIALS, C.CONTACT)},
            protection={"password_storage": PasswordStorage.STRONG_SALTED_HASH},
        )
    )
    assert (both.severity.dpc, both.risk) == (1.0, RiskLevel.RISK)
    assert creds(PasswordStorage.WEAK_HASH).risk is RiskLevel.HIGH
    assert creds(PasswordStorage.PLAINTEXT).risk is RiskLevel.HIGH


def test_trusted_recipient_who_deleted_lowers_but_not_for_special_categories() -> None:
    trusted = {
        **MISDELIVERY,
        "recipients": Recipients.TRUSTED,
        "recipient_confirmed_deletion": True,
    }
    financial = incident(breach=trusted, data={"categories": (C.IDENTITY, C.BANK_ACCOUNT)})
    result = assess(financial)
    assert (result.risk, result.exemptions) == (RiskLevel.UNLIKELY, ("34(3)(b)",))
    health = incident(breach=trusted, data={"categories": (C.IDENTITY, C.HEALTH)})
    assert assess(health).outcome is Outcome.NOTIFY_AUTHORITY


def test_confirmed_deletion_by_identified_recipients_lowers() -> None:
    data = {"categories": (C.IDENTITY, C.LOCATION)}
    pending = incident(breach=MISDELIVERY, data=data)
    deleted = incident(breach={**MISDELIVERY, "recipient_confirmed_deletion": True}, data=data)
    assert (assess(pending).risk, assess(deleted).risk) == (RiskLevel.RISK, RiskLevel.UNLIKELY)


def test_a_deliberate_identified_recipient_raises() -> None:
    careless = incident(breach=MISDELIVERY)
    insider = incident(breach={**MISDELIVERY, "cause": Cause.MALICIOUS_INSIDER, "malicious": True})
    assert (assess(careless).risk, assess(insider).risk) == (RiskLevel.UNLIKELY, RiskLevel.RISK)


def test_publication_is_at_least_as_bad_as_unknown_recipients() -> None:
    unknown = incident()
    public = incident(breach={"recipients": Recipients.PUBLIC})
    assert rank(public) >= rank(unknown)
    assert assess(public).severity.score == assess(unknown).severity.score


def test_long_undetected_exposure_raises() -> None:
    data = {"categories": (C.IDENTITY, C.LOCATION)}
    fresh = incident(breach=MISDELIVERY, data=data)
    stale = incident(breach={**MISDELIVERY, "undetected_days": 45}, data=data)
    assert (assess(fresh).risk, assess(stale).risk) == (RiskLevel.RISK, RiskLevel.RISK)
    stale_simple = incident(breach={**MISDELIVERY, "undetected_days": 45})
    assert rank(stale_simple) > rank(incident(breach=MISDELIVERY))
    assert "breach.undetected_days" in facts_in(assess(stale_simple), "raises")


def test_quick_restore_without_effect_is_unlikely_whatever_the_data() -> None:
    for cats in ((C.IDENTITY,), (C.HEALTH,)):
        result = assess(incident(breach=OUTAGE, data={"categories": cats}))
        assert result.outcome is Outcome.RECORD_ONLY


def test_effect_on_people_raises_unavailability() -> None:
    data = {"categories": (C.IDENTITY, C.HEALTH), "data_subjects": 300}
    levels = [
        assess(
            incident(
                breach={**OUTAGE, "unavailable_hours": 30, "service_impact": impact}, data=data
            )
        ).risk
        for impact in ServiceImpact
    ]
    assert levels == [RiskLevel.RISK, RiskLevel.RISK, RiskLevel.HIGH, RiskLevel.HIGH]
    quick = [
        assess(incident(breach={**OUTAGE, "service_impact": impact}, data=data)).risk
        for impact in ServiceImpact
    ]
    assert quick == [RiskLevel.UNLIKELY, RiskLevel.UNLIKELY, RiskLevel.HIGH, RiskLevel.HIGH]
    critical = incident(breach={**OUTAGE, "service_impact": ServiceImpact.CRITICAL})
    assert assess(critical).risk is RiskLevel.HIGH


def test_permanent_loss_raises_over_temporary() -> None:
    data = {"categories": (C.IDENTITY, C.FINANCIAL)}
    temporary = incident(breach={**OUTAGE, "service_impact": ServiceImpact.MINOR}, data=data)
    permanent = incident(
        breach={
            **OUTAGE,
            "service_impact": ServiceImpact.MINOR,
            "availability_loss": AvailabilityLoss.PERMANENT,
        },
        data=data,
        protection={"backup": Backup.NONE, "restored": False},
    )
    assert (assess(temporary).risk, assess(permanent).risk) == (RiskLevel.UNLIKELY, RiskLevel.RISK)


def test_pseudonymisation_lowers() -> None:
    direct = incident(breach=MISDELIVERY, data={"categories": (C.IDENTITY, C.FINANCIAL)})
    pseudo = replace(
        direct, data=replace(direct.data, identifiability=Identifiability.PSEUDONYMISED)
    )
    assert (assess(direct).risk, assess(pseudo).risk) == (RiskLevel.RISK, RiskLevel.UNLIKELY)
    assert "data.identifiability" in facts_in(assess(pseudo), "lowers")


# --- unknown facts: the worse case, said aloud --------------------------------------------

UNKNOWABLE = [
    ("breach", "malicious", [True, False]),
    ("breach", "exfiltration", list(Exfiltration)),
    ("breach", "recipients", [r for r in Recipients if r is not Recipients.PUBLIC]),
    ("breach", "recipient_confirmed_deletion", [True, False]),
    ("breach", "availability_loss", list(AvailabilityLoss)),
    ("breach", "unavailable_hours", [1.0, 100.0]),
    ("data", "data_subjects", [1, 999, 1000, 10**6]),
    ("data", "identifiability", list(Identifiability)),
    ("protection", "encryption", list(Encryption)),
    ("protection", "key_compromised", [True, False]),
    ("protection", "password_storage", list(PasswordStorage)),
    ("protection", "restored", [True, False]),
]
BASES = {
    "hack": incident(data={"categories": (C.IDENTITY, C.CREDENTIALS)}),
    "misdelivery": incident(breach=MISDELIVERY, data={"categories": (C.IDENTITY, C.FINANCIAL)}),
    "trusted": incident(
        breach={**MISDELIVERY, "recipients": Recipients.TRUSTED},
        data={"categories": (C.HEALTH,)},
    ),
    "outage": incident(
        breach={**OUTAGE, "service_impact": ServiceImpact.MINOR},
        data={"categories": (C.IDENTITY, C.FINANCIAL)},
    ),
    "encrypted": incident(
        protection={"encryption": Encryption.STATE_OF_THE_ART},
        data={"categories": (C.PAYMENT_CARD,)},
    ),
}


def _with(facts: IncidentFacts, section: str, name: str, value: Any) -> IncidentFacts:
    part = getattr(facts, section)
    return replace(facts, **{section: replace(part, **{name: value})})


IMPLAUSIBLE = {
    # A misdelivery is an accident by definition: breachkit infers "not malicious".
    ("misdelivery", "malicious"),
    # An outage from a system failure raises no question of who obtained the data.
    ("outage", "exfiltration"),
    ("outage", "recipients"),
    # Data stated as restored were not lost for good: breachkit infers "temporary".
    ("outage", "availability_loss"),
}


@pytest.mark.parametrize("base", list(BASES), ids=list(BASES))
@pytest.mark.parametrize(("section", "name", "values"), UNKNOWABLE, ids=[u[1] for u in UNKNOWABLE])
def test_an_unknown_fact_is_never_better_than_a_stated_one(
    base: str, section: str, name: str, values: list[Any]
) -> None:
    """Unknown is taken at the worse plausible value: never a lower risk than a stated one."""
    if (base, name) in IMPLAUSIBLE:
        pytest.skip("the fact follows from the others here; nothing is assumed")
    facts = BASES[base]
    unknown = rank(_with(facts, section, name, None))
    for value in values:
        assert unknown >= rank(_with(facts, section, name, value)), value


def test_unknown_facts_are_listed_as_assumptions() -> None:
    facts = incident(
        breach={"exfiltration": Exfiltration.UNKNOWN, "recipients": None},
        data={"identifiability": None},
        protection={"encryption": None},
    )
    result = assess(facts)
    assumed = facts_in(result, "assumed")
    assert {
        "breach.exfiltration",
        "breach.recipients",
        "data.identifiability",
        "protection.encryption",
    } <= assumed
    assert len(result.assumptions) == len([r for r in result.reasons if r.direction == "assumed"])
    assert all("breachkit assumes" in a and a.endswith(".") for a in result.assumptions)


def test_would_change_names_the_facts_that_matter() -> None:
    result = assess(
        incident(
            breach={
                "types": (BreachType.AVAILABILITY,),
                "cause": Cause.RANSOMWARE,
                "exfiltration": Exfiltration.UNKNOWN,
                "recipients": None,
                "availability_loss": AvailabilityLoss.TEMPORARY,
                "unavailable_hours": 5,
            }
        )
    )
    assert result.risk is RiskLevel.RISK
    assert result.would_change == (
        "If exfiltration were ruled out by logs, the risk would be unlikely (record_only) "
        "instead of risk (notify_authority).",
        "If misuse of the data were observed, the risk would be high "
        "(notify_authority_and_subjects) instead of risk (notify_authority).",
    )


def test_would_change_only_lists_changes() -> None:
    result = assess(incident(data={"categories": (C.HEALTH,)}, breach={"misuse_observed": True}))
    assert result.risk is RiskLevel.HIGH
    assert result.would_change == ()


# --- outcomes and Art. 34(3) --------------------------------------------------------------


def test_outcome_follows_risk() -> None:
    assert assess(incident(breach=MISDELIVERY)).outcome is Outcome.RECORD_ONLY
    assert assess(incident()).outcome is Outcome.NOTIFY_AUTHORITY
    high = assess(incident(data={"categories": (C.HEALTH,)}))
    assert high.outcome is Outcome.NOTIFY_AUTHORITY_AND_SUBJECTS
    assert high.exemptions == ()


def test_disproportionate_effort_means_a_public_communication() -> None:
    high = incident(data={"categories": (C.HEALTH,)})
    public = assess(high, individual_contact="disproportionate")
    assert (public.outcome, public.exemptions) == (
        Outcome.NOTIFY_AUTHORITY_AND_PUBLIC,
        ("34(3)(c)",),
    )
    assert "GDPR Art. 34(3)(c)" in " ".join(r.basis for r in public.reasons)
    possible = assess(high, individual_contact="possible")
    assert possible.outcome is Outcome.NOTIFY_AUTHORITY_AND_SUBJECTS
    # Only a high risk calls for telling people at all.
    low = assess(incident(), individual_contact="disproportionate")
    assert (low.outcome, low.exemptions) == (Outcome.NOTIFY_AUTHORITY, ())


def test_individual_contact_is_checked() -> None:
    with pytest.raises(InputError) as err:
        assess(incident(), individual_contact="by pigeon")
    assert "response.individual_contact" in str(err.value)
    assert "disproportionate" in str(err.value)


def test_encryption_does_not_excuse_a_high_risk_from_unavailability() -> None:
    facts = incident(
        breach={
            **OUTAGE,
            "types": (BreachType.AVAILABILITY, BreachType.CONFIDENTIALITY),
            "cause": Cause.RANSOMWARE,
            "malicious": True,
            "exfiltration": Exfiltration.CONFIRMED,
            "recipients": Recipients.UNKNOWN,
            "service_impact": ServiceImpact.CRITICAL,
            "unavailable_hours": 48,
        },
        data={"categories": (C.HEALTH,), "subject_groups": (SubjectGroup.PATIENTS,)},
        protection={"encryption": Encryption.STATE_OF_THE_ART, "key_compromised": False},
    )
    result = assess(facts)
    assert (result.outcome, result.exemptions) == (Outcome.NOTIFY_AUTHORITY_AND_SUBJECTS, ())
    assert "exemptions" in facts_in(result, "raises")


def test_processor_and_joint_controller_are_reminded_of_their_part() -> None:
    processor = assess(incident(role=Role.PROCESSOR, breach=MISDELIVERY))
    assert processor.outcome is Outcome.RECORD_ONLY
    assert any(r.basis == "GDPR Art. 33(2)" for r in processor.reasons)
    joint = assess(incident(role=Role.JOINT_CONTROLLER))
    assert any(r.basis == "GDPR Art. 26" for r in joint.reasons)


# --- the answer's shape -------------------------------------------------------------------

VARIED = [
    incident(),
    incident(breach=MISDELIVERY),
    incident(breach=OUTAGE),
    incident(data={"categories": (C.HEALTH,)}),
    incident(data={"categories": ()}, breach={"types": ()}),
    IncidentFacts(
        title="bare", aware_at=datetime(2026, 11, 19, tzinfo=UTC), timezone="Europe/Paris"
    ),
]


@pytest.mark.parametrize("facts", VARIED)
def test_every_reason_is_a_sentence_that_cites_its_basis(facts: IncidentFacts) -> None:
    result = assess(facts)
    for r in result.reasons:
        assert r.direction in ("raises", "lowers", "assumed")
        assert r.basis and BASIS.search(r.basis), r.basis
        assert r.fact
        assert r.text[0].isupper()
        assert r.text.endswith(f" ({r.basis})."), r.text
    assert all(w.startswith("If ") and w.endswith(".") for w in result.would_change)


@pytest.mark.parametrize("facts", VARIED)
def test_json_has_the_spec_keys_and_value_domains(facts: IncidentFacts) -> None:
    doc = assess(facts).to_json()
    assert list(doc)[:5] == ["outcome", "risk", "severity", "reasons", "exemptions"]
    assert {"assumptions", "would_change", "factors"} <= set(doc)
    assert doc["outcome"] in {o.value for o in Outcome}
    assert doc["risk"] in {"unlikely", "risk", "high"}
    severity = doc["severity"]
    assert severity["method"] == "ENISA-2013"
    assert severity["level"] in {"low", "medium", "high", "very_high"}
    assert isinstance(severity["score"], float)
    assert severity["score"] == severity["dpc"] * severity["ei"] + severity["cb"]
    assert severity["cb"] == sum(severity["cb_parts"].values())
    assert set(severity["cb_parts"]) == {
        "confidentiality",
        "integrity",
        "availability",
        "malicious_intent",
    }
    assert 1 <= severity["dpc"] <= 4
    assert severity["ei"] in {0.25, 0.5, 0.75, 1.0}
    assert all(isinstance(r, str) and r for r in doc["reasons"])
    assert all(re.fullmatch(r"34\(3\)\([abc]\)", e) for e in doc["exemptions"])
    assert [f["text"] for f in doc["factors"]] == doc["reasons"]


def test_engine_is_pure_and_deterministic() -> None:
    facts = incident(data={"categories": (C.HEALTH,)})
    before = facts.to_document()
    assert assess(facts) == assess(facts)
    assert facts.to_document() == before
    assert isinstance(assess(facts).severity, Severity)


def test_risk_engine_imports_only_the_standard_library() -> None:
    code = "import sys, breachkit.core.risk.engine; print(' '.join(sorted(sys.modules)))"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
    )
    roots = {m.split(".")[0] for m in result.stdout.split() if not m.startswith("_")}
    assert roots - set(sys.stdlib_module_names) - {"breachkit"} == set()
