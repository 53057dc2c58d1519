"""The words of the letters (issue 14): Art. 77 without conditions, who signs and with which
title, French dates, formal greetings, the incident's own text, advice that follows what
was done. Each test states a principle and checks it in every language it applies to."""

from __future__ import annotations

import re
import tomllib
from dataclasses import replace
from datetime import date
from io import BytesIO
from pathlib import Path

import pytest
from pypdf import PdfReader

from breachkit.core.enums import ContactRole, TitleForm
from breachkit.core.letters.people import Person
from breachkit.core.organisation.profile import OrganisationText
from breachkit.render.letters.compose import LetterRenderer, LetterSetup
from breachkit.render.localdates import long_date
from breachkit.services import Services

LETTERS = Path(__file__).resolve().parents[2] / "notification_templates" / "letters"
LANGUAGES = ("en", "fr", "da", "de", "nl")
PROFILE = """\
[organisation]
name = "Alzette Managed IT S.A."
address = ["7, rue des Exemples", "L-2999 Luxembourg"]
country = "LU"
timezone = "Europe/Luxembourg"
languages = ["fr", "en", "de"]
[dpo]
name = "Claire Weber"
email = "dpo@alzette-it.example"
[authority]
lead = "cnpd"
"""
INCIDENT = """\
title = "Customer portal breached"
timezone = "Europe/Luxembourg"
occurred_at = "2026-12-01T09:00"
detected_at = "2026-12-02T09:00"
aware_at = "2026-12-02T10:00"
[breach]
types = ["confidentiality"]
cause = "credential_stuffing"
exfiltration = "confirmed"
[data]
categories = ["contact", "credentials", "payment_card"]
countries = ["LU"]
[response]
measures_taken = ["Logins from the attackers' addresses blocked"]
measures_proposed = ["Two-step login for every account"]
"""


def words(language: str) -> dict[str, object]:
    return tomllib.loads((LETTERS / f"{language}.toml").read_text(encoding="utf-8"))


def make_setup(tmp_path: Path, incident: str = INCIDENT) -> LetterSetup:
    (tmp_path / "org.toml").write_text(PROFILE, encoding="utf-8")
    (tmp_path / "incident.toml").write_text(incident, encoding="utf-8")
    services = Services(tmp_path / "bk.db", org_path=tmp_path / "org.toml", actor="tester")
    try:
        incident_id, _ = services.create_from_file(tmp_path / "incident.toml")
        return services.letter_setup(incident_id)
    finally:
        services.close()


def letter(setup: LetterSetup, language: str) -> str:
    someone = Person(line=2, name="Ana Lima", language=language, email="a@example.org")
    pdf, _ = LetterRenderer(setup).pdf(someone)
    pages = PdfReader(BytesIO(pdf)).pages
    return " ".join(" ".join(page.extract_text() for page in pages).split())


# -- Art. 77 --------------------------------------------------------------------------------

CONDITIONAL = {
    "en": r"\b(if|unless|happy|satisf\w*)\b",
    "fr": r"\b(si|s'il|satisfait\w*)\b",
    "da": r"\b(hvis|tilfreds|er du ikke)\b",
    "de": r"\b(wenn|falls|zufrieden)\b",
    "nl": r"\b(als|indien|tevreden|bent u niet)\b",
}


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_right_to_complain_has_no_condition(language: str) -> None:
    """Art. 77: no "if you are not happy with our answer" in any language."""
    complaint = words(language)["complaint"]
    assert isinstance(complaint, dict)
    for sentence in complaint.values():
        assert not re.search(CONDITIONAL[language], str(sentence).lower()), sentence


# -- the greeting ------------------------------------------------------------------------------

FORMAL = {
    "fr": "Madame, Monsieur,",
    "de": "Sehr geehrte Damen und Herren,",
    "da": "Kære {name}",
    "nl": "Geachte {name},",
}


@pytest.mark.parametrize("language", list(FORMAL))
def test_the_default_greeting_is_formal(language: str) -> None:
    letter_words = words(language)["letter"]
    assert isinstance(letter_words, dict)
    assert letter_words["salutation"] == FORMAL[language]


