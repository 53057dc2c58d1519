"""The risk decision: the engine recommends, a person decides, the timeline keeps both."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from breachkit.core.enums import EntryKind
from breachkit.core.errors import InputError, Problem
from breachkit.core.risk.engine import Outcome, RiskAssessment, RiskLevel, assess
from breachkit.core.timeline.chain import EntryContent, TimelineEntry
from breachkit.core.timeline.changes import Decided
from breachkit.core.timeline.projection import DecisionRow
from breachkit.core.times import from_storage, utc_iso
from breachkit.services.base import Part, reads_once


@dataclass(frozen=True, slots=True)
class Decision:
    """A recorded risk decision, as it stood when it was made."""

    seq: int
    at: datetime
    actor: str
    personal_data_breach: bool
    risk: str
    outcome: str
    recommended_risk: str
    recommended_outcome: str
    override: bool
    justification: str
    facts: dict[str, Any]


class RiskServices(Part):
    @reads_once
    def assess_incident(self, incident_id: str) -> RiskAssessment:
        """The engine's recommendation for the facts as they stand now."""
        return assess(self.services.incident(incident_id).facts)

    def assess_file(self, path: Path) -> tuple[RiskAssessment, tuple[str, ...]]:
        """Assess an incident file without storing anything."""
        loaded = self.services.load_incident_file(path)
        return assess(loaded.facts), loaded.notes

    def decide(
        self,
        incident_id: str,
        *,
        risk: str | None = None,
        outcome: str | None = None,
        justification: str = "",
        not_a_breach: bool = False,
        actor: str | None = None,
    ) -> TimelineEntry:
        """Record the person's decision with the facts and the recommendation as they stood.

        Without ``risk``/``outcome`` it confirms the recommendation. A different risk or
        outcome is an override and needs a written justification; so does deciding that
        the incident is not a personal data breach.
        """
        row = self.store.incidents.get(incident_id)
        view = self.services.incident_part.view_of(row)
        recommended = assess(view.facts)
        justification = justification.strip()
        chosen_risk, chosen_outcome, override = _chosen(
            recommended, risk, outcome, not_a_breach=not_a_breach, justification=justification
        )
        now = self.clock.now()
        text = _decision_text(recommended, chosen_risk, chosen_outcome, override, not_a_breach)
        if justification:
            text += f"\nJustification: {justification}"
        change = Decided(
            personal_data_breach=not not_a_breach,
            risk=chosen_risk.value,
            outcome=chosen_outcome.value,
            recommended_risk=recommended.risk.value,
            recommended_outcome=recommended.outcome.value,
            override=override,
            justification=justification,
            reasons=tuple(r.text for r in recommended.reasons),
            exemptions=tuple(recommended.exemptions),
            facts=view.facts.to_document(),
        )
        with self.store.transaction() as tx:
            if tx.incidents.get(view.id).facts != row.facts:  # checked again under the lock
                raise InputError(
                    Problem(
                        "decide", None, "the facts changed while deciding: look again, then decide"
                    )
                )
            return tx.record(
                view.id,
                EntryContent(
                    EntryKind.DECISION,
                    text,
                    utc_iso(now),
                    utc_iso(now),
                    actor or self.actor,
                    change.links(),
                ),
            )

    def decisions(self, incident_id: str) -> list[Decision]:
        """Every recorded risk decision, oldest first."""
        view = self.services.incident(incident_id)
        return [_decision(r) for r in self.store.decisions.rows(view.id)]

    def latest_decision(self, incident_id: str) -> Decision | None:
        """The decision that stands (the last one recorded), found by index."""
        view = self.services.incident(incident_id)
        row = self.store.decisions.latest(view.id)
        return _decision(row) if row else None


def _decision(row: DecisionRow) -> Decision:
    return Decision(
        row.entry_seq,
        from_storage(row.at),
        row.actor,
        row.personal_data_breach,
        row.risk,
        row.outcome,
        row.recommended_risk,
        row.recommended_outcome,
        row.override,
        row.justification,
        row.facts,
    )


def _member(enum: type[RiskLevel] | type[Outcome], value: str | None, key: str) -> Any:
    if value is None:
        return None
    try:
        return enum(value)
    except ValueError:
        allowed = " | ".join(m.value for m in enum)
        raise InputError(
            Problem("decide", key, f"'{value}' is not allowed (allowed: {allowed})")
        ) from None


def _default_outcome(risk: RiskLevel) -> Outcome:
    return {
        RiskLevel.UNLIKELY: Outcome.RECORD_ONLY,
        RiskLevel.RISK: Outcome.NOTIFY_AUTHORITY,
        RiskLevel.HIGH: Outcome.NOTIFY_AUTHORITY_AND_SUBJECTS,
    }[risk]


def _chosen(
    recommended: RiskAssessment,
    risk: str | None,
    outcome: str | None,
    *,
    not_a_breach: bool,
    justification: str,
) -> tuple[RiskLevel, Outcome, bool]:
    """The risk and outcome decided, and whether that overrides the recommendation; an
    override (or "not a breach") without a justification is refused."""
    if not_a_breach:
        chosen_risk, chosen_outcome = RiskLevel.UNLIKELY, Outcome.RECORD_ONLY
        if not justification:
            raise InputError(
                Problem(
                    "decide",
                    "justification",
                    "deciding that this is not "
                    "a personal data breach needs a written justification",
                )
            )
    else:
        chosen_risk = _member(RiskLevel, risk, "risk") or recommended.risk
        chosen_outcome = _member(Outcome, outcome, "outcome") or (
            recommended.outcome
            if chosen_risk == recommended.risk
            else _default_outcome(chosen_risk)
        )
    override = not_a_breach or (chosen_risk, chosen_outcome) != (
        recommended.risk,
        recommended.outcome,
    )
    if override and not justification:
        raise InputError(
            Problem(
                "decide",
                "justification",
                f"the recommendation is {recommended.risk} / {recommended.outcome}; deciding "
                f"{chosen_risk} / {chosen_outcome} needs a written justification",
            )
        )
    return chosen_risk, chosen_outcome, override


def _decision_text(
    recommended: RiskAssessment,
    chosen_risk: RiskLevel,
    chosen_outcome: Outcome,
    override: bool,
    not_a_breach: bool,
) -> str:
    verb = "overrides" if override else "confirms"
    if not_a_breach:
        text = "Decision: not a personal data breach (recorded under Art. 33(5))."
    else:
        text = (
            f"Decision: risk {chosen_risk}, outcome {chosen_outcome} ({verb} the "
            f"recommendation {recommended.risk} / {recommended.outcome})."
        )
    return text
