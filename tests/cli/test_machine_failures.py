"""When the machine fails (read-only file, full disk, a lock held too long, a folder that
cannot be written): a message naming the file, exit 2, nothing half-written, no orphans.

Tests may run as root, which ignores file modes, so none relies on chmod: a read-only
database is opened read-only (SQLite's ``mode=ro``), a full disk is SQLite's page limit or
the process's file size limit (RLIMIT_FSIZE), and a lock is another connection's.
"""

from __future__ import annotations

import json
import os
import resource
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

import breachkit.store.db as store_db
from breachkit.cli.main import cli

INCIDENT = (
    'title = "Laptop stolen"\ntimezone = "Europe/Luxembourg"\naware_at = "2026-11-19T11:30"\n'
)


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "case" / "bk.db"
    path.parent.mkdir()
    source = tmp_path / "incident.toml"
    source.write_text(INCIDENT, encoding="utf-8")
    result = bk(path, "new", "--from", str(source))
    assert result.exit_code == 0, result.output
    return path


def bk(db: Path, *args: str) -> Result:
    return CliRunner().invoke(cli, ["--db", str(db), "--actor", "tester", *args])


def entries(db: Path) -> int:
    listed = json.loads(bk(db, "timeline", "BK-2026-0001", "--json").stdout)
    return len(listed["entries"])


def files(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file())


@pytest.fixture
def evidence(tmp_path: Path) -> Path:
    path = tmp_path / "fw.log"
    path.write_bytes(b"fw export\n" * 1000)
    return path


WRITES = (
    ("log", "BK-2026-0001", "isolated the host"),
    ("set", "BK-2026-0001", "breach.exfiltration", "ruled_out"),
    ("contained", "BK-2026-0001", "--at", "2026-11-19T12:00"),
    ("playbook", "done", "BK-2026-0001", "log-first-report"),
)


def test_a_read_only_database_is_exit_2_naming_it(
    db: Path, evidence: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before, kept = entries(db), files(db.parent)
    monkeypatch.setattr(
        store_db,
        "_connect",
        lambda path: sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=1),
    )
    for command in (*WRITES, ("attach", "BK-2026-0001", str(evidence))):
        result = bk(db, *command)
        assert result.exit_code == 2, (command, result.output)
        assert f"{db}: the database cannot be written" in result.output
        assert "read-only" in result.output and "Traceback" not in result.output
    assert bk(db, "list").exit_code == 0  # reading still works
    monkeypatch.undo()
    assert entries(db) == before
    assert files(db.parent) == kept  # no evidence file the timeline does not name
    assert bk(db, "verify").exit_code == 0


@pytest.fixture
def locked(db: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Another program holds the write lock for the whole test."""
    monkeypatch.setattr(store_db, "BUSY_TIMEOUT_MS", 200)
    holder = sqlite3.connect(db, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    yield
    holder.execute("ROLLBACK")
    holder.close()


@pytest.mark.usefixtures("locked")
def test_a_database_locked_past_the_busy_timeout_is_exit_2(db: Path, evidence: Path) -> None:
    kept = files(db.parent)
    for command in (*WRITES, ("attach", "BK-2026-0001", str(evidence))):
        result = bk(db, *command)
        assert result.exit_code == 2, (command, result.output)
        assert f"{db}: the database is locked by another program" in result.output
        assert "0.2 s" in result.output
    shown = bk(db, "list")  # reading never waits for the write lock
    assert shown.exit_code == 0 and "BK-2026-0001" in shown.output
    assert files(db.parent) == kept


def test_a_full_disk_is_exit_2_and_nothing_is_recorded(
    db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = entries(db)
    real = store_db._connect

    def full(path: Path) -> sqlite3.Connection:
        conn = real(path)
        pages = conn.execute("PRAGMA page_count").fetchone()[0]
        conn.execute(f"PRAGMA max_page_count = {pages}")  # SQLITE_FULL on growth
        return conn

    monkeypatch.setattr(store_db, "_connect", full)
    result = bk(db, "log", "BK-2026-0001", "x" * 100_000)
    assert result.exit_code == 2, result.output
    assert f"{db}: the database cannot grow: the disk is full" in result.output
    monkeypatch.undo()
    assert entries(db) == before
    assert bk(db, "verify").exit_code == 0


def _limited(limit: int, *args: str) -> subprocess.CompletedProcess[str]:
    """``breachkit ARGS`` in a process that may not write files past ``limit`` bytes."""

    def cap() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    code = "from breachkit.cli.main import main; main()"
    return subprocess.run(
        [sys.executable, "-c", code, *args],
        preexec_fn=cap,  # noqa: PLW1509 - nothing else runs threads here
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ},
    )


def test_evidence_on_a_full_disk_leaves_no_file(db: Path, tmp_path: Path) -> None:
    big = tmp_path / "disk.img"
    big.write_bytes(os.urandom(600_000))
    kept, before = files(db.parent), entries(db)
    result = _limited(300_000, "--db", str(db), "attach", "BK-2026-0001", str(big))
    assert result.returncode == 2, result.stderr
    assert "cannot store the evidence file (File too large); nothing was recorded" in result.stderr
    assert files(db.parent) == kept
    assert entries(db) == before


def test_a_file_size_limit_while_logging_is_exit_2(db: Path) -> None:
    before = entries(db)
    result = _limited(100_000, "--db", str(db), "log", "BK-2026-0001", "x" * 120_000)
    assert result.returncode == 2, result.stderr
    assert f"{db}: the disk failed writing the database" in result.stderr
    assert "Traceback" not in result.stderr
    assert entries(db) == before
    assert bk(db, "verify").exit_code == 0


def test_an_evidence_folder_that_cannot_be_made_is_exit_2(db: Path, evidence: Path) -> None:
    before = entries(db)
    (db.parent / "bk-evidence").write_text("not a folder", encoding="utf-8")
    result = bk(db, "attach", "BK-2026-0001", str(evidence))
    assert result.exit_code == 2, result.output
    assert "bk-evidence: cannot store the evidence file" in result.output
    assert entries(db) == before
