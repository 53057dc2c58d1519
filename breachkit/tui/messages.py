"""App-wide messages: what happened, carrying ids and core objects, never widgets."""

from __future__ import annotations

from dataclasses import dataclass, field

from textual.message import Message

from breachkit.core.clocks import ClockReading
from breachkit.core.playbook import PlaybookView
from breachkit.core.timeline import TimelineEntry
from breachkit.services import IncidentSummary, VerifyReport


@dataclass
class IncidentChanged(Message):
    """Something was recorded on an incident (entry, fact, filing, evidence): panes reload."""

    incident_id: str
    entry: TimelineEntry | None = None


@dataclass
class BoardLoaded(Message):
    """The board's rows were read (in a worker), with each incident's clocks."""

    incidents: list[IncidentSummary]
    clocks: dict[str, list[ClockReading] | None] = field(default_factory=dict)


@dataclass
class EvidenceAttached(Message):
    """A file was hashed and stored (in a worker) and its custody entry recorded."""

    incident_id: str
    entry: TimelineEntry


@dataclass
class ChainVerified(Message):
    """The timeline's hash chain and evidence files were re-checked (in a worker)."""

    reports: list[VerifyReport]


@dataclass
class TimelinePageLoaded(Message):
    """Earlier timeline entries were read (in a worker), matching the current filter."""

    incident_id: str
    entries: list[TimelineEntry]
    scanned_from: int
    """The lowest seq the read reached (1 when the start of the timeline was reached)."""
    generation: int


@dataclass
class PlaybookRead(Message):
    """Where the incident stands in its playbook was read (in a worker); None if it could
    not be, with the ``problem``."""

    incident_id: str
    status: PlaybookView | None
    generation: int
    problem: str = ""
