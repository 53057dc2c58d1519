"""An attacker with the database file: every forged row is named by verify and by import.

Each forgery drops the guard triggers first, as an attacker would, then edits one kind of
row with plain SQL. ``verify`` must name the table, the row and the entry it should come
from (exit 1); a bundle carrying the forged row must be refused with nothing stored.
"""

from __future__ import annotations

import json
import sqlite3
import zipfile
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner

from breachkit.cli.main import cli
from breachkit.core.errors import InputError
from breachkit.core.timeline.chain import EntryContent
from breachkit.core.timeline.changes import LettersFinished, LettersStarted
from breachkit.core.times import utc_iso
from breachkit.core.timesource import FixedClock
from breachkit.services import Services

Forgery = Callable[[sqlite3.Connection, str], object]


def recorded_incident(services: Services, clock: FixedClock) -> str:
    """An incident with a row of every kind, each recorded as breachkit records it."""
    incident = services.create_demo()
    clock.advance(timedelta(minutes=5))
    services.set_fact(incident, "breach.exfiltration", "confirmed")
    services.decide(incident)
    services.export_draft(
        incident, services.db_path.parent / "draft.md", authority="cnpd", allow_incomplete=True
    )
    services.record_filing(incident, authority="cnpd", at=clock.now(), reference="CNPD-2026-117")
    services.add_review_item(
        incident, "action", "Encrypt the HR share", owner="IT", due="2027-01-31"
    )
    services.add_review_item(incident, "lesson", "Backups saved us")
    services.close_review_item(incident, 1, "done", note="encrypted")
    services.mark_contained(incident, note="FS01 unplugged")
    now = utc_iso(clock.now())
    with services.store.transaction() as tx:
        start = LettersStarted("people.csv", "ab" * 32, "/letters", "pdf", now)
        entry = tx.record(incident, EntryContent("system", "batch", now, now, "dpo", start.links()))
        done = LettersFinished(
            entry.seq,
            12,
            {"pdf": 12},
            1,
            "cd" * 32,
            "",
            "",
            people=12,
            people_by_channel={"pdf": 12},
            people_told=12,
            people_affected=1240,
            people_not_compared=0,
            incomplete=("response.measures_proposed",),
        )
        tx.record(incident, EntryContent("communication", "sent", now, now, "dpo", done.links()))
    (report,) = services.verify(incident)
    assert report.ok, report.problems
    return incident


