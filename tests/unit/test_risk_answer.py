"""The risk engine's answer: unknown facts said aloud, the outcome and Art. 34(3), and the
shape of ``assess --json``."""

from __future__ import annotations

import re
import subprocess
import sys
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from risk_incidents import MISDELIVERY, OUTAGE, C, facts_in, incident, rank

from breachkit.core.enums import (
    AvailabilityLoss,
    BreachType,
    Cause,
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
from breachkit.core.incident.model import IncidentFacts
from breachkit.core.risk.engine import Outcome, RiskLevel, Severity, assess

ROOT = Path(__file__).resolve().parents[2]
BASIS = re.compile(r"GDPR (Art\.|Recital)|EDPB Guidelines|WP250|ENISA")

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
    # The types say only confidentiality was breached: a loss of availability is not a
    # plausible value of the unstated fact (stating one adds a breached property).
    ("encrypted", "availability_loss"),
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
            },
            protection={"encryption": None},
        )
    )
    assert result.risk is RiskLevel.RISK
    # Ruling exfiltration out would change nothing: ransomware read the data (EDPB 01/2021
    # case No. 01); encryption at rest would have.
    assert result.would_change == (
        "If the data turned out to be encrypted with state-of-the-art encryption and the key "
        "not compromised, the risk would be unlikely (record_only) instead of risk "
        "(notify_authority).",
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
