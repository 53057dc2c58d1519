"""The tables as the chain says they must be: one frozen dataclass per row.

Each row comes from one entry (its key: the ``entry_seq`` of the entry that made it,
or for a letter batch the entry that started it). The store keeps these rows in its
tables; the fold (:mod:`breachkit.core.timeline.fold`) computes them from the chain;
the check (:mod:`breachkit.core.timeline.compare`) names every difference. Times are
ISO 8601 UTC text, as stored. A field with ``compare=False`` is local to one database
(a row id) and is not part of the record.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass, field, fields
from typing import Any, ClassVar

from breachkit.core.timeline.typed import ChangeError, build


@dataclass(frozen=True, slots=True)
class IncidentState:
    """The columns of an ``incidents`` row that the chain decides."""

    title: str
    status: str
    created_at: str
    created_by: str
    facts: dict[str, Any]
    organisation: dict[str, Any] | None
    playbook_id: str | None


@dataclass(frozen=True, slots=True)
class FactChange:
    """One fact set or cleared (``fact_changes``)."""

    TABLE: ClassVar[str] = "fact_changes"
    KEY: ClassVar[str] = "entry_seq"
    key: str
    old_value: Any
    new_value: Any
    actor: str
    changed_at: str
    entry_seq: int


@dataclass(frozen=True, slots=True)
class EvidenceRow:
    TABLE: ClassVar[str] = "evidence"
    KEY: ClassVar[str] = "entry_seq"
    entry_seq: int
    sha256: str
    filename: str
    size: int
    added_at: str
    added_by: str


@dataclass(frozen=True, slots=True)
class FilingRow:
    """A notification or report sent; ``draft_seq``: the draft export entry it sent."""

    TABLE: ClassVar[str] = "filings"
    KEY: ClassVar[str] = "entry_seq"
    entry_seq: int
    clock_id: str
    authority: str
    filed_at: str
    reference: str
    reasons_for_delay: str
    recorded_at: str
    actor: str
    draft_seq: int | None


@dataclass(frozen=True, slots=True)
class DraftRow:
    """One export of a notification draft; ``sha256`` is the file's."""

    TABLE: ClassVar[str] = "drafts"
    KEY: ClassVar[str] = "entry_seq"
    entry_seq: int
    authority: str
    language: str
    phase: str
    version: int
    format: str
    sha256: str
    content_sha256: str
    filename: str
    complete: bool
    generated_at: str
    actor: str
    id: int | None = field(default=None, compare=False)


@dataclass(frozen=True, slots=True)
class LetterBatchRow:
    """A batch of letters: started at entry ``start_seq``, finished at ``entry_seq``."""

    TABLE: ClassVar[str] = "letter_batches"
    KEY: ClassVar[str] = "start_seq"
    start_seq: int
    started_at: str
    subjects_file: str
    subjects_sha256: str
    out_dir: str
    format: str
    actor: str
    finished_at: str | None = None
    letters: int = 0
    bad_rows: int = 0
    manifest_sha256: str | None = None
    entry_seq: int | None = None
    people: int | None = None
    """Distinct people told by this batch (None: not counted, a batch of 0.1.0)."""
    people_by_channel: dict[str, int] = field(default_factory=dict)
    people_told: int | None = None
    """Distinct people told by every batch finished so far, this one included."""
    people_affected: int | None = None
    people_not_compared: int = 0
    incomplete: tuple[str, ...] = ()
    """What the letters lacked under Art. 34(2) (written with ``--allow-incomplete``)."""
    id: int | None = field(default=None, compare=False)


@dataclass(frozen=True, slots=True)
class StepRow:
    """A playbook step marked (``playbook_progress``)."""

    TABLE: ClassVar[str] = "playbook_progress"
    KEY: ClassVar[str] = "entry_seq"
    entry_seq: int
    playbook_id: str
    playbook_version: int
    step_id: str
    status: str
    note: str
    at: str
    actor: str


@dataclass(frozen=True, slots=True)
class ReviewItemRow:
    """A lesson or action item; closed (done or dropped) at entry ``closed_seq``."""

    TABLE: ClassVar[str] = "review_items"
    KEY: ClassVar[str] = "entry_seq"
    entry_seq: int
    kind: str
    text: str
    owner: str
    due_date: str | None
    status: str
    created_at: str
    actor: str
    closed_seq: int | None = None
    closed_at: str | None = None
    closed_by: str = ""
    closing_note: str = ""


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


