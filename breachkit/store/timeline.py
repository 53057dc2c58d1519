"""Appending to and reading the hash-chained timeline."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from breachkit.core.errors import NotFoundError
from breachkit.core.timeline.chain import (
    CHAIN_VERSION,
    ComposedEntry,
    EntryContent,
    RawEntry,
    TimelineEntry,
    canonical_fields,
    chain_entry,
    genesis_hash,
    links_json,
)
from breachkit.store.connection import Database

_COLUMNS = "seq, kind, text, occurred_at, recorded_at, actor, links, corrects, prev_hash, hash"


def append(db: Database, incident_id: str, content: EntryContent) -> TimelineEntry:
    """Seal and insert one entry after the incident's head. Call inside ``store.db.write``."""
    row = db.execute(
        "SELECT uid, head_seq, head_hash FROM incidents WHERE id = ?", [incident_id]
    ).fetchone()
    if row is None:
        raise NotFoundError(f"no incident '{incident_id}'")
    uid, head_seq, head_hash = row
    entry = chain_entry(uid, head_seq + 1, content, head_hash or genesis_hash(uid))
    insert(db, incident_id, entry)
    db.execute(
        "UPDATE incidents SET head_seq = ?, head_hash = ? WHERE id = ?",
        [entry.seq, entry.hash, incident_id],
    )
    return entry


APPEND_CHUNK = 5000


def append_many(
    db: Database, incident_id: str, contents: Iterable[EntryContent]
) -> tuple[int, int]:
    """Seal and insert every entry of ``contents`` after the incident's head, in chunks
    (one ``executemany`` each); returns the first and last seq (first > last: none).
    Call inside ``store.db.write``: the whole run commits, or none of it."""
    row = db.execute(
        "SELECT uid, head_seq, head_hash FROM incidents WHERE id = ?", [incident_id]
    ).fetchone()
    if row is None:
        raise NotFoundError(f"no incident '{incident_id}'")
    uid, head_seq, head_hash = row
    import hashlib  # here: a command that only reads loads no hashing (start-up)

    seq, prev = head_seq, head_hash or genesis_hash(uid)
    sql = f"INSERT INTO timeline (incident_id, {_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
    chunk: list[tuple[object, ...]] = []
    for c in contents:
        seq += 1
        links = links_json(c.links)
        digest = hashlib.sha256(
            canonical_fields(
                uid,
                seq,
                c.kind,
                c.text,
                c.occurred_at,
                c.recorded_at,
                c.actor,
                links,
                c.corrects,
                prev,
            )
        ).hexdigest()
        chunk.append(
            (
                incident_id,
                seq,
                c.kind,
                c.text,
                c.occurred_at,
                c.recorded_at,
                c.actor,
                links,
                c.corrects,
                prev,
                digest,
            )
        )
        prev = digest
        if len(chunk) >= APPEND_CHUNK:
            db.conn.executemany(sql, chunk)
            chunk.clear()
    if chunk:
        db.conn.executemany(sql, chunk)
    db.execute(
        "UPDATE incidents SET head_seq = ?, head_hash = ? WHERE id = ?", [seq, prev, incident_id]
    )
    return head_seq + 1, seq


def insert(db: Database, incident_id: str, entry: TimelineEntry) -> None:
    """Insert an already sealed entry (append, import)."""
    c = entry.content
    db.execute(
        f"INSERT INTO timeline (incident_id, {_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            incident_id,
            entry.seq,
            c.kind,
            c.text,
            c.occurred_at,
            c.recorded_at,
            c.actor,
            links_json(c.links),
            c.corrects,
            entry.prev_hash,
            entry.hash,
        ],
    )


def entries(
    db: Database,
    incident_id: str,
    uid: str,
    *,
    after: int = 0,
    limit: int = -1,
    kinds: Sequence[str] = (),
    before: int | None = None,
    newest_first: bool = False,
) -> Iterator[TimelineEntry]:
    """Entries lazily, by seq; ``after``/``before``/``limit`` page, ``kinds`` filters."""
    where = "incident_id = ? AND seq > ?"
    params: list[object] = [incident_id, after]
    if before is not None:
        where += " AND seq < ?"
        params.append(before)
    if kinds:
        where += f" AND kind IN ({', '.join('?' for _ in kinds)})"
        params.extend(kinds)
    order = "DESC" if newest_first else "ASC"
    cursor = db.conn.execute(
        f"SELECT {_COLUMNS} FROM timeline WHERE {where} ORDER BY seq {order} LIMIT ?",
        [*params, limit],
    )
    for seq, kind, text, occurred, recorded, actor, links, corrects, prev, digest in cursor:
        yield TimelineEntry(
            uid,
            seq,
            EntryContent(kind, text, occurred, recorded, actor, _links(links), corrects),
            prev,
            digest,
        )


def raw_entries(db: Database, incident_id: str) -> Iterator[RawEntry]:
    """Entries exactly as stored, for checking the chain fast (the cursor itself)."""
    return db.conn.execute(
        f"SELECT {_COLUMNS} FROM timeline WHERE incident_id = ? ORDER BY seq", [incident_id]
    )


def composed_entries(db: Database, incident_id: str, uid: str) -> Iterator[ComposedEntry]:
    """Every entry's seq, hashes and canonical bytes (:func:`~breachkit.core.timeline.chain.
    canonical`) as SQLite composes them, by seq: the chain checked without a Python tuple of
    ten fields an entry. An SQLite without JSON functions gives the bytes in Python."""
    try:
        return db.conn.execute(_COMPOSED, [CHAIN_VERSION, uid, incident_id])
    except sqlite3.OperationalError:  # no json_array (SQLite before 3.38 without JSON1)
        return _composed_in_python(db, incident_id, uid)


