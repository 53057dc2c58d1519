"""Open the breachkit database: created 0600, WAL, busy timeout, foreign keys, migrated."""

from __future__ import annotations

import contextlib
import os
import sqlite3
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path

from breachkit.core.errors import BreachkitError
from breachkit.store.connection import Database

__all__ = ["Database", "StoreError", "open_db", "read", "write"]

BUSY_TIMEOUT_MS = 15_000


class StoreError(BreachkitError):
    """The database cannot be opened or used (permissions, corruption, a newer schema)."""


# SQLite's primary result codes for the failures of the machine (sqlite.org/rescode.html).
_PERM, _BUSY, _LOCKED, _READONLY, _IOERR, _FULL, _CANTOPEN = 3, 5, 6, 8, 10, 13, 14


def machine_failure(err: sqlite3.Error, where: str) -> StoreError | None:
    """``err`` said in words, naming the file, when the machine failed (read-only file or
    folder, full disk, a lock held too long, a disk error); None for anything else (a
    bug, which must stay visible as one)."""
    code = (getattr(err, "sqlite_errorcode", None) or 0) & 0xFF
    text = str(err).lower()
    if code == _READONLY or "readonly database" in text:
        why = "the database cannot be written: the file, its folder or the disk is read-only"
    elif code in (_BUSY, _LOCKED) or "database is locked" in text:
        why = (
            "the database is locked by another program (another breachkit writing, a backup, "
            f"a sync client) and stayed locked for {BUSY_TIMEOUT_MS / 1000:g} s; try again "
            "when it is done"
        )
    elif code == _FULL or "disk is full" in text:
        why = "the database cannot grow: the disk is full; free some space"
    elif code == _IOERR or "disk i/o error" in text:
        why = (
            f"the disk failed writing the database ({err}): it may be full, failing, or at a "
            "file size limit"
        )
    elif code in (_CANTOPEN, _PERM) or "unable to open" in text:
        why = "the database cannot be opened: check that its folder exists and may be written"
    else:
        return None
    return StoreError(f"{where}: {why}. Nothing was recorded")


def _database_file(conn: sqlite3.Connection) -> str:
    """The file a connection has open (for messages)."""
    try:
        row = conn.execute("PRAGMA database_list").fetchone()
    except sqlite3.Error:
        return "the database"
    return str(row[2]) if row and row[2] else "the database"


def _translated(conn: sqlite3.Connection, err: sqlite3.Error) -> Exception:
    return machine_failure(err, _database_file(conn)) or err


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
    try:
        create_private_file(path)
        conn = _connect(path)
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
        if mode.lower() != "wal":  # pragma: no cover - only on filesystems without WAL
            raise StoreError(f"{path}: SQLite could not switch to WAL mode ({mode})")
        conn.execute("PRAGMA synchronous = NORMAL")
        conn.execute("PRAGMA foreign_keys = ON")
        db = Database(conn)
        if _pending(db):  # only then the write lock: reading never waits for it
            _migrate(db, clock)
    except StoreError:
        raise
    except sqlite3.DatabaseError as err:
        failure = machine_failure(err, str(path))
        if failure is not None:
            raise failure from None
        raise StoreError(f"{path}: cannot open the breachkit database: {err}") from None
    except OSError as err:
        raise StoreError(f"{path}: cannot create the database: {err.strerror}") from None
    return db


def _connect(path: Path) -> sqlite3.Connection:
    """The connection to the file (tests open it read-only here: root ignores modes)."""
    return sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_MS / 1000)


def _in_memory() -> Database:
    """An empty, migrated database that is never written to disk."""
    conn = sqlite3.connect(":memory:")
    conn.execute("PRAGMA foreign_keys = ON")
    db = Database(conn)
    _migrate(db, None)
    return db


MIGRATIONS = (
    "0001_initial",
    "0002_playbooks",
    "0003_drafts",
    "0004_letters",
    "0005_review",
    "0011_letter_sends",
    "0006_chain_is_the_record",
    "0007_controllers",
    "0010_send_ledger",
    "0012_guard_sends",
)
"""The names of :mod:`breachkit.store.migrations`, in order (a test keeps them equal), so
that opening an up-to-date database needs neither sqlite-utils nor the migrations."""


def _pending(db: Database) -> bool:
    """Whether a migration is not yet applied (read-only; no sqlite-utils)."""
    found = db.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '_sqlite_migrations'"
    ).fetchone()
    if found is None:
        return True
    applied = {
        row[0]
        for row in db.execute(
            "SELECT name FROM _sqlite_migrations WHERE migration_set = 'breachkit'"
        )
    }
    return not applied.issuperset(MIGRATIONS)


def _migrate(db: Database, clock: Callable[[], datetime] | None) -> None:
    """Apply what is pending, under the write lock, with sqlite-utils' migrations."""
    from sqlite_utils import Database as MigrationsDatabase

    from breachkit.store.migrations import migrations
    from breachkit.store.upgrade import UPGRADE_CLOCK

    token = UPGRADE_CLOCK.set(clock)
    try:
        full = MigrationsDatabase(db.conn, execute_plugins=False)
        if migrations.pending(full):
            with write(db):
                migrations.apply(full)
    finally:
        UPGRADE_CLOCK.reset(token)


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
    try:
        conn.execute("BEGIN IMMEDIATE")
    except sqlite3.Error as err:
        raise _translated(conn, err) from None
    try:
        yield db
        conn.execute("COMMIT")
    except BaseException as err:
        _rollback(conn)
        if isinstance(err, sqlite3.Error):
            raise _translated(conn, err) from None
        raise


def _rollback(conn: sqlite3.Connection) -> None:
    """Undo the open transaction; a failing disk may refuse even that (SQLite then rolls
    back from its journal the next time the file is opened)."""
    if conn.in_transaction:
        with contextlib.suppress(sqlite3.Error):
            conn.execute("ROLLBACK")


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
    except sqlite3.Error as err:
        raise _translated(conn, err) from None
    finally:
        _rollback(conn)
