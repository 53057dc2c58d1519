"""The letter content model and the people file, pure: rows, plans, texts, manifest."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from breachkit.core.enums import DataCategory as C
from breachkit.core.enums import Mitigation
from breachkit.core.errors import InputError
from breachkit.core.incident.parse import parse_incident_document
from breachkit.core.letters.manifest import ManifestRow, RunIdentity, parse_identity, parse_row
from breachkit.core.letters.markup import Kind, parse_blocks
from breachkit.core.letters.people import (
    BadRow,
    Person,
    RowRules,
    check_row,
    default_language,
    email_problem,
    read_header,
)
from breachkit.core.letters.plan import (
    ADVICE,
    CONSEQUENCES,
    COUNTRY_ADVICE,
    MEASURES,
    SETTLED_BY,
    LetterFacts,
    letter_facts,
    plan_letter,
    plan_notice,
)
from breachkit.core.letters.texts import PLAIN, fill, parse_custom, parse_texts

ROOT = Path(__file__).resolve().parents[2]
LETTERS = ROOT / "notification_templates" / "letters"
LANGUAGES = ("en", "fr", "da", "de", "nl")
RULES = RowRules("fr", frozenset(LANGUAGES), frozenset({C.CONTACT, C.CREDENTIALS}))
HEADER = read_header(
    [
        "name",
        "email",
        "address",
        "postal_code",
        "city",
        "country",
        "language",
        "reference",
        "categories",
        "segment",
    ],
    "people.csv",
)


def row(**values: str) -> list[str]:
    return [values.get(column, "") for column in HEADER.columns]


def check(**values: str) -> Person | BadRow:
    return check_row(HEADER, row(**values), 7, RULES)


# -- the people file -------------------------------------------------------------------------


def test_a_good_row_becomes_a_person_with_clean_text() -> None:
    person = check(
        name="  Zoe\u0308  Ça ",
        email="zoe@example.org",
        address="Rue 1 / Bât. B\\n3e étage",
        city="Paris",
        country="fr",
        segment="vip",
    )
    assert isinstance(person, Person)
    assert person.name == "Zoë Ça"  # composed (NFC), spaces tidied
    assert person.address == ("Rue 1", "Bât. B", "3e étage")
    assert person.country == "FR" and person.language == "fr"  # the default language
    assert person.extra == (("segment", "vip"),)


@pytest.mark.parametrize(
    ("values", "reason"),
    [
        ({"email": "a@example.org"}, "no name"),
        ({"name": "A"}, "neither an e-mail address nor a postal address"),
        ({"name": "A", "email": "a@"}, "is not an e-mail address"),
        ({"name": "A", "email": "a@b.org, c@d.org"}, "is not an e-mail address"),
        ({"name": "A", "email": "A <a@b.org>"}, "is not an e-mail address"),
        ({"name": "A", "email": "a@b.org", "language": "xx"}, "not an ISO 639-1 language code"),
        ({"name": "A", "email": "a@b.org", "language": "pl"}, "there is no letter in 'pl'"),
        ({"name": "A", "email": "a@b.org", "country": "UK"}, "write GB"),
        ({"name": "A", "email": "a@b.org", "country": "ZZ"}, "not an ISO 3166-1"),
        ({"name": "A\nB", "email": "a@b.org"}, "line break or a control character"),
        ({"name": "A", "email": "a@b.org", "categories": "health"}, "not among the incident"),
        ({"name": "A", "email": "a@b.org", "categories": "gossip"}, "not a data category"),
        ({"name": "A", "address": "1 / 2 / 3 / 4 / 5 / 6"}, "window envelope"),
    ],
)
def test_bad_rows_say_why(values: dict[str, str], reason: str) -> None:
    bad = check(**values)
    assert isinstance(bad, BadRow) and bad.line == 7
    assert reason in bad.reason


def test_too_many_fields_is_a_bad_row_and_too_few_are_padded() -> None:
    too_many = check_row(HEADER, [*row(name="A", email="a@b.org"), "x"], 3, RULES)
    assert isinstance(too_many, BadRow) and "quotes" in too_many.reason
    short = check_row(HEADER, ["A", "a@b.org"], 4, RULES)
    assert isinstance(short, Person) and short.language == "fr"


def test_a_person_s_own_categories_and_language_tags() -> None:
    person = check(name="A", email="a@b.org", language="da-DK", categories="credentials; contact")
    assert isinstance(person, Person)
    assert person.language == "da" and person.categories == (C.CREDENTIALS, C.CONTACT)


def test_header_needs_a_name_and_a_channel() -> None:
    with pytest.raises(InputError, match="no 'name' column"):
        read_header(["email"], "p.csv")
    with pytest.raises(InputError, match="'email' or an 'address'"):
        read_header(["name", "city"], "p.csv")
    with pytest.raises(InputError, match="appears twice"):
        read_header(["name", "email", "Email"], "p.csv")
    assert read_header(["\ufeffName", "EMAIL"], "p.csv").position("email") == 1


@pytest.mark.parametrize(
    "address", ["a@b", "a b@c.org", "a@b..org", "a@-b.org", "@b.org", "a@@b.org", "a;b@c.org"]
)
def test_email_syntax_refuses_what_is_not_one_mailbox(address: str) -> None:
    assert email_problem(address)


@pytest.mark.parametrize("address", ["a.b+c@example.org", "o'brien@example.ie", "x@bücher.de"])
def test_email_syntax_accepts_real_addresses(address: str) -> None:
    assert email_problem(address) is None


def test_default_language_is_the_authority_s_that_the_organisation_writes() -> None:
    have = LANGUAGES
    assert default_language(("fr", "en", "de"), ("en", "de"), have) == "en"
    assert default_language(("da", "en"), ("da",), have) == "da"
    assert default_language(("nl", "fr", "de"), (), have) == "nl"
    assert default_language(("lb",), ("lb",), have) == "en"


# -- the content model --------------------------------------------------------------------


def facts(**data: object) -> LetterFacts:
    document = {
        "title": "t",
        "aware_at": "2026-11-19T08:00:00Z",
        "breach": {"types": ["confidentiality"], "cause": "hacking", "exfiltration": "confirmed"},
        "data": {"categories": ["identity", "contact"], "countries": ["LU"], **data},
        "response": {"other_parties": ["police"], "measures_taken": ["x"]},
    }
    loaded = parse_incident_document(document, "test").facts
    return letter_facts(
        loaded,
        lead_authority="cnpd",
        authority_by_country={"LU": "cnpd", "FR": "cnil", "DK": "datatilsynet", "BE": "apd"},
        authority_reported=True,
    )


@pytest.mark.parametrize(
    ("category", "advice", "consequence"),
    [
        ("credentials", "passwords", "account_takeover"),
        ("payment_card", "cards", "card_fraud"),
        ("bank_account", "bank", "bank_fraud"),
        ("national_id", "identity", "identity_theft"),
        ("official_document", "identity", "identity_theft"),
        ("contact", "phishing", "phishing"),
        ("communications", "phishing", "phishing"),
        ("health", "sensitive", "sensitive"),
    ],
)
def test_advice_blocks_follow_the_data_categories(
    category: str, advice: str, consequence: str
) -> None:
    plan = plan_letter(facts(categories=[category]), language="en")
    assert advice in plan.advice and consequence in plan.consequences
    assert plan.advice[-1] == "general"


def test_a_person_s_own_categories_narrow_the_advice() -> None:
    lf = facts(categories=["credentials", "bank_account"])
    only_password = plan_letter(lf, language="en", categories=[C.CREDENTIALS])
    assert "passwords" in only_password.advice and "bank" not in only_password.advice
    assert plan_letter(lf, language="en").advice == ("passwords", "bank", "general")


@pytest.mark.parametrize(
    ("country", "categories", "expected"),
    [
        ("DK", ["national_id"], {"dk_credit_warning", "dk_identity_help"}),
        ("DK", ["official_document"], {"dk_credit_warning", "dk_identity_help"}),
        ("DK", ["contact"], {"dk_mitid"}),
        # Card or account data alone are not identity theft (skat.dk): no credit warning.
        ("DK", ["payment_card"], set()),
        ("DK", ["bank_account"], {"dk_mitid"}),
        ("DK", ["payment_card", "bank_account", "financial"], {"dk_mitid"}),
        ("FR", ["bank_account"], {"fr_victim_help", "fr_creditors"}),
        ("FR", ["contact"], {"fr_victim_help"}),
        ("BE", ["contact"], {"be_safeonweb"}),
        ("LU", ["national_id"], set()),
    ],
)
def test_country_blocks_where_they_matter(
    country: str, categories: list[str], expected: set[str]
) -> None:
    plan = plan_letter(facts(categories=categories), language="en", country=country)
    assert set(plan.country_advice) == expected


def test_the_complaint_goes_to_the_person_s_own_authority_when_known() -> None:
    lf = facts()
    assert plan_letter(lf, language="da", country="DK").complaint_authority == "datatilsynet"
    unknown = plan_letter(lf, language="en", country="GR")
    assert unknown.complaint_authority == "cnpd" and unknown.complaint_also_home
    home = plan_letter(lf, language="fr")  # no country: the incident's only country, LU
    assert home.country == "LU" and home.complaint_authority == "cnpd"
    assert not home.complaint_also_home  # the CNPD is their own: no "also where you live"


def test_what_happened_and_what_was_done_come_from_the_facts() -> None:
    lf = facts()
    assert lf.cause == "hacking" and lf.exposure == ("copied",)
    # No generic "we acted" sentence: the incident's own measures are printed (in the
    # letter's language), then what the facts say was done.
    assert lf.measures == ("police", "authority_reported")


def test_an_availability_breach_advises_differently() -> None:
    document = {
        "title": "t",
        "aware_at": "2026-11-19T08:00:00Z",
        "breach": {"types": ["availability"], "availability_loss": "permanent"},
        "data": {"categories": ["health"]},
    }
    lf = letter_facts(
        parse_incident_document(document, "t").facts,
        lead_authority="cnpd",
        authority_by_country={},
        authority_reported=False,
    )
    plan = plan_letter(lf, language="en")
    assert plan.consequences == ("lost",)
    assert plan.advice == ("availability", "general")
    assert lf.exposure == ("lost",) and "authority_reporting" in lf.measures


def _case(
    categories: set[str], types: set[str], mitigations: set[str], restored: bool
) -> LetterFacts:
    document = {
        "title": "t",
        "aware_at": "2026-11-19T08:00:00Z",
        "breach": {"types": sorted(types), "cause": "hacking"},
        "data": {"categories": sorted(categories), "countries": ["DK"]},
        "protection": {"restored": restored},
        "response": {"mitigations": sorted(mitigations), "measures_taken": ["x"]},
    }
    return letter_facts(
        parse_incident_document(document, "t").facts,
        lead_authority="cnpd",
        authority_by_country={},
        authority_reported=False,
    )


@given(
    categories=st.sets(st.sampled_from([c.value for c in C])),
    types=st.sets(st.sampled_from(["confidentiality", "integrity", "availability"]), min_size=1),
    mitigations=st.sets(st.sampled_from([m.value for m in Mitigation])),
    restored=st.booleans(),
)
def test_advice_never_asks_for_or_fears_what_was_already_done(
    categories: set[str], types: set[str], mitigations: set[str], restored: bool
) -> None:
    """Whatever the facts: a block settled by what was done is replaced by the block that
    says so, never printed beside it; and what was done is said under "What we have done"."""
    done = mitigations | ({"restored"} if restored else set())
    before = plan_letter(_case(categories, types, set(), False), language="en")
    lf = _case(categories, types, mitigations, restored)
    after = plan_letter(lf, language="en")
    shown = set(after.advice) | set(after.consequences)
    for key in set(before.advice) | set(before.consequences):
        by, instead = SETTLED_BY.get(key, ("", ""))
        if by in done:
            assert key not in shown and instead in shown
        else:
            assert key in shown
    assert set(mitigations) <= set(lf.measures)
    assert ("restored" in lf.measures) == restored


def test_every_settling_fact_and_block_has_words() -> None:
    for key, (by, instead) in SETTLED_BY.items():
        assert key in ADVICE + CONSEQUENCES and instead in ADVICE + CONSEQUENCES
        assert by in MEASURES  # said under "What we have done"


def test_the_public_notice_covers_every_country() -> None:
    lf = facts(categories=["contact", "national_id"], countries=["DK", "BE", "FR"])
    plan = plan_notice(lf, language="en")
    assert {"dk_credit_warning", "be_safeonweb", "fr_victim_help"} <= set(plan.country_advice)


# -- the words -------------------------------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_language_has_every_sentence(language: str) -> None:
    path = LETTERS / f"{language}.toml"
    texts = parse_texts(path.read_text(encoding="utf-8"), str(path), language)
    for section, keys in PLAIN.items():
        assert set(keys) <= set(texts.sections[section])
    assert set(ADVICE) <= set(texts.sections["advice"])
    assert set(COUNTRY_ADVICE) <= set(texts.sections["country_advice"])


@pytest.mark.parametrize("language", LANGUAGES)
def test_sentences_are_short(language: str) -> None:
    """Plain language: no sentence in the letter longer than 30 words."""
    raw = tomllib.loads((LETTERS / f"{language}.toml").read_text(encoding="utf-8"))
    long = []
    for section in raw.values():
        if not isinstance(section, dict):
            continue
        for value in section.values():
            for text in value.values() if isinstance(value, dict) else [value]:
                for sentence in str(text).replace("?", ".").replace("!", ".").split(". "):
                    if len(sentence.split()) > 30:
                        long.append(sentence)
    assert long == []


def test_a_missing_sentence_or_a_wrong_placeholder_is_an_error() -> None:
    text = (LETTERS / "en.toml").read_text(encoding="utf-8")
    broken = text.replace('closing = "Yours sincerely,"', "").replace("Dear {name},", "Dear {nom},")
    with pytest.raises(InputError) as caught:
        parse_texts(broken, "en.toml", "en")
    message = str(caught.value)
    assert "letter.closing" in message and "{nom} is not allowed" in message


def test_fill_does_not_double_a_full_stop() -> None:
    assert fill("a breach at {organisation}.", organisation="Example S.A.") == (
        "a breach at Example S.A."
    )
    assert fill("at {organisation}. Then", organisation="Acme") == "at Acme. Then"
    with pytest.raises(KeyError):
        fill("{date}")


def test_custom_words_per_language_are_checked() -> None:
    custom = parse_custom(
        '[fr]\nmeasures = ["Nous avons changé les clés."]\nwhat_happened = "Un vol."\n',
        "t.toml",
        frozenset(LANGUAGES),
    )
    assert custom["fr"].measures == ("Nous avons changé les clés.",)
    with pytest.raises(InputError, match="no letter in 'pl'"):
        parse_custom('[pl]\nwhat_happened = "x"\n', "t.toml", frozenset(LANGUAGES))
    with pytest.raises(InputError, match="unknown key"):
        parse_custom('[fr]\nwhen = "x"\n', "t.toml", frozenset(LANGUAGES))


def test_markup_lines_and_gaps() -> None:
    blocks = parse_blocks("# T\n\nA para\ncontinued\n\n- item\n  more\n| kept\n\n| after gap\n")
    kinds = [b.kind for b in blocks]
    assert kinds == [Kind.TITLE, Kind.PARAGRAPH, Kind.ITEM, Kind.LINE, Kind.GAP, Kind.LINE]
    assert blocks[1].text == "A para continued" and blocks[2].text == "item more"


# -- the manifest ---------------------------------------------------------------------------


def test_manifest_rows_round_trip_and_never_become_formulas() -> None:
    row_ = ManifestRow(3, '=HYPERLINK("x")', "da", "pdf", "pdf/0000/3.pdf", 1, 2, "ab", 10, "t")
    text = row_.to_csv()
    assert text.split(",")[1].startswith("\"'=")
    assert parse_row(text) == row_
    assert parse_row(text[:-1]) is None  # cut short: no newline
    print_row = ManifestRow(5, "", "fr", "print", "letters-print.pdf", 7, 3, "cd", 9, "t")
    assert print_row.next_first_page == 11  # 3 pages + a blank: the next starts odd


def test_a_batch_continues_only_with_the_same_people_and_words() -> None:
    first = RunIdentity("BK-1", "a" * 64, ("pdf",), False, "c" * 64, "2026-11-19T12:00:00Z", 1)
    assert parse_identity(first.to_json()) == first
    other = RunIdentity("BK-1", "b" * 64, ("pdf", "eml"), False, "d" * 64, "x")
    reasons = " ".join(first.differences(other))
    assert "file has changed" in reasons and "--format" in reasons and "facts" in reasons
