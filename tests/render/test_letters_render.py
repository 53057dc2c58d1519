"""Rendered letters: every language, every script, literal markup, one recipient, odd pages."""

from __future__ import annotations

import email
import email.header
import email.policy
import zlib
from io import BytesIO
from pathlib import Path
from typing import Any

import pytest
from pypdf import PageObject, PdfReader
from pypdf.generic import DictionaryObject

from breachkit.core.letters.people import Person
from breachkit.render.letters.compose import LetterRenderer, LetterSetup
from breachkit.render.letters.eml import encoded_words
from breachkit.services import Services
from breachkit.services.letters_batch import BatchJob, Task, init_worker, run_task

PROFILE = """\
[organisation]
name = "Alzette Managed IT S.A."
address = ["7, rue des Exemples", "L-2999 Luxembourg"]
country = "LU"
timezone = "Europe/Luxembourg"
languages = ["fr", "en", "de"]
website = "https://alzette-it.example"
[dpo]
name = "Claire Weber"
email = "dpo@alzette-it.example"
phone = "+352 2799 0000"
[authority]
lead = "cnpd"
"""
INCIDENT = """\
title = "Customer portal breached"
timezone = "Europe/Luxembourg"
occurred_at = "2026-11-17T22:00"
detected_at = "2026-11-18T09:00"
aware_at = "2026-11-18T10:00"
[breach]
types = ["confidentiality"]
cause = "hacking"
exfiltration = "confirmed"
recipients = "unknown"
[data]
categories = ["identity", "contact", "credentials", "bank_account", "national_id"]
countries = ["LU", "FR", "DK", "BE"]
data_subjects = 1240
subject_groups = ["customers"]
[response]
measures_taken = ["Portal taken offline"]
measures_proposed = ["Independent test of the portal"]
other_parties = ["police"]
[text.fr]
measures_taken = ["Portail mis hors ligne"]
measures_proposed = ["Test indépendant du portail"]
[text.da]
measures_taken = ["Portalen er taget offline"]
measures_proposed = ["Uafhængig test af portalen"]
[text.de]
measures_taken = ["Portal vom Netz genommen"]
measures_proposed = ["Unabhängiger Test des Portals"]
[text.nl]
measures_taken = ["Portaal offline gehaald"]
measures_proposed = ["Onafhankelijke test van het portaal"]
"""
OWN_MEASURES = {
    "en": ("Portal taken offline", "Independent test of the portal"),
    "fr": ("Portail mis hors ligne", "Test indépendant du portail"),
    "da": ("Portalen er taget offline", "Uafhængig test af portalen"),
    "de": ("Portal vom Netz genommen", "Unabhängiger Test des Portals"),
    "nl": ("Portaal offline gehaald", "Onafhankelijke test van het portaal"),
}
NAMES = {
    "Polish": "Zażółć Gęślą-Jaźń",
    "Czech": "Řehoř Šťastný",
    "Romanian": "Ștefan Țurcanu",
    "Nordic": "Søren Ærø Åberg",
    "Greek": "Γιώργος Παπαδόπουλος",
    "Cyrillic": "Анна Кузнецова",
    "markup": "<b>Dupont & Fils</b> {{ x }} %(a)s \\ (paren",
}
SUBJECT = {
    "en": "Your personal data were involved in a security incident",
    "fr": "Vos données personnelles sont concernées par un incident de sécurité",
    "da": "Dine personoplysninger er berørt af et sikkerhedsbrud",
    "de": "Ihre personenbezogenen Daten sind von einem Sicherheitsvorfall betroffen",
    "nl": "Uw persoonsgegevens zijn betrokken bij een beveiligingsincident",
}


@pytest.fixture(scope="module")
def setup(tmp_path_factory: pytest.TempPathFactory) -> LetterSetup:
    folder = tmp_path_factory.mktemp("letters")
    (folder / "org.toml").write_text(PROFILE, encoding="utf-8")
    (folder / "incident.toml").write_text(INCIDENT, encoding="utf-8")
    services = Services(folder / "bk.db", org_path=folder / "org.toml", actor="tester")
    incident, _notes = services.create_from_file(folder / "incident.toml")
    made = services.letter_setup(incident)
    services.close()
    return made


@pytest.fixture(scope="module")
def renderer(setup: LetterSetup) -> LetterRenderer:
    return LetterRenderer(setup)


