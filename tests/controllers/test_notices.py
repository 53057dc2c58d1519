# ruff: noqa: E501
"""Notices to controllers: each in its language with its own figures, one recipient per
e-mail, complementary notices, a manifest that proves them, exactly once after a stop."""

from __future__ import annotations

import email
import email.policy
import hashlib
import json
import os
import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from pypdf import PdfReader

from breachkit.core.errors import InputError
from breachkit.services import Services
from breachkit.services.notices import NoticeRun
from tests.controllers.conftest import Processor, clock_of

Written = tuple[Services, str, Path, NoticeRun]
GOLDEN = Path(__file__).parent / "golden"
TITLES = {
    "fr": "Notification d'une violation de données à caractère personnel",
    "da": "Underretning om brud på persondatasikkerheden",
    "de": "Meldung einer Verletzung des Schutzes personenbezogener Daten",
    "nl": "Melding van een inbreuk in verband met persoonsgegevens",
    "en": "Notice of a personal data breach",
}
OWN_FIGURES = {  # what each controller's notice says of its own people
    "C-001": ("fr", "environ 1 200"),
    "C-002": ("da", "ca. 800"),
    "C-003": ("de", "etwa 5.000"),  # no own figure: the incident's, said so
    "C-004": ("nl", "ongeveer 150"),
    "C-005": ("en", "about 5,000"),
}


def _plain(text: str) -> str:
    return " ".join(text.replace("\u202f", " ").replace("\u00a0", " ").split())


def _body(path: Path) -> str:
    message = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
    return str(message.get_content()).replace("\r\n", "\n")


@pytest.fixture
def written(processor: Processor, tmp_path: Path) -> Written:
    services, incident, path = processor
    clock_of(services).advance(timedelta(days=-26, hours=3))  # 2026-10-24 15:00 UTC
    run = services.write_notices(incident, path, tmp_path / "notices")
    return services, incident, path, run


def test_every_controller_gets_its_notice_in_its_language_with_its_figures(
    written: Written,
) -> None:
    services, incident, _path, run = written
    assert run.finished and run.controllers == 5
    assert run.outputs == {"pdf": 5, "eml": 5, "json": 5}
    assert [(b.line, b.reason) for b in run.bad_rows] == [(7, "no name")]
    for number, (cid, (language, figure)) in enumerate(sorted(OWN_FIGURES.items()), start=2):
        stem = f"{number:07d}-{cid}"
        pdf = PdfReader(run.out_dir / "pdf" / f"{stem}.pdf")
        text = _plain(" ".join(page.extract_text() for page in pdf.pages))
        assert _plain(TITLES[language]) in text, cid
        assert figure in text, (cid, figure)
        assert "BK-2026-0001" in text
        document = json.loads((run.out_dir / "json" / f"{stem}.json").read_text())
        assert document["controller"]["id"] == cid
        assert document["notice"]["language"] == language
        assert document["processor"]["aware_at"] == "2026-10-24T08:00:00+00:00"
        assert figure in _plain(_body(run.out_dir / "eml" / f"{stem}.eml"))


@pytest.mark.parametrize("language", ["en", "fr", "de", "da", "nl"])
def test_golden_notice_text(written: Written, language: str) -> None:
    _services, _incident, _path, run = written
    cid = next(c for c, (lang, _) in OWN_FIGURES.items() if lang == language)
    (found,) = (run.out_dir / "eml").glob(f"*-{cid}.eml")
    body = _body(found)
    golden = GOLDEN / f"notice.{language}.txt"
    if os.environ.get("BREACHKIT_UPDATE_GOLDEN") or not golden.exists():
        golden.write_text(body, encoding="utf-8")
    assert body == golden.read_text(encoding="utf-8")
    assert "{" not in body and "TODO" not in body and "XXX" not in body


def test_each_email_has_exactly_one_recipient(written: Written) -> None:
    _services, _incident, _path, run = written
    for path in (run.out_dir / "eml").iterdir():
        message = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
        assert len(message["To"].addresses) == 1
        assert message["Cc"] is None and message["Bcc"] is None
        assert message["Reply-To"] is None or "dpo@nuage.example" in str(message["Reply-To"])


