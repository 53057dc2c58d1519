"""The values the risk engine gives: levels, outcomes, reasons and the ENISA severity.

Re-exported by :mod:`breachkit.core.risk.engine`; import them from there.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import IntEnum, StrEnum
from typing import Any

from breachkit.core.enums import IndividualContact

__all__ = ["IndividualContact"]


class RiskLevel(StrEnum):
    """The three answers of Art. 33(1) and 34(1) GDPR."""

    UNLIKELY = "unlikely"
    """Unlikely to result in a risk: document only (Art. 33(1), 33(5))."""
    RISK = "risk"
    """A risk: notify the supervisory authority (Art. 33(1))."""
    HIGH = "high"
    """A high risk: also communicate the breach to the people (Art. 34(1))."""

    @property
    def rank(self) -> int:
        """``unlikely`` 0 < ``risk`` 1 < ``high`` 2."""
        return list(RiskLevel).index(self)


class Outcome(StrEnum):
    """What the law asks for, in increasing order of what must be done (see :attr:`rank`)."""

    RECORD_ONLY = "record_only"
    NOTIFY_AUTHORITY = "notify_authority"
    NOTIFY_AUTHORITY_AND_SUBJECTS = "notify_authority_and_subjects"
    NOTIFY_AUTHORITY_AND_PUBLIC = "notify_authority_and_public"
    """Art. 34(3)(c): individual communication would involve disproportionate effort."""

    @property
    def rank(self) -> int:
        """The order of outcomes: ``record_only`` 0 < ``notify_authority`` 1 < telling the
        people 2. Telling them one by one and by a public communication rank the same:
        both follow from a high risk (Art. 34(1)); Art. 34(3)(c) only changes how."""
        return OUTCOME_RANK[self]


OUTCOME_RANK = {
    Outcome.RECORD_ONLY: 0,
    Outcome.NOTIFY_AUTHORITY: 1,
    Outcome.NOTIFY_AUTHORITY_AND_SUBJECTS: 2,
    Outcome.NOTIFY_AUTHORITY_AND_PUBLIC: 2,
}


class Likelihood(IntEnum):
    """How likely a breached property is to harm the people (one path to harm)."""

    NONE = 0
    REMOTE = 1
    POSSIBLE = 2
    LIKELY = 3
    MATERIALISED = 4


DIRECTIONS = ("raises", "lowers", "assumed")

SEVERITY_LEVELS = ("low", "medium", "high", "very_high")


@dataclass(frozen=True, slots=True)
class Reason:
    """One step of the reasoning, fit to paste into the register or a draft.

    ``text`` is a full sentence that names the fact and ends with ``(basis).``
    """

    text: str
    basis: str
    """The article, recital or guideline paragraph the step rests on."""
    fact: str
    """The incident-file key (dotted) or derived value the step is about."""
    direction: str
    """``raises``, ``lowers`` or ``assumed`` (an unknown fact taken at its worse value)."""


@dataclass(frozen=True, slots=True)
class Severity:
    """ENISA (2013) severity: SE = DPC x EI + CB, with each component shown."""

    method: str = field(default="ENISA-2013", kw_only=True)
    score: float
    level: str
    """``low`` (SE < 2), ``medium`` (< 3), ``high`` (< 4) or ``very_high`` (>= 4)."""
    dpc: float
    dpc_basis: str
    ei: float
    ei_basis: str
    cb: float
    cb_parts: tuple[tuple[str, float], ...]
    """``confidentiality``, ``integrity``, ``availability``, ``malicious_intent``."""

    def to_json(self) -> dict[str, Any]:
        return {
            "method": self.method,
            "formula": "SE = DPC x EI + CB",
            "score": self.score,
            "level": self.level,
            "dpc": self.dpc,
            "dpc_basis": self.dpc_basis,
            "ei": self.ei,
            "ei_basis": self.ei_basis,
            "cb": self.cb,
            "cb_parts": dict(self.cb_parts),
        }


@dataclass(frozen=True, slots=True)
class RiskAssessment:
    """The engine's proposal. A person confirms or overrides it; the engine never decides."""

    outcome: Outcome
    risk: RiskLevel
    severity: Severity
    reasons: tuple[Reason, ...]
    exemptions: tuple[str, ...]
    """Art. 34(3) grounds whose conditions the facts meet, e.g. ``("34(3)(a)",)``."""
    assumptions: tuple[str, ...]
    """Unknown facts taken at their worse plausible value, one sentence each."""
    would_change: tuple[str, ...]
    """Facts that would change the answer: "If ..., the risk would be ..." sentences."""

    def to_json(self) -> dict[str, Any]:
        """The ``assess --json`` answer (spec keys first, then breachkit's extras)."""
        return {
            "outcome": self.outcome.value,
            "risk": self.risk.value,
            "severity": self.severity.to_json(),
            "reasons": [reason.text for reason in self.reasons],
            "exemptions": list(self.exemptions),
            "assumptions": list(self.assumptions),
            "would_change": list(self.would_change),
            "factors": [
                {
                    "fact": reason.fact,
                    "direction": reason.direction,
                    "basis": reason.basis,
                    "text": reason.text,
                }
                for reason in self.reasons
            ],
        }


def reason(fact: str, direction: str, sentence: str, basis: str) -> Reason:
    """Build a Reason whose text is ``sentence (basis).``"""
    if direction not in DIRECTIONS:
        raise ValueError(f"direction must be one of {DIRECTIONS}")
    return Reason(
        text=f"{sentence.rstrip('.')} ({basis}).", basis=basis, fact=fact, direction=direction
    )