def person(name: str, language: str = "en", country: str = "", **more: Any) -> Person:
    return Person(
        line=2,
        name=name,
        language=language,
        email="p@example.org",
        address=("Rue 1",),
        postal_code="1000",
        city="Bruxelles",
        country=country,
        reference="C-1",
        **more,
    )


def text_of(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(BytesIO(pdf)).pages)


def words_of(pdf: bytes) -> str:
    return " ".join(text_of(pdf).split())


@pytest.mark.parametrize("language", list(SUBJECT))
def test_every_language_renders_the_whole_letter(renderer: LetterRenderer, language: str) -> None:
    pdf, pages = renderer.pdf(person("Marie Curie", language, "FR"))
    text = " ".join(text_of(pdf).split())
    assert SUBJECT[language] in text
    headings = renderer.setup.texts[language].sections["heading"]
    for heading in headings.values():  # every Art. 34(2) element has its section
        assert " ".join(heading.split()) in text
    assert "Claire Weber" in text and "dpo@alzette-it.example" in text
    assert "Place de Fontenoy" in text  # a person in France: the CNIL, with its address
    assert "cybermalveillance.gouv.fr" in text  # and the French victim-help service
    assert pages == len(PdfReader(BytesIO(pdf)).pages)
    taken, proposed = OWN_MEASURES[language]  # Art. 34(2): the incident's own measures,
    assert taken in text and proposed in text  # in the letter's language
    for other, (elsewhere, _) in OWN_MEASURES.items():
        assert other == language or elsewhere not in text


@pytest.mark.parametrize("script", list(NAMES))
def test_names_in_every_script_come_out_of_the_pdf_intact(
    renderer: LetterRenderer, script: str
) -> None:
    name = NAMES[script]
    pdf, _pages = renderer.pdf(person(name, "da", "DK"))
    text = text_of(pdf)
    assert text.count(name) >= 2  # the window address and the greeting "Kære …"
    assert "Kreditadvarsel" in text  # Danish credit warning for a person in Denmark


def test_the_same_person_gives_the_same_bytes(renderer: LetterRenderer) -> None:
    someone = person(NAMES["Greek"], "nl", "BE")
    assert renderer.pdf(someone) == LetterRenderer(renderer.setup).pdf(someone)


def test_the_greeting_can_be_given(renderer: LetterRenderer) -> None:
    pdf, _ = renderer.pdf(person("Jean Martin", "fr", salutation="Cher Monsieur Martin,"))
    assert "Cher Monsieur Martin," in text_of(pdf) and "Madame, Monsieur" not in text_of(pdf)


def test_the_address_is_in_the_envelope_window(renderer: LetterRenderer) -> None:
    pdf, _ = renderer.pdf(person("Window Person", "en", "BE"))
    found: list[tuple[float, float]] = []

    def visit(text: str, _cm: object, tm: list[float], _font: object, _size: object) -> None:
        if "Window Person" in text:
            found.append((tm[4], tm[5]))

    PdfReader(BytesIO(pdf)).pages[0].extract_text(visitor_text=visit)
    mm = 72 / 25.4
    x, y = min(found, key=lambda p: -p[1])  # the topmost: the address, not the greeting
    assert 20 * mm <= x <= 30 * mm  # DIN 5008 form B: 20 mm from the left edge
    assert 297 * mm - 90 * mm <= y <= 297 * mm - 45 * mm  # between 45 and 90 mm from the top


def test_email_has_one_recipient_and_decodes_exactly(
    renderer: LetterRenderer, tmp_path: Path
) -> None:
    people = [
        Person(line=i + 2, name=n, language="nl", email=f"p{i}@exämple.org")
        for i, n in enumerate(NAMES.values())
    ]
    init_worker(renderer.setup, BatchJob(str(tmp_path), ("eml",), fsync=False))
    (tmp_path / ".tmp").mkdir()
    written, _part = run_task(Task(tuple((p, ("eml",)) for p in people)))
    for p, w in zip(people, written, strict=True):
        raw = (tmp_path / w.file).read_bytes()
        assert b"\r\n" in raw and all(len(line) < 998 for line in raw.split(b"\r\n"))
        message = email.message_from_bytes(raw, policy=email.policy.default)
        assert len(message.get_all("To") or ()) == 1 and len(message["To"].addresses) == 1
        assert message["To"].addresses[0].addr_spec == f"p{p.line - 2}@xn--exmple-cua.org"
        to = message["To"].addresses[0].display_name
        if not p.name.isascii():  # RFC 2047 words: decoded the way the RFC says
            to = str(email.header.make_header(email.header.decode_header(_header(raw, "To"))))
            to = to.rsplit(" <", 1)[0]
        assert to == p.name  # the display name, exactly
        assert message["From"].addresses[0].display_name == "Alzette Managed IT S.A."
        body = message.get_content()
        assert body.startswith(f"Geachte {p.name},") and "Uw recht om een klacht" in body
        assert message.get_content_charset() == "utf-8"


