"""The chain: each kind of tampering is caught by `verify`, naming the right entry."""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from pathlib import Path

import pytest

from breachkit.services import Services


@pytest.fixture
def incident(services: Services, incident_file: Path) -> str:
    incident_id, _ = services.create_from_file(incident_file)
    for n in range(2, 7):
        services.log(incident_id, f"step {n}", kind="action")
    return incident_id


def raw(services: Services) -> sqlite3.Connection:
    """A plain connection with the append-only triggers removed: what an attacker would do."""
    services.close()
    conn = sqlite3.connect(services.db_path)
    conn.execute("DROP TRIGGER timeline_append_only_update")
    conn.execute("DROP TRIGGER timeline_append_only_delete")
    return conn


def first_break(services: Services, incident_id: str) -> tuple[int, str]:
    (report,) = services.verify(incident_id)
    assert not report.ok
    assert report.chain_break is not None
    return report.chain_break.seq, report.chain_break.problem


def test_an_untouched_chain_verifies(services: Services, incident: str) -> None:
    (report,) = services.verify(incident)
    assert report.ok and report.checked == 6


def test_the_store_refuses_updates_and_deletes(services: Services, incident: str) -> None:
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        services.db.execute("UPDATE timeline SET text = 'x' WHERE seq = 2")
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        services.db.execute("DELETE FROM timeline WHERE seq = 2")


def test_an_edited_entry_is_named(services: Services, incident: str) -> None:
    with raw(services) as conn:
        conn.execute("UPDATE timeline SET text = 'nothing happened' WHERE seq = 4")
    assert first_break(services, incident) == (4, "entry 4 was edited after it was recorded")


def test_an_edited_time_or_actor_is_named(services: Services, incident: str) -> None:
    with raw(services) as conn:
        conn.execute("UPDATE timeline SET occurred_at = '2026-01-01T00:00:00+00:00' WHERE seq = 3")
    assert first_break(services, incident)[0] == 3


def test_a_deleted_entry_is_named(services: Services, incident: str) -> None:
    with raw(services) as conn:
        conn.execute("DELETE FROM timeline WHERE seq = 3")
    seq, problem = first_break(services, incident)
    assert seq == 3 and "missing (deleted)" in problem


def test_a_deleted_tail_is_caught_by_the_recorded_head(services: Services, incident: str) -> None:
    with raw(services) as conn:
        conn.execute("DELETE FROM timeline WHERE seq >= 5")
    seq, problem = first_break(services, incident)
    assert seq == 5 and "deleted from the end" in problem


def test_reordered_entries_are_named(services: Services, incident: str) -> None:
    with raw(services) as conn:
        conn.execute("UPDATE timeline SET seq = 100 WHERE seq = 3")
        conn.execute("UPDATE timeline SET seq = 3 WHERE seq = 4")
        conn.execute("UPDATE timeline SET seq = 4 WHERE seq = 100")
    seq, problem = first_break(services, incident)
    assert seq == 3 and "does not follow entry 2" in problem


def test_a_recomputed_hash_does_not_hide_an_edit(services: Services, incident: str) -> None:
    """Rewriting one hash to match the edit breaks the link to the next entry."""
    from breachkit.core.timeline.chain import entry_hash

    (entry,) = services.timeline(incident, after=2, limit=1)
    forged = replace(entry.content, text="forged")
    new_hash = entry_hash(entry.incident_uid, 3, forged, entry.prev_hash)
    with raw(services) as conn:
        conn.execute("UPDATE timeline SET text = 'forged', hash = ? WHERE seq = 3", [new_hash])
    seq, problem = first_break(services, incident)
    assert seq == 4 and "does not follow entry 3" in problem


def test_a_changed_evidence_file_is_named(
    services: Services, incident: str, tmp_path: Path
) -> None:
    source = tmp_path / "mail.eml"
    source.write_bytes(b"From: attacker\n\nsend the files")
    entry = services.attach(incident, source, note="phishing mail")
    stored = services.evidence.path_for(entry.content.links["sha256"])
    assert oct(stored.stat().st_mode & 0o777) == "0o600"
    stored.chmod(0o600)
    stored.write_bytes(b"From: someone else")
    (report,) = services.verify(incident)
    assert report.chain_break is None
    (problem,) = report.evidence_problems
    assert problem.seq == entry.seq and "was changed" in problem.problem
    stored.unlink()
    (report,) = services.verify(incident)
    assert "is missing" in report.evidence_problems[0].problem


def test_a_correction_points_at_the_entry_it_corrects(services: Services, incident: str) -> None:
    entry = services.log(incident, "host was fs02, not fs01", corrects=3)
    assert entry.content.corrects == 3
    assert services.timeline(incident, after=2, limit=1)[0].content.text == "step 3"
    (report,) = services.verify(incident)
    assert report.ok


def test_entries_cannot_move_between_incidents(
    services: Services, incident: str, incident_file: Path
) -> None:
    other, _ = services.create_from_file(incident_file)
    with raw(services) as conn:
        conn.execute("DELETE FROM timeline WHERE incident_id = ?", [other])
        conn.execute(
            "INSERT INTO timeline SELECT ?, seq, kind, text, occurred_at, recorded_at, actor, "
            "links, corrects, prev_hash, hash FROM timeline WHERE incident_id = ? AND seq = 1",
            [other, incident],
        )
    reports = {r.incident_id: r for r in services.verify()}
    assert reports[incident].ok
    broken = reports[other].chain_break
    assert not reports[other].ok and broken is not None and broken.seq == 1
