"""The organisation profile: validation paths, the template, and what authorities need."""

from __future__ import annotations

from pathlib import Path

import pytest

from breachkit.adapters.paths import bundled
from breachkit.core.enums import Nis2Entity
from breachkit.core.errors import InputError
from breachkit.core.organisation.authorities import parse_directory
from breachkit.core.organisation.profile import Organisation, parse_organisation_text
from breachkit.services.profile_template import PROFILE_TEMPLATE

DIRECTORY_PATH = bundled("notification_templates") / "authorities.toml"
AUTHORITIES = parse_directory(DIRECTORY_PATH.read_text(encoding="utf-8"), str(DIRECTORY_PATH))

SPEC_PROFILE = """\
[organisation]
name = "Example Managed Services S.A."
registration = "B123456"
address = ["12, rue de l'Exemple", "L-1234 Luxembourg"]
country = "LU"
timezone = "Europe/Luxembourg"
languages = ["fr", "en"]
sector = "managed ICT services"
website = "https://example.lu"

[dpo]
name = "Jeanne Exemple"
email = "dpo@example.lu"
phone = "+352 20 00 00 00"
address = ["12, rue de l'Exemple", "L-1234 Luxembourg"]

[representative]
name = "Paul Exemple"
title = "Administrateur"

[authority]
lead = "cnpd"

[regimes]
nis2 = "important"
eprivacy = false
dora = false

[processor]
notify_controller_within_hours = 24
"""


def parse(text: str) -> Organisation:
    return parse_organisation_text(text, "organisation.toml", AUTHORITIES)


def test_the_spec_profile_loads() -> None:
    org = parse(SPEC_PROFILE)
    assert org.name == "Example Managed Services S.A."
    assert org.address == ("12, rue de l'Exemple", "L-1234 Luxembourg")
    assert org.lead_authority == "cnpd"
    assert org.nis2 is Nis2Entity.IMPORTANT
    assert org.notify_controller_within_hours == 24
    assert org.dpo.email == "dpo@example.lu"


def test_the_written_template_loads_and_everything_is_missing() -> None:
    org = parse(PROFILE_TEMPLATE)
    missing = {n.key for n in AUTHORITIES["cnil"].missing(org)}
    assert {
        "organisation.name",
        "dpo.email",
        "organisation.registration",
        "representative.name",
    } <= missing


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            ('lead = "cnpd"', 'lead = "aepd-xx"'),
            "line 22, key 'authority.lead': 'aepd-xx' is not in the authority directory "
            "(allowed: cnpd",
        ),
        (
            ('country = "LU"', 'country = "Luxembourg"'),
            "key 'organisation.country': 'Luxembourg' is not an ISO 3166-1 alpha-2 country code",
        ),
        (
            ('timezone = "Europe/Luxembourg"', 'timezone = "CET+1"'),
            "key 'organisation.timezone': 'CET+1' is not an IANA time zone",
        ),
        (
            ('languages = ["fr", "en"]', 'languages = ["french"]'),
            "key 'organisation.languages': 'french' is not an ISO 639-1 language code",
        ),
        (
            ('email = "dpo@example.lu"', 'email = "dpo at example"'),
            "key 'dpo.email': 'dpo at example' is not an e-mail address",
        ),
        (
            ('nis2 = "important"', 'nis2 = "yes"'),
            "key 'regimes.nis2': 'yes' is not allowed (allowed: none | important | essential)",
        ),
        (("eprivacy = false", 'eprivacy = "no"'), "key 'regimes.eprivacy': expected true or false"),
        (
            ("notify_controller_within_hours = 24", "notify_controller_within_hours = 0"),
            "key 'processor.notify_controller_within_hours': must be more than 0 hours",
        ),
        (
            ('sector = "managed ICT services"', 'sector = "x"\nshoe_size = 42'),
            "key 'organisation.shoe_size': unknown key",
        ),
        (("[regimes]", "[regime]"), "key 'regime': unknown key"),
        (
            ('name = "Example Managed Services S.A."', 'name = ["a"]'),
            "key 'organisation.name': expected a string, got a list",
        ),
        (("[organisation]", "[organisation"), "line 1: not valid TOML"),
    ],
)
def test_each_mistake_is_named(change: tuple[str, str], expected: str) -> None:
    with pytest.raises(InputError) as caught:
        parse(SPEC_PROFILE.replace(*change, 1))
    messages = [str(p) for p in caught.value.problems]
    assert any(expected in m for m in messages), messages


def test_a_profile_without_organisation_table_is_refused() -> None:
    with pytest.raises(InputError, match="required table"):
        parse("[dpo]\nname = 'x'\n")


def test_the_directory_has_the_six_authorities_and_a_generic_one() -> None:
    assert set(AUTHORITIES) == {"cnpd", "cnil", "datatilsynet", "apd", "ico", "dpc", "generic"}
    assert AUTHORITIES["datatilsynet"].languages == ("da", "en")
    assert AUTHORITIES["apd"].languages == ("nl", "fr", "de")


def test_cnil_needs_the_legal_representative_and_siren() -> None:
    org = parse(SPEC_PROFILE.replace('name = "Paul Exemple"', 'name = ""'))
    needs = {n.key: n.why for n in AUTHORITIES["cnil"].missing(org)}
    assert set(needs) == {"representative.name"}
    assert not AUTHORITIES["cnpd"].missing(org)


def test_a_broken_directory_is_refused_with_entry_and_key(tmp_path: Path) -> None:
    text = DIRECTORY_PATH.read_text(encoding="utf-8").replace(
        'needs = ["organisation.registration"]', 'needs = ["organisation.shoe"]', 1
    )
    with pytest.raises(InputError, match=r"authority\[0\]\.needs.*'organisation.shoe'"):
        parse_directory(text, "authorities.toml")
