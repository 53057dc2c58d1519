"""People told means people (issue 14): distinct people by channel, not files, and the
register, the report and the Art. 34 clock say the same thing."""

from __future__ import annotations

from pathlib import Path

import pytest

from breachkit.core.clocks.engine import ClockReading, ClockState
from breachkit.services import Services

PROFILE = """\
[organisation]
name = "Skovbo IT ApS"
address = ["Nørregade 7", "1165 København K"]
country = "DK"
timezone = "Europe/Copenhagen"
languages = ["da", "en"]
[dpo]
name = "Mette Sørensen"
email = "dpo@skovbo.example"
[authority]
lead = "datatilsynet"
"""
INCIDENT = """\
title = "Kundedatabase kopieret"
text_language = "da"
timezone = "Europe/Copenhagen"
aware_at = "2026-11-19T09:00"
[breach]
types = ["confidentiality"]
cause = "hacking"
exfiltration = "confirmed"
recipients = "unknown"
[data]
categories = ["identity", "national_id", "health"]
countries = ["DK"]
data_subjects = {affected}
[response]
measures_taken = ["Serveren er lukket ned."]
measures_proposed = ["Ekstern gennemgang af sikkerheden."]
"""


@pytest.fixture
def services(tmp_path: Path, services: Services) -> Services:
    services.org_path.write_text(PROFILE, encoding="utf-8")
    return services


def new_incident(services: Services, tmp_path: Path, affected: int) -> str:
    path = tmp_path / f"incident-{affected}.toml"
    path.write_text(INCIDENT.replace("{affected}", str(affected)), encoding="utf-8")
    incident, _ = services.create_from_file(path)
    services.decide(incident)  # high risk: the Art. 34 clock runs
    return incident


