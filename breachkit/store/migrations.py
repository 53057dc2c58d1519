"""The schema, as named sqlite-utils migrations. Never edit a shipped one; add the next."""

from __future__ import annotations

import sqlite3

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

from breachkit.store.connection import Database as StoreDatabase
from breachkit.store.guards import create_guards, guard_statements
from breachkit.store.upgrade import SCHEMA_0006, upgrade

migrations = Migrations("breachkit")

SCHEMA_0001 = """
CREATE TABLE incidents (
    id           TEXT PRIMARY KEY,
    uid          TEXT NOT NULL UNIQUE,
    title        TEXT NOT NULL,
    status       TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed')),
    created_at   TEXT NOT NULL,
    created_by   TEXT NOT NULL,
    facts        TEXT NOT NULL,
    organisation TEXT,
    head_seq     INTEGER NOT NULL DEFAULT 0,
    head_hash    TEXT
) STRICT;

CREATE TABLE timeline (
    incident_id  TEXT NOT NULL REFERENCES incidents(id),
    seq          INTEGER NOT NULL CHECK (seq >= 1),
    kind         TEXT NOT NULL,
    text         TEXT NOT NULL,
    occurred_at  TEXT NOT NULL,
    recorded_at  TEXT NOT NULL,
    actor        TEXT NOT NULL,
    links        TEXT NOT NULL DEFAULT '{}',
    corrects     INTEGER,
    prev_hash    TEXT NOT NULL,
    hash         TEXT NOT NULL,
    PRIMARY KEY (incident_id, seq)
) STRICT, WITHOUT ROWID;

CREATE TRIGGER timeline_append_only_update BEFORE UPDATE ON timeline
BEGIN
    SELECT RAISE(ABORT, 'the timeline is append-only: record a correction instead');
END;

CREATE TRIGGER timeline_append_only_delete BEFORE DELETE ON timeline
BEGIN
    SELECT RAISE(ABORT, 'the timeline is append-only: record a correction instead');
END;

CREATE TABLE fact_changes (
    id           INTEGER PRIMARY KEY,
    incident_id  TEXT NOT NULL REFERENCES incidents(id),
    key          TEXT NOT NULL,
    old_value    TEXT,
    new_value    TEXT,
    actor        TEXT NOT NULL,
    changed_at   TEXT NOT NULL,
    entry_seq    INTEGER NOT NULL
) STRICT;
CREATE INDEX fact_changes_incident ON fact_changes(incident_id, id);

CREATE TABLE evidence (
    incident_id  TEXT NOT NULL REFERENCES incidents(id),
    entry_seq    INTEGER NOT NULL,
    sha256       TEXT NOT NULL,
    filename     TEXT NOT NULL,
    size         INTEGER NOT NULL,
    added_at     TEXT NOT NULL,
    added_by     TEXT NOT NULL,
    PRIMARY KEY (incident_id, entry_seq)
) STRICT;
CREATE INDEX evidence_sha ON evidence(sha256);

CREATE TABLE filings (
    id                INTEGER PRIMARY KEY,
    incident_id       TEXT NOT NULL REFERENCES incidents(id),
    clock_id          TEXT NOT NULL,
    authority         TEXT NOT NULL,
    filed_at          TEXT NOT NULL,
    reference         TEXT NOT NULL DEFAULT '',
    reasons_for_delay TEXT NOT NULL DEFAULT '',
    recorded_at       TEXT NOT NULL,
    actor             TEXT NOT NULL,
    entry_seq         INTEGER NOT NULL
) STRICT;
CREATE INDEX filings_incident ON filings(incident_id, clock_id, filed_at);
"""


@migrations(name="0001_initial")
def initial(db: Database) -> None:
    _run(db, SCHEMA_0001)


def _run(db: Database, script: str) -> None:
    for statement in _statements(script):
        db.execute(statement)


def _statements(script: str) -> list[str]:
    """Split a schema script into statements; sqlite3 knows where trigger bodies end."""
    out: list[str] = []
    buffer = ""
    for part in script.split(";"):
        buffer += part + ";"
        if sqlite3.complete_statement(buffer):
            if buffer.strip(" \n;"):
                out.append(buffer.strip())
            buffer = ""
    return out


