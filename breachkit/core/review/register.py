"""The breach register (Art. 33(5)): one row per incident, notified or not.

The services gather each incident's facts, recorded decision, filings, letter batches
and containment; :func:`register_row` turns them into the row the register's CSV, JSON
and PDF show, and :func:`people_informed` says whether the people were told or why not.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from breachkit.core.incident.model import IncidentFacts
from breachkit.core.review.summary import (
    KEEP,
    PERSON,
    Containment,
    FilingRecord,
    LetterBatch,
    people_told,
)
from breachkit.core.risk.model import Outcome, RiskLevel

REGISTER_FORMATS = ("csv", "json", "pdf")


# -- decisions and what the people were told -----------------------------------------------


RISK_LABELS: Mapping[str, str] = {
    RiskLevel.UNLIKELY: "unlikely to result in a risk",
    RiskLevel.RISK: "a risk to people's rights and freedoms",
    RiskLevel.HIGH: "a high risk to people's rights and freedoms",
}
OUTCOME_LABELS: Mapping[str, str] = {
    Outcome.RECORD_ONLY: "record only; no notification (Art. 33(5))",
    Outcome.NOTIFY_AUTHORITY: "notify the supervisory authority (Art. 33)",
    Outcome.NOTIFY_AUTHORITY_AND_SUBJECTS: "notify the authority and tell the people (Art. 33, 34)",
    Outcome.NOTIFY_AUTHORITY_AND_PUBLIC: (
        "notify the authority and inform the public (Art. 33, 34(3)(c))"
    ),
}


@dataclass(frozen=True, slots=True)
class DecisionRecord:
    """A recorded risk decision with the reasons the engine gave at the time."""

    seq: int
    at: datetime
    actor: str = field(metadata=PERSON)
    personal_data_breach: bool
    risk: str = field(metadata=KEEP)
    outcome: str = field(metadata=KEEP)
    recommended_risk: str = field(metadata=KEEP)
    recommended_outcome: str = field(metadata=KEEP)
    override: bool
    justification: str
    reasons: tuple[str, ...]
    """The engine's reasons as it gave them when the decision was recorded."""
    exemptions: tuple[str, ...] = field(metadata=KEEP)


def people_informed(
    facts: IncidentFacts,
    decision: DecisionRecord | None,
    letters: Sequence[LetterBatch],
) -> str:
    """Whether the people were told, or the ground for not telling them (Art. 34(1), 34(3))."""
    told = people_told(facts, letters)
    if told:
        return told
    stated = facts.response.people_informed.value if facts.response.people_informed else ""
    if decision is None:
        if stated == "done":
            return "yes (stated in the facts); no risk decision recorded"
        return "not decided: no risk decision recorded"
    if not decision.personal_data_breach:
        return "not required: decided not to be a personal data breach"
    if decision.outcome == Outcome.NOTIFY_AUTHORITY_AND_PUBLIC:
        return "public communication instead of individual letters (Art. 34(3)(c))"
    if decision.outcome == Outcome.NOTIFY_AUTHORITY_AND_SUBJECTS:
        if stated == "done":
            return "yes (stated in the facts)"
        return f"required (Art. 34(1)); {stated.replace('_', ' ') or 'not yet'} done"
    grounds = ", ".join(f"Art. {g}" for g in decision.exemptions)
    if decision.risk == RiskLevel.HIGH:
        why = decision.justification or "no ground written down"
        return f"not informed although the risk was rated high: {why}"
    text = "not required: the risk is not high (Art. 34(1))"
    if grounds:
        text += f"; {grounds} would also apply"
    return text


# -- the register ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class RegisterRow:
    """One incident in the breach register (Art. 33(5)): facts, effects, remedy, decision."""

    incident_id: str
    title: str
    status: str
    timezone: str
    occurred_at: datetime | None
    detected_at: datetime | None
    aware_at: datetime
    contained_at: datetime | None
    personal_data_breach: bool | None
    """None: no decision recorded yet."""
    nature: str
    breach_types: tuple[str, ...]
    cause: str
    summary: str
    data_categories: tuple[str, ...]
    subject_groups: tuple[str, ...]
    data_subjects: int | None
    records: int | None
    countries: tuple[str, ...]
    effects: str
    consequences: str
    measures_taken: tuple[str, ...]
    measures_proposed: tuple[str, ...]
    risk: str
    outcome: str
    decided_at: datetime | None
    decided_by: str
    override: bool
    justification: str
    reasons: tuple[str, ...]
    filings: tuple[FilingRecord, ...]
    people_informed: str


def _yes_no(value: bool | None) -> str:
    return "not stated" if value is None else ("yes" if value else "no")


def nature(facts: IncidentFacts) -> str:
    b = facts.breach
    parts = []
    if b.types:
        parts.append(" and ".join(t.value for t in b.types) + " breach")
    if b.cause:
        parts.append(f"cause: {b.cause.value.replace('_', ' ')}")
    if b.malicious is not None:
        parts.append("malicious" if b.malicious else "not malicious")
    return "; ".join(parts) or "not stated"


def effects(facts: IncidentFacts) -> str:
    """The effects the facts state, in one line (the free-text consequences come apart)."""
    b = facts.breach
    parts = []
    if b.exfiltration:
        parts.append(f"exfiltration {b.exfiltration.value.replace('_', ' ')}")
    if b.recipients:
        parts.append(f"recipients {b.recipients.value}")
    if b.availability_loss and b.availability_loss.value != "none":
        hours = f" ({b.unavailable_hours:g} h)" if b.unavailable_hours is not None else ""
        parts.append(f"{b.availability_loss.value} loss of availability{hours}")
    if b.service_impact:
        parts.append(f"service impact {b.service_impact.value}")
    if b.misuse_observed is not None:
        parts.append(f"misuse observed: {_yes_no(b.misuse_observed)}")
    return "; ".join(parts) or "not stated"


