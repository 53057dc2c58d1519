"""A database made by release 0.1.0 (before migration 0006) is upgraded and keeps verifying.

``tests/fixtures/release-0.1.0`` was made by that release's own code
(``tests/fixtures/make_release_db.py``, run on commit 1fc597a): two incidents with facts
changed, evidence, a risk decision, a draft, filings, playbook steps, review items (one
closed), containment, one finished letter batch and one that was killed.
"""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Mapping
from pathlib import Path

import pytest

from breachkit.core.timeline.chain import EntryContent, chain_entry, links_json
from breachkit.core.timesource import FixedClock
from breachkit.services import Services

FIXTURE = Path(__file__).parent.parent / "fixtures" / "release-0.1.0"


@pytest.fixture
def upgraded(tmp_path: Path, clock: FixedClock) -> Services:
    shutil.copytree(FIXTURE, tmp_path / "old")
    with sqlite3.connect(tmp_path / "old" / "bk.db") as conn:
        before = {
            table: conn.execute(f"SELECT * FROM {table} ORDER BY rowid").fetchall()
            for table in ("fact_changes", "evidence", "filings", "playbook_progress")
        }
        assert "0006_chain_is_the_record" not in {
            r[0] for r in conn.execute("SELECT name FROM _sqlite_migrations")
        }
    services = Services(tmp_path / "old" / "bk.db", org_path=tmp_path / "none", clock=clock)
    services.incidents()  # opening it upgrades it
    services.before = before  # type: ignore[attr-defined]
    return services


def test_every_incident_of_the_old_release_verifies_after_the_upgrade(upgraded: Services) -> None:
    reports = upgraded.verify()
    assert [r.incident_id for r in reports] == ["BK-2026-0001", "BK-2026-0002"]
    for report in reports:
        assert report.ok, report.problems
        assert report.evidence_checked >= 1 or report.incident_id == "BK-2026-0002"


def test_the_checkpoint_carries_the_tables_as_they_were(upgraded: Services) -> None:
    first = upgraded.timeline("BK-2026-0001")
    checkpoint = next(e for e in first if e.content.links.get("change") == "checkpoint")
    assert checkpoint.kind == "system" and checkpoint.content.actor == "breachkit (upgrade)"
    state = checkpoint.content.links["state"]
    assert state["incident"]["facts"]["breach"]["exfiltration"] == "confirmed"
    assert len(state["filings"]) == 2 and len(state["playbook_progress"]) >= 10
    assert [b["letters"] for b in state["letter_batches"]] == [8]  # the finished batch
    # the killed batch got the start entry the old release never wrote
    assert first[-1].content.links["change"] == "letters.start"
    # nothing that was there is lost or changed
    with sqlite3.connect(upgraded.db_path) as conn:
        for table, rows in upgraded.before.items():  # type: ignore[attr-defined]
            columns = len(rows[0]) if rows else 0
            now = [r[:columns] for r in conn.execute(f"SELECT * FROM {table} ORDER BY rowid")]
            assert now == rows, table


def test_the_old_record_reads_as_before(upgraded: Services) -> None:
    incident = "BK-2026-0001"
    assert upgraded.incident(incident).facts.data.data_subjects == 1310
    assert [c.key for c in upgraded.fact_history(incident)] == [
        "breach.exfiltration",
        "data.data_subjects",
    ]
    (decision,) = upgraded.decisions(incident)
    assert decision.risk == "high"
    assert upgraded.containment(incident) is not None
    items = upgraded.review_items(incident)
    assert items[0].status.value == "done" and items[0].closing_note == "BitLocker on FS01"
    (draft,) = upgraded.drafts(incident)
    assert len(draft.content_sha256) == 64
    assert upgraded.filings(incident)[-1].reference == "CNPD-2026-117"
    assert [b.finished_at is not None for b in upgraded.letter_batches(incident)] == [False, True]
    second = upgraded.incident("BK-2026-0002")
    assert second.status == "closed"
    assert upgraded.incident_playbook(second.id).id == "lost-stolen-device"