SCHEMA_0002 = """
ALTER TABLE incidents ADD COLUMN playbook_id TEXT;

CREATE TABLE playbook_progress (
    id               INTEGER PRIMARY KEY,
    incident_id      TEXT NOT NULL REFERENCES incidents(id),
    playbook_id      TEXT NOT NULL,
    playbook_version INTEGER NOT NULL,
    step_id          TEXT NOT NULL,
    status           TEXT NOT NULL CHECK (status IN ('open', 'done', 'skipped', 'not_applicable')),
    note             TEXT NOT NULL DEFAULT '',
    at               TEXT NOT NULL,
    actor            TEXT NOT NULL,
    entry_seq        INTEGER NOT NULL
) STRICT;
CREATE INDEX playbook_progress_incident ON playbook_progress(incident_id, playbook_id, id);
"""


@migrations(name="0002_playbooks")
def playbooks(db: Database) -> None:
    _run(db, SCHEMA_0002)


SCHEMA_0003 = """
CREATE TABLE drafts (
    id           INTEGER PRIMARY KEY,
    incident_id  TEXT NOT NULL REFERENCES incidents(id),
    authority    TEXT NOT NULL,
    language     TEXT NOT NULL,
    phase        TEXT NOT NULL CHECK (phase IN ('initial', 'complementary')),
    version      INTEGER NOT NULL,
    format       TEXT NOT NULL,
    sha256       TEXT NOT NULL,
    filename     TEXT NOT NULL,
    complete     INTEGER NOT NULL CHECK (complete IN (0, 1)),
    generated_at TEXT NOT NULL,
    actor        TEXT NOT NULL,
    entry_seq    INTEGER NOT NULL
) STRICT;
CREATE INDEX drafts_incident ON drafts(incident_id, authority, version);
ALTER TABLE filings ADD COLUMN draft_id INTEGER REFERENCES drafts(id);
"""


@migrations(name="0003_drafts")
def drafts(db: Database) -> None:
    _run(db, SCHEMA_0003)


SCHEMA_0004 = """
CREATE TABLE letter_batches (
    id              INTEGER PRIMARY KEY,
    incident_id     TEXT NOT NULL REFERENCES incidents(id),
    started_at      TEXT NOT NULL,
    finished_at     TEXT,
    subjects_file   TEXT NOT NULL,
    subjects_sha256 TEXT NOT NULL,
    out_dir         TEXT NOT NULL,
    format          TEXT NOT NULL,
    letters         INTEGER NOT NULL DEFAULT 0,
    bad_rows        INTEGER NOT NULL DEFAULT 0,
    manifest_sha256 TEXT,
    actor           TEXT NOT NULL,
    entry_seq       INTEGER
) STRICT;
CREATE INDEX letter_batches_incident ON letter_batches(incident_id, id);
"""


@migrations(name="0004_letters")
def letters(db: Database) -> None:
    _run(db, SCHEMA_0004)


SCHEMA_0005 = """
CREATE TABLE review_items (
    id          INTEGER PRIMARY KEY,
    incident_id TEXT NOT NULL REFERENCES incidents(id),
    kind        TEXT NOT NULL CHECK (kind IN ('lesson', 'action')),
    text        TEXT NOT NULL,
    owner       TEXT NOT NULL DEFAULT '',
    due_date    TEXT,
    status      TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'done', 'dropped')),
    created_at  TEXT NOT NULL,
    actor       TEXT NOT NULL,
    entry_seq   INTEGER NOT NULL
) STRICT;
CREATE INDEX review_items_incident ON review_items(incident_id, id);
"""


@migrations(name="0005_review")
def review(db: Database) -> None:
    _run(db, SCHEMA_0005)


SCHEMA_LETTER_SENDS = """
CREATE TABLE letter_sends (
    incident_id     TEXT NOT NULL REFERENCES incidents(id),
    entry_seq       INTEGER NOT NULL,
    batch           INTEGER NOT NULL,
    source          TEXT NOT NULL,
    at              TEXT NOT NULL,
    actor           TEXT NOT NULL,
    sent            INTEGER NOT NULL,
    failed          INTEGER NOT NULL,
    deferred        INTEGER NOT NULL,
    bounced         INTEGER NOT NULL,
    people_emailed  INTEGER NOT NULL,
    remaining       INTEGER NOT NULL,
    log_sha256      TEXT NOT NULL,
    people_told     INTEGER,
    people_affected INTEGER,
    PRIMARY KEY (incident_id, entry_seq)
) STRICT;
"""


