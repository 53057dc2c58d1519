"""Nothing lost: file mode, WAL, concurrent writers, a writer killed mid-append, migrations."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from sqlite_utils import Database

from breachkit.services import Services
from breachkit.store.db import MIGRATIONS, open_db
from breachkit.store.migrations import migrations

WRITER = textwrap.dedent("""
    import sys
    from pathlib import Path
    from breachkit.services import Services
    services = Services(Path(sys.argv[1]), org_path=Path(sys.argv[1] + ".none"), actor=sys.argv[3])
    for n in range(int(sys.argv[4])):
        entry = services.log(sys.argv[2], f"{sys.argv[3]} entry {n}", kind="action")
        print(entry.seq, flush=True)
""")


def _writer(db: Path, incident: str, name: str, count: int) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", WRITER, str(db), incident, name, str(count)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_the_database_is_private_and_in_wal_mode(services: Services) -> None:
    services.incidents()
    assert oct(services.db_path.stat().st_mode & 0o777) == "0o600"
    assert services.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert services.db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert services.db.execute("PRAGMA busy_timeout").fetchone()[0] >= 5000
    wal = services.db_path.with_name(services.db_path.name + "-wal")
    assert not wal.exists() or oct(wal.stat().st_mode & 0o777) == "0o600"


def test_migrations_are_named_and_apply_once(tmp_path: Path) -> None:
    db = Database(open_db(tmp_path / "m.db").conn)  # sqlite-utils' view, for its migrations
    assert [m.name for m in migrations.applied(db)] == [
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
    ]
    db.close()
    db = Database(open_db(tmp_path / "m.db").conn)  # again: nothing pending, nothing fails
    assert migrations.pending(db) == []
    assert tuple(m.name for m in migrations._migrations) == MIGRATIONS  # what open_db checks


@pytest.mark.slow
def test_two_processes_appending_lose_nothing(services: Services, incident_file: Path) -> None:
    incident, _ = services.create_from_file(incident_file)
    services.close()
    writers = [_writer(services.db_path, incident, name, 150) for name in ("alice", "bob")]
    for w in writers:
        _, err = w.communicate(timeout=120)
        assert w.returncode == 0, err
    entries = services.timeline(incident)
    assert len(entries) == 1 + 2 * 150
    assert [e.seq for e in entries] == list(range(1, 302))
    for name in ("alice", "bob"):
        texts = [e.content.text for e in entries if e.content.actor == name]
        assert texts == [f"{name} entry {n}" for n in range(150)]  # each writer's order kept
    (report,) = services.verify(incident)
    assert report.ok


@pytest.mark.slow
def test_a_writer_killed_mid_append_leaves_a_valid_chain(
    services: Services, incident_file: Path
) -> None:
    incident, _ = services.create_from_file(incident_file)
    services.close()
    writer = _writer(services.db_path, incident, "victim", 100_000)
    assert writer.stdout is not None
    committed = 0
    deadline = time.monotonic() + 60
    while committed < 200 and time.monotonic() < deadline:
        line = writer.stdout.readline()
        if line:
            committed = int(line)
    os.kill(writer.pid, signal.SIGKILL)
    writer.wait()
    assert committed >= 200
    (report,) = services.verify(incident)
    assert report.ok, report.chain_break
    assert report.checked >= committed  # every entry the writer saw committed is there


FACT_WRITER = textwrap.dedent("""
    import sys
    from pathlib import Path
    from breachkit.services import Services
    services = Services(Path(sys.argv[1]), org_path=Path(sys.argv[1] + ".none"), actor=sys.argv[3])
    for n in range(int(sys.argv[4])):
        services.set_fact(sys.argv[2], sys.argv[3], n + 1)
""")


@pytest.mark.slow
def test_two_processes_setting_facts_lose_no_update(
    services: Services, incident_file: Path
) -> None:
    """set_fact reads the facts under the write lock: the chain and the facts agree."""
    incident, _ = services.create_from_file(incident_file)
    services.close()
    keys = ("breach.unavailable_hours", "data.data_subjects")
    writers = [
        subprocess.Popen(
            [sys.executable, "-c", FACT_WRITER, str(services.db_path), incident, key, "200"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for key in keys
    ]
    for w in writers:
        _, err = w.communicate(timeout=300)
        assert w.returncode == 0, err
    changes = [e.content.links for e in services.timeline(incident) if e.kind == "fact-change"]
    assert len(changes) == 400
    for key in keys:
        mine = [c for c in changes if c["key"] == key]
        assert [c["new"] for c in mine] == list(range(1, 201))
        assert [c["old"] for c in mine] == [None, *range(1, 200)]  # each saw the one before
    facts = services.incident(incident).facts
    assert (facts.breach.unavailable_hours, facts.data.data_subjects) == (200, 200)
    (report,) = services.verify(incident)
    assert report.ok, report.problems


STALLED_WRITER = textwrap.dedent("""
    import sys, time
    from pathlib import Path
    from breachkit.services import Services
    from breachkit.store import unit
    original = unit.Tx.project
    def stalled(self, *args, **kwargs):
        if sys.argv[3] == "after":
            original(self, *args, **kwargs)
        print("stalled", flush=True)  # the entry is appended; its rows are (not yet) written
        time.sleep(120)
    unit.Tx.project = stalled
    services = Services(Path(sys.argv[1]), org_path=Path(sys.argv[1] + ".none"), actor="k")
    services.set_fact(sys.argv[2], "breach.exfiltration", "likely")
""")


@pytest.mark.slow
@pytest.mark.parametrize("moment", ["before", "after"])
def test_a_writer_killed_between_entry_and_rows_leaves_neither(
    services: Services, incident_file: Path, moment: str
) -> None:
    incident, _ = services.create_from_file(incident_file)
    before = services.incident(incident).entries
    services.close()
    writer = subprocess.Popen(
        [sys.executable, "-c", STALLED_WRITER, str(services.db_path), incident, moment],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert writer.stdout is not None
    assert writer.stdout.readline().strip() == "stalled"
    os.kill(writer.pid, signal.SIGKILL)
    writer.wait()
    view = services.incident(incident)
    assert view.entries == before and len(services.timeline(incident)) == before
    assert view.facts.breach.exfiltration is None
    assert services.fact_history(incident) == []
    (report,) = services.verify(incident)
    assert report.ok, report.problems