def test_work_goes_on_after_the_upgrade_and_forgeries_are_caught(upgraded: Services) -> None:
    incident = "BK-2026-0001"
    upgraded.set_fact(incident, "data.records", 5000)
    upgraded.close_review_item(incident, 2, "dropped", note="kept as a lesson")
    (report,) = upgraded.verify(incident)
    assert report.ok, report.problems
    upgraded.close()
    with sqlite3.connect(upgraded.db_path) as conn:
        for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'"):
            conn.execute(f"DROP TRIGGER {name}")
        conn.execute("UPDATE filings SET reference = 'FORGED' WHERE reference = 'CNPD-2026-117'")
    (report,) = upgraded.verify(incident)
    assert any('reference is "FORGED"' in p for p in report.problems), report.problems


def test_people_told_and_public_notices_recorded_in_links_become_rows(
    tmp_path: Path, clock: FixedClock
) -> None:
    """A database whose batches counted people in their links (before those counts were
    fields of the record) keeps them: the upgrade fills the batch's columns and the
    public notices from the links, the checkpoint carries them, and the Art. 34 clock
    is met by the notice as it was before."""
    shutil.copytree(FIXTURE, tmp_path / "old")
    with sqlite3.connect(tmp_path / "old" / "bk.db") as conn:
        told = {
            "batch_id": 3,
            "letters": 8,
            "people": 7,
            "people_by_channel": {"post": 0, "email": 0, "pdf": 7},
            "people_told": 7,
            "people_affected": 1310,
            "people_not_compared": 0,
            "incomplete": ["response.measures_proposed"],
        }
        seq = _append_old(conn, "BK-2026-0001", "communication", told)
        conn.execute(
            "INSERT INTO letter_batches (id, incident_id, started_at, finished_at, subjects_file,"
            " subjects_sha256, out_dir, format, letters, bad_rows, manifest_sha256, actor,"
            " entry_seq) VALUES (3, 'BK-2026-0001', '2026-11-19T13:00:00Z',"
            " '2026-11-19T13:10:00Z', 'p.csv', ?, '/l', 'pdf', 8, 0, ?, 'dpo', ?)",
            ["ab" * 32, "cd" * 32, seq],
        )
        notice = {"notice": {"public-notice.fr.pdf": "ef" * 32}, "incomplete": []}
        notice_seq = _append_old(conn, "BK-2026-0001", "document", notice)
    services = Services(tmp_path / "old" / "bk.db", org_path=tmp_path / "none", clock=clock)
    (report,) = services.verify("BK-2026-0001")
    assert report.ok, report.problems
    batch = next(b for b in services.letter_batches("BK-2026-0001") if b.entry_seq == seq)
    assert (batch.people, batch.people_told, batch.people_affected) == (7, 7, 1310)
    assert batch.people_by_channel == {"post": 0, "email": 0, "pdf": 7}
    assert batch.incomplete == ("response.measures_proposed",)
    (row,) = services.store.public_notices.rows("BK-2026-0001")
    assert row.entry_seq == notice_seq and row.files == {"public-notice.fr.pdf": "ef" * 32}
    art34 = next(c for c in services.clocks("BK-2026-0001") if c.id == "gdpr-art34")
    assert art34.state == "met"


def _append_old(
    conn: sqlite3.Connection, incident: str, kind: str, links: Mapping[str, object]
) -> int:
    """An entry as an earlier version wrote it (links without a change record)."""
    uid, head_seq, head_hash = conn.execute(
        "SELECT uid, head_seq, head_hash FROM incidents WHERE id = ?", [incident]
    ).fetchone()
    at = "2026-11-19T13:10:00Z"
    entry = chain_entry(
        uid, head_seq + 1, EntryContent(kind, "earlier version", at, at, "dpo", links), head_hash
    )
    conn.execute(
        "INSERT INTO timeline (incident_id, seq, kind, text, occurred_at, recorded_at, actor,"
        " links, corrects, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, NULL, ?, ?)",
        [
            incident,
            entry.seq,
            kind,
            "earlier version",
            at,
            at,
            "dpo",
            links_json(links),
            entry.prev_hash,
            entry.hash,
        ],
    )
    conn.execute(
        "UPDATE incidents SET head_seq = ?, head_hash = ? WHERE id = ?",
        [entry.seq, entry.hash, incident],
    )
    return entry.seq
