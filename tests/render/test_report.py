"""The after-action report: every section and metric in the PDF's text, the chart, redaction."""

from __future__ import annotations

import hashlib
import json
import re
import stat
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from io import BytesIO
from pathlib import Path

import pytest
from pypdf import PdfReader

from breachkit.core.errors import InputError
from breachkit.core.review.model import content_hash
from breachkit.core.timeline.chain import EntryContent
from breachkit.core.timeline.changes import DraftExported, LettersFinished, LettersStarted
from breachkit.core.times import utc_iso
from breachkit.core.timesource import FixedClock
from breachkit.render.review.chart import timeline_chart
from breachkit.render.review.report import render_report
from breachkit.services import Services
from breachkit.services.results import ExportResult

START = datetime(2026, 11, 19, 12, 0, tzinfo=UTC)
PEOPLE = [
    # The demo's actors, organisation contacts, owners and a name written in a note.
    "Claire",
    "Weber",
    "Marc",
    "Hoffmann",
    "muller",
    "Muller",
    "schmit",
    "Schmit",
    "Lucien",
    "Kremer",
    "Zofia",
    "Nowak",
]


def build(services: Services, clock: FixedClock) -> str:
    """The demo, then the rest of the response and the review, as a DPO would record it."""
    incident_id = services.create_demo()
    view = services.incident(incident_id)
    aware, detected = view.facts.aware_at, view.facts.detected_at
    assert detected is not None
    services.mark_contained(
        incident_id,
        at=detected + timedelta(minutes=19),
        note="FS01 isolated from the network",
        actor="j.muller (on-call)",
    )
    clock.advance(timedelta(minutes=20))
    services.log(
        incident_id,
        "Called Mr. Lucien Kremer (IT lead at a client) on +352 621 123 456 and "
        "l.kremer@client.example: their staff list is on the HR share. Zofia Nowak from HR "
        "confirmed the payroll export was on the share.",
        kind="communication",
        actor="a.schmit (CISO)",
    )
    services.set_fact(incident_id, "breach.exfiltration", "confirmed", actor="a.schmit (CISO)")
    services.set_fact(incident_id, "data.data_subjects", "1310", actor="c.weber (DPO)")
    clock.advance(timedelta(minutes=10))
    services.decide(incident_id, actor="c.weber (DPO)")
    clock.advance(timedelta(hours=22))
    services.record_filing(
        incident_id,
        authority="cnpd",
        at=aware + timedelta(hours=47),
        reference="CNPD-DBN-2026-0412",
        actor="c.weber (DPO)",
    )
    clock.advance(timedelta(hours=30))
    services.record_filing(
        incident_id,
        authority="csirt",
        clock_id="nis2-notification",
        at=aware + timedelta(hours=74),
        reference="CIRCL-2026-1187",
        reasons_for_delay="The forensic firm's first findings came in on the Saturday",
        actor="a.schmit (CISO)",
    )
    dpo = "c.weber (DPO)"
    with services.store.transaction() as tx:  # as the letters and drafts services record them
        started = utc_iso(aware + timedelta(hours=70))
        finished = utc_iso(aware + timedelta(hours=71))
        drafted = utc_iso(aware + timedelta(hours=45))
        batch = LettersStarted(
            "/home/cweber/subjects.csv", "ab" * 32, "/home/cweber/letters", "pdf", started
        )
        entry = tx.record(
            incident_id, EntryContent("system", "batch", started, started, dpo, batch.links())
        )
        done = LettersFinished(
            entry.seq,
            1302,
            {"pdf": 1302},
            8,
            "cd" * 32,
            "",
            "",
            1302,
            {"pdf": 1302},
            1302,
            None,
            0,
            (),
        )
        tx.record(
            incident_id,
            EntryContent("communication", "sent", finished, finished, dpo, done.links()),
        )
        draft = DraftExported(
            "cnpd",
            "fr",
            "initial",
            1,
            "pdf",
            "BK-2026-0001-cnpd-fr-v1.pdf",
            "",
            "ef" * 32,
            True,
            (),
        )
        tx.record(
            incident_id, EntryContent("document", "draft", drafted, drafted, dpo, draft.links())
        )
    services.mark_step(
        incident_id,
        "ransom-legal-advice",
        "skipped",
        note="No contact with the attackers; paying was never considered",
        actor="Marc Hoffmann",
    )
    clock.advance(timedelta(days=12))
    services.add_review_item(
        incident_id, "lesson", "The HR share was not encrypted at rest.", actor="c.weber (DPO)"
    )
    services.add_review_item(
        incident_id, "action", "Encrypt the HR share at rest", owner="a.schmit", due="2027-01-31"
    )
    services.add_review_item(
        incident_id, "action", "Add the DPO to the EDR night rota", owner="IT operations",
        due="2026-12-02",
    )  # fmt: skip
    services.add_review_item(
        incident_id, "action", "Tabletop exercise", owner="Marc Hoffmann", due="2027-03-31"
    )
    services.close_review_item(incident_id, 4, "dropped", note="Folded into the yearly audit")
    clock.advance(timedelta(days=1))
    return incident_id


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Services, str, Path]]:
    folder = tmp_path_factory.mktemp("report")
    clock = FixedClock(START)
    services = Services(
        folder / "bk.db", org_path=folder / "org.toml", clock=clock, actor="c.weber (DPO)"
    )
    incident_id = build(services, clock)
    yield services, incident_id, folder
    services.close()


