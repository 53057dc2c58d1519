"""Read models the services hand to the front ends (immutable, no DB handles).

The incident and its summary only: every command that reads an incident imports them.
What ``verify`` and the exports return is in :mod:`breachkit.services.results`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

if TYPE_CHECKING:  # annotations only: the front ends import these views at start-up
    from breachkit.core.incident.model import IncidentFacts
    from breachkit.core.organisation.profile import Organisation

NOTICE_CHUNK = 64
"""How many controllers' notices one task of ``write_notices`` writes."""


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
    """When the incident became known; for a broken one, when it was recorded."""
    timezone: str
    entries: int
    problem: str = ""
    """Why the incident's stored record cannot be read ("" when it can): such an
    incident is listed as broken, and never hides the others."""
    controllers_told: str = ""
    """A processor's incident with controllers: ``12/40 controllers told``."""