def test_the_manifest_proves_every_file_and_the_batch_is_on_the_timeline(written: Written) -> None:
    services, incident, path, run = written
    rows = (run.out_dir / "manifest.csv").read_text().splitlines()[1:]
    assert len(rows) == 15
    for row in rows:
        cells = row.split(",")
        data = (run.out_dir / cells[4]).read_bytes()
        assert hashlib.sha256(data).hexdigest() == cells[7]
        assert oct((run.out_dir / cells[4]).stat().st_mode & 0o777) == "0o600"
    (entry,) = [e for e in services.timeline(incident) if e.seq == run.entry_seq]
    assert entry.content.links["document"] == "controller-notices"
    assert entry.content.links["sha256"] == run.manifest_sha256
    again = services.write_notices(incident, path, run.out_dir)
    assert again.entry_seq == run.entry_seq  # the same batch: recorded once
    assert all(r.ok for r in services.verify(incident))


def test_a_stopped_run_continues_and_writes_each_notice_once(
    processor: Processor, tmp_path: Path
) -> None:
    services, incident, path = processor
    out = tmp_path / "n"
    stop = threading.Event()
    first = services.write_notices(
        incident, path, out, chunk=2, progress=lambda p: stop.set(), cancel=stop
    )
    assert not first.finished and first.entry_seq is None
    manifest = out / "manifest.csv"
    with manifest.open("a") as handle:  # killed while appending a row
        handle.write("4,C-003,de,pdf,pdf/00")
    (out / "pdf" / "0000003-C-002.pdf").write_bytes(b"torn")  # and a file damaged
    second = services.write_notices(incident, path, out, chunk=2)
    assert second.finished and second.resumed
    rows = manifest.read_text().splitlines()[1:]
    keys = [tuple(r.split(",")[:4]) for r in rows]
    assert len(keys) == len(set(keys)) == 15
    for row in rows:
        cells = row.split(",")
        assert hashlib.sha256((out / cells[4]).read_bytes()).hexdigest() == cells[7]
    assert not (out / ".tmp").exists()


def test_complementary_notices_go_to_every_controller_already_told(
    processor: Processor, tmp_path: Path
) -> None:
    services, incident, path = processor
    services.load_controllers(incident, path)
    services.record_controller_notified(incident, "C-001", at="2026-10-24T17:00")
    services.record_controller_notified(incident, "C-002", at="2026-10-24T17:05")
    services.set_fact(incident, "breach.exfiltration", "confirmed")
    run = services.write_notices(
        incident, path, tmp_path / "c", complementary=True, next_update="2026-11-20T12:00"
    )
    assert run.complementary and run.controllers == 2
    texts = {p.name: _plain(_body(p)) for p in (tmp_path / "c" / "eml").iterdir()}
    assert set(texts) == {"0000002-C-001.eml", "0000003-C-002.eml"}
    assert (
        "complète celle que nous vous avons adressée le 24 octobre 2026 à 17 h 00"
        in texts["0000002-C-001.eml"]
    )
    assert "Supplerende underretning" in texts["0000003-C-002.eml"]
    assert "senest den 20. november 2026 kl. 12.00" in texts["0000003-C-002.eml"]
    document = json.loads(next((tmp_path / "c" / "json").glob("*C-001.json")).read_text())
    assert document["notice"]["complementary"] is True
    assert document["notice"]["first_notice_at"] == "2026-10-24T15:00:00+00:00"


def test_nothing_to_complement_and_no_contact_point_are_refused(
    processor: Processor, tmp_path: Path
) -> None:
    services, incident, path = processor
    with pytest.raises(InputError, match="no controller of the file has been told"):
        services.write_notices(incident, path, tmp_path / "x", complementary=True)
    services.org_path.write_text('[organisation]\nname = "Nuage"\n', encoding="utf-8")
    other = Services(services.db_path, org_path=services.org_path, clock=services.clock)
    try:
        source = tmp_path / "p.toml"
        source.write_text(
            'title = "x"\nrole = "processor"\ntimezone = "UTC"\naware_at = "2026-11-19T09:00"\n'
        )
        bare, _ = other.create_from_file(source)
        with pytest.raises(InputError, match="contact point"):
            other.write_notices(bare, path, tmp_path / "y")
    finally:
        other.close()


def test_a_folder_of_another_batch_is_refused(written: Written, tmp_path: Path) -> None:
    services, incident, path, run = written
    services.set_fact(incident, "data.records", 13000)
    with pytest.raises(InputError, match="holds another batch"):
        services.write_notices(incident, path, run.out_dir)
    assert datetime.now(UTC)  # the clock of the test is not the machine's
