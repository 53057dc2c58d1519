"""The breach register: one row per incident, notified or not, as CSV, JSON and PDF."""

from __future__ import annotations

import csv
import io
import json
import stat
from datetime import timedelta
from pathlib import Path

import pytest
from pypdf import PdfReader

from breachkit.core.errors import InputError
from breachkit.core.timesource import FixedClock
from breachkit.render.review.register import COLUMNS
from breachkit.services import Services

MISDELIVERY = """\
title = "=Invoice sent to the wrong customer"
timezone = "Europe/Paris"
aware_at = "2026-11-19T09:00:00+01:00"
[breach]
types = ["confidentiality"]
cause = "misdelivery"
malicious = false
exfiltration = "not_applicable"
recipients = "trusted"
recipient_confirmed_deletion = true
misuse_observed = false
[data]
categories = ["identity", "contact"]
data_subjects = 1
identifiability = "direct"
[response]
measures_taken = ["Recipient deleted the e-mail and confirmed it in writing"]
"""
PHISHING = """\
title = "Phishing mail clicked, no data touched"
timezone = "Europe/Copenhagen"
aware_at = "2026-11-19T10:00:00+01:00"
[breach]
cause = "social_engineering"
"""


@pytest.fixture
def three(services: Services, clock: FixedClock, tmp_path: Path) -> list[str]:
    """A notified ransomware case, a misdelivery decided record-only, one undecided."""
    demo = services.create_demo()
    aware = services.incident(demo).facts.aware_at
    services.decide(demo)
    clock.advance(timedelta(hours=30))
    services.record_filing(demo, authority="cnpd", at=aware + timedelta(hours=40), reference="R-1")
    (tmp_path / "m.toml").write_text(MISDELIVERY, encoding="utf-8")
    misdelivery, _ = services.create_from_file(tmp_path / "m.toml")
    services.decide(
        misdelivery,
        not_a_breach=True,
        justification="The invoice held only our own company's data",
    )
    (tmp_path / "p.toml").write_text(PHISHING, encoding="utf-8")
    phishing, _ = services.create_from_file(tmp_path / "p.toml")
    return [demo, misdelivery, phishing]


def test_csv_has_one_row_per_incident_with_every_column(
    services: Services, three: list[str], tmp_path: Path
) -> None:
    target = tmp_path / "register.csv"
    result = services.export_register(target)
    raw = target.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # UTF-8 with BOM, for spreadsheets
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert tuple(rows[0]) == COLUMNS
    assert [r["incident_id"] for r in rows] == three
    demo, misdelivery, phishing = rows
    assert demo["personal_data_breach"] == "yes"
    assert demo["risk"] == "high" and demo["outcome"] == "notify_authority_and_subjects"
    assert demo["aware_at"].endswith("+01:00")
    assert (
        "CNPD (gdpr-art33)" in demo["authority_filings"]
        and "reference R-1" in demo["authority_filings"]
    )
    assert "identity; contact; employment" in demo["data_categories"]
    assert demo["data_subjects"] == "1240"
    assert "FS01 isolated from the network" in demo["measures_taken"]
    assert demo["decided_by"] == "tester"
    assert misdelivery["personal_data_breach"] == "no"
    assert misdelivery["justification"] == "The invoice held only our own company's data"
    assert misdelivery["people_informed"].startswith("not required")
    assert misdelivery["title"] == "'=Invoice sent to the wrong customer"  # no formula
    assert phishing["personal_data_breach"] == "not decided"
    assert phishing["risk"].startswith("not decided (recommended:")
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert [i for i, _ in result.entries] == three


def test_every_incident_records_the_export(
    services: Services, three: list[str], tmp_path: Path
) -> None:
    result = services.export_register(tmp_path / "register.json")
    for incident_id, seq in result.entries:
        entry = services.timeline(incident_id, after=seq - 1, limit=1)[0]
        assert entry.kind == "document"
        assert entry.content.links["document"] == "breach-register"
        assert entry.content.links["sha256"] == result.sha256


def test_json_nests_the_filings(services: Services, three: list[str], tmp_path: Path) -> None:
    target = tmp_path / "register.json"
    services.export_register(target)
    document = json.loads(target.read_text(encoding="utf-8"))
    assert document["format"] == "breachkit-register" and document["version"] == 1
    assert document["basis"] == "GDPR Art. 33(5)"
    demo, misdelivery, phishing = document["incidents"]
    early_warning, cnpd = demo["authority_filings"]
    assert early_warning["recipient"] == "csirt" and early_warning["clock"] == "nis2-early-warning"
    assert cnpd["recipient_name"] == "CNPD" and cnpd["reference"] == "R-1"
    assert cnpd["filed_at"].endswith("+01:00")
    assert misdelivery["personal_data_breach"] is False
    assert misdelivery["timezone"] == "Europe/Paris"
    assert phishing["personal_data_breach"] is None and phishing["decided_at"] is None


def test_pdf_lists_every_incident(services: Services, three: list[str], tmp_path: Path) -> None:
    target = tmp_path / "register.pdf"
    services.export_register(target, "pdf")
    text = " ".join(page.extract_text() for page in PdfReader(target).pages)
    text = " ".join(text.split())
    assert "Breach register" in text and "Art. 33(5)" in text
    for incident_id in three:
        assert incident_id in text
    assert "not a personal data breach" in text
    assert "no decision recorded" in text
    assert "Remedial action taken" in text and "R-1" in text


def test_the_format_follows_the_extension_and_is_checked(
    services: Services, three: list[str], tmp_path: Path
) -> None:
    services.export_register(tmp_path / "r.JSON")
    assert json.loads((tmp_path / "r.JSON").read_text(encoding="utf-8"))["incidents"]
    with pytest.raises(InputError):
        services.export_register(tmp_path / "r.xlsx")
    assert not (tmp_path / "r.xlsx").exists()


def test_an_empty_register(services: Services, tmp_path: Path) -> None:
    for fmt in ("csv", "json", "pdf"):
        result = services.export_register(tmp_path / f"empty.{fmt}")
        assert result.entries == () and result.size > 0


def test_bullets_and_footers_written_once_are_reportlabs_own_bytes(
    services: Services, three: list[str], clock: FixedClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The register writes a bullet's text object once and moves it, and each page's
    footer from the first page's code (issue 19): the file is byte for byte what
    reportlab writes drawing each one (bullets of the reasons, a footer on every page)."""
    from breachkit.render import plain
    from breachkit.render.pdf import FooterCanvas
    from breachkit.render.review.register import render_register

    rows = services.register_rows() * 3  # several pages, several bullets a page

    def pdf() -> bytes:
        return render_register(
            rows, "pdf", generated_at=clock.now(), organisation="Alzette", chain_head="ab" * 32
        )

    quick = pdf()
    drawn_in_full = FooterCanvas._draw_footer

    def every_page_in_full(canvas: FooterCanvas, total: int) -> None:
        canvas._footer_code.clear()
        drawn_in_full(canvas, total)

    monkeypatch.setattr(FooterCanvas, "_draw_footer", every_page_in_full)
    monkeypatch.setattr(plain, "_AT_ORIGIN", "not at the origin")  # reportlab's text object
    assert any(row.reasons for row in rows) and PdfReader(io.BytesIO(quick)).get_num_pages() > 3
    assert pdf() == quick