@migrations(name="0011_letter_sends")
def letter_sends(db: Database) -> None:
    """Issue 17: the send runs as the chain records them (a projection verify checks).

    Registered before 0006: that upgrade reads every projected table, this one included,
    so a database of an earlier release gets the (empty) table first."""
    _run(db, SCHEMA_LETTER_SENDS)


@migrations(name="0006_chain_is_the_record")
def chain_is_the_record(db: Database) -> None:
    """Every change on the chain; the tables its views (see :mod:`breachkit.store.upgrade`)."""
    _run(db, SCHEMA_0006)
    store_db = StoreDatabase(db.conn)  # the store's view of the same connection
    upgrade(store_db)
    create_guards(store_db)


SCHEMA_0007 = """
CREATE TABLE controller_lists (
    incident_id TEXT NOT NULL REFERENCES incidents(id),
    entry_seq   INTEGER NOT NULL,
    at          TEXT NOT NULL,
    actor       TEXT NOT NULL,
    file        TEXT NOT NULL,
    sha256      TEXT NOT NULL,
    controllers TEXT NOT NULL DEFAULT '[]',
    bad_rows    INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (incident_id, entry_seq)
) STRICT;

CREATE TABLE controller_events (
    incident_id   TEXT NOT NULL REFERENCES incidents(id),
    entry_seq     INTEGER NOT NULL,
    controller    TEXT NOT NULL,
    event         TEXT NOT NULL CHECK (event IN ('notified', 'acknowledged')),
    at            TEXT NOT NULL,
    reference     TEXT NOT NULL DEFAULT '',
    complementary INTEGER NOT NULL DEFAULT 0,
    actor         TEXT NOT NULL,
    PRIMARY KEY (incident_id, entry_seq)
) STRICT;
CREATE INDEX controller_events_controller ON controller_events(incident_id, controller, entry_seq);
"""


@migrations(name="0007_controllers")
def controllers(db: Database) -> None:
    """A processor's controllers and the notices each was given (projections of the chain)."""
    _run(db, SCHEMA_0007)
    for name, statement in guard_statements():
        if name.startswith("controller_"):
            db.execute(statement)


SCHEMA_SEND_LEDGER = """
CREATE TABLE send_ledger (
    id           INTEGER PRIMARY KEY,
    incident_id  TEXT NOT NULL REFERENCES incidents(id),
    batch_seq    INTEGER NOT NULL,
    line         INTEGER NOT NULL,
    state        TEXT NOT NULL
                 CHECK (state IN ('sending', 'sent', 'deferred', 'failed', 'bounced')),
    at           TEXT NOT NULL,
    message_id   TEXT NOT NULL,
    person       TEXT NOT NULL,
    recipient    TEXT NOT NULL,
    code         INTEGER,
    reply        TEXT NOT NULL DEFAULT '',
    run_seq      INTEGER
) STRICT;
CREATE INDEX send_ledger_line ON send_ledger(incident_id, batch_seq, line, id);
CREATE INDEX send_ledger_run ON send_ledger(incident_id, run_seq, id);
CREATE INDEX send_ledger_message ON send_ledger(incident_id, message_id);
CREATE INDEX send_ledger_recipient ON send_ledger(incident_id, recipient);
"""


@migrations(name="0010_send_ledger")
def send_ledger(db: Database) -> None:
    """Issue 17: each e-mail's sending history (events), stamped by the send records."""
    _run(db, SCHEMA_SEND_LEDGER)


@migrations(name="0012_guard_sends")
def guard_sends(db: Database) -> None:
    """The send runs (``letter_sends``) are kept as recorded, and a ledger event only ever
    gets its run's stamp (defence in depth, as for the other tables; ``verify`` is the
    proof)."""
    create_guards(StoreDatabase(db.conn))
