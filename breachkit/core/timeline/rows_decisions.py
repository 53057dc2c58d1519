"""Risk decisions and milestones (``contained``).

Rows of :mod:`breachkit.core.timeline.projection`, kept in small modules so that a
command imports the rows it reads only (issue 19, start-up).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar


@dataclass(frozen=True, slots=True)
class DecisionRow:
    """A risk decision with the recommendation and the facts as they stood."""

    TABLE: ClassVar[str] = "decisions"
    KEY: ClassVar[str] = "entry_seq"
    entry_seq: int
    at: str
    actor: str
    personal_data_breach: bool
    risk: str
    outcome: str
    recommended_risk: str
    recommended_outcome: str
    override: bool
    justification: str
    reasons: tuple[str, ...]
    exemptions: tuple[str, ...]
    facts: dict[str, Any]


@dataclass(frozen=True, slots=True)
class MilestoneRow:
    """E.g. ``contained``, at ``at`` (when it happened)."""

    TABLE: ClassVar[str] = "milestones"
    KEY: ClassVar[str] = "entry_seq"
    entry_seq: int
    milestone: str
    at: str
    actor: str
    note: str
