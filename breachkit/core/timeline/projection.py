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
from dataclasses import asdict, dataclass
from typing import Any

from breachkit.core.timeline.rows import key_of, record_fields
from breachkit.core.timeline.rows_decisions import DecisionRow, MilestoneRow
from breachkit.core.timeline.rows_facts import EvidenceRow, FactChange
from breachkit.core.timeline.rows_filings import DraftRow, FilingRow
from breachkit.core.timeline.rows_people import (
    ControllerEventRow,
    ControllerListRow,
    LetterBatchRow,
    NoticeRow,
    SendRunRow,
)
from breachkit.core.timeline.rows_playbook import ReviewItemRow, StepRow
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
    | SendRunRow
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
    SendRunRow,
    ControllerListRow,
    ControllerEventRow,
)
"""Tables whose rows never change once written: checked streaming, in key order."""
AMENDED: tuple[type[Row], ...] = (LetterBatchRow, ReviewItemRow)
"""Tables whose rows a later entry completes (a batch finished, an item closed)."""
ROW_TYPES: dict[str, type[Row]] = {t.TABLE: t for t in (*APPEND_ONLY, *AMENDED)}


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


__all__ = [
    "AMENDED",
    "APPEND_ONLY",
    "ROW_TYPES",
    "ControllerEventRow",
    "ControllerListRow",
    "DecisionRow",
    "DraftRow",
    "EvidenceRow",
    "FactChange",
    "FilingRow",
    "IncidentState",
    "LetterBatchRow",
    "MilestoneRow",
    "NoticeRow",
    "ReviewItemRow",
    "Row",
    "SendRunRow",
    "Snapshot",
    "StepRow",
    "key_of",
    "record_fields",
    "row_document",
    "row_from_document",
    "snapshot_document",
    "snapshot_from_document",
]
