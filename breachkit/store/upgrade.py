"""Migration 0006: put the record on the chain for a database made by an earlier release.

Before 0006 the tables held values the chain did not (the facts an incident was opened
with, a filing's draft, a step's note, a batch's start). Per incident this migration

1. fills the new columns and tables from what the old entries' links already said
   (draft content hashes, review item closures, risk decisions, containment, the people
   a letter batch told, public notices);
2. appends a **checkpoint** entry (kind ``system``) whose hashed content carries every
   table as it stood: the fold starts from it, so the incident keeps verifying;
3. appends a ``letters.start`` entry for each batch that was started and never
   finished (the old release wrote no entry for a start), so it can still be finished.

What the tables said before the checkpoint is taken as found: a forgery made before the
upgrade could not be told apart by the old release either (docs/timeline.md).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from contextvars import ContextVar
from datetime import datetime
from typing import TYPE_CHECKING, Any

from breachkit.core.enums import EntryKind
from breachkit.core.timeline.chain import EntryContent
from breachkit.core.timeline.changes import Checkpoint, LettersStarted
from breachkit.core.timeline.projection import (
    AMENDED,
    APPEND_ONLY,
    LetterBatchRow,
    NoticeRow,
    Snapshot,
    snapshot_document,
)
from breachkit.core.times import utc_iso
from breachkit.store.connection import Database

if TYPE_CHECKING:
    from breachkit.store.unit import Store

UPGRADE_CLOCK: ContextVar[Callable[[], datetime] | None] = ContextVar("UPGRADE_CLOCK", default=None)
UPGRADE_ACTOR = "breachkit (upgrade)"

SCHEMA_0006 = """
ALTER TABLE drafts ADD COLUMN content_sha256 TEXT NOT NULL DEFAULT '';
ALTER TABLE letter_batches ADD COLUMN start_seq INTEGER;
ALTER TABLE review_items ADD COLUMN closed_seq INTEGER;
ALTER TABLE review_items ADD COLUMN closed_at TEXT;
ALTER TABLE review_items ADD COLUMN closed_by TEXT NOT NULL DEFAULT '';
ALTER TABLE review_items ADD COLUMN closing_note TEXT NOT NULL DEFAULT '';

CREATE TABLE decisions (
    incident_id          TEXT NOT NULL REFERENCES incidents(id),
    entry_seq            INTEGER NOT NULL,
    at                   TEXT NOT NULL,
    actor                TEXT NOT NULL,
    personal_data_breach INTEGER NOT NULL CHECK (personal_data_breach IN (0, 1)),
    risk                 TEXT NOT NULL,
    outcome              TEXT NOT NULL,
    recommended_risk     TEXT NOT NULL,
    recommended_outcome  TEXT NOT NULL,
    override             INTEGER NOT NULL CHECK (override IN (0, 1)),
    justification        TEXT NOT NULL DEFAULT '',
    reasons              TEXT NOT NULL DEFAULT '[]',
    exemptions           TEXT NOT NULL DEFAULT '[]',
    facts                TEXT NOT NULL DEFAULT '{}',
    PRIMARY KEY (incident_id, entry_seq)
) STRICT;
CREATE INDEX decisions_risk ON decisions(incident_id, risk, entry_seq);

CREATE TABLE milestones (
    incident_id TEXT NOT NULL REFERENCES incidents(id),
    entry_seq   INTEGER NOT NULL,
    milestone   TEXT NOT NULL,
    at          TEXT NOT NULL,
    actor       TEXT NOT NULL,
    note        TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (incident_id, entry_seq)
) STRICT;
CREATE INDEX milestones_kind ON milestones(incident_id, milestone, entry_seq);

ALTER TABLE letter_batches ADD COLUMN people INTEGER;
ALTER TABLE letter_batches ADD COLUMN people_by_channel TEXT NOT NULL DEFAULT '{}';
ALTER TABLE letter_batches ADD COLUMN people_told INTEGER;
ALTER TABLE letter_batches ADD COLUMN people_affected INTEGER;
ALTER TABLE letter_batches ADD COLUMN people_not_compared INTEGER NOT NULL DEFAULT 0;
ALTER TABLE letter_batches ADD COLUMN incomplete TEXT NOT NULL DEFAULT '[]';

