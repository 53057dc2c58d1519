"""Incident rows and their fact history."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlite_utils import Database

from breachkit.core.errors import NotFoundError


@dataclass(frozen=True, slots=True)
class IncidentRow:
    id: str
    uid: str
    title: str
    status: str
    created_at: str
    created_by: str
    facts: dict[str, Any]
    organisation: dict[str, Any] | None
    head_seq: int
    head_hash: str | None


@dataclass(frozen=True, slots=True)
class FactChange:
    key: str
    old_value: Any
    new_value: Any
    actor: str
    changed_at: str
    entry_seq: int


_COLUMNS = (
    "id, uid, title, status, created_at, created_by, facts, organisation, head_seq, head_hash"
)


def _row(values: dict[str, Any]) -> IncidentRow:
    org = values["organisation"]
    return IncidentRow(
        id=values["id"],
        uid=values["uid"],
        title=values["title"],
        status=values["status"],
        created_at=values["created_at"],
        created_by=values["created_by"],
        facts=json.loads(values["facts"]),
        organisation=json.loads(org) if org else None,
        head_seq=values["head_seq"],
        head_hash=values["head_hash"],
    )


def next_id(db: Database, year: int) -> str:
    """The next free ``BK-YYYY-NNNN`` id; call inside a write transaction."""
    prefix = f"BK-{year}-"
    row = db.execute(
        "SELECT max(CAST(substr(id, ?) AS INTEGER)) FROM incidents WHERE id LIKE ?",
        [len(prefix) + 1, prefix + "%"],
    ).fetchone()
    return f"{prefix}{(row[0] or 0) + 1:04d}"


def insert(db: Database, row: IncidentRow) -> None:
    db.execute(
        f"INSERT INTO incidents ({_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            row.id,
            row.uid,
            row.title,
            row.status,
            row.created_at,
            row.created_by,
            json.dumps(row.facts, ensure_ascii=False, sort_keys=True),
            json.dumps(row.organisation, ensure_ascii=False) if row.organisation else None,
            row.head_seq,
            row.head_hash,
        ],
    )


def get(db: Database, incident_id: str) -> IncidentRow:
    rows = list(db.query(f"SELECT {_COLUMNS} FROM incidents WHERE id = ?", [incident_id]))
    if not rows:
        rows = list(
            db.query(f"SELECT {_COLUMNS} FROM incidents WHERE upper(id) = upper(?)", [incident_id])
        )
    if not rows:
        raise NotFoundError(f"no incident '{incident_id}' in this database (see: breachkit list)")
    return _row(rows[0])


def find_uid(db: Database, uid: str) -> str | None:
    rows = list(db.query("SELECT id FROM incidents WHERE uid = ?", [uid]))
    return rows[0]["id"] if rows else None


def all_rows(db: Database) -> list[IncidentRow]:
    return [_row(r) for r in db.query(f"SELECT {_COLUMNS} FROM incidents ORDER BY created_at, id")]


def set_facts(db: Database, incident_id: str, facts: dict[str, Any], title: str) -> None:
    db.execute(
        "UPDATE incidents SET facts = ?, title = ? WHERE id = ?",
        [json.dumps(facts, ensure_ascii=False, sort_keys=True), title, incident_id],
    )


def set_status(db: Database, incident_id: str, status: str) -> None:
    db.execute("UPDATE incidents SET status = ? WHERE id = ?", [status, incident_id])


def record_changes(db: Database, incident_id: str, changes: Iterable[FactChange]) -> None:
    for change in changes:
        db.execute(
            "INSERT INTO fact_changes (incident_id, key, old_value, new_value, actor, changed_at,"
            " entry_seq) VALUES (?, ?, ?, ?, ?, ?, ?)",
            [
                incident_id,
                change.key,
                json.dumps(change.old_value, ensure_ascii=False),
                json.dumps(change.new_value, ensure_ascii=False),
                change.actor,
                change.changed_at,
                change.entry_seq,
            ],
        )


def fact_history(db: Database, incident_id: str) -> list[FactChange]:
    return [
        FactChange(
            key=r["key"],
            old_value=json.loads(r["old_value"]) if r["old_value"] is not None else None,
            new_value=json.loads(r["new_value"]) if r["new_value"] is not None else None,
            actor=r["actor"],
            changed_at=r["changed_at"],
            entry_seq=r["entry_seq"],
        )
        for r in db.query(
            "SELECT * FROM fact_changes WHERE incident_id = ? ORDER BY id", [incident_id]
        )
    ]
