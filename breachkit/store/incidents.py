"""The ``incidents`` table: one row per incident, its head, and the columns the chain decides."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from breachkit.core.errors import NotFoundError
from breachkit.store.connection import Database

if TYPE_CHECKING:  # the projections are loaded by the code that compares or rebuilds
    from breachkit.core.timeline.projection import IncidentState


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
    playbook_id: str | None = None
    organisation_json: str | None = field(default=None, compare=False, repr=False)
    """``organisation`` as stored (JSON text; None for a row not read from the database):
    incidents opened under the same profile hold the same text, so a reader can parse it
    once (the register)."""

    def state(self) -> IncidentState:
        """The columns the chain decides, for comparing with the fold."""
        from breachkit.core.timeline.projection import IncidentState

        return IncidentState(
            self.title,
            self.status,
            self.created_at,
            self.created_by,
            self.facts,
            self.organisation,
            self.playbook_id,
        )


_COLUMNS = (
    "id, uid, title, status, created_at, created_by, facts, organisation, head_seq, head_hash,"
    " playbook_id"
)


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def _row(values: Any) -> IncidentRow:
    (id_, uid, title, status, created_at, created_by, facts, org, seq, head, playbook) = values
    return IncidentRow(
        id=id_,
        uid=uid,
        title=title,
        status=status,
        created_at=created_at,
        created_by=created_by,
        facts=json.loads(facts),
        organisation=json.loads(org) if org else None,
        head_seq=seq,
        head_hash=head,
        playbook_id=playbook,
        organisation_json=org or None,
    )


class Incidents:
    """Incident rows. Writes happen inside a transaction (``Store.transaction``)."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def next_id(self, year: int) -> str:
        """The next free ``BK-YYYY-NNNN`` id; call inside a write transaction."""
        prefix = f"BK-{year}-"
        row = self.db.execute(
            "SELECT max(CAST(substr(id, ?) AS INTEGER)) FROM incidents WHERE id LIKE ?",
            [len(prefix) + 1, prefix + "%"],
        ).fetchone()
        return f"{prefix}{(row[0] or 0) + 1:04d}"

    def exists(self, incident_id: str) -> bool:
        found = self.db.execute("SELECT 1 FROM incidents WHERE id = ?", [incident_id]).fetchone()
        return found is not None

    def insert(self, row: IncidentRow) -> None:
        self.db.execute(
            f"INSERT INTO incidents ({_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                row.id,
                row.uid,
                row.title,
                row.status,
                row.created_at,
                row.created_by,
                _dumps(row.facts),
                _dumps(row.organisation) if row.organisation else None,
                row.head_seq,
                row.head_hash,
                row.playbook_id,
            ],
        )

    def get(self, incident_id: str) -> IncidentRow:
        """The incident by id (any letter case); NotFoundError names the way out."""
        found = self.db.conn.execute(
            f"SELECT {_COLUMNS} FROM incidents WHERE id = ?", [incident_id]
        ).fetchone()
        if found is None:
            found = self.db.conn.execute(
                f"SELECT {_COLUMNS} FROM incidents WHERE upper(id) = upper(?)", [incident_id]
            ).fetchone()
        if found is None:
            raise NotFoundError(
                f"no incident '{incident_id}' in this database (see: breachkit list)"
            )
        return _row(found)

    def playbook_id(self, incident_id: str) -> str | None:
        """The playbook chosen by hand for the incident (exact id), without reading the
        rest of its row."""
        found = self.db.conn.execute(
            "SELECT playbook_id FROM incidents WHERE id = ?", [incident_id]
        ).fetchone()
        if found is None:
            raise NotFoundError(f"no incident '{incident_id}' in this database")
        return str(found[0]) if found[0] is not None else None

    def find_uid(self, uid: str) -> str | None:
        found = self.db.execute("SELECT id FROM incidents WHERE uid = ?", [uid]).fetchone()
        return str(found[0]) if found else None

    def all(self) -> list[IncidentRow]:
        return [
            _row(r)
            for r in self.db.conn.execute(
                f"SELECT {_COLUMNS} FROM incidents ORDER BY created_at, id"
            )
        ]

    def set_state(self, incident_id: str, state: IncidentState) -> None:
        """Every column the chain decides (an incident opened, a rebuild)."""
        self.db.execute(
            "UPDATE incidents SET title = ?, status = ?, created_at = ?, created_by = ?,"
            " facts = ?, organisation = ?, playbook_id = ? WHERE id = ?",
            [
                state.title,
                state.status,
                state.created_at,
                state.created_by,
                _dumps(state.facts),
                _dumps(state.organisation) if state.organisation is not None else None,
                state.playbook_id,
                incident_id,
            ],
        )

    def set_field(self, incident_id: str, name: str, value: str | None) -> None:
        """``status`` or ``playbook_id``."""
        assert name in ("status", "playbook_id"), name
        self.db.execute(f"UPDATE incidents SET {name} = ? WHERE id = ?", [value, incident_id])

    def set_facts(self, incident_id: str, facts: dict[str, Any], title: str) -> None:
        self.db.execute(
            "UPDATE incidents SET facts = ?, title = ? WHERE id = ?",
            [_dumps(facts), title, incident_id],
        )

    def head(self, incident_id: str) -> tuple[int, str | None]:
        found = self.db.execute(
            "SELECT head_seq, head_hash FROM incidents WHERE id = ?", [incident_id]
        ).fetchone()
        if found is None:
            raise NotFoundError(f"no incident '{incident_id}'")
        return int(found[0]), found[1]