def people(path: Path, rows: list[tuple[str, str, str]]) -> Path:
    lines = ["name,email,address,postal_code,city,country,reference"]
    for name, email, reference in rows:  # a reference ending in "e": e-mail only
        post = ",,,DK" if email and reference.endswith("e") else "Vej 1,1000,København,DK"
        lines.append(f"{name},{email},{post},{reference}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def art34(services: Services, incident: str) -> ClockReading:
    return next(c for c in services.clocks(incident) if c.id == "gdpr-art34")


def test_files_are_not_people_and_everyone_told_meets_the_clock(
    services: Services, tmp_path: Path
) -> None:
    incident = new_incident(services, tmp_path, 4)
    assert art34(services, incident).state is ClockState.RUNNING
    rows = [
        ("A", "a@example.dk", "K-1p"),  # e-mail and post
        ("B", "b@example.dk", "K-2"),
        ("C", "", "K-3"),  # post only
        ("A again", "a2@example.dk", "K-1p"),  # the same customer (reference) twice
        ("D", "d@example.dk", "K-4"),
    ]
    run = services.write_letters(
        incident, people(tmp_path / "p.csv", rows), tmp_path / "out", fmt="both", workers=1
    )
    assert sum(run.outputs.values()) == 9  # files: 5 PDFs and 4 e-mails
    assert run.people["people"] == 4 and run.people["people_told"] == 4  # people
    assert run.people["people_by_channel"] == {"post": 0, "email": 3, "pdf": 4}
    clock = art34(services, incident)
    assert clock.state is ClockState.MET and clock.filed_at is not None
    entry = services.timeline(incident)[-1].content
    assert clock.filed_at.isoformat().startswith(entry.occurred_at[:16])
    assert "4 of 4 people affected told so far" in entry.text
    [row] = [r for r in services.register_rows() if r.incident_id == incident]
    assert row.people_informed.startswith("yes: 4 of 4 people affected told")
    report = services.report_data(incident)
    verdict = next(c for c in report.metrics.clocks if c.clock_id == "gdpr-art34")
    assert verdict.verdict.startswith("met")


def test_a_pdf_that_cannot_be_posted_tells_nobody(services: Services, tmp_path: Path) -> None:
    """A PDF counts as telling because it can be posted; for a person with no postal
    address it can only be an attachment sent by a system breachkit does not see."""
    incident = new_incident(services, tmp_path, 3)
    rows = [("A", "a@example.dk", "K-1"), ("B", "b@example.dk", "K-2e"), ("C", "", "K-3")]
    run = services.write_letters(
        incident, people(tmp_path / "p.csv", rows), tmp_path / "out", fmt="pdf", workers=1
    )
    assert run.outputs == {"pdf": 3}
    assert run.people["people"] == 3 and run.people["people_told"] == 2
    assert any("1 person got only a PDF and has no postal address" in n for n in run.notes)
    entry = services.timeline(incident)[-1].content
    assert "1 person given only a PDF, with no postal address, not counted as told" in entry.text
    assert art34(services, incident).state is ClockState.RUNNING
    assert services.verify(incident)[0].ok


def test_half_the_people_is_not_everyone_anywhere(services: Services, tmp_path: Path) -> None:
    # PDF letters (told once written): since issue 17 an e-mail tells only once it is
    # sent, which tests/send/test_told_by_email.py covers.
    incident = new_incident(services, tmp_path, 10)
    rows = [(f"P{i}", f"p{i}@example.dk", f"K-{i}") for i in range(5)]
    subjects = people(tmp_path / "p.csv", rows)
    services.write_letters(incident, subjects, tmp_path / "out", fmt="pdf", workers=1)
    assert art34(services, incident).state is ClockState.RUNNING
    [row] = [r for r in services.register_rows() if r.incident_id == incident]
    assert row.people_informed.startswith("partly: 5 of 10 people affected told (PDF 5)")
    report = services.report_data(incident)
    verdict = next(c for c in report.metrics.clocks if c.clock_id == "gdpr-art34")
    assert verdict.verdict.startswith("open") and "partly: 5 of 10" in verdict.verdict
    # The same file again, into another folder, tells nobody new.
    again = services.write_letters(incident, subjects, tmp_path / "again", fmt="pdf", workers=1)
    assert again.people["people_told"] == 5
    assert art34(services, incident).state is ClockState.RUNNING
    # The other five, in a second file: now everyone has been told.
    rest = [(f"P{i}", f"p{i}@example.dk", f"K-{i}") for i in range(5, 10)]
    last = services.write_letters(
        incident, people(tmp_path / "q.csv", rest), tmp_path / "rest", fmt="pdf", workers=1
    )
    assert last.people["people_told"] == 10
    assert art34(services, incident).state is ClockState.MET
    [row] = [r for r in services.register_rows() if r.incident_id == incident]
    assert row.people_informed.startswith("yes: 10 of 10")


def test_a_batch_whose_folder_is_gone_is_not_guessed(services: Services, tmp_path: Path) -> None:
    incident = new_incident(services, tmp_path, 4)
    first = [(f"P{i}", f"p{i}@example.dk", f"K-{i}") for i in range(2)]
    services.write_letters(
        incident, people(tmp_path / "a.csv", first), tmp_path / "a", fmt="pdf", workers=1
    )
    (tmp_path / "a" / "people-post.keys").unlink()  # what counts as told (issue 17)
    other = [(f"P{i}", f"p{i}@example.dk", f"K-{i}") for i in range(2, 4)]
    run = services.write_letters(
        incident, people(tmp_path / "b.csv", other), tmp_path / "b", fmt="pdf", workers=1
    )
    assert run.people["people_told"] == 2  # only what can be counted: never too many
    assert "could not be compared" in services.timeline(incident)[-1].content.text
    assert art34(services, incident).state is ClockState.RUNNING


def test_a_public_notice_meets_the_clock(services: Services, tmp_path: Path) -> None:
    incident = new_incident(services, tmp_path, 50_000)
    assert art34(services, incident).state is ClockState.RUNNING
    services.public_notice(incident, tmp_path / "notice", languages=("da",))
    assert art34(services, incident).state is ClockState.MET
    # the notice is a record of its own, projected and checked like every other
    (notice,) = services.store.public_notices.rows(incident)
    assert notice.languages == ("da",) and len(notice.files) == 3 and not notice.incomplete
    (report,) = services.verify(incident)
    assert report.ok, report.problems


def test_a_batch_that_finished_while_counting_is_counted_too(
    services: Services, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """People are counted before the write lock is taken; if another batch finished in
    the meantime, the count is made again under the lock, so none is left out."""
    incident = new_incident(services, tmp_path, 4)
    first = [(f"P{i}", f"p{i}@example.dk", f"K-{i}") for i in range(2)]
    services.write_letters(
        incident, people(tmp_path / "a.csv", first), tmp_path / "a", fmt="pdf", workers=1
    )
    part = services.people_told_part  # the part that counts, and asks itself
    real = part.earlier_batches
    calls: list[int] = []

    def not_yet_the_first(incident_id: str, batch_id: int | None, out_dir: Path) -> list[Path]:
        calls.append(1)
        return [] if len(calls) == 1 else real(incident_id, batch_id, out_dir)

    monkeypatch.setattr(part, "earlier_batches", not_yet_the_first)
    other = [(f"P{i}", f"p{i}@example.dk", f"K-{i}") for i in range(1, 4)]
    run = services.write_letters(
        incident, people(tmp_path / "b.csv", other), tmp_path / "b", fmt="pdf", workers=1
    )
    assert len(calls) == 3  # counted, checked under the lock, counted again
    assert run.people["people"] == 3 and run.people["people_told"] == 4
    assert art34(services, incident).state is ClockState.MET
