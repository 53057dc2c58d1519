"""Incident facts for the risk engine's tests: every section given in full unless a test
says otherwise, plus the small helpers the risk tests share."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

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
from breachkit.core.incident.model import BreachFacts, DataFacts, IncidentFacts, ProtectionFacts
from breachkit.core.risk.engine import RiskAssessment, assess

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
    return assess(facts, **kw).risk.rank


def facts_in(result: RiskAssessment, direction: str) -> set[str]:
    return {r.fact for r in result.reasons if r.direction == direction}


def cb(result: RiskAssessment) -> dict[str, float]:
    return dict(result.severity.cb_parts)