@pytest.fixture(scope="module")
def full(world: tuple[Services, str, Path]) -> tuple[Path, ExportResult]:
    services, incident_id, folder = world
    target = folder / "out" / "report.pdf"
    return target, services.export_report(incident_id, target)


@pytest.fixture(scope="module")
def redacted(world: tuple[Services, str, Path]) -> tuple[Path, ExportResult]:
    services, incident_id, folder = world
    target = folder / "out" / "report-redacted.pdf"
    # Zofia Nowak is named in a note without a title: the DPO names her with --redact-name.
    result = services.export_report(incident_id, target, redacted=True, extra_names=["Zofia Nowak"])
    return target, result


def pages(path: Path) -> list[str]:
    return [page.extract_text() for page in PdfReader(path).pages]


def flat(texts: list[str]) -> str:
    return re.sub(r"\s+", " ", " ".join(texts))


def test_every_section_is_there(full: tuple[Path, ExportResult]) -> None:
    text = flat(pages(full[0]))
    for heading in (
        "After-action report · BK-2026-0001",
        "Summary",
        "Timeline against the deadlines",
        "Response times",
        "From awareness to each filing",
        "Each clock",
        "Facts as they stand",
        "How the facts changed",
        "The risk decision",
        "Reasons, as the engine gave them",
        "Notifications and letters",
        "Notification drafts",
        "Letters to the people affected",
        "Lessons learned and action items",
        "Playbook: Ransomware",
        "Skipped, and why",
        "Still open",
        "Evidence",
        "The full timeline",
        "About this report",
    ):
        assert heading in text, heading


def test_the_metrics_and_their_values(full: tuple[Path, ExportResult]) -> None:
    text = flat(pages(full[0]))
    # Demo: occurred 01:35, detected 02:44, aware 11:00 (CET), contained 03:03.
    assert "Occurrence → detection 1 h 09 min" in text
    assert "Detection → awareness 8 h 16 min" in text
    assert "Awareness → containment −7 h 57 min (containment came before awareness)" in text
    assert "Detection → containment 19 min" in text
    # Awareness to each filing: CSIRT early warning 1 h, CNPD 47 h, CSIRT notification 74 h.
    assert "1 h 00 min" in text and "1 d 23 h 00 min" in text and "3 d 02 h 00 min" in text
    assert "met, 1 d 01 h 00 min before the deadline" in text  # GDPR 72 h
    assert "met, 23 h 00 min before the deadline" in text  # NIS2 24 h
    assert "late by 2 h 00 min" in text  # NIS2 72 h
    assert "The forensic firm's first findings came in on the Saturday" in text
    assert "2026-11-18 11:00 CET (+01:00)" in text  # awareness, in the zone with its offset


