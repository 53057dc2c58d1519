"""Writing the profile form's values into a profile's own text (comments kept)."""

from __future__ import annotations

import tomllib
from typing import Any

from breachkit.services.profile_form import document, fill, form_values
from breachkit.services.profile_template import PROFILE_TEMPLATE

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