_COMPOSED = (
    "SELECT seq, prev_hash, hash, CAST(json_array(?, ?, seq, kind, text, occurred_at,"
    " recorded_at, actor, links, corrects, prev_hash) AS BLOB)"
    " FROM timeline WHERE incident_id = ? ORDER BY seq"
)


def _composed_in_python(db: Database, incident_id: str, uid: str) -> Iterator[ComposedEntry]:
    for seq, kind, text, occurred, recorded, actor, links, corrects, prev, digest in raw_entries(
        db, incident_id
    ):
        composed = canonical_fields(
            uid, seq, kind, text, occurred, recorded, actor, links, corrects, prev
        )
        yield seq, prev, digest, composed


def _filter(incident_id: str, kinds: Sequence[str], since: str | None) -> tuple[str, list[object]]:
    where = "incident_id = ?"
    params: list[object] = [incident_id]
    if kinds:
        where += f" AND kind IN ({', '.join('?' for _ in kinds)})"
        params.extend(kinds)
    if since is not None:  # utc_iso text sorts as time: fixed "+00:00", and "+" < "."
        where += " AND occurred_at >= ?"
        params.append(since)
    return where, params


def selected_raw(
    db: Database,
    incident_id: str,
    *,
    kinds: Sequence[str] = (),
    since: str | None = None,
    last: int | None = None,
) -> Iterator[RawEntry]:
    """Entries as stored, by seq, streaming: of ``kinds``, that happened at ``since`` (UTC
    ISO text) or later, only the ``last`` of them."""
    where, params = _filter(incident_id, kinds, since)
    if last is None:
        sql = f"SELECT {_COLUMNS} FROM timeline WHERE {where} ORDER BY seq"
    else:
        sql = (
            f"SELECT {_COLUMNS} FROM (SELECT {_COLUMNS} FROM timeline WHERE {where}"
            " ORDER BY seq DESC LIMIT ?) ORDER BY seq"
        )
        params.append(max(last, 0))
    yield from db.conn.execute(sql, params)


def count_selected(
    db: Database, incident_id: str, *, kinds: Sequence[str] = (), since: str | None = None
) -> int:
    where, params = _filter(incident_id, kinds, since)
    return int(
        db.conn.execute(f"SELECT count(*) FROM timeline WHERE {where}", params).fetchone()[0]
    )


def marked(db: Database, incident_id: str, marker: str, kind: str) -> Iterator[RawEntry]:
    """Entries as stored, by seq, whose links hold ``marker`` or that are of ``kind``."""
    yield from db.conn.execute(
        f"SELECT {_COLUMNS} FROM timeline WHERE incident_id = ?"
        " AND (instr(links, ?) > 0 OR kind = ?) ORDER BY seq",
        [incident_id, marker, kind],
    )


def count(db: Database, incident_id: str) -> int:
    return int(
        db.execute("SELECT count(*) FROM timeline WHERE incident_id = ?", [incident_id]).fetchone()[
            0
        ]
    )


def _links(text: str) -> dict[str, Any]:
    if not text or text == "{}":  # most entries: no links, nothing to decode
        return {}
    value = json.loads(text)
    return value if isinstance(value, dict) else {"value": value}


class Timeline:
    """The ``timeline`` table of one connection (the functions above, as a repository)."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def append(self, incident_id: str, content: EntryContent) -> TimelineEntry:
        return append(self.db, incident_id, content)

    def insert(self, incident_id: str, entry: TimelineEntry) -> None:
        insert(self.db, incident_id, entry)

    def append_many(self, incident_id: str, contents: Iterable[EntryContent]) -> tuple[int, int]:
        return append_many(self.db, incident_id, contents)

    def entries(
        self,
        incident_id: str,
        uid: str,
        *,
        after: int = 0,
        limit: int = -1,
        kinds: Sequence[str] = (),
        before: int | None = None,
        newest_first: bool = False,
    ) -> Iterator[TimelineEntry]:
        return entries(
            self.db,
            incident_id,
            uid,
            after=after,
            limit=limit,
            kinds=kinds,
            before=before,
            newest_first=newest_first,
        )

    def entry(self, incident_id: str, uid: str, seq: int) -> TimelineEntry | None:
        found = next(entries(self.db, incident_id, uid, after=seq - 1, limit=1), None)
        return found if found is not None and found.seq == seq else None

    def raw(self, incident_id: str) -> Iterator[RawEntry]:
        return raw_entries(self.db, incident_id)

    def composed(self, incident_id: str, uid: str) -> Iterator[ComposedEntry]:
        return composed_entries(self.db, incident_id, uid)

    def count(self, incident_id: str) -> int:
        return count(self.db, incident_id)

    def marked(self, incident_id: str, marker: str, kind: str) -> Iterator[RawEntry]:
        return marked(self.db, incident_id, marker, kind)

    def selected_raw(
        self,
        incident_id: str,
        *,
        kinds: Sequence[str] = (),
        since: str | None = None,
        last: int | None = None,
    ) -> Iterator[RawEntry]:
        return selected_raw(self.db, incident_id, kinds=kinds, since=since, last=last)

    def count_selected(
        self, incident_id: str, *, kinds: Sequence[str] = (), since: str | None = None
    ) -> int:
        return count_selected(self.db, incident_id, kinds=kinds, since=since)
