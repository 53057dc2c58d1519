"""The values of the draft content model: what goes in, what comes out.

Re-exported by :mod:`breachkit.core.drafts.content`; import them from there.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Protocol

from breachkit.core.clocks.ids import GDPR_ART33
from breachkit.core.incident.model import IncidentFacts
from breachkit.core.organisation.authorities import Authority
from breachkit.core.organisation.profile import Organisation

Value = str | tuple[str, ...] | None
"""A draft value: text, a list of items, or None for "not stated"."""

AUTHORITY_CLOCK = GDPR_ART33
"""The clock a notification to a supervisory authority stops (Art. 33(1))."""


class Phase(StrEnum):
    INITIAL = "initial"
    COMPLEMENTARY = "complementary"


class Formatter(Protocol):
    """Locale-aware formatting, supplied by the renderer (the core knows no locale data)."""

    def number(self, value: float) -> str: ...

    def datetime(self, value: datetime) -> str:
        """The instant in the incident's zone, written the locale's way, with its offset."""
        ...

    def country(self, code: str) -> str:
        """The country's name in the draft's language."""
        ...

    def language(self, code: str) -> str:
        """A language's name in the draft's language (``en`` -> ``anglais``)."""
        ...


@dataclass(frozen=True, slots=True)
class DecisionInfo:
    """The person's latest risk decision (``breachkit decide``)."""

    risk: str
    outcome: str
    at: datetime


@dataclass(frozen=True, slots=True)
class PriorFiling:
    """A filing already recorded for the incident (``breachkit notified``)."""

    authority: str
    clock_id: str
    at: datetime
    reference: str = ""
    reasons_for_delay: str = ""


@dataclass(frozen=True, slots=True)
class DraftRequest:
    incident_id: str
    facts: IncidentFacts
    organisation: Organisation
    authority: Authority
    language: str
    phase: Phase
    now: datetime
    directory: Mapping[str, Authority] = field(default_factory=dict)
    decision: DecisionInfo | None = None
    exemptions: tuple[str, ...] = ()
    """Art. 34(3) grounds the facts meet (from the risk engine)."""
    filings: tuple[PriorFiling, ...] = ()
    deadline: datetime | None = None
    """When the Art. 33(1) clock falls due (None when it does not apply)."""
    reasons_for_delay: str = ""


@dataclass(frozen=True, slots=True)
class Missing:
    """Something the authority will ask for that the draft cannot say yet."""

    key: str
    """The incident-file or profile key (``data.records``), or a draft item."""
    why: str
    """Why the authority asks for it (English, for the command line)."""
    fix: str
    """How to fill it in (English)."""
    label: str
    """What it is, in the draft's language (printed in the INCOMPLETE notice)."""


@dataclass(frozen=True, slots=True)
class Draft:
    incident_id: str
    authority: str
    language: str
    phase: Phase
    values: dict[str, Value]
    flags: dict[str, bool]
    missing: tuple[Missing, ...]

    @property
    def complete(self) -> bool:
        return not self.missing
