"""Draft versions count changes of content, not exports (services, the chain, old databases)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import pytest

from breachkit.core.drafts.versions import content_runs, latest_of, version_for
from breachkit.core.enums import EntryKind
from breachkit.core.timeline.chain import EntryContent
from breachkit.core.timeline.changes import DraftExported
from breachkit.core.times import utc_iso
from breachkit.core.timesource import FixedClock
from breachkit.services import Services


@dataclass(frozen=True)
class Row:
    authority: str
    version: int
    content_sha256: str
    generated_at: str
    entry_seq: int


def test_the_rule_compares_with_the_latest_version() -> None:
    assert version_for(None, "a") == (1, False)
    assert version_for(Row("cnil", 3, "a", "t", 9), "a") == (3, True)
    assert version_for(Row("cnil", 3, "a", "t", 9), "b") == (4, False)
    rows = [
        Row("cnil", 1, "a", "t1", 1),
        Row("cnil", 2, "b", "t2", 2),
        Row("cnil", 2, "b", "t3", 3),
    ]
    assert latest_of(rows) == rows[2]
    assert latest_of([]) is None


def test_runs_read_old_and_new_numbering_alike() -> None:
    rows = [
        Row("cnil", 1, "a", "t1", 1),
        Row("cnil", 2, "a", "t2", 2),  # an old database: a version per export
        Row("cnpd", 1, "x", "t3", 3),
        Row("cnil", 2, "a", "t4", 4),  # the new rule: the same content keeps its version
        Row("cnil", 3, "b", "t5", 5),
        Row("cnil", 4, "a", "t6", 6),  # back to earlier words: still a change from v3
    ]
    runs = content_runs(rows)
    assert [(runs[s].version, runs[s].first_at, runs[s].unchanged) for s in range(1, 7)] == [
        (1, "t1", False),
        (1, "t1", True),
        (1, "t3", False),
        (1, "t1", True),
        (3, "t5", False),
        (4, "t6", False),
    ]


@pytest.fixture
def demo(services: Services) -> str:
    incident = services.create_demo()
    services.decide(incident)
    return incident


def test_the_same_content_keeps_its_version_in_every_format(
    services: Services, demo: str, tmp_path: Path, clock: FixedClock
) -> None:
    first = services.export_draft(demo, tmp_path, fmt="pdf", allow_incomplete=True)
    preview = services.preview_draft(demo)  # what the next export would say: still v1
    assert "version 1 ·" in preview and "version 2" not in preview
    clock.advance(timedelta(hours=3))  # the same draft again at 3 a.m., then as Markdown
    again = services.export_draft(demo, tmp_path, fmt="pdf", allow_incomplete=True)
    sheet = services.export_draft(demo, tmp_path, fmt="md", allow_incomplete=True)
    assert [e.record.version for e in (first, again, sheet)] == [1, 1, 1]
    assert [e.record.unchanged for e in (first, again, sheet)] == [False, True, True]
    assert again.record.first_exported_at == first.record.generated_at
    assert again.record.generated_at == first.record.generated_at + timedelta(hours=3)
    assert sheet.path is not None and sheet.path.name.endswith("-v1.md")
    assert first.path is not None and first.path.name.endswith("-v1.pdf")
    # the same version again in a folder: a name of its own; the first file is kept
    assert again.path is not None and again.path.name.endswith("-v1-2.pdf")
    assert first.path.read_bytes() == first.data
    assert len({e.record.content_sha256 for e in (first, again, sheet)}) == 1
    # every export is its own entry: format, file name and the file's own hash
    entries = [e for e in services.timeline(demo) if e.content.kind == EntryKind.DOCUMENT]
    assert len(entries) == 3
    links = [e.content.links for e in entries]
    assert [(x["version"], x["format"]) for x in links] == [(1, "pdf"), (1, "pdf"), (1, "md")]
    assert [x["file_sha256"] for x in links] == [
        e.record.file_sha256 for e in (first, again, sheet)
    ]
    assert links[2]["filename"] == str(sheet.path)
    assert "Content unchanged since version 1 (first exported 2026-11-19" in (
        entries[1].content.text
    )
    (report,) = services.verify(demo)
    assert report.ok, report.problems
    assert services.rebuild(demo).changes == ()


def test_a_change_of_what_the_authority_reads_takes_the_next_version(
    services: Services, demo: str, tmp_path: Path
) -> None:
    versions = [services.export_draft(demo, tmp_path, fmt="md", allow_incomplete=True)]

    def again(
        authority: str | None = None, language: str | None = None, phase: str | None = None
    ) -> int:
        export = services.export_draft(
            demo,
            tmp_path,
            fmt="md",
            allow_incomplete=True,
            authority=authority,
            language=language,
            phase=phase,
        )
        versions.append(export)
        return export.record.version

    lead = versions[0].record.authority
    assert again() == 1
    services.set_fact(demo, "data.records", "4321")  # a fact
    assert again() == 2
    services.decide(demo, risk="risk", justification="the key was never exposed")
    assert again() == 3  # the risk decision
    other = next(lang for lang in versions[0].prepared.authority.languages if lang != "fr")
    assert again(language=other) == 4  # the language
    assert again(language=other) == 4
    assert again(phase="complementary") == 5  # the phase
    assert again(authority="generic") == 1  # another authority counts its own versions
    assert [d.version for d in services.drafts(demo, lead)] == [1, 1, 2, 3, 4, 4, 5]
    assert services.drafts(demo, lead)[5].unchanged
    (report,) = services.verify(demo)
    assert report.ok, report.problems


def test_an_old_database_with_a_version_per_export_reads_and_continues(
    services: Services, demo: str, tmp_path: Path
) -> None:
    """Before versions followed the content, the same draft exported twice was v1 and v2."""
    first = services.export_draft(demo, tmp_path, fmt="md", allow_incomplete=True)
    old = first.record
    change = DraftExported(
        authority=old.authority,
        language=old.language,
        phase=old.phase,
        version=2,
        format="pdf",
        filename=str(tmp_path / "old-v2.pdf"),
        content_sha256=old.content_sha256,
        file_sha256="0" * 64,
        complete=old.complete,
        missing=tuple(m.key for m in first.prepared.missing),
    )
    now = utc_iso(old.generated_at)
    with services.store.transaction() as tx:  # what the earlier release wrote
        tx.record(
            demo,
            EntryContent(EntryKind.DOCUMENT, "old export", now, now, "tester", change.links()),
        )
    (report,) = services.verify(demo)
    assert report.ok, report.problems
    listed = services.drafts(demo)
    assert [(d.version, d.unchanged, d.first_version) for d in listed] == [
        (1, False, 1),
        (2, True, 1),
    ]
    again = services.export_draft(demo, tmp_path, fmt="md", allow_incomplete=True)
    assert (again.record.version, again.record.unchanged) == (2, True)  # the latest's number
    assert again.record.first_version == 1
    lines = services.drafts_generated(demo)
    assert [line.unchanged_since for line in lines] == [None, 1, 1]
    (report,) = services.verify(demo)
    assert report.ok, report.problems


def test_a_filing_names_a_version_and_links_the_export_sent(
    services: Services, demo: str, tmp_path: Path, clock: FixedClock
) -> None:
    start = clock.now()
    md = services.export_draft(demo, tmp_path, fmt="md", allow_incomplete=True)
    clock.advance(timedelta(minutes=30))
    pdf = services.export_draft(demo, tmp_path, fmt="pdf", allow_incomplete=True)
    clock.advance(timedelta(minutes=30))
    authority = md.record.authority
    early = services.record_filing(
        demo,
        authority=authority,
        at=start + timedelta(minutes=10),
        reference="R-1",
        draft_version=1,
    )
    assert early.content.links["draft_seq"] == md.record.entry_seq  # the file that existed
    later = services.record_filing(
        demo,
        authority=authority,
        at=start + timedelta(minutes=40),
        reference="R-1",
        draft_version=1,
    )
    assert later.content.links["draft_seq"] == pdf.record.entry_seq
    (report,) = services.verify(demo)
    assert report.ok, report.problems


def test_the_report_says_when_an_export_changed_nothing(
    services: Services, demo: str, tmp_path: Path
) -> None:
    services.export_draft(demo, tmp_path, fmt="md", allow_incomplete=True)
    services.export_draft(demo, tmp_path, fmt="pdf", allow_incomplete=True)
    target = tmp_path / "report.pdf"
    services.export_report(demo, target)
    from pypdf import PdfReader

    text = " ".join(" ".join(p.extract_text().split()) for p in PdfReader(target).pages)
    assert text.count("v1 (unchanged since v1)") == 1
    assert "initial, v1" in text