def _decided(
    decision: DecisionRecord | None, recommended: tuple[str, str] | None
) -> tuple[str, str, tuple[str, ...]]:
    """Risk, outcome and reasons as the register states them, decided or not."""
    if decision is not None:
        return decision.risk, decision.outcome, decision.reasons
    if recommended is not None:
        return (
            f"not decided (recommended: {recommended[0]})",
            f"not decided (recommended: {recommended[1]})",
            (),
        )
    return "not decided", "not decided", ()


def register_row(
    *,
    incident_id: str,
    status: str,
    facts: IncidentFacts,
    decision: DecisionRecord | None,
    recommended: tuple[str, str] | None,
    filings: Sequence[FilingRecord],
    letters: Sequence[LetterBatch],
    contained: Containment | None,
) -> RegisterRow:
    """The register row for one incident, notified or not.

    Without a recorded decision the row says so and gives the engine's recommendation
    (``recommended``: risk, outcome) for what it is: a recommendation.
    """
    risk, outcome, reasons = _decided(decision, recommended)
    d = facts.data
    r = facts.response
    return RegisterRow(
        incident_id=incident_id,
        title=facts.title,
        status=status,
        timezone=facts.timezone,
        occurred_at=facts.occurred_at,
        detected_at=facts.detected_at,
        aware_at=facts.aware_at,
        contained_at=contained.at if contained else None,
        personal_data_breach=decision.personal_data_breach if decision else None,
        nature=nature(facts),
        breach_types=tuple(t.value for t in facts.breach.types),
        cause=facts.breach.cause.value if facts.breach.cause else "",
        summary=facts.summary,
        data_categories=tuple(c.value for c in d.categories),
        subject_groups=tuple(g.value for g in d.subject_groups),
        data_subjects=d.data_subjects,
        records=d.records,
        countries=d.countries,
        effects=effects(facts),
        consequences=r.consequences,
        measures_taken=r.measures_taken,
        measures_proposed=r.measures_proposed,
        risk=risk,
        outcome=outcome,
        decided_at=decision.at if decision else None,
        decided_by=decision.actor if decision else "",
        override=decision.override if decision else False,
        justification=decision.justification if decision else "",
        reasons=reasons,
        filings=tuple(sorted(filings, key=lambda f: (f.at, f.seq))),
        people_informed=people_informed(facts, decision, letters),
    )


def broken_register_row(
    *, incident_id: str, title: str, status: str, recorded_at: datetime, problem: str
) -> RegisterRow:
    """The register row of an incident whose stored record cannot be read.

    The register lists every breach (Art. 33(5)); one that cannot be read is listed as
    broken, with the reason, rather than left out or allowed to stop the register.
    Its "aware" time is when it was recorded in breachkit, and the row says so.
    """
    return RegisterRow(
        incident_id=incident_id,
        title=title,
        status=status,
        timezone="UTC",
        occurred_at=None,
        detected_at=None,
        aware_at=recorded_at,
        contained_at=None,
        personal_data_breach=None,
        nature=f"BROKEN RECORD: {problem}",
        breach_types=(),
        cause="",
        summary=(
            "breachkit cannot read this incident's stored record, so its facts are not shown. "
            "The time given as 'aware' is when the incident was recorded in breachkit. "
            "Correct the record (breachkit show / set) and export the register again."
        ),
        data_categories=(),
        subject_groups=(),
        data_subjects=None,
        records=None,
        countries=(),
        effects="",
        consequences="",
        measures_taken=(),
        measures_proposed=(),
        risk="unknown (broken record)",
        outcome="unknown (broken record)",
        decided_at=None,
        decided_by="",
        override=False,
        justification="",
        reasons=(),
        filings=(),
        people_informed="unknown (broken record)",
    )


def fact_lines(facts: IncidentFacts) -> tuple[tuple[str, str], ...]:
    """The facts as (label, value) lines for a reader; times are left to the caller."""
    d, p, r = facts.data, facts.protection, facts.response

    def words(values: Sequence[object]) -> str:
        return ", ".join(str(v).replace("_", " ") for v in values) or "not stated"

    def one(value: object) -> str:
        if value is None:
            return "not stated"
        if isinstance(value, bool):
            return _yes_no(value)
        return str(value).replace("_", " ")

    def count(value: int | None) -> str:
        return "not stated" if value is None else f"{value:,}"

    return (
        ("Role", one(facts.role.value)),
        ("Nature", nature(facts)),
        ("Effects", effects(facts)),
        ("Data categories", words([c.value for c in d.categories])),
        (
            "People affected",
            f"{count(d.data_subjects)} ({words([g.value for g in d.subject_groups])})",
        ),
        ("Records", count(d.records)),
        ("Countries", words(d.countries)),
        ("Identifiability", one(d.identifiability.value if d.identifiability else None)),
        ("Encryption", one(p.encryption.value if p.encryption else None)),
        ("Backup", one(p.backup.value if p.backup else None)),
        ("Restored", one(p.restored)),
        ("Consequences", r.consequences or "not stated"),
        ("Measures taken", "\n".join(f"• {m}" for m in r.measures_taken) or "none stated"),
        ("Measures proposed", "\n".join(f"• {m}" for m in r.measures_proposed) or "none stated"),
        ("People informed (facts)", one(r.people_informed.value if r.people_informed else None)),
        ("Other parties told", words([o.value for o in r.other_parties])),
    )


def label(mapping: Mapping[str, str], value: str) -> str:
    return mapping.get(value, value.replace("_", " "))