def test_german_letters_go_on_in_lower_case_after_the_greeting() -> None:
    intro = words("de")["letter"]
    assert isinstance(intro, dict) and str(intro["intro"]).startswith("wir ")


# -- who signs ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "form", "expected"),
    [
        (ContactRole.DPO, TitleForm.NEUTRAL, "Délégué(e) à la protection des données"),
        (ContactRole.DPO, TitleForm.FEMININE, "Déléguée à la protection des données"),
        (ContactRole.DPO, TitleForm.MASCULINE, "Délégué à la protection des données"),
        (ContactRole.CONTACT_POINT, TitleForm.FEMININE, "Contact pour la protection des données"),
    ],
)
def test_the_signatory_is_who_the_profile_says(
    tmp_path: Path, role: ContactRole, form: TitleForm, expected: str
) -> None:
    setup = make_setup(tmp_path)
    org = setup.organisation
    setup = replace(
        setup, organisation=replace(org, dpo=replace(org.dpo, role=role, title_form=form))
    )
    text = letter(setup, "fr")
    assert f"Claire Weber {expected}, Alzette Managed IT S.A." in text  # the signature
    assert f"Claire Weber, {expected}" in text  # and beside the contact details
    other = {"Délégué à", "Déléguée à", "Délégué(e) à"} - {expected.split(" la ")[0]}
    assert not any(f"Claire Weber, {o}" in text for o in other)


def test_the_profile_can_give_the_title_in_each_language(tmp_path: Path) -> None:
    setup = make_setup(tmp_path)
    own = (
        OrganisationText("fr", dpo_title="Responsable de la conformité"),
        OrganisationText("de", dpo_title="Leiterin Datenschutz"),
    )
    setup = replace(setup, organisation=replace(setup.organisation, texts=own))
    assert "Claire Weber, Responsable de la conformité" in letter(setup, "fr")
    assert "Claire Weber, Leiterin Datenschutz" in letter(setup, "de")
    assert "Claire Weber, Data Protection Officer" in letter(setup, "en")


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_contact_sentence_names_no_gender_and_no_office(language: str) -> None:
    """The contact point may be a DPO or not, a woman or a man: the sentence says "us"."""
    contact = words(language)["contact"]
    assert isinstance(contact, dict)
    lowered = str(contact["text"]).lower()
    for office in ("officer", "délégué", "rådgiver", "beauftragte", "functionaris"):
        assert office not in lowered


# -- dates ----------------------------------------------------------------------------------


def test_french_writes_the_first_of_the_month_as_an_ordinal(tmp_path: Path) -> None:
    assert long_date(date(2026, 12, 1), "fr_FR") == "1er décembre 2026"
    assert long_date(date(2026, 12, 11), "fr_FR") == "11 décembre 2026"
    assert long_date(date(2026, 12, 1), "de_DE") == "1. Dezember 2026"
    text = letter(make_setup(tmp_path), "fr")
    assert "L'incident a commencé le 1er décembre 2026." in text


# -- what was done, and the advice ------------------------------------------------------------


def test_a_reset_password_is_said_and_not_asked_for_again(tmp_path: Path) -> None:
    incident = INCIDENT.replace(
        "[response]", '[response]\nmitigations = ["passwords_reset", "cards_blocked"]'
    )
    text = letter(make_setup(tmp_path, incident), "en")
    assert "We have reset the passwords of the accounts concerned." in text
    assert "Choose a new password" in text and "Change your password for our services" not in text
    assert "The payment cards concerned have been blocked and will be replaced." in text
    assert "Your card has been blocked" in text and "call your bank at once" not in text
    (tmp_path / "plain").mkdir()
    plain = letter(make_setup(tmp_path / "plain"), "en")
    assert "Change your password for our services" in plain and "Choose a new" not in plain


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_danish_credit_warning_says_checking_is_voluntary(language: str) -> None:
    """sikkerdigital.dk: lenders are not obliged to check the CPR register for it."""
    voluntary = {
        "en": "do not have to",
        "fr": "pas obligés",
        "da": "frivilligt",
        "de": "müssen nicht",
        "nl": "niet verplicht",
    }
    block = words(language)["country_advice"]
    assert isinstance(block, dict)
    assert voluntary[language] in str(block["dk_credit_warning"]["text"])
