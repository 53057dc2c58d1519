"""Open the breachkit database: created 0600, WAL, busy timeout, foreign keys, migrated."""

from __future__ import annotations

import contextlib
import os
import sqlite3
from collections.abc import Iterator
from pathlib import Path

from sqlite_utils import Database

from breachkit.core.errors import BreachkitError
from breachkit.store.migrations import migrations

BUSY_TIMEOUT_MS = 15_000


class StoreError(BreachkitError):
    """The database cannot be opened or used (permissions, corruption, a newer schema)."""


def create_private_file(path: Path) -> None:
    """Create ``path`` with mode 0600 (and its folder 0700) if it does not exist."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    with contextlib.suppress(FileExistsError):
        fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
        os.close(fd)


def open_db(path: Path) -> Database:
    """Open (creating if needed) and migrate the database at ``path``."""
    try:
        create_private_file(path)
        conn = sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_MS / 1000)
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
        if mode.lower() != "wal":  # pragma: no cover - only on filesystems without WAL
            raise StoreError(f"{path}: SQLite could not switch to WAL mode ({mode})")
        conn.execute("PRAGMA synchronous = NORMAL")
        conn.execute("PRAGMA foreign_keys = ON")
        db = Database(conn, execute_plugins=False)
        with write(db):
            migrations.apply(db)
    except sqlite3.DatabaseError as err:
        raise StoreError(f"{path}: cannot open the breachkit database: {err}") from None
    except OSError as err:
        raise StoreError(f"{path}: cannot create the database: {err.strerror}") from None
    return db


@contextlib.contextmanager
def write(db: Database) -> Iterator[Database]:
    """One atomic write transaction, taking the write lock up front (BEGIN IMMEDIATE).

    Taking the lock before reading makes read-then-write sequences (the next seq and
    the previous hash of a timeline append) safe between processes; the busy timeout
    makes the second writer wait instead of failing. Nested use becomes a savepoint.
    """
    conn = db.conn
    if conn.in_transaction:
        with db.atomic():
            yield db
        return
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield db
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    else:
        conn.execute("COMMIT")