def test_facts_decision_and_what_was_sent(full: tuple[Path, ExportResult]) -> None:
    text = flat(pages(full[0]))
    assert "breach.exfiltration unknown confirmed" in text
    assert "data.data_subjects 1240 1310" in text
    assert "Decided by c.weber (DPO), 2026-11-19 13:30 CET (+01:00)" in text
    assert "(confirmed)" in text
    assert "CNPD-DBN-2026-0412" in text and "CIRCL-2026-1187" in text
    assert "efefefefefefefefefefefefefefefef" in text  # the draft's hash
    assert "cdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcd" in text  # the letters' manifest hash
    assert "1,302" in text


def test_playbook_and_review(full: tuple[Path, ExportResult]) -> None:
    text = flat(pages(full[0]))
    assert "No contact with the attackers; paying was never considered" in text
    assert "The HR share was not encrypted at rest." in text
    assert "Encrypt the HR share at rest a.schmit 2027-01-31 open" in text
    assert "OVERDUE by 2 d" in text  # due 2 December, report on 4 December
    assert "dropped: Folded into the yearly audit" in text
    assert "3 action item(s): 1 open" not in text  # counts are per status
    assert "1 lesson learned; 3 action items: 2 open, 1 overdue" in text


def test_footer_on_every_page_and_the_export_on_the_timeline(
    world: tuple[Services, str, Path], full: tuple[Path, ExportResult]
) -> None:
    services, incident_id, _ = world
    path, result = full
    texts = pages(path)
    assert len(texts) == result.pages >= 5
    digest = result.content_sha256
    for number, text in enumerate(texts, start=1):
        assert f"Page {number} of {len(texts)}" in text
        assert f"Content SHA-256 {digest}" in text
        assert "generated 2026-12-04 17:30 CET (+01:00)" in text
    data = path.read_bytes()
    assert hashlib.sha256(data).hexdigest() == result.sha256
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    seq = result.entries[0][1]
    entry = services.timeline(incident_id, after=seq - 1, limit=1)[0]
    assert entry.kind == "document"
    assert entry.content.links["sha256"] == result.sha256
    assert entry.content.links["content_sha256"] == digest
    assert entry.content.links["redacted"] is False
    assert services.verify(incident_id)[0].ok


def test_the_chart_is_drawn_on_the_first_page(full: tuple[Path, ExportResult]) -> None:
    first = PdfReader(full[0]).pages[0]
    text = first.extract_text()
    for label in (
        "72 hours after awareness",
        "Occurred",
        "Detected",
        "Aware",
        "Contained",
        "GDPR notification (72 h)",
        "NIS2 early warning (24 h)",
        "NIS2 notification (72 h)",
        "Communications",
        "filed 1 d 01 h 00 min early",
        "filed 2 h 00 min late",
    ):
        assert label in text, label
    contents = first.get_contents()
    assert contents is not None
    content = contents.get_data()
    assert content.count(b" re") > 10  # the bars and stripes are vector rectangles


def test_the_chart_against_the_72_hour_line(world: tuple[Services, str, Path]) -> None:
    from reportlab.graphics.shapes import Line

    services, incident_id, _ = world
    drawing = timeline_chart(services.report_data(incident_id), 480)
    dashed_red = [
        s
        for s in drawing.contents
        if isinstance(s, Line) and getattr(s, "strokeDashArray", None) and s.strokeWidth > 1
    ]
    assert len(dashed_red) == 1


def test_the_redacted_report_names_nobody(redacted: tuple[Path, ExportResult]) -> None:
    text = flat(pages(redacted[0]))
    for name in PEOPLE:
        assert name.lower() not in text.lower(), name
    for data in ("+352", "@", "621 123 456", "cweber"):
        assert data not in text, data
    assert "Redacted edition" in text
    assert "Decided by DPO" in text
    assert "Person 1 (CISO)" in text or "Person 2 (CISO)" in text
    assert "[phone]" in text and "[e-mail]" in text
    assert "Called Mr. [Person" in text


