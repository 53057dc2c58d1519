"""The draft content model: completeness, assembly, derived sentences in every language."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from breachkit.adapters.paths import bundled
from breachkit.core.drafts.content import (
    MISSING_KEYS,
    DecisionInfo,
    DraftRequest,
    Phase,
    PriorFiling,
    assemble,
    choose_language,
    cross_border,
    default_phase,
)
from breachkit.core.drafts.prose import derived_consequences, people_informed_sentences
from breachkit.core.drafts.vocab import Vocabulary, parse_vocabulary
from breachkit.core.errors import InputError
from breachkit.core.incident.model import IncidentFacts
from breachkit.core.incident.parse import parse_incident_text
from breachkit.core.organisation.authorities import Authority, parse_directory
from breachkit.core.organisation.profile import Contact, Organisation

TEMPLATES = bundled("notification_templates")
NOW = datetime(2026, 11, 19, 12, 0, tzinfo=UTC)
LANGUAGES = ("en", "fr", "da", "nl", "de")


def vocab(language: str) -> Vocabulary:
    path = TEMPLATES / "language" / f"{language}.toml"
    return parse_vocabulary(path.read_text(encoding="utf-8"), str(path), missing_keys=MISSING_KEYS)


def directory() -> dict[str, Authority]:
    path = TEMPLATES / "authorities.toml"
    return parse_directory(path.read_text(encoding="utf-8"), str(path))


class Plain:
    """A formatter without locale data: enough to test the content model."""

    def number(self, value: float) -> str:
        return f"{value:g}"

    def datetime(self, value: datetime) -> str:
        return value.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")

    def country(self, code: str) -> str:
        return f"<{code}>"

    def language(self, code: str) -> str:
        return f"<{code}>"


ORG = Organisation(
    name="Moselle Cloud Services S.A.",
    country="LU",
    registration="B 301 555",
    address=("12, rue de la Moselle", "L-6701 Grevenmacher"),
    languages=("de", "en"),
    dpo=Contact(name="A. Kieffer", email="dpo@moselle.example", phone="+352 7500 1234"),
    representative=Contact(name="J. Reuter", title="Administrateur délégué"),
    lead_authority="cnpd",
)

FULL = """\
title = "Customer database copied"
summary = "An attacker copied the customer database."
timezone = "Europe/Luxembourg"
occurred_at = "2026-11-17T23:40:00+01:00"
detected_at = "2026-11-18T07:55:00+01:00"
aware_at = "2026-11-18T10:30:00+01:00"
[breach]
types = ["confidentiality"]
cause = "hacking"
exfiltration = "confirmed"
recipients = "unknown"
[data]
categories = ["identity", "contact", "bank_account", "health"]
data_subjects = 1240
records = 5800
subject_groups = ["customers"]
countries = ["LU", "FR"]
[protection]
encryption = "none"
[response]
measures_taken = ["Portal patched"]
people_informed = "planned"
[text.fr]
title = "Base clients copiée"
summary = "Un attaquant a copié la base clients."
measures_taken = ["Portail corrigé"]
"""


def facts(text: str = FULL) -> IncidentFacts:
    return parse_incident_text(text, "test.toml", None).facts


def request(**changes: Any) -> DraftRequest:
    base = DraftRequest(
        incident_id="BK-2026-0001",
        facts=facts(),
        organisation=ORG,
        authority=directory()["cnpd"],
        language="fr",
        phase=Phase.INITIAL,
        now=NOW,
        directory=directory(),
        decision=DecisionInfo("high", "notify_authority_and_subjects", NOW),
        deadline=NOW + timedelta(hours=20),
    )
    return replace(base, **changes)


def keys(draft_request: DraftRequest, language: str = "fr") -> list[str]:
    return [m.key for m in assemble(draft_request, vocab(language), Plain()).missing]


# -- completeness -------------------------------------------------------------------


def test_a_full_incident_is_complete_for_the_cnpd() -> None:
    draft = assemble(request(), vocab("fr"), Plain())
    assert draft.complete and not draft.flags["incomplete"]
    assert draft.values["data_subjects"] == "1240" and draft.values["records"] == "5800"
    assert draft.values["aware_at"] == "2026-11-18 09:30 UTC"


def test_a_bare_incident_lists_what_the_authority_will_ask_for() -> None:
    bare = facts('title = "Laptop stolen"\ntimezone = "UTC"\naware_at = "2026-11-19T08:00Z"\n')
    missing = keys(request(facts=bare, decision=None))
    assert missing == [
        "summary",
        "occurred_at",
        "breach.types",
        "data.categories",
        "data.data_subjects",
        "data.records",
        "data.subject_groups",
        "response.consequences",
        "response.measures",
        "people_informed",
        "text.fr.title",  # the title is in English (the file's language), the draft in French
    ]


def test_profile_gaps_come_first_and_follow_the_authority() -> None:
    org = replace(ORG, registration="", representative=Contact())
    cnil = directory()["cnil"]
    missing = keys(request(organisation=org, authority=cnil))
    assert missing == ["organisation.registration", "representative.name", "representative.title"]
    assert keys(request(organisation=org)) == ["organisation.registration"]  # cnpd


def test_the_ico_also_asks_when_and_how_it_was_found() -> None:
    text = FULL.replace('detected_at = "2026-11-18T07:55:00+01:00"\n', "")
    ico = directory()["ico"]
    assert keys(request(facts=facts(text), authority=ico, language="en"), "en") == ["detected_at"]
    assert keys(request(facts=facts(text))) == []  # the CNPD's form is not known to ask


def test_late_needs_reasons_and_prints_them() -> None:
    late = request(deadline=NOW - timedelta(hours=2))
    assert keys(late) == ["reasons_for_delay"]
    draft = assemble(replace(late, reasons_for_delay="Forensics first."), vocab("fr"), Plain())
    assert draft.complete and draft.flags["late"]
    assert draft.values["delay_reasons"] == "Forensics first."


def test_a_filing_in_time_is_not_late_even_if_the_draft_is_printed_later() -> None:
    filed = PriorFiling("cnpd", "gdpr-art33", NOW - timedelta(hours=3), "2026-123")
    draft_request = request(deadline=NOW - timedelta(hours=2), filings=(filed,))
    assert not assemble(draft_request, vocab("fr"), Plain()).flags["late"]


def test_complementary_quotes_the_initial_reference() -> None:
    assert keys(request(phase=Phase.COMPLEMENTARY)) == ["earlier_reference"]
    filed = PriorFiling("cnpd", "gdpr-art33", NOW - timedelta(hours=3), "2026-123")
    other = PriorFiling("cnil", "gdpr-art33", NOW - timedelta(hours=4), "CNIL-9")
    draft = assemble(
        request(phase=Phase.COMPLEMENTARY, filings=(other, filed)), vocab("fr"), Plain()
    )
    assert draft.complete and draft.values["earlier_reference"] == "2026-123"
    assert default_phase("cnpd", (filed,)) == Phase.COMPLEMENTARY
    assert default_phase("apd", (filed,)) == Phase.INITIAL
    assert "CNIL — 2026-11-19 08:00 UTC" in (draft.values["other_parties"] or ())


def test_no_decision_but_people_already_informed_is_enough() -> None:
    assert keys(request(decision=None)) == []  # people_informed = planned


# -- assembly -------------------------------------------------------------------------


def test_values_are_in_the_language_and_nothing_is_invented() -> None:
    draft = assemble(request(), vocab("da"), Plain())
    v = draft.values
    assert v["breach_types"] == ("brud på fortroligheden",)
    assert v["special_categories"] == ("helbredsoplysninger",)
    assert v["malicious"] is None  # not stated in the facts
    assert v["controller_informed_at"] is None
    assert v["cross_border"] == "Ja. De registrerede bor i: <LU> og <FR>."
    assert v["lead_authority"] == "Commission nationale pour la protection des données (CNPD)"


def test_stated_consequences_replace_the_derived_ones() -> None:
    text = FULL + 'consequences = "Une vague d\'hameçonnage est attendue."\n'  # in [text.fr]
    draft = assemble(request(facts=facts(text)), vocab("fr"), Plain())
    assert draft.values["consequences"] == "Une vague d'hameçonnage est attendue."
    assert not draft.flags["consequences_derived"] and draft.complete


# -- free text in the draft's language (issue 14) ------------------------------------


@pytest.mark.parametrize("language", [lang for lang in LANGUAGES if lang != "en"])
@pytest.mark.parametrize("key", ["title", "summary", "measures_taken", "consequences"])
def test_free_text_in_another_language_is_named_marked_and_replaced(
    language: str, key: str
) -> None:
    """Each free-text key: English only -> missing and marked; [text.LL] -> used as is."""
    base = FULL.split("[text.fr]")[0].replace(
        "[response]", '[response]\nconsequences = "Phishing expected."'
    )
    english = assemble(request(facts=facts(base), language=language), vocab(language), Plain())
    where = f"text.{language}.{key}"
    missing = {m.key: m for m in english.missing}
    assert where in missing and "English only" in missing[where].why
    assert where in missing[where].fix or "text_language" in missing[where].fix
    assert missing[where].label == vocab(language).tables["missing"][f"text.{key}"]
    value = english.values[key]
    first = value[0] if isinstance(value, tuple) else value
    mark = vocab(language).say("terms", "untranslated", language="<en>")
    assert first is not None and first.startswith(mark)
    local = "Lokal tekst" if key != "measures_taken" else None
    table = f"\n[text.{language}]\n" + (
        f'{key} = "{local}"\n' if local else f'{key} = ["Lokal foranstaltning"]\n'
    )
    translated = assemble(
        request(facts=facts(base + table), language=language), vocab(language), Plain()
    )
    assert where not in {m.key for m in translated.missing}
    assert translated.values[key] in ("Lokal tekst", ("Lokal foranstaltning",))
    declared = facts(f'text_language = "{language}"\n' + base)
    said = assemble(request(facts=declared, language=language), vocab(language), Plain())
    assert not [m for m in said.missing if m.key.startswith("text.")]
    own = {
        "title": "Customer database copied",
        "summary": "An attacker copied the customer database.",
        "measures_taken": ("Portal patched",),
        "consequences": "Phishing expected.",
    }
    assert said.values[key] == own[key]  # declared to be in the draft's language: unmarked


def test_the_sector_is_in_the_drafts_language_or_named() -> None:
    from breachkit.core.organisation.profile import OrganisationText

    org = replace(ORG, sector="managed hosting")
    draft = assemble(request(organisation=org), vocab("fr"), Plain())
    assert [m.key for m in draft.missing] == ["text.fr.sector"]
    assert draft.values["org_sector"] == "[non traduit, en <en>] managed hosting"
    french = replace(org, texts=(OrganisationText("fr", sector="hébergement infogéré"),))
    draft = assemble(request(organisation=french), vocab("fr"), Plain())
    assert draft.complete and draft.values["org_sector"] == "hébergement infogéré"
    english = assemble(request(organisation=org, language="en"), vocab("en"), Plain())
    assert english.values["org_sector"] == "managed hosting"


def test_the_contact_point_is_who_the_profile_says() -> None:
    from breachkit.core.enums import ContactRole, TitleForm
    from breachkit.core.organisation.profile import OrganisationText

    def role(org: Organisation, language: str = "fr") -> object:
        draft = assemble(request(organisation=org, language=language), vocab(language), Plain())
        return draft.values["dpo_role"]

    words = vocab("fr").tables["terms"]
    assert role(ORG) == words["contact_dpo"]  # neutral by default
    feminine = replace(ORG, dpo=replace(ORG.dpo, title_form=TitleForm.FEMININE))
    assert role(feminine) == "Déléguée à la protection des données (DPO)"
    other = replace(ORG, dpo=replace(ORG.dpo, role=ContactRole.CONTACT_POINT))
    assert role(other) == words["contact_point"]
    own = replace(ORG, texts=(OrganisationText("fr", dpo_title="Responsable conformité"),))
    assert role(own) == "Responsable conformité"
    assert role(own, "de") == vocab("de").tables["terms"]["contact_dpo"]


def test_cross_border_is_visible() -> None:
    info = cross_border(ORG, facts())
    assert info.cross_border and info.lead == "cnpd" and info.countries == ("LU", "FR")
    one = facts(FULL.replace('countries = ["LU", "FR"]', 'countries = ["LU"]'))
    assert not cross_border(ORG, one).cross_border


def test_default_language_is_the_first_of_the_authoritys_the_organisation_writes() -> None:
    d = directory()
    assert choose_language(d["cnpd"], ("de", "en"), None) == "en"  # cnpd: fr, en, de
    assert choose_language(d["apd"], ("en",), None) == "nl"
    assert choose_language(d["datatilsynet"], ("fr", "en"), None) == "en"
    assert choose_language(d["apd"], (), "de") == "de"
    with pytest.raises(InputError, match="takes drafts in da | en"):
        choose_language(d["datatilsynet"], (), "fr")


# -- derived sentences, every language ---------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_derived_consequences_follow_the_facts_in_every_language(language: str) -> None:
    words = vocab(language).tables["consequence"]
    sentences = derived_consequences(facts(), vocab(language), Plain().number)
    assert sentences == (
        words["phishing"],
        words["financial_fraud"],
        words["sensitive"],
        words["loss_of_control"],
    )
    encrypted = facts(
        FULL.replace(
            'encryption = "none"', 'encryption = "state_of_the_art"\nkey_compromised = false'
        )
    )
    assert derived_consequences(encrypted, vocab(language), Plain().number) == (
        words["limited_encrypted"],
    )
    outage = facts(
        FULL.replace('types = ["confidentiality"]', 'types = ["availability"]').replace(
            "[breach]", '[breach]\nunavailable_hours = 30\nservice_impact = "critical"'
        )
    )
    assert derived_consequences(outage, vocab(language), Plain().number) == (
        words["unavailable_temporary"].format(hours="30"),
        words["service_disruption"],
    )


@pytest.mark.parametrize("language", LANGUAGES)
def test_people_informed_or_the_ground_in_every_language(language: str) -> None:
    words = vocab(language).tables["informed"]
    quiet = facts(FULL.replace('people_informed = "planned"\n', ""))

    def say(
        risk: str | None, outcome: str | None, exemptions: tuple[str, ...] = ()
    ) -> tuple[str, ...]:
        return people_informed_sentences(
            quiet, vocab(language), risk=risk, outcome=outcome, exemptions=exemptions
        )

    assert say("high", "notify_authority_and_subjects") == (words["not_yet_high"],)
    assert say("high", "notify_authority_and_public") == (words["public"],)
    assert say("risk", "notify_authority", ("34(3)(a)",)) == (
        words["not_required_risk"],
        words["ground_34_3_a"],
    )
    assert say("unlikely", "record_only") == (words["not_required_unlikely"],)
    assert say(None, None) == ()


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("state", ["planned", "done"])
def test_people_told_although_the_risk_is_not_high_is_not_put_on_article_34_1(
    language: str, state: str
) -> None:
    """Art. 34(1) asks for it only at a high risk: a draft that cites it for people told
    at a lower risk would tell the authority the risk is high."""
    words = vocab(language).tables["informed"]
    told = facts(FULL.replace('people_informed = "planned"', f'people_informed = "{state}"'))

    def say(risk: str | None, outcome: str | None) -> tuple[str, ...]:
        return people_informed_sentences(
            told, vocab(language), risk=risk, outcome=outcome, exemptions=()
        )

    assert say("high", "notify_authority_and_subjects") == (words[state],)
    assert say(None, None) == (words[state],)
    for risk, outcome in (("risk", "notify_authority"), ("unlikely", "record_only")):
        assert say(risk, outcome) == (words[f"{state}_voluntary"],)
    assert words[f"{state}_voluntary"] != words[state]


# -- the data files ----------------------------------------------------------------------


def test_every_authority_language_has_a_template_a_language_file_and_a_locale() -> None:
    for authority in directory().values():
        for language in authority.languages:
            assert (TEMPLATES / authority.id / language / "draft.md.j2").is_file()
            assert vocab(language).language == language
            assert authority.locale_for(language).startswith(language)


def test_shipped_templates_have_no_placeholders() -> None:
    for path in TEMPLATES.glob("*/*/draft.md.j2"):
        text = path.read_text(encoding="utf-8").lower()
        for word in ("todo", "lorem", "xxx", "fixme", "tbd"):
            assert word not in text, f"{path}: {word}"


def test_a_language_file_with_a_gap_or_a_bad_placeholder_is_refused(tmp_path: Path) -> None:
    text = (TEMPLATES / "language" / "fr.toml").read_text(encoding="utf-8")
    gap = text.replace('ransomware = "rançongiciel"\n', "")
    with pytest.raises(InputError, match="cause.ransomware.*required key is missing"):
        parse_vocabulary(gap, "fr.toml", missing_keys=MISSING_KEYS)
    bad = text.replace("environ {hours} heures\u00a0;", "environ {heures} heures\u00a0;")
    with pytest.raises(InputError, match=r"unknown placeholder \{heures\}"):
        parse_vocabulary(bad, "fr.toml", missing_keys=MISSING_KEYS)


def test_the_directory_validates_the_new_keys() -> None:
    text = (TEMPLATES / "authorities.toml").read_text(encoding="utf-8")
    with pytest.raises(InputError, match="'fax' is not a channel kind"):
        parse_directory(text.replace('channel_kind = "email"', 'channel_kind = "fax"'), "d")
    with pytest.raises(InputError, match="'nl_NL' is not a locale of 'fr'"):
        parse_directory(text.replace('fr = "fr_LU"', 'fr = "nl_NL"'), "d")
    with pytest.raises(InputError, match="'summary' is not a fact a form can ask for"):
        parse_directory(text.replace('asks = ["breach.cause"]', 'asks = ["summary"]'), "d")
    with pytest.raises(InputError, match="'it' is not one of the entry's languages"):
        parse_directory(
            text.replace('locales = { fr = "fr_FR" }', 'locales = { it = "it_IT" }'), "d"
        )
