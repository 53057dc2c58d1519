"""A database made by release 0.1.0 (before migration 0006) is upgraded and keeps verifying.

``tests/fixtures/release-0.1.0`` was made by that release's own code
(``tests/fixtures/make_release_db.py``, run on commit 1fc597a): two incidents with facts
changed, evidence, a risk decision, a draft, filings, playbook steps, review items (one
closed), containment, one finished letter batch and one that was killed.
"""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

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
