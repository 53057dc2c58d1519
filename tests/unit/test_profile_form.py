"""Writing the profile form's values into a profile's own text (comments kept)."""

from __future__ import annotations

import stat
import tomllib
from typing import Any

import pytest

from breachkit.core.errors import InputError
from breachkit.core.organisation.profile import parse_organisation_text
from breachkit.services import Services
from breachkit.services.profile_form import document, fill, form_values
from breachkit.services.profile_template import PROFILE_TEMPLATE
from breachkit.services.profile_texts import text_label, uses

TEXT = """\
# ours
[organisation]
name = "Old # not a comment"   # the legal name
address = [
  "1 rue A",  # first
  "L-1 Lux",
]
sector = "x"

[dpo]
email = "a@b.lu"
"""


def test_values_go_into_the_text_keeping_comments_and_order() -> None:
    doc: dict[str, dict[str, Any]] = {
        "organisation": {"name": 'New "S.A."', "address": ["2 rue B"], "country": "LU"},
        "dpo": {"email": "dpo@acme.lu"},
        "authority": {"lead": "cnpd"},
    }
    text = fill(TEXT, doc)
    assert 'name = "New \\"S.A.\\""          # the legal name' in text
    assert 'address = ["2 rue B"]\nsector = "x"\ncountry = "LU"\n' in text
    assert text.startswith("# ours\n") and '[authority]\nlead = "cnpd"' in text
    assert tomllib.loads(text) == {
        "organisation": {
            "name": 'New "S.A."',
            "address": ["2 rue B"],
            "sector": "x",
            "country": "LU",
        },
        "dpo": {"email": "dpo@acme.lu"},
        "authority": {"lead": "cnpd"},
    }


def test_the_template_filled_with_empty_values_reads_as_the_template() -> None:
    empty = document(form_values(None))
    assert tomllib.loads(fill(PROFILE_TEMPLATE, empty)) == tomllib.loads(PROFILE_TEMPLATE)


# -- the texts in other languages ([text.LL]) ----------------------------------------------

FILE = """\
[organisation]
name = "Acme"
sector = "managed hosting"
[authority]
lead = "cnpd"
[ text."de" ]   # ours
sector = "Managed Hosting"      # keep me
dpo_title = "Datenschutzbeauftragte"

[smtp]
host = "smtp.example.lu"
"""


def test_a_language_table_is_filled_in_place_added_when_new_and_left_alone_when_empty() -> None:
    values = form_values(parse_organisation_text(FILE, "org.toml"))
    assert values["text.de.sector"] == "Managed Hosting"
    values["text.de.sector"] = "Managed-Hosting"
    values["text.fr.sector"] = "  hébergement infogéré "
    values["text.fr.dpo_title"] = ""
    values["text.nl.sector"] = ""  # shown, not stated: no [text.nl] table
    text = fill(FILE, document(values))
    assert '[ text."de" ]   # ours\nsector = "Managed-Hosting"      # keep me\n' in text
    assert text.endswith('[text.fr]\nsector = "hébergement infogéré"\n')
    assert "text.nl" not in text and 'dpo_title = ""' not in text
    org = parse_organisation_text(text, "org.toml")
    assert org.sector_in("fr") == ("hébergement infogéré", True)
    assert org.dpo_title_in("de") == "Datenschutzbeauftragte"
    assert org.sector_in("nl") == ("managed hosting", False)  # the fallback stays
    assert org.smtp is not None and org.smtp.host == "smtp.example.lu"
    stated = {k: v.strip() for k, v in values.items() if v.strip() or not k.startswith("text.")}
    assert form_values(org) == stated  # the file reads back as typed


def test_an_emptied_language_value_reads_as_not_stated() -> None:
    values = form_values(parse_organisation_text(FILE, "org.toml"))
    values["text.de.sector"] = ""
    org = parse_organisation_text(fill(FILE, document(values)), "org.toml")
    assert org.sector_in("de") == ("managed hosting", False)
    assert org.dpo_title_in("de") == "Datenschutzbeauftragte"


def test_the_form_asks_in_the_lead_authoritys_languages_then_the_organisations_and_the_files(
    services: Services,
) -> None:
    values = {
        "authority.lead": "apd",
        "organisation.languages": "fr, en, da",
        "organisation.text_language": "en",
        "text.it.sector": "servizi",
    }
    languages = services.org_text_languages(values, ["de", "xx1"])
    assert [(t.code, t.lead) for t in languages] == [
        ("nl", True),
        ("fr", True),
        ("de", True),
        ("da", False),
        ("it", False),
    ]
    assert languages[1].authorities[0] == "APD/GBA (lead)"
    assert {"CNIL", "CNPD"} <= set(languages[1].authorities)
    assert uses(languages[3], "en") == "drafts to Datatilsynet"
    assert "no authority" in uses(languages[4], "en")
    assert text_label("text.fr.dpo_title") == "DPO: own title in French"


def test_saving_keeps_the_file_0600_and_refuses_a_control_character_writing_nothing(
    services: Services,
) -> None:
    services.org_path.write_text(FILE, encoding="utf-8")
    values, unreadable = services.org_form_values()
    assert not unreadable
    values["text.fr.sector"] = "hébergement\x1b[31m"
    with pytest.raises(InputError) as caught:
        services.org_save(values)
    assert caught.value.problems[0].key == "text.fr.sector"
    assert "control character" in caught.value.problems[0].message
    assert services.org_path.read_text(encoding="utf-8") == FILE
    values["text.fr.sector"] = "hébergement infogéré"
    path = services.org_save(values)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    org = services.organisation()
    assert org is not None and org.sector_in("fr") == ("hébergement infogéré", True)
    assert services.org_form_values()[0] == values