@dataclass(frozen=True, slots=True)
class NoticeRow:
    """A public communication (Art. 34(3)(c)) written at ``at``: files and their SHA-256."""

    TABLE: ClassVar[str] = "public_notices"
    KEY: ClassVar[str] = "entry_seq"
    entry_seq: int
    at: str
    actor: str
    out_dir: str
    files: dict[str, str]
    languages: tuple[str, ...]
    incomplete: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class ControllerListRow:
    """A controllers file read at ``at``: the controllers (as documents) it named."""

    TABLE: ClassVar[str] = "controller_lists"
    KEY: ClassVar[str] = "entry_seq"
    entry_seq: int
    at: str
    actor: str
    file: str
    sha256: str
    controllers: tuple[dict[str, Any], ...]
    bad_rows: int


@dataclass(frozen=True, slots=True)
class ControllerEventRow:
    """A controller told (``notified``) or acknowledging (``acknowledged``) at ``at``."""

    TABLE: ClassVar[str] = "controller_events"
    KEY: ClassVar[str] = "entry_seq"
    entry_seq: int
    controller: str
    event: str
    at: str
    reference: str
    complementary: bool
    actor: str


Row = (
    FactChange
    | EvidenceRow
    | FilingRow
    | DraftRow
    | LetterBatchRow
    | StepRow
    | ReviewItemRow
    | DecisionRow
    | MilestoneRow
    | NoticeRow
    | ControllerListRow
    | ControllerEventRow
)

APPEND_ONLY: tuple[type[Row], ...] = (
    FactChange,
    EvidenceRow,
    FilingRow,
    DraftRow,
    StepRow,
    DecisionRow,
    MilestoneRow,
    NoticeRow,
    ControllerListRow,
    ControllerEventRow,
)
"""Tables whose rows never change once written: checked streaming, in key order."""
AMENDED: tuple[type[Row], ...] = (LetterBatchRow, ReviewItemRow)
"""Tables whose rows a later entry completes (a batch finished, an item closed)."""
ROW_TYPES: dict[str, type[Row]] = {t.TABLE: t for t in (*APPEND_ONLY, *AMENDED)}


def key_of(row: Row) -> int:
    value = getattr(row, row.KEY)
    assert isinstance(value, int)
    return value


_RECORD_FIELDS: dict[type, tuple[str, ...]] = {}


def record_fields(row_type: type[Row]) -> tuple[str, ...]:
    """The fields that are part of the record (a local row id is not)."""
    found = _RECORD_FIELDS.get(row_type)
    if found is None:
        found = _RECORD_FIELDS[row_type] = tuple(f.name for f in fields(row_type) if f.compare)
    return found


def row_document(row: Row) -> dict[str, Any]:
    """A row as JSON-ready data, without local ids (checkpoints, bundles)."""
    values = asdict(row)
    return {
        name: list(values[name]) if isinstance(values[name], tuple) else values[name]
        for name in record_fields(type(row))
    }


def row_from_document(row_type: type[Row], values: Mapping[str, Any], what: str) -> Row:
    """A row from JSON data; raises ChangeError naming what is wrong."""
    if not isinstance(values, Mapping):
        raise ChangeError(f"{what} is not an object")
    return build(row_type, values, what)


@dataclass(frozen=True, slots=True)
class Snapshot:
    """Everything the tables hold for one incident, as of one entry."""

    incident: IncidentState
    rows: dict[str, tuple[Row, ...]]
    """Per table name, in key order."""


def snapshot_document(snapshot: Snapshot) -> dict[str, Any]:
    """The ``state`` of a checkpoint entry."""
    incident = asdict(snapshot.incident)
    return {
        "incident": incident,
        **{table: [row_document(r) for r in snapshot.rows.get(table, ())] for table in ROW_TYPES},
    }


def snapshot_from_document(document: Mapping[str, Any]) -> Snapshot:
    """Read a checkpoint's ``state``; raises ChangeError naming what is wrong."""
    incident = build(IncidentState, _mapping(document.get("incident"), "its incident"), "incident")
    rows: dict[str, tuple[Row, ...]] = {}
    for table, row_type in ROW_TYPES.items():
        items = document.get(table, [])
        if not isinstance(items, list):
            raise ChangeError(f"its '{table}' is not a list")
        parsed = [
            row_from_document(row_type, item, f"{table}[{i}]") for i, item in enumerate(items)
        ]
        rows[table] = tuple(sorted(parsed, key=key_of))
    return Snapshot(incident, rows)


def _mapping(value: Any, what: str) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        raise ChangeError(f"{what} is missing or not an object")
    return value
