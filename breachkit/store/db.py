"""Open the breachkit database: created 0600, WAL, busy timeout, foreign keys, migrated."""

from __future__ import annotations

import contextlib
import os
import sqlite3
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path

from sqlite_utils import Database

from breachkit.core.errors import BreachkitError
from breachkit.store.migrations import migrations
from breachkit.store.upgrade import UPGRADE_CLOCK

__all__ = ["Database", "StoreError", "open_db", "read", "write"]

BUSY_TIMEOUT_MS = 15_000


class StoreError(BreachkitError):
    """The database cannot be opened or used (permissions, corruption, a newer schema)."""


def create_private_file(path: Path) -> None:
    """Create ``path`` with mode 0600 (and its folder 0700) if it does not exist."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    with contextlib.suppress(FileExistsError):
        fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
        os.close(fd)


def open_db(
    path: Path,
    *,
    clock: Callable[[], datetime] | None = None,
    create: bool = True,
    make_folder: bool = True,
) -> Database:
    """Open and migrate the database at ``path``.

    ``clock`` dates what an upgrade of an earlier release's database records. A missing
    file is created only with ``create``; otherwise an empty database in memory stands in
    for it (a read-only command never creates a file). A missing folder is created only
    with ``make_folder`` (the default location); a folder someone named that does not
    exist is an error.
    """
    if not path.parent.is_dir() and not make_folder:
        raise StoreError(f"{path}: the folder {path.parent} does not exist (check --db)")
    if not create and not path.exists():
        return _in_memory()
    token = UPGRADE_CLOCK.set(clock)
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
    finally:
        UPGRADE_CLOCK.reset(token)
    return db


def _in_memory() -> Database:
    """An empty, migrated database that is never written to disk."""
    conn = sqlite3.connect(":memory:")
    conn.execute("PRAGMA foreign_keys = ON")
    db = Database(conn, execute_plugins=False)
    with write(db):
        migrations.apply(db)
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


@contextlib.contextmanager
def read(db: Database) -> Iterator[Database]:
    """One read transaction: every query inside sees the same state of the file.

    In WAL mode a writer in another process does not block it, and cannot change what
    it sees half-way (a check comparing several tables needs that).
    """
    conn = db.conn
    if conn.in_transaction:
        yield db
        return
    conn.execute("BEGIN DEFERRED")
    try:
        yield db
    finally:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
