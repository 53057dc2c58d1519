"""What an entry changes: the structured, versioned record in an entry's links.

Every change of state breachkit records (a fact set or cleared, a decision, a filing, a
draft export, a letter batch and its end, a public notice, a playbook step, a review
item, containment)
is one timeline entry whose ``links`` carry the whole change as values::

    {"change": "fact.set", "v": 1, "key": "breach.exfiltration", "old": null, "new": "likely"}

The links are part of the hashed content, so the chain itself is the record; the tables
are views of it, rebuilt by :mod:`breachkit.core.timeline.fold`. Each kind of change is
a frozen dataclass here; :func:`read_change` turns stored links back into one, checking
every field's type, so a malformed record is named rather than half-applied.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass, fields
from typing import Any, ClassVar

from breachkit.core.timeline.chain import CHANGE as CHANGE
from breachkit.core.timeline.typed import ChangeError as ChangeError
from breachkit.core.timeline.typed import build

"""The links key naming the kind of change; reserved (a hand-written entry cannot use it)."""
VERSION = "v"
PAYLOAD_VERSION = 1
MARKER = '"change":'
"""Stored links text holding a change contains this (a cheap test before parsing JSON)."""


@dataclass(frozen=True, slots=True)
class Change:
    """Base of every change; ``OP`` is its name on the chain."""

    OP: ClassVar[str] = ""

    def links(self) -> dict[str, Any]:
        """The entry's links: the change, its version and its values."""
        return {CHANGE: self.OP, VERSION: PAYLOAD_VERSION, **_plain(asdict(self))}


@dataclass(frozen=True, slots=True)
class Opened(Change):
    """The incident was opened with these facts (and this organisation, if any)."""

    OP: ClassVar[str] = "incident.open"
    facts: dict[str, Any]
    organisation: dict[str, Any] | None


@dataclass(frozen=True, slots=True)
class FactSet(Change):
    """One fact set (``new``) or cleared (``new`` is None); ``old`` as it was."""

    OP: ClassVar[str] = "fact.set"
    key: str
    old: Any
    new: Any


@dataclass(frozen=True, slots=True)
class StatusSet(Change):
    OP: ClassVar[str] = "incident.status"
    status: str
    reason: str


@dataclass(frozen=True, slots=True)
class PlaybookChosen(Change):
    OP: ClassVar[str] = "playbook.use"
    playbook: str


@dataclass(frozen=True, slots=True)
class StepMarked(Change):
    OP: ClassVar[str] = "playbook.step"
    playbook: str
    version: int
    step: str
    status: str
    note: str


@dataclass(frozen=True, slots=True)
class EvidenceAdded(Change):
    OP: ClassVar[str] = "evidence.add"
    sha256: str
    filename: str
    size: int
    note: str


@dataclass(frozen=True, slots=True)
class FilingRecorded(Change):
    """A notification or report sent; ``draft_seq`` is the draft export entry it sent."""

    OP: ClassVar[str] = "filing.add"
    clock_id: str
    authority: str
    filed_at: str
    reference: str
    reasons_for_delay: str
    late: bool
    draft_seq: int | None
    draft_version: int | None
    draft_sha256: str


@dataclass(frozen=True, slots=True)
class DraftExported(Change):
    OP: ClassVar[str] = "draft.export"
    authority: str
    language: str
    phase: str
    version: int
    format: str
    filename: str
    content_sha256: str
    file_sha256: str
    complete: bool
    missing: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class LettersStarted(Change):
    """A batch of letters to affected people was started (it is known by this entry)."""

    OP: ClassVar[str] = "letters.start"
    subjects_file: str
    subjects_sha256: str
    out_dir: str
    format: str
    started_at: str


@dataclass(frozen=True, slots=True)
class LettersFinished(Change):
    """The batch started at entry ``batch`` is complete: the files it wrote, the people
    it told, and what Art. 34(2) content the letters lacked (written anyway)."""

    OP: ClassVar[str] = "letters.finish"
    batch: int
    letters: int
    """Files (a person may have two: a PDF and an e-mail)."""
    outputs: dict[str, int]
    bad_rows: int
    manifest_sha256: str
    print_sha256: str
    content_sha256: str
    people: int
    """Distinct people this batch gave at least one letter."""
    people_by_channel: dict[str, int]
    """People per channel (``post``, ``email``, ``pdf``); one person may use two."""
    people_told: int
    """Distinct people told by every finished batch of the incident, this one included."""
    people_affected: int | None
    """The people affected as the facts stated them when the batch finished."""
    people_not_compared: int
    """Earlier batches whose people could not be compared (their folder had gone)."""
    incomplete: tuple[str, ...]
    """What Art. 34(2) asks for that the letters lack (``--allow-incomplete``)."""


@dataclass(frozen=True, slots=True)
class LettersSent(Change):
    """E-mails of the batch started at entry ``batch`` were sent (or bounced): one record
    per run, with its counts; the per-message log is an evidence file (``log_sha256``)
    whose lines are exactly the ledger events this record stamps (``send_ledger``)."""

    OP: ClassVar[str] = "letters.send"
    batch: int
    source: str
    """``smtp`` (a send run), ``interrupted`` (what a killed run left, recorded by the
    next one) or ``bounces`` (delivery-status notifications read)."""
    server: str
    """host:port (security) as user; never a password."""
    started_at: str
    ended_at: str
    stopped: bool
    """The run was stopped (Ctrl-C, the stop key, a lost server) before the end."""
    messages: int
    """E-mails in the batch."""
    sent: int
    failed: int
    deferred: int
    bounced: int
    resent_uncertain: int
    """Sent again because an earlier run was killed between handing them to the server
    and writing down the answer (same Message-ID)."""
    events: int
    log_sha256: str
    people_emailed: int
    """Distinct people of this batch with an e-mail sent and not bounced, so far."""
    remaining: int
    """E-mails of the batch not yet sent, nor failed."""
    people_told: int | None = None
    """Distinct people of the incident told so far (post, PDF, or an e-mail sent)."""
    people_affected: int | None = None