CREATE TABLE public_notices (
    incident_id TEXT NOT NULL REFERENCES incidents(id),
    entry_seq   INTEGER NOT NULL,
    at          TEXT NOT NULL,
    actor       TEXT NOT NULL,
    out_dir     TEXT NOT NULL DEFAULT '',
    files       TEXT NOT NULL DEFAULT '{}',
    languages   TEXT NOT NULL DEFAULT '[]',
    incomplete  TEXT NOT NULL DEFAULT '[]',
    PRIMARY KEY (incident_id, entry_seq)
) STRICT;

CREATE INDEX fact_changes_seq ON fact_changes(incident_id, entry_seq);
CREATE INDEX filings_seq ON filings(incident_id, entry_seq);
CREATE INDEX drafts_seq ON drafts(incident_id, entry_seq);
CREATE INDEX playbook_progress_seq ON playbook_progress(incident_id, entry_seq);
CREATE INDEX review_items_seq ON review_items(incident_id, entry_seq);
CREATE INDEX letter_batches_start ON letter_batches(incident_id, start_seq);
"""


def upgrade(db: Database) -> None:
    """Steps 1-3 of the module docstring, for every incident (schema already applied)."""
    from breachkit.store.unit import Store  # noqa: F811 - imported here: unit imports db

    incidents = [r[0] for r in db.execute("SELECT id FROM incidents ORDER BY rowid").fetchall()]
    if not incidents:
        return
    clock = UPGRADE_CLOCK.get()
    if clock is None:
        raise RuntimeError("upgrading a database with incidents needs the time (open_db clock)")
    now = utc_iso(clock())
    store = Store(db)
    for incident_id in incidents:
        _backfill(db, incident_id)
        _backfill_told(store, incident_id)
        _checkpoint(store, incident_id, now)


def _links(
    db: Database, incident_id: str, where: str, params: list[object]
) -> Iterator[tuple[int, str, str, str, dict[str, Any]]]:
    for seq, kind, occurred, actor, links in db.execute(
        "SELECT seq, kind, occurred_at, actor, links FROM timeline WHERE incident_id = ? AND "
        + where
        + " ORDER BY seq",
        [incident_id, *params],
    ).fetchall():
        try:
            value = json.loads(links)
        except ValueError:
            continue
        if isinstance(value, dict):
            yield seq, kind, occurred, actor, value


def _backfill(db: Database, incident_id: str) -> None:
    """The new columns and tables, from what the old entries' links say."""
    db.execute(
        "UPDATE drafts SET content_sha256 = coalesce((SELECT json_extract(t.links,"
        " '$.content_sha256') FROM timeline t WHERE t.incident_id = drafts.incident_id"
        " AND t.seq = drafts.entry_seq AND json_valid(t.links)), '') WHERE incident_id = ?",
        [incident_id],
    )
    for seq, _kind, occurred, actor, links in _links(
        db, incident_id, "instr(links, '\"review_item\"') > 0", []
    ):
        db.execute(
            "UPDATE review_items SET closed_seq = ?, closed_at = ?, closed_by = ?,"
            " closing_note = ? WHERE incident_id = ? AND entry_seq = ?",
            [seq, occurred, actor, str(links.get("note", "")), incident_id, links["review_item"]],
        )
    for seq, _kind, occurred, actor, links in _links(
        db, incident_id, "kind = 'decision' AND instr(links, '\"recommended_outcome\"') > 0", []
    ):
        db.execute(
            "INSERT INTO decisions (incident_id, entry_seq, at, actor, personal_data_breach, risk,"
            " outcome, recommended_risk, recommended_outcome, override, justification, reasons,"
            " exemptions, facts) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                incident_id,
                seq,
                occurred,
                actor,
                int(bool(links.get("personal_data_breach", True))),
                str(links.get("risk", "")),
                str(links.get("outcome", "")),
                str(links.get("recommended_risk", "")),
                str(links.get("recommended_outcome", "")),
                int(bool(links.get("override"))),
                str(links.get("justification", "")),
                json.dumps([str(x) for x in links.get("reasons", [])], ensure_ascii=False),
                json.dumps([str(x) for x in links.get("exemptions", [])], ensure_ascii=False),
                json.dumps(links.get("facts", {}), ensure_ascii=False, sort_keys=True),
            ],
        )
    for seq, _kind, occurred, actor, links in _links(
        db, incident_id, "kind = 'action' AND instr(links, '\"milestone\"') > 0", []
    ):
        db.execute(
            "INSERT INTO milestones (incident_id, entry_seq, milestone, at, actor, note)"
            " VALUES (?, ?, ?, ?, ?, '')",
            [incident_id, seq, str(links.get("milestone", "")), occurred, actor],
        )
    db.execute(
        "UPDATE letter_batches SET start_seq = entry_seq WHERE incident_id = ?"
        " AND entry_seq IS NOT NULL",
        [incident_id],
    )


