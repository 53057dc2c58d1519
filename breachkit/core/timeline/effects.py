"""What one change does to the tables: a stateless function of the change and its entry.

:func:`effects` is the one rule both sides use: the fold replays it over the chain
(:mod:`breachkit.core.timeline.fold`), and the store applies it to its tables when the
entry is recorded (``breachkit.store.unit.Tx.record``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from breachkit.core.timeline.changes import (
    Change,
    Checkpoint,
    ControllerAcknowledged,
    ControllerNotified,
    ControllersLoaded,
    Decided,
    DraftExported,
    EvidenceAdded,
    FactSet,
    FilingRecorded,
    LettersFinished,
    LettersStarted,
    MilestoneReached,
    NoticeExported,
    Opened,
    PlaybookChosen,
    ReviewAdded,
    ReviewClosed,
    StatusSet,
    StepMarked,
)
from breachkit.core.timeline.projection import (
    ControllerEventRow,
    ControllerListRow,
    DecisionRow,
    DraftRow,
    EvidenceRow,
    FactChange,
    FilingRow,
    IncidentState,
    LetterBatchRow,
    MilestoneRow,
    NoticeRow,
    ReviewItemRow,
    Row,
    Snapshot,
    StepRow,
    snapshot_from_document,
)


@dataclass(frozen=True, slots=True)
class EntryMeta:
    """What every change takes from its entry: where it is, when, who."""

    seq: int
    kind: str
    occurred_at: str
    recorded_at: str
    actor: str


# -- effects --------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Open:
    state: IncidentState


@dataclass(frozen=True, slots=True)
class SetField:
    """``status`` or ``playbook_id`` of the incident."""

    name: str
    value: Any


@dataclass(frozen=True, slots=True)
class SetFact:
    key: str
    old: Any
    new: Any


@dataclass(frozen=True, slots=True)
class Add:
    row: Row


@dataclass(frozen=True, slots=True)
class Amend:
    """Complete the row of ``table`` with key ``key`` (a batch finished, an item closed)."""

    table: str
    key: int
    values: Mapping[str, Any]


@dataclass(frozen=True, slots=True)
class Reset:
    snapshot: Snapshot


Effect = Open | SetField | SetFact | Add | Amend | Reset


def effects(meta: EntryMeta, change: Change) -> tuple[Effect, ...]:
    """What ``change``, recorded as entry ``meta``, does to the tables."""
    seq, at, actor = meta.seq, meta.recorded_at, meta.actor
    match change:
        case Opened(facts=facts, organisation=org):
            title = str(facts.get("title", ""))
            return (Open(IncidentState(title, "open", at, actor, dict(facts), org, None)),)
        case FactSet(key=key, old=old, new=new):
            return (SetFact(key, old, new), Add(FactChange(key, old, new, actor, at, seq)))
        case StatusSet(status=status):
            return (SetField("status", status),)
        case PlaybookChosen(playbook=playbook):
            return (SetField("playbook_id", playbook),)
        case StepMarked() as c:
            return (Add(StepRow(seq, c.playbook, c.version, c.step, c.status, c.note, at, actor)),)
        case EvidenceAdded() as c:
            return (Add(EvidenceRow(seq, c.sha256, c.filename, c.size, at, actor)),)
        case FilingRecorded() as c:
            row = FilingRow(
                seq,
                c.clock_id,
                c.authority,
                c.filed_at,
                c.reference,
                c.reasons_for_delay,
                at,
                actor,
                c.draft_seq,
            )
            return (Add(row),)
        case DraftExported() as c:
            draft = DraftRow(
                seq,
                c.authority,
                c.language,
                c.phase,
                c.version,
                c.format,
                c.file_sha256,
                c.content_sha256,
                c.filename,
                c.complete,
                at,
                actor,
            )
            return (Add(draft),)
        case _:
            return _more_effects(meta, change)


def _letter_effects(meta: EntryMeta, change: LettersStarted | LettersFinished) -> Effect:
    """A letter batch starts (a row) or finishes (its row amended with the counts)."""
    if isinstance(change, LettersStarted):
        c = change
        return Add(
            LetterBatchRow(
                meta.seq,
                c.started_at,
                c.subjects_file,
                c.subjects_sha256,
                c.out_dir,
                c.format,
                meta.actor,
            )
        )
    done = {
        "finished_at": meta.recorded_at,
        "letters": change.letters,
        "bad_rows": change.bad_rows,
        "manifest_sha256": change.manifest_sha256,
        "entry_seq": meta.seq,
        "people": change.people,
        "people_by_channel": dict(change.people_by_channel),
        "people_told": change.people_told,
        "people_affected": change.people_affected,
        "people_not_compared": change.people_not_compared,
        "incomplete": change.incomplete,
    }
    return Amend(LetterBatchRow.TABLE, change.batch, done)


def _more_effects(meta: EntryMeta, change: Change) -> tuple[Effect, ...]:
    seq, at, actor = meta.seq, meta.recorded_at, meta.actor
    match change:
        case LettersStarted() | LettersFinished():
            return (_letter_effects(meta, change),)
        case NoticeExported() as c:
            notice = NoticeRow(
                seq, meta.occurred_at, actor, c.out_dir, dict(c.files), c.languages, c.incomplete
            )
            return (Add(notice),)
        case ReviewAdded() as c:
            item = ReviewItemRow(seq, c.kind, c.text, c.owner, c.due_date, "open", at, actor)
            return (Add(item),)
        case ReviewClosed() as c:
            closed = {
                "status": c.status,
                "closed_seq": seq,
                "closed_at": meta.occurred_at,
                "closed_by": actor,
                "closing_note": c.note,
            }
            return (Amend(ReviewItemRow.TABLE, c.item, closed),)
        case Decided() as c:
            decision = DecisionRow(
                seq,
                meta.occurred_at,
                actor,
                c.personal_data_breach,
                c.risk,
                c.outcome,
                c.recommended_risk,
                c.recommended_outcome,
                c.override,
                c.justification,
                c.reasons,
                c.exemptions,
                dict(c.facts),
            )
            return (Add(decision),)
        case MilestoneReached() as c:
            return (Add(MilestoneRow(seq, c.milestone, meta.occurred_at, actor, c.note)),)
        case Checkpoint(state=state):
            return (Reset(snapshot_from_document(state)),)
    return _controller_effects(meta, change)


def _controller_effects(meta: EntryMeta, change: Change) -> tuple[Effect, ...]:
    """A processor's controllers: the file read, each one told or acknowledging."""
    seq, at, actor = meta.seq, meta.occurred_at, meta.actor
    match change:
        case ControllersLoaded() as c:
            listed = ControllerListRow(
                seq, meta.recorded_at, actor, c.file, c.sha256, c.controllers, c.bad_rows
            )
            return (Add(listed),)
        case ControllerNotified() as c:
            told = ControllerEventRow(
                seq, c.controller, "notified", at, c.reference, c.complementary, actor
            )
            return (Add(told),)
        case ControllerAcknowledged() as c:
            return (
                Add(ControllerEventRow(seq, c.controller, "acknowledged", at, "", False, actor)),
            )
    return ()  # a document export, an import: on the record, no table changes