@dataclass(frozen=True, slots=True)
class ReviewAdded(Change):
    OP: ClassVar[str] = "review.add"
    kind: str
    text: str
    owner: str
    due_date: str | None


@dataclass(frozen=True, slots=True)
class ReviewClosed(Change):
    """The review item added at entry ``item`` is done or dropped."""

    OP: ClassVar[str] = "review.close"
    item: int
    status: str
    note: str


@dataclass(frozen=True, slots=True)
class Decided(Change):
    """A person's risk decision, with the recommendation and the facts as they stood."""

    OP: ClassVar[str] = "risk.decide"
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
class MilestoneReached(Change):
    """E.g. the breach was contained, at the entry's ``occurred_at``."""

    OP: ClassVar[str] = "milestone"
    milestone: str
    note: str


@dataclass(frozen=True, slots=True)
class DocumentExported(Change):
    """A report, register or notice was written (it changes no table)."""

    OP: ClassVar[str] = "document.export"
    document: str
    filename: str
    sha256: str
    """The file's SHA-256."""
    content_sha256: str
    """The SHA-256 of what the document says (empty when it has none of its own)."""
    details: dict[str, Any]
    """More about it (pages, format, ...): kept beside the fields in the links."""

    def links(self) -> dict[str, Any]:
        out = Change.links(self)
        details = out.pop("details")
        return {**{k: v for k, v in details.items() if k not in out}, **out}


@dataclass(frozen=True, slots=True)
class NoticeExported(Change):
    """The public communication (Art. 34(3)(c)) was written: recorded, it stands for
    telling everyone (the Art. 34 clock is met)."""

    OP: ClassVar[str] = "notice.export"
    out_dir: str
    files: dict[str, str]
    """File name → SHA-256."""
    languages: tuple[str, ...]
    incomplete: tuple[str, ...]
    """What Art. 34(2) asks for that the notice lacks (``--allow-incomplete``)."""


@dataclass(frozen=True, slots=True)
class ControllersLoaded(Change):
    """A processor's controllers file was read: the controllers it must tell (Art. 33(2)).

    ``controllers`` holds each one as :meth:`breachkit.core.controllers.model.Controller.document`
    gives it; a later file adds controllers and replaces those with the same id."""

    OP: ClassVar[str] = "controllers.load"
    file: str
    sha256: str
    controllers: tuple[dict[str, Any], ...]
    bad_rows: int


@dataclass(frozen=True, slots=True)
class ControllerNotified(Change):
    """A notice was sent to controller ``controller`` at the entry's ``occurred_at``."""

    OP: ClassVar[str] = "controller.notified"
    controller: str
    reference: str
    complementary: bool


@dataclass(frozen=True, slots=True)
class ControllerAcknowledged(Change):
    """Controller ``controller`` acknowledged the notice at the entry's ``occurred_at``."""

    OP: ClassVar[str] = "controller.acknowledged"
    controller: str


@dataclass(frozen=True, slots=True)
class Imported(Change):
    """The incident arrived in this database from a bundle (it changes no table)."""

    OP: ClassVar[str] = "incident.import"
    bundle: str
    exported_from: str
    exported_at: str
    exported_by: str


@dataclass(frozen=True, slots=True)
class Checkpoint(Change):
    """The whole record as it stood when a database of an earlier release was upgraded.

    The entries before it kept their old form; the fold starts from this state.
    ``state`` is :func:`breachkit.core.timeline.projection.snapshot_document`'s shape.
    """

    OP: ClassVar[str] = "checkpoint"
    state: dict[str, Any]


CHANGES: dict[str, type[Change]] = {
    cls.OP: cls
    for cls in (
        Opened,
        FactSet,
        StatusSet,
        PlaybookChosen,
        StepMarked,
        EvidenceAdded,
        FilingRecorded,
        DraftExported,
        LettersStarted,
        LettersFinished,
        LettersSent,
        ReviewAdded,
        ReviewClosed,
        Decided,
        MilestoneReached,
        DocumentExported,
        NoticeExported,
        ControllersLoaded,
        ControllerNotified,
        ControllerAcknowledged,
        Imported,
        Checkpoint,
    )
}


def read_change(links: Mapping[str, Any]) -> Change | None:
    """The change stored links carry; None for an entry that changes nothing.

    Raises :class:`ChangeError` for links naming a change that is malformed, of an
    unknown kind, or of a newer version than this breachkit reads.
    """
    op = links.get(CHANGE)
    if op is None:
        return None
    if links.get(VERSION) != PAYLOAD_VERSION:
        raise ChangeError(
            f"its change record is version {links.get(VERSION)!r}; "
            f"this breachkit reads version {PAYLOAD_VERSION}"
        )
    cls = CHANGES.get(op) if isinstance(op, str) else None
    if cls is None:
        raise ChangeError(f"its change record is of an unknown kind {op!r}")
    if cls is DocumentExported:
        known = {f.name for f in fields(cls)} | {CHANGE, VERSION}
        links = {**links, "details": {k: v for k, v in links.items() if k not in known}}
    return build(cls, links, f"its {op} record")


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value
