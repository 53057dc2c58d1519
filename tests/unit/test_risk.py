"""The risk engine, factor by factor: each fact moves the answer the way docs/risk.md says.

The guidelines' cases are in test_risk_cases.py and the scenarios in test_risk_scenarios.py;
here each factor is varied on its own and the ENISA arithmetic is checked against hand
calculations. Unknown facts, the outcome and the answer's shape: test_risk_answer.py.
"""

from __future__ import annotations

from dataclasses import replace

import pytest
from risk_incidents import MISDELIVERY, OUTAGE, C, cb, facts_in, incident, rank

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
    ServiceImpact,
    SubjectGroup,
)
from breachkit.core.risk.engine import Outcome, RiskAssessment, RiskLevel, assess
from breachkit.core.risk.enisa import band

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
    # DPC 2 x 1 + confidentiality 0.5 (the malware could read the unencrypted data, whatever
    # the logs say) + integrity 0.25 (altered, not restored) + availability 0.5 (permanent)
    # + malicious 0.5 = 3.75, high
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
        "confidentiality": 0.5,
        "integrity": 0.25,
        "availability": 0.5,
        "malicious_intent": 0.5,
    }
    assert (s.score, s.level) == (3.75, "high")


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


def test_ruling_out_exfiltration_lowers_only_when_no_attacker_could_read_the_data() -> None:
    both = (BreachType.AVAILABILITY, BreachType.CONFIDENTIALITY)
    leaked = incident(breach={"types": both})
    ruled_out = {
        "types": both,
        "exfiltration": Exfiltration.RULED_OUT,
        "recipients": Recipients.NONE,
    }
    # An attacker inside the system could read the unencrypted data: the logs do not undo it.
    assert assess(incident(breach=ruled_out)).risk is assess(leaked).risk is RiskLevel.RISK
    # A flaw nobody used (no one acting with malice had access): ruling out lowers.
    flaw = {**ruled_out, "cause": Cause.HUMAN_ERROR, "malicious": False}
    assert assess(incident(breach=flaw)).risk is RiskLevel.UNLIKELY
    assert "breach.exfiltration" in facts_in(assess(incident(breach=flaw)), "lowers")


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
    # Not high, so Art. 34(1) asks for no communication: no Art. 34(3)(b) ground is offered.
    assert (result.risk, result.exemptions) == (RiskLevel.UNLIKELY, ())
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


def test_the_dpc_basis_never_names_the_class_twice() -> None:
    def basis(*categories: DataCategory) -> str:
        return assess(incident(data={"categories": categories})).severity.dpc_basis

    assert basis(C.FINANCIAL) == "base 3 (financial data)"
    assert basis(C.FINANCIAL, C.BANK_ACCOUNT).startswith("base 3 (financial data: ")
    for categories in ((C.IDENTITY,), (C.COMMUNICATIONS,), (C.HEALTH,), (C.FINANCIAL,)):
        text = basis(*categories)
        head, _, rest = text.partition(": ")
        assert head.split("(", 1)[1] != rest.rstrip(")"), text
