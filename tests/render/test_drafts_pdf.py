"""Draft PDFs: every element of the draft is in the text pypdf extracts, for every
authority x language; markup prints literally; every page has its footer and the hash."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime
from io import BytesIO
from pathlib import Path

import pytest
from drafts_case import IDS, INCIDENT, PAIRS, Case, build
from pypdf import PdfReader

from breachkit.render.drafts.blocks import DraftMeta, to_markdown
from breachkit.render.drafts.pdf import render_draft_pdf
from breachkit.services import Services
from breachkit.services.drafts import PreparedDraft

META = DraftMeta(3, datetime(2026, 11, 19, 12, 0, tzinfo=UTC), "Europe/Luxembourg")
# Values every draft must place (GDPR Art. 33(3) and the list).
REQUIRED = (
    "summary",
    "breach_types",
    "occurred_at",
    "detected_at",
    "aware_at",
    "subject_groups",
    "data_subjects",
    "data_categories",
    "records",
    "dpo_name",
    "dpo_email",
    "dpo_phone",
    "consequences",
    "measures_taken",
    "measures_proposed",
    "people_informed",
    "other_parties",
    "org_name",
)


def normal(text: str) -> str:
    return " ".join(text.split())


def pages(pdf: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(BytesIO(pdf)).pages]


def pdf_of(prepared: PreparedDraft) -> bytes:
    return render_draft_pdf(prepared.content, META, prepared.organisation.name)


def strings(value: object) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    assert isinstance(value, list | tuple)
    return [str(v) for v in value]


@pytest.fixture(scope="module")
def case(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Case]:
    services, incident_id = build(tmp_path_factory.mktemp("pdf"))
    yield services, incident_id
    services.close()


@pytest.mark.parametrize(("authority", "language"), PAIRS, ids=IDS)
def test_every_element_is_in_the_pdf_text(case: Case, authority: str, language: str) -> None:
    services, incident_id = case
    prepared = services.prepare_draft(incident_id, authority=authority, language=language)
    assert prepared.complete, prepared.missing
    text = normal(" ".join(pages(pdf_of(prepared))))
    placed = [v for b in prepared.content.blocks if b.kind == "field" for v in strings(b.value)]
    values = prepared.content.draft.values
    for key in REQUIRED:
        alternatives = [key, "nature"] if key == "breach_types" else [key]
        assert any(all(item in placed for item in strings(values[k])) for k in alternatives), (
            f"{authority}/{language} does not place {key}"
        )
    assert normal(prepared.content.title) in text
    for block in prepared.content.blocks:
        assert normal(block.text) in text, block.text
        for item in strings(block.value):
            assert normal(item) in text, item


def late_case(tmp_path: Path, authority: str) -> tuple[Services, str]:
    late = INCIDENT.replace("2026-11-18T10:30:00+01:00", "2026-11-14T10:30:00+01:00")
    late = late.replace("2026-11-17T23:40", "2026-11-13T23:40")
    late = late.replace("2026-11-18T07:55", "2026-11-14T07:55")
    services, incident_id = build(tmp_path, incident=late)
    services.record_filing(
        incident_id,
        authority=authority,
        at="2026-11-19T09:00:00+01:00",
        reference="DBN-2026-0042",
        reasons_for_delay="The HR share was only found to hold personal data on 18 November.",
    )
    return services, incident_id


@pytest.mark.parametrize(("authority", "language"), PAIRS, ids=IDS)
def test_late_complementary_draft_quotes_reference_and_reasons(
    tmp_path: Path, authority: str, language: str
) -> None:
    services, incident_id = late_case(tmp_path, authority)
    prepared = services.prepare_draft(incident_id, authority=authority, language=language)
    draft = prepared.content.draft
    assert draft.phase == "complementary" and draft.flags["late"] and prepared.complete
    text = normal(" ".join(pages(pdf_of(prepared))))
    assert "DBN-2026-0042" in text
    assert "The HR share was only found to hold personal data on 18 November." in text
    services.close()


MARKUP = '<b>Dupont & Fils</b> {{ d.org_name }} {% if x %} <font color="red">x</font> &amp;'


def test_markup_in_user_text_prints_literally(tmp_path: Path) -> None:
    incident = re.sub(r'(?m)^summary = ".*"$', lambda _: "summary = '" + MARKUP + "'", INCIDENT)
    services, incident_id = build(tmp_path, incident=incident)
    for authority, language in (("cnil", "fr"), ("datatilsynet", "da"), ("apd", "nl")):
        prepared = services.prepare_draft(incident_id, authority=authority, language=language)
        assert normal(MARKUP) in normal(" ".join(pages(pdf_of(prepared))))
        assert MARKUP in to_markdown(prepared.content, META)
    services.close()


@pytest.mark.parametrize(
    ("authority", "language", "label"),
    [("cnpd", "fr", "Page {} sur {}"), ("datatilsynet", "da", "Side {} af {}")],
)
def test_every_page_has_page_x_of_y_and_the_content_hash(
    case: Case, authority: str, language: str, label: str
) -> None:
    services, incident_id = case
    prepared = services.prepare_draft(incident_id, authority=authority, language=language)
    texts = pages(pdf_of(prepared))
    assert len(texts) >= 2
    for number, text in enumerate(texts, start=1):
        assert label.format(number, len(texts)) in text
        assert prepared.sha256 in text
        assert incident_id in text
        assert "Moselle Cloud Services S.A." in text  # the header


def test_incomplete_draft_is_marked_in_its_language(tmp_path: Path) -> None:
    incident = INCIDENT.replace("records = 5800\n", "").replace('people_informed = "planned"\n', "")
    services, incident_id = build(tmp_path, incident=incident.replace("[response]", "[response]"))
    expected = {
        ("cnil", "fr"): "INCOMPLET",
        ("datatilsynet", "da"): "UFULDSTÆNDIG",
        ("apd", "nl"): "ONVOLLEDIG",
        ("cnpd", "de"): "UNVOLLSTÄNDIG",
        ("ico", "en"): "INCOMPLETE",
    }
    for (authority, language), word in expected.items():
        prepared = services.prepare_draft(incident_id, authority=authority, language=language)
        assert [m.key for m in prepared.missing] == ["data.records"]
        texts = pages(pdf_of(prepared))
        assert all(word in text for text in texts)
        assert prepared.missing[0].label in normal(texts[0])
    services.close()


def test_the_same_draft_gives_the_same_bytes(case: Case) -> None:
    services, incident_id = case
    prepared = services.prepare_draft(incident_id, authority="apd", language="fr")
    assert pdf_of(prepared) == pdf_of(prepared)
