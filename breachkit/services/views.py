"""Read models the services hand to the front ends (immutable, no DB handles)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from zoneinfo import ZoneInfo

from breachkit.core.incident.model import IncidentFacts
from breachkit.core.organisation.profile import Organisation
from breachkit.core.timeline.chain import ChainBreak


@dataclass(frozen=True, slots=True)
class IncidentView:
    id: str
    uid: str
    status: str
    created_at: datetime
    created_by: str
    facts: IncidentFacts
    organisation: Organisation | None
    entries: int

    @property
    def title(self) -> str:
        return self.facts.title

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.facts.timezone)


@dataclass(frozen=True, slots=True)
class IncidentSummary:
    id: str
    title: str
    status: str
    cause: str
    role: str
    lead_authority: str
    aware_at: datetime
    timezone: str
    entries: int


@dataclass(frozen=True, slots=True)
class EvidenceProblem:
    seq: int
    filename: str
    sha256: str
    problem: str

    def __str__(self) -> str:
        short = self.sha256[:12]
        return f"entry {self.seq}: evidence file '{self.filename}' ({short}…) {self.problem}"


@dataclass(frozen=True, slots=True)
class VerifyReport:
    incident_id: str
    checked: int
    chain_break: ChainBreak | None
    evidence_checked: int = 0
    evidence_problems: tuple[EvidenceProblem, ...] = field(default=())

    @property
    def ok(self) -> bool:
        return self.chain_break is None and not self.evidence_problems