def _header(raw: bytes, name: str) -> str:
    lines = raw.split(b"\r\n\r\n")[0].decode("ascii").split("\r\n")
    start = next(i for i, line in enumerate(lines) if line.startswith(f"{name}: "))
    end = next((i for i in range(start + 1, len(lines)) if not lines[i].startswith(" ")), None)
    return " ".join([lines[start][len(name) + 2 :], *[x.strip() for x in lines[start + 1 : end]]])


def test_encoded_words_stay_short() -> None:
    words = encoded_words("Γιώργος Παπαδόπουλος-Κωνσταντινίδης του Αλεξάνδρου " * 3)
    assert all(len(w) <= 75 for w in words.split("\r\n "))


def test_the_print_run_starts_each_letter_on_an_odd_page(
    renderer: LetterRenderer, tmp_path: Path
) -> None:
    from breachkit.services.letters_print import PrintAssembler

    people = [
        Person(line=i + 2, name=n, language=lang, address=("Rue 1",), city="X", country=c)
        for i, (n, lang, c) in enumerate(
            [
                (NAMES["Polish"], "fr", "FR"),
                (NAMES["Nordic"], "da", "DK"),
                (NAMES["Cyrillic"], "nl", "BE"),
                (NAMES["Czech"], "de", "DE"),
            ]
        )
    ]
    (tmp_path / ".tmp").mkdir()
    init_worker(renderer.setup, BatchJob(str(tmp_path), ("print",), fsync=False))
    written, part = run_task(Task(tuple((p, ("print",)) for p in people)))
    assert part is not None
    assembler = PrintAssembler(tmp_path, renderer.setup)
    assembler.add_part(tmp_path / part)
    assembler.finish(fsync=False)
    reader = PdfReader(tmp_path / "letters-print.pdf")
    page = 1
    for p, w in zip(people, written, strict=True):
        assert page % 2 == 1
        assert p.name in reader.pages[page - 1].extract_text()
        page += w.pages + w.pages % 2
    assert len(reader.pages) == page - 1
    fonts = {
        str(f.get_object()["/BaseFont"]) for pg in reader.pages[:1] for f in _fonts(pg).values()
    }
    assert len(fonts) == 2  # one regular and one bold subset for the whole file


def _fonts(page: PageObject) -> DictionaryObject:
    """The page's font resources."""
    resources = page["/Resources"].get_object()
    assert isinstance(resources, DictionaryObject)
    fonts = resources["/Font"].get_object()
    assert isinstance(fonts, DictionaryObject)
    return fonts


def test_every_font_is_embedded_and_subset(renderer: LetterRenderer) -> None:
    pdf, _ = renderer.pdf(person(NAMES["Romanian"], "fr"))
    reader = PdfReader(BytesIO(pdf))
    for font in _fonts(reader.pages[0]).values():
        descendant = font.get_object()["/DescendantFonts"][0].get_object()
        program = descendant["/FontDescriptor"]["/FontFile2"].get_object()
        assert "+" in str(font.get_object()["/BaseFont"])
        assert len(zlib.decompress(program._data)) < 200_000  # a subset, not DejaVu's 740 kB


def test_the_public_notice(renderer: LetterRenderer) -> None:
    pdf, html, plain = renderer.notice("fr")
    assert "information des personnes concernées" in words_of(pdf)
    assert "<h1>" in html and "<script" not in html and "1 240" in plain  # French number
    assert "suspicious@safeonweb.be" in plain and "kreditadvarsel" in plain


def test_email_puts_the_reference_above_the_greeting(renderer: LetterRenderer) -> None:
    """As on paper: the greeting is followed by the body (German continues it in lower case),
    so the person's reference comes first."""
    _subject, (opening, body, _closing) = renderer.email_text(person("Jonas Weber", "de"))
    assert opening == "Ihre Referenznummer: C-1\n\nSehr geehrte Damen und Herren,\n\n"
    assert body.startswith("wir schreiben Ihnen")