def _backfill_told(store: Store, incident_id: str) -> None:
    """The people a finished batch told and the public notices, from the links an
    earlier version recorded them in (``people_told``; ``notice``)."""
    db = store.db
    for seq, _kind, _occurred, _actor, links in _links(
        db, incident_id, "kind = 'communication' AND instr(links, '\"people_told\"') > 0", []
    ):
        told = {k: links.get(k) for k in ("people", "people_told", "people_affected")}
        if not all(isinstance(v, int) or v is None for v in told.values()):
            continue
        channels = links.get("people_by_channel")
        missing = links.get("incomplete")
        store.letter_batches.amend(
            incident_id,
            seq,  # an old batch is known by its finishing entry (start_seq = entry_seq)
            {
                **told,
                "people_by_channel": {
                    str(k): v for k, v in (channels or {}).items() if isinstance(v, int)
                }
                if isinstance(channels, dict)
                else {},
                "people_not_compared": int(links.get("people_not_compared") or 0),
                "incomplete": tuple(str(k) for k in missing) if isinstance(missing, list) else (),
            },
        )
    for seq, _kind, occurred, actor, links in _links(
        db, incident_id, "kind = 'document' AND instr(links, '\"notice\"') > 0", []
    ):
        files = links.get("notice")
        if not isinstance(files, dict):
            continue
        missing = links.get("incomplete")
        notice = NoticeRow(
            seq,
            occurred,
            actor,
            "",
            {str(k): str(v) for k, v in files.items()},
            (),
            tuple(str(k) for k in missing) if isinstance(missing, list) else (),
        )
        store.public_notices.insert(incident_id, notice)


def _checkpoint(store: Store, incident_id: str, now: str) -> None:
    row = store.incidents.get(incident_id)
    present = set(store.db.table_names())  # tables of later migrations are not there yet
    rows = {
        t.TABLE: tuple(store.tables[t.TABLE].rows(incident_id))
        for t in APPEND_ONLY
        if t.TABLE in present
    }
    batches = store.letter_batches.rows(incident_id)
    rows[LetterBatchRow.TABLE] = tuple(b for b in batches if b.entry_seq is not None)
    for amended in AMENDED:
        if amended is not LetterBatchRow:
            rows[amended.TABLE] = tuple(store.tables[amended.TABLE].rows(incident_id))
    snapshot = Snapshot(row.state(), rows)
    counts = ", ".join(f"{len(v)} {k.replace('_', ' ')}" for k, v in rows.items() if v)
    text = (
        "Upgrade checkpoint: from here on every change is recorded on the chain with its "
        "values. This entry carries the record as the earlier release kept it (the facts"
        + (f"; {counts}" if counts else "")
        + f"); entries 1–{row.head_seq} stay as they were."
    )
    content = EntryContent(
        EntryKind.SYSTEM,
        text,
        now,
        now,
        UPGRADE_ACTOR,
        Checkpoint(snapshot_document(snapshot)).links(),
    )
    store.timeline.append(incident_id, content)
    for batch in batches:
        if batch.entry_seq is None:
            _restart(store, incident_id, batch, now)


def _restart(store: Store, incident_id: str, batch: LetterBatchRow, now: str) -> None:
    """An unfinished batch of the old release gets the start entry it never had."""
    change = LettersStarted(
        batch.subjects_file, batch.subjects_sha256, batch.out_dir, batch.format, batch.started_at
    )
    entry = store.timeline.append(
        incident_id,
        EntryContent(
            EntryKind.SYSTEM,
            f"Letters to affected people (Art. 34): a batch started {batch.started_at} by "
            f"{batch.actor} and not finished (recorded at the upgrade; the earlier release "
            "kept no entry for a start)",
            now,
            now,
            batch.actor,
            change.links(),
        ),
    )
    store.db.execute("UPDATE letter_batches SET start_seq = ? WHERE id = ?", [entry.seq, batch.id])
