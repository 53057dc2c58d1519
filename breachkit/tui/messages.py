"""App-wide messages: what happened, carrying ids and core objects, never widgets."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from textual.message import Message

if TYPE_CHECKING:  # annotations only: the board starts without the drafts and letters code
    from breachkit.core.clocks.engine import ClockReading
    from breachkit.core.playbooks import PlaybookView
    from breachkit.core.review.register import RegisterRow
    from breachkit.core.timeline.chain import TimelineEntry
    from breachkit.services import IncidentSummary, VerifyReport
    from breachkit.services.drafts import DraftExport, DraftRecord, PreparedDraft
    from breachkit.services.letters import LetterProgress, LetterRun
    from breachkit.services.letters_check import LetterPreview, SubjectsCheck
    from breachkit.services.results import ExportResult
    from breachkit.tui.review import ReviewState


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
    pending: bool = False
    """The rows only: the clocks of some incidents are still being read."""


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


@dataclass
class DraftRead(Message):
    """A notification draft was prepared (in a worker) for the Notify tab: what it lacks,
    the portal sheet, and the exports so far; ``draft`` is None (with the ``problem``)
    when it could not be prepared."""

    incident_id: str
    draft: PreparedDraft | None
    sheet: str
    exports: list[DraftRecord]
    generation: int
    problem: str = ""


@dataclass
class DraftExported(Message):
    """A draft was written and recorded (in a worker)."""

    incident_id: str
    export: DraftExport


@dataclass
class ReviewRead(Message):
    """The review's metrics, containment and items were read (in a worker)."""

    incident_id: str
    review: ReviewState | None
    generation: int
    problem: str = ""


@dataclass
class FileExported(Message):
    """A report or the register was written and recorded (in a worker)."""

    what: str
    """``report`` or ``register``."""
    result: ExportResult


@dataclass
class RegisterLoaded(Message):
    """Every incident's register row was read (in a worker)."""

    rows: list[RegisterRow]


@dataclass
class FixRequested(Message):
    """Somewhere else in the workspace fills in what a pane lacks: change ``fact`` (in a
    dialog, over the current tab) or show ``tab``."""

    tab: str = ""
    fact: str = ""


@dataclass
class SubjectsChecked(Message):
    """The people file was read (in a worker) as a batch would read it; None (with the
    ``problem``) when it could not be."""

    incident_id: str
    check: SubjectsCheck | None
    generation: int
    problem: str = ""


@dataclass
class LetterPreviewed(Message):
    """One person's letter was rendered as text (in a worker)."""

    incident_id: str
    preview: LetterPreview | None
    generation: int
    problem: str = ""


@dataclass
class LettersProgressed(Message):
    """A chunk of the batch was written (posted from the worker by the services' callback)."""

    progress: LetterProgress


@dataclass
class LettersWritten(Message):
    """The batch finished, or stopped between chunks (``run.complete`` says which)."""

    incident_id: str
    run: LetterRun
