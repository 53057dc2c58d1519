"""The explainable risk engine: from the incident facts to record / notify / communicate.

``assess(facts)`` proposes whether a breach is unlikely to result in a risk (record it,
Art. 33(5)), a risk (notify the supervisory authority, Art. 33(1)) or a high risk (also
tell the people, Art. 34(1), unless an Art. 34(3) ground applies), and shows its
reasoning: the ENISA (2013) severity with each component, the EDPB/WP29 factors that
raised or lowered the answer, the unknown facts it took at their worse value, and which
facts would change the answer. A person confirms or overrides it; the engine decides
nothing on its own.

Pure: standard library only, no I/O, no clock. The method, its sources and the choices
made where the guidelines are ambiguous are in docs/risk.md.

Modules: :mod:`model` (the answer's types), :mod:`facts` (filling unknown facts),
:mod:`enisa` (SE = DPC x EI + CB), :mod:`confidentiality` and :mod:`availability` (the
paths to harm), :mod:`rules` (likelihood and level), :mod:`outcome` (Art. 34(3) grounds and
outcome), :mod:`thresholds` (breachkit's own figures), :mod:`basis` (the sources cited).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

from breachkit.core.enums import (
    AvailabilityLoss,
    BreachType,
    Cause,
    DataCategory,
    Encryption,
    Exfiltration,
    Identifiability,
    PasswordStorage,
    Recipients,
    ServiceImpact,
)
from breachkit.core.errors import InputError, Problem
from breachkit.core.incident.model import IncidentFacts
from breachkit.core.risk.enisa import severity as enisa_severity
from breachkit.core.risk.facts import resolve
from breachkit.core.risk.kinds import ATTACKS, Exposure
from breachkit.core.risk.model import (
    IndividualContact,
    Outcome,
    Reason,
    RiskAssessment,
    RiskLevel,
    Severity,
)
from breachkit.core.risk.outcome import exemptions, outcome
from breachkit.core.risk.rules import decide
from breachkit.core.risk.thresholds import LARGE_SCALE, QUICK_RESTORE_HOURS

__all__ = [
    "IndividualContact",
    "Outcome",
    "Reason",
    "RiskAssessment",
    "RiskLevel",
    "Severity",
    "assess",
]


def assess(facts: IncidentFacts, *, individual_contact: str | None = None) -> RiskAssessment:
    """Propose the risk level and what to do, with the reasons and their legal basis.

    ``individual_contact`` overrides the incident file's ``[response]
    individual_contact``: ``"possible"`` (the default when absent) or
    ``"disproportionate"``, which turns a high-risk outcome into a public communication
    (Art. 34(3)(c)). Anything else raises :class:`InputError`.
    """
    contact = _contact(individual_contact) or facts.response.individual_contact
    current = _evaluate(facts, contact)
    return replace(current, would_change=_would_change(facts, contact, current))


def _contact(value: str | None) -> IndividualContact | None:
    if value is None:
        return None
    try:
        return IndividualContact(value)
    except ValueError:
        allowed = ", ".join(f"'{c.value}'" for c in IndividualContact)
        raise InputError(
            Problem(
                "assess",
                "response.individual_contact",
                f"'{value}' is not allowed; expected one of {allowed}",
            )
        ) from None


def _evaluate(facts: IncidentFacts, contact: IndividualContact | None) -> RiskAssessment:
    resolution = resolve(facts)
    r = resolution.resolved
    sev, severity_reasons = enisa_severity(r)
    decision = decide(r, sev, facts)
    grounds, exemption_reasons = exemptions(r, decision.risk)
    result, public_grounds, outcome_reasons = outcome(r, decision.risk, contact)
    assumed = resolution.assumed + decision.assumed
    reasons: list[Reason] = [
        *outcome_reasons,
        *decision.reasons[:1],
        *severity_reasons,
        *decision.reasons[1:],
        *exemption_reasons,
        *(item.as_reason() for item in assumed),
    ]
    return RiskAssessment(
        outcome=result,
        risk=decision.risk,
        severity=sev,
        reasons=tuple(reasons),
        exemptions=grounds + public_grounds,
        assumptions=tuple(f"{item.sentence}." for item in assumed),
        would_change=(),
    )


# --- what would change the answer -------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Lever:
    """A fact whose other value may change the answer, and how to say so."""

    phrase: str
    applies: Callable[[IncidentFacts], bool]
    change: Callable[[IncidentFacts], IncidentFacts]


def _breach(facts: IncidentFacts, **changes: Any) -> IncidentFacts:
    return replace(facts, breach=replace(facts.breach, **changes))


def _data(facts: IncidentFacts, **changes: Any) -> IncidentFacts:
    return replace(facts, data=replace(facts.data, **changes))


def _protection(facts: IncidentFacts, **changes: Any) -> IncidentFacts:
    return replace(facts, protection=replace(facts.protection, **changes))


def _exposed(facts: IncidentFacts) -> bool:
    r = resolve(facts).resolved
    return r.confidentiality and r.exposure is not Exposure.NONE


def _available_issue(facts: IncidentFacts) -> bool:
    return resolve(facts).resolved.availability


def _rule_out(facts: IncidentFacts) -> IncidentFacts:
    recipients = facts.breach.recipients
    keep = recipients not in (None, Recipients.UNKNOWN)
    return _breach(
        facts, exfiltration=Exfiltration.RULED_OUT, recipients=recipients if keep else None
    )


def _assumed_malicious(facts: IncidentFacts) -> bool:
    cause = facts.breach.cause
    return facts.breach.malicious is None and cause not in ATTACKS and cause is not None


LEVERS = (
    _Lever(
        "exfiltration were ruled out by logs",
        lambda f: (
            f.breach.exfiltration in (None, Exfiltration.UNKNOWN, Exfiltration.LIKELY)
            and f.breach.cause not in (Cause.LOST_OR_STOLEN, Cause.MISDELIVERY)
            and f.breach.recipients in (None, Recipients.UNKNOWN)
            and _exposed(f)
        ),
        _rule_out,
    ),
    _Lever(
        "it were established that no one obtained the data (for a lost item: recovered unopened)",
        lambda f: (
            f.breach.recipients is None
            and f.breach.cause in (Cause.LOST_OR_STOLEN, Cause.MISDELIVERY)
            and _exposed(f)
        ),
        lambda f: _breach(f, recipients=Recipients.NONE),
    ),
    _Lever(
        "the recipient confirmed in writing that they deleted the data",
        lambda f: (
            f.breach.recipients in (Recipients.TRUSTED, Recipients.IDENTIFIED)
            and not f.breach.recipient_confirmed_deletion
        ),
        lambda f: _breach(f, recipient_confirmed_deletion=True),
    ),
    _Lever(
        "the data turned out to be encrypted with state-of-the-art encryption and the key "
        "not compromised",
        lambda f: f.protection.encryption is None and _exposed(f),
        lambda f: _protection(f, encryption=Encryption.STATE_OF_THE_ART, key_compromised=False),
    ),
    _Lever(
        "the encryption key were confirmed not compromised",
        lambda f: (
            f.protection.encryption is Encryption.STATE_OF_THE_ART
            and f.protection.key_compromised is None
        ),
        lambda f: _protection(f, key_compromised=False),
    ),
    _Lever(
        "the passwords were stored as strong salted hashes",
        lambda f: (
            f.protection.password_storage is None and DataCategory.CREDENTIALS in f.data.categories
        ),
        lambda f: _protection(f, password_storage=PasswordStorage.STRONG_SALTED_HASH),
    ),
    _Lever(
        "the breach were an accident rather than a deliberate act",
        _assumed_malicious,
        lambda f: _breach(f, malicious=False),
    ),
    _Lever(
        "the lost data could be recovered",
        lambda f: (
            f.breach.availability_loss is None
            and _available_issue(f)
            and resolve(f).resolved.availability_loss is AvailabilityLoss.PERMANENT
        ),
        lambda f: _breach(f, availability_loss=AvailabilityLoss.TEMPORARY),
    ),
    _Lever(
        f"the data were restored within {QUICK_RESTORE_HOURS:g} hours (breachkit's own "
        "threshold for restoring in good time)",
        lambda f: (
            _available_issue(f)
            and resolve(f).resolved.availability_loss is AvailabilityLoss.TEMPORARY
            and not resolve(f).resolved.quick_restore
        ),
        lambda f: _protection(
            _breach(
                f, unavailable_hours=min(f.breach.unavailable_hours or 24.0, QUICK_RESTORE_HOURS)
            ),
            restored=True,
        ),
    ),
    _Lever(
        "the altered data were restored",
        lambda f: resolve(f).resolved.integrity and not f.protection.restored,
        lambda f: _protection(f, restored=True),
    ),
    _Lever(
        "the unavailability had no effect on the people",
        lambda f: f.breach.service_impact is None and _available_issue(f),
        lambda f: _breach(f, service_impact=ServiceImpact.NONE),
    ),
    _Lever(
        f"fewer than {LARGE_SCALE:,} people were affected (breachkit's own threshold for a "
        "large number)",
        lambda f: f.data.data_subjects is None,
        lambda f: _data(f, data_subjects=LARGE_SCALE - 1),
    ),
    _Lever(
        "the data were only identity and contact details",
        lambda f: not f.data.categories,
        lambda f: _data(f, categories=(DataCategory.IDENTITY, DataCategory.CONTACT)),
    ),
    _Lever(
        "the data were pseudonymised",
        lambda f: f.data.identifiability is None,
        lambda f: _data(f, identifiability=Identifiability.PSEUDONYMISED),
    ),
    _Lever(
        "only availability, not confidentiality, were affected",
        lambda f: not f.breach.types,
        lambda f: _breach(
            f, types=(BreachType.AVAILABILITY,), exfiltration=Exfiltration.NOT_APPLICABLE
        ),
    ),
    _Lever(
        "misuse of the data were observed",
        lambda f: not f.breach.misuse_observed and _evaluate(f, None).risk is RiskLevel.RISK,
        lambda f: _breach(f, misuse_observed=True),
    ),
)


def _would_change(
    facts: IncidentFacts, contact: IndividualContact | None, current: RiskAssessment
) -> tuple[str, ...]:
    """One sentence for each lever that changes the risk or the outcome."""
    sentences: list[str] = []
    for lever in LEVERS:
        if not lever.applies(facts):
            continue
        other = _evaluate(lever.change(facts), contact)
        if (other.risk, other.outcome) == (current.risk, current.outcome):
            continue
        if other.risk is current.risk:
            change = f"the outcome would be {other.outcome.value} instead of {current.outcome}"
        else:
            change = (
                f"the risk would be {other.risk.value} ({other.outcome.value}) instead of "
                f"{current.risk.value} ({current.outcome.value})"
            )
        sentences.append(f"If {lever.phrase}, {change}.")
    return tuple(sentences)