def attacker(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(path)
    for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'").fetchall():
        conn.execute(f"DROP TRIGGER {name}")
    return conn


def _seq(conn: sqlite3.Connection, table: str, incident: str) -> int:
    return int(
        conn.execute(
            f"SELECT max(entry_seq) FROM {table} WHERE incident_id = ?", [incident]
        ).fetchone()[0]
    )


FORGERIES: dict[str, tuple[Forgery, str]] = {
    "facts": (
        lambda c, i: c.execute(
            "UPDATE incidents SET facts = json_set(facts, '$.aware_at', '2026-11-20T08:00:00Z')"
            " WHERE id = ?",
            [i],
        ),
        'incidents, {i}: facts.aware_at is "2026-11-20T08:00:00Z"; entry 1 says',
    ),
    "fact history": (
        lambda c, i: c.execute(
            "UPDATE fact_changes SET new_value = '\"ruled_out\"' WHERE incident_id = ?", [i]
        ),
        'fact_changes, row of entry {fact_changes}: new_value is "ruled_out"; '
        'entry {fact_changes} says "confirmed"',
    ),
    "filing": (
        lambda c, i: c.execute(
            "INSERT INTO filings (incident_id, clock_id, authority, filed_at, reference,"
            " reasons_for_delay, recorded_at, actor, entry_seq) VALUES (?, 'gdpr-art34', 'cnpd',"
            " '2026-11-19T12:00:00Z', 'MADE-UP', '', '2026-11-19T12:00:00Z', 'x', 3)",
            [i],
        ),
        "filings: a row for entry 3 that the chain does not record",
    ),
    "draft": (
        lambda c, i: c.execute("UPDATE drafts SET sha256 = ? WHERE incident_id = ?", ["f" * 64, i]),
        'drafts, row of entry {drafts}: sha256 is "ffff',
    ),
    "letter batch": (
        lambda c, i: c.execute(
            "UPDATE letter_batches SET letters = 5000 WHERE incident_id = ?", [i]
        ),
        "letter_batches, row of entry {start}: letters is 5000; entry {finish} says 12",
    ),
    "people told": (
        lambda c, i: c.execute(
            "UPDATE letter_batches SET people_told = 1240 WHERE incident_id = ?", [i]
        ),
        "letter_batches, row of entry {start}: people_told is 1240; entry {finish} says 12",
    ),
    "people by channel": (
        lambda c, i: c.execute(
            "UPDATE letter_batches SET people_by_channel = '{\"post\": 1240}'"
            " WHERE incident_id = ?",
            [i],
        ),
        'letter_batches, row of entry {start}: people_by_channel is {{"post": 1240}}; '
        'entry {finish} says {{"pdf": 12}}',
    ),
    "letters incomplete": (
        lambda c, i: c.execute(
            "UPDATE letter_batches SET incomplete = '[]' WHERE incident_id = ?", [i]
        ),
        "letter_batches, row of entry {start}: incomplete is []; entry {finish} says "
        '["response.measures_proposed"]',
    ),
    "public notice": (
        lambda c, i: c.execute(
            "INSERT INTO public_notices (incident_id, entry_seq, at, actor, out_dir, files,"
            " languages, incomplete) VALUES (?, 3, '2026-11-19T12:00:00Z', 'x', '/notice',"
            " '{}', '[\"fr\"]', '[]')",
            [i],
        ),
        "public_notices: a row for entry 3 that the chain does not record",
    ),
    "playbook step": (
        lambda c, i: c.execute(
            "INSERT INTO playbook_progress (incident_id, playbook_id, playbook_version, step_id,"
            " status, note, at, actor, entry_seq) VALUES (?, 'ransomware', 1, 'notify-authority',"
            " 'done', '', '2026-11-19T12:00:00Z', 'x', 2)",
            [i],
        ),
        "playbook_progress: a row for entry 2 that the chain does not record",
    ),
    "review item": (
        lambda c, i: c.execute(
            "UPDATE review_items SET status = 'done' WHERE incident_id = ? AND kind = 'lesson'",
            [i],
        ),
        'review_items, row of entry {lesson}: status is "done"; entry {lesson} says "open"',
    ),
    "decision": (
        lambda c, i: c.execute("UPDATE decisions SET risk = 'unlikely' WHERE incident_id = ?", [i]),
        'decisions, row of entry {decisions}: risk is "unlikely"; entry {decisions} says',
    ),
    "containment": (
        lambda c, i: c.execute("DELETE FROM milestones WHERE incident_id = ?", [i]),
        "milestones: the row of entry {milestones} is missing",
    ),
    "evidence": (
        lambda c, i: c.execute(
            "UPDATE evidence SET filename = 'other.log' WHERE incident_id = ?", [i]
        ),
        'evidence, row of entry {evidence}: filename is "other.log"',
    ),
}


def expected_text(template: str, conn: sqlite3.Connection, incident: str) -> str:
    values = {
        "i": incident,
        "start": conn.execute("SELECT start_seq FROM letter_batches").fetchone()[0],
        "finish": conn.execute("SELECT entry_seq FROM letter_batches").fetchone()[0],
        "lesson": conn.execute(
            "SELECT entry_seq FROM review_items WHERE kind = 'lesson'"
        ).fetchone()[0],
    }
    for table in ("fact_changes", "drafts", "decisions", "milestones", "evidence"):
        values[table] = _seq(conn, table, incident)
    return template.format(**values)


@pytest.fixture
def world(services: Services, clock: FixedClock) -> tuple[Services, str]:
    return services, recorded_incident(services, clock)


@pytest.mark.parametrize("kind", list(FORGERIES))
def test_verify_names_every_forged_row(world: tuple[Services, str], kind: str) -> None:
    services, incident = world
    forge, template = FORGERIES[kind]
    services.close()
    conn = attacker(services.db_path)
    wanted = expected_text(template, conn, incident)
    forge(conn, incident)
    conn.commit()
    conn.close()
    (report,) = services.verify(incident)
    assert not report.ok
    assert report.chain_break is None  # the chain itself is untouched
    assert any(wanted in p for p in report.problems), report.problems
    result = CliRunner().invoke(cli, ["--db", str(services.db_path), "verify", incident])
    assert result.exit_code == 1, result.output
    assert wanted in result.output


@pytest.mark.parametrize("kind", list(FORGERIES))
def test_a_bundle_carrying_a_forged_row_is_refused_and_nothing_is_stored(
    world: tuple[Services, str], kind: str, tmp_path: Path, clock: FixedClock
) -> None:
    services, incident = world
    forge, template = FORGERIES[kind]
    services.close()
    conn = attacker(services.db_path)
    wanted = expected_text(template, conn, incident)
    forge(conn, incident)
    conn.commit()
    conn.close()
    bundle = tmp_path / "case.bkbundle"
    services.export_bundle(incident, bundle)
    elsewhere = Services(tmp_path / "b" / "bk.db", org_path=tmp_path / "none", clock=clock)
    with pytest.raises(InputError) as refused:
        elsewhere.import_bundle(bundle)
    assert wanted.replace(incident, "the bundle's incident") in str(refused.value)
    assert "nothing was imported" in str(refused.value)
    assert not (tmp_path / "b" / "bk.db").exists()  # not even an empty database
    assert elsewhere.incidents() == []
    evidence = tmp_path / "b" / "bk-evidence"
    assert not evidence.exists() or not any(p.is_file() for p in evidence.rglob("*"))
    result = CliRunner().invoke(cli, ["--db", str(tmp_path / "c.db"), "import", str(bundle)])
    assert result.exit_code == 2 and "nothing was imported" in result.output
    assert not (tmp_path / "c.db").exists()


def test_a_bundle_edited_after_export_is_refused(
    world: tuple[Services, str], tmp_path: Path, clock: FixedClock
) -> None:
    services, incident = world
    bundle = tmp_path / "case.bkbundle"
    services.export_bundle(incident, bundle)
    with zipfile.ZipFile(bundle) as z:
        members = {n: z.read(n) for n in z.namelist()}
    document = json.loads(members["bundle.json"])
    document["filings"][0]["reference"] = "CNPD-MADE-UP"
    members["bundle.json"] = json.dumps(document).encode()
    edited = tmp_path / "edited.bkbundle"
    with zipfile.ZipFile(edited, "w") as z:
        for name, data in members.items():
            z.writestr(name, data)
    elsewhere = Services(tmp_path / "b" / "bk.db", org_path=tmp_path / "none", clock=clock)
    with pytest.raises(InputError, match='reference is "CNPD-MADE-UP"; entry \\d+ says'):
        elsewhere.import_bundle(edited)
    assert elsewhere.incidents() == []


def test_an_honest_bundle_arrives_with_every_table(
    world: tuple[Services, str], tmp_path: Path, clock: FixedClock
) -> None:
    services, incident = world
    bundle = tmp_path / "case.bkbundle"
    services.export_bundle(incident, bundle)
    elsewhere = Services(tmp_path / "b" / "bk.db", org_path=tmp_path / "none", clock=clock)
    imported = elsewhere.import_bundle(bundle)
    (report,) = elsewhere.verify(imported)
    assert report.ok, report.problems
    assert len(elsewhere.letter_batches(imported)) == 1
    assert [i.status.value for i in elsewhere.review_items(imported)] == ["done", "open"]
    assert elsewhere.containment(imported) is not None
    assert [d.version for d in elsewhere.drafts(imported)] == [1]
    assert elsewhere.filing_records(imported)[-1].reference == "CNPD-2026-117"


@pytest.mark.parametrize("kind", list(FORGERIES))
def test_rebuild_puts_the_tables_back_and_says_what_it_changed(
    world: tuple[Services, str], kind: str
) -> None:
    services, incident = world
    forge, template = FORGERIES[kind]
    services.close()
    conn = attacker(services.db_path)
    wanted = expected_text(template, conn, incident)
    forge(conn, incident)
    conn.commit()
    conn.close()
    result = CliRunner().invoke(cli, ["--db", str(services.db_path), "rebuild", incident])
    assert result.exit_code == 0, result.output
    assert wanted in result.output
    (report,) = services.verify(incident)
    assert report.ok, report.problems


def test_a_forged_people_told_is_named_and_rebuild_reopens_the_art34_clock(
    world: tuple[Services, str],
) -> None:
    """The count the Art. 34 clock reads is a projection: forged, it would close the
    clock; verify names it (exit 1) and rebuild puts back what the chain says."""
    services, incident = world

    def art34() -> str:
        return next(c.state for c in services.clocks(incident) if c.id == "gdpr-art34")

    assert art34() != "met"  # 12 of 1,240 people told
    services.close()
    conn = attacker(services.db_path)
    conn.execute("UPDATE letter_batches SET people_told = 1240 WHERE incident_id = ?", [incident])
    conn.commit()
    conn.close()
    assert art34() == "met"  # what an attacker would want the clocks to say
    result = CliRunner().invoke(cli, ["--db", str(services.db_path), "verify", incident])
    assert result.exit_code == 1, result.output
    assert "people_told is 1240; entry" in result.output
    assert "says 12" in result.output
    result = CliRunner().invoke(cli, ["--db", str(services.db_path), "rebuild", incident])
    assert result.exit_code == 0, result.output
    assert art34() != "met"
    (report,) = services.verify(incident)
    assert report.ok, report.problems