def test_redact_name_reaches_names_written_without_a_title(
    world: tuple[Services, str, Path],
) -> None:
    services, incident_id, _ = world
    plain = services.report_data(incident_id, redacted=True)
    comm = next(line for line in plain.timeline if "payroll export" in line.text)
    assert "Zofia Nowak" in comm.text  # no title, not a recorded name: not recognised
    named = services.report_data(incident_id, redacted=True, extra_names=["Zofia Nowak"])
    comm = next(line for line in named.timeline if "payroll export" in line.text)
    assert "Zofia" not in comm.text and "Nowak" not in comm.text


def test_the_content_hash_covers_what_is_shown(world: tuple[Services, str, Path]) -> None:
    services, incident_id, _ = world
    data = services.report_data(incident_id)
    assert content_hash(data) == content_hash(services.report_data(incident_id))
    changed = replace(data, summary=data.summary + " More.")
    assert content_hash(changed) != content_hash(data)
    assert render_report(data, "x" * 64).pdf == render_report(data, "x" * 64).pdf


def test_a_failed_export_leaves_no_file_and_no_entry(
    world: tuple[Services, str, Path], tmp_path: Path
) -> None:
    services, incident_id, _ = world
    before = services.incident(incident_id).entries
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    with pytest.raises(InputError):
        services.export_report(incident_id, blocker / "report.pdf")
    assert services.incident(incident_id).entries == before
    assert list(tmp_path.iterdir()) == [blocker]


def test_a_minimal_incident_renders(services: Services, incident_file: Path) -> None:
    """No organisation, no occurrence or detection time, no decision, nothing filed."""
    incident_id, _ = services.create_from_file(incident_file)
    data = services.report_data(incident_id)
    assert data.contained is None and data.decision is None
    text = flat(pages_of(render_report(data, "0" * 64).pdf))
    assert "No risk decision has been recorded" in text
    assert "not known: the occurrence time (occurred_at) is not stated" in text
    assert "Nothing has been filed." in text


def test_a_breach_undetected_for_months_keeps_the_response_readable(
    services: Services, tmp_path: Path
) -> None:
    source = tmp_path / "old.toml"
    source.write_text(
        'title = "Old leak"\ntimezone = "Europe/Paris"\noccurred_at = "2026-03-01T09:00:00+01:00"\n'
        'detected_at = "2026-11-18T09:00:00+01:00"\naware_at = "2026-11-18T15:00:00+01:00"\n',
        encoding="utf-8",
    )
    incident_id, _ = services.create_from_file(source)
    data = services.report_data(incident_id)
    text = pages_of(render_report(data, "0" * 64).pdf)[0]
    assert "breach begins on 01 Mar 2026" in text  # clipped to the left edge, dated
    assert "72 hours after awareness" in text


def pages_of(pdf: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(BytesIO(pdf)).pages]


def test_report_data_is_json_ready(world: tuple[Services, str, Path]) -> None:
    from breachkit.core.review.model import jsonable

    services, incident_id, _ = world
    document = jsonable(services.report_data(incident_id, redacted=True))
    text = json.dumps(document, ensure_ascii=False)
    assert "Weber" not in text and document["redacted"] is True


def test_the_content_hash_is_the_hash_of_the_canonical_json(
    world: tuple[Services, str, Path],
) -> None:
    """Hashed as it is written (the timeline in chunks), it is still the hash of the one
    canonical JSON text, for short timelines and long ones across chunk boundaries."""
    from breachkit.core.review.model import jsonable

    services, incident_id, _ = world
    data = services.report_data(incident_id)
    for timeline in ((), data.timeline, data.timeline * 120):
        each = replace(data, timeline=timeline)
        text = json.dumps(jsonable(each), sort_keys=True, ensure_ascii=False, separators=(",", ":"))
        assert content_hash(each) == hashlib.sha256(text.encode()).hexdigest()
