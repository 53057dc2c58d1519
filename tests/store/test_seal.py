"""A seal kept elsewhere catches what the file alone cannot: a rollback, a rewritten chain."""

from __future__ import annotations

import hashlib
import json
import shutil
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from breachkit.cli.main import cli
from breachkit.core.timeline.chain import EntryContent, chain_entry, genesis_hash, links_json
from breachkit.services import Services


def cli_run(db: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["--db", str(db), *args])
    return result.exit_code, result.output


@pytest.fixture
def incident(services: Services, incident_file: Path) -> str:
    incident_id, _ = services.create_from_file(incident_file)
    services.log(incident_id, "police informed", kind="communication")
    return incident_id


def test_seal_json_gives_the_head_and_the_text_verify_takes(
    services: Services, incident: str
) -> None:
    code, output = cli_run(services.db_path, "seal", incident, "--json")
    assert code == 0
    seal = json.loads(output)
    view = services.incident(incident)
    assert seal["uid"] == view.uid and seal["seq"] == 2
    assert seal["hash"] == services.timeline(incident)[-1].hash
    assert seal["seal"].startswith(f"bk-seal-1 {view.uid} 2 ")
    code, output = cli_run(services.db_path, "verify", incident, "--seal", seal["seal"])
    assert code == 0 and "holds the sealed entry" in output
    # a later entry does not break an earlier seal
    services.log(incident, "more")
    code, _ = cli_run(services.db_path, "verify", "--seal", seal["seal"])  # found by its uid
    assert code == 0


def test_a_database_rolled_back_to_an_earlier_copy_fails_the_later_seal(
    services: Services, incident: str, tmp_path: Path
) -> None:
    services.close()
    backup = tmp_path / "last-week.db"
    shutil.copy(services.db_path, backup)  # closed: everything is in the main file
    services.log(incident, "filed with the CNPD")
    services.set_fact(incident, "data.data_subjects", 1310)
    later = services.seal(incident).text
    services.close()
    shutil.copy(backup, services.db_path)
    (report,) = services.verify(incident)
    assert report.ok  # on its own the older copy is a perfectly good chain
    code, output = cli_run(services.db_path, "verify", incident, "--seal", later)
    assert code == 1
    assert "ROLLED BACK: the seal names entry 4" in output and "ends at entry 2" in output


def test_a_chain_rewritten_consistently_passes_verify_but_not_the_seal(
    services: Services, incident: str
) -> None:
    sealed = services.seal(incident).text
    view = services.incident(incident)
    services.close()
    conn = sqlite3.connect(services.db_path)
    for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'").fetchall():
        conn.execute(f"DROP TRIGGER {name}")
    rows = conn.execute(
        "SELECT seq, kind, text, occurred_at, recorded_at, actor, links, corrects FROM timeline"
        " WHERE incident_id = ? ORDER BY seq",
        [incident],
    ).fetchall()
    prev = genesis_hash(view.uid)
    for seq, kind, text, occurred, recorded, actor, links, corrects in rows:
        if seq == 2:
            text = "nothing was reported to the police"
        content = EntryContent(kind, text, occurred, recorded, actor, json.loads(links), corrects)
        entry = chain_entry(view.uid, seq, content, prev)
        conn.execute(
            "UPDATE timeline SET text = ?, prev_hash = ?, hash = ?, links = ?"
            " WHERE incident_id = ? AND seq = ?",
            [text, entry.prev_hash, entry.hash, links_json(content.links), incident, seq],
        )
        prev = entry.hash
    conn.execute("UPDATE incidents SET head_hash = ? WHERE id = ?", [prev, incident])
    conn.commit()
    conn.close()
    (report,) = services.verify(incident)
    assert report.ok  # consistent: the file alone cannot tell
    code, output = cli_run(services.db_path, "verify", incident, "--seal", sealed)
    assert code == 1 and "REWRITTEN: entry 2 is not the entry that was sealed" in output


def test_a_pdf_footer_works_as_a_seal(services: Services, incident: str) -> None:
    footer = services.chain_footer(incident)
    head = services.timeline(incident)[-1]
    assert footer == f"{incident} #2 {head.hash[:16]}"
    code, _ = cli_run(services.db_path, "verify", incident, "--seal", footer)
    assert code == 0
    wrong = footer[:-1] + ("0" if footer[-1] != "0" else "1")
    code, output = cli_run(services.db_path, "verify", incident, "--seal", wrong)
    assert code == 1 and "REWRITTEN" in output


def test_a_mistyped_or_foreign_seal_is_said_so(services: Services, incident: str) -> None:
    text = services.seal(incident).text
    mistyped = text.replace(" 2 ", " 3 ", 1)
    code, output = cli_run(services.db_path, "verify", incident, "--seal", mistyped)
    assert code == 2 and "changed or mistyped" in output
    code, output = cli_run(services.db_path, "verify", incident, "--seal", "hello")
    assert code == 2 and "not a seal" in output
    foreign = text.replace(services.incident(incident).uid, "00000000-0000-4000-8000-000000000000")
    body = foreign.rsplit(" ", 1)[0]
    foreign = f"{body} {hashlib.sha256(body.encode()).hexdigest()[:8]}"
    code, output = cli_run(services.db_path, "verify", "--seal", foreign)
    assert code == 1 and "holds no incident" in output
