"""verify's fast path: SQLite composes each entry's canonical bytes (issue 19). The bytes
must be exactly :func:`canonical`'s; where a store quotes otherwise, verify still judges
every entry as stored (slower, never a false alarm)."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from breachkit.core.timeline.chain import (
    ComposedEntry,
    EntryContent,
    canonical_fields,
    chain_holds,
)
from breachkit.services import Services
from breachkit.store import timeline as tl
from breachkit.store.db import write

HOSTILE = [
    'quote " backslash \\ slash /',
    "controls \x00\x01\x07\x08\t\n\x0b\x0c\r\x1b\x1f\x7f end",
    "unicode é ü ß 漢字 🙂 \u2028\u2029 \ufeff \u00a0",
    "",
]


@pytest.fixture
def incident(services: Services, incident_file: Path) -> str:
    """Hostile text the commands refuse, written to the store directly (an older version,
    an import): the chain must still hold for it."""
    incident_id, _ = services.create_from_file(incident_file)
    at = "2026-11-19T12:00:00+00:00"
    with write(services.db) as db:
        for n, text in enumerate(HOSTILE):
            links = {"note": text} if n % 2 else {}
            actor = f'actor "{n}" \\ é\t'
            tl.append(db, incident_id, EntryContent("note", text, at, at, actor, links))
    return incident_id


def test_sqlite_composes_the_canonical_bytes(services: Services, incident: str) -> None:
    row = services.store.incidents.get(incident)
    db = services.db
    composed = list(tl.composed_entries(db, row.id, row.uid))
    by_python = {
        seq: canonical_fields(row.uid, seq, kind, text, occ, rec, actor, links, corrects, prev)
        for seq, kind, text, occ, rec, actor, links, corrects, prev, _ in tl.raw_entries(db, row.id)
    }
    assert [c[0] for c in composed] == sorted(by_python)
    for seq, _prev, _digest, data in composed:
        assert data == by_python[seq]
    assert chain_holds(row.uid, composed, (row.head_seq, row.head_hash or "")) == row.head_seq


def test_a_store_that_quotes_otherwise_raises_no_false_alarm(
    services: Services, incident: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = tl.Timeline.composed

    def quoted_otherwise(self: tl.Timeline, incident_id: str, uid: str) -> Iterator[ComposedEntry]:
        for seq, prev, digest, data in real(self, incident_id, uid):
            yield seq, prev, digest, data.replace(b"\\u0000", b"\\u0000 ")

    monkeypatch.setattr(tl.Timeline, "composed", quoted_otherwise)
    (report,) = services.verify(incident)
    assert report.ok and report.checked == services.store.incidents.get(incident).head_seq


def test_an_sqlite_without_json_functions_checks_in_python(
    services: Services, incident: str
) -> None:
    class NoJson:
        def __init__(self, conn: sqlite3.Connection) -> None:
            self.conn = self
            self._conn = conn

        def execute(self, sql: str, params: list[object]) -> sqlite3.Cursor:
            if "json_array" in sql:
                raise sqlite3.OperationalError("no such function: json_array")
            return self._conn.execute(sql, params)

    row = services.store.incidents.get(incident)
    fake = NoJson(services.db.conn)
    composed = list(tl.composed_entries(fake, row.id, row.uid))  # type: ignore[arg-type]
    assert composed == list(tl.composed_entries(services.db, row.id, row.uid))


def test_an_edit_is_still_named(services: Services, incident: str) -> None:
    services.close()
    with sqlite3.connect(services.db_path) as conn:
        conn.execute("DROP TRIGGER timeline_append_only_update")
        conn.execute("UPDATE timeline SET text = 'nothing' WHERE seq = 3")
    (report,) = services.verify(incident)
    assert report.chain_break is not None
    assert report.chain_break.seq == 3
