"""Golden portal sheets: every authority x language, from one fixed incident.

Regenerate after a deliberate change with ``UPDATE_GOLDENS=1 pytest tests/render`` and
read the diff before committing it: these files are what a DPO pastes into a form.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from drafts_case import IDS, PAIRS, Case, build

GOLDEN = Path(__file__).parent / "golden"
UPDATE = os.environ.get("UPDATE_GOLDENS") == "1"


@pytest.fixture(scope="module")
def case(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Case]:
    services, incident_id = build(tmp_path_factory.mktemp("golden"))
    yield services, incident_id
    services.close()


@pytest.mark.parametrize(("authority", "language"), PAIRS, ids=IDS)
def test_portal_sheet_matches_its_golden_file(case: Case, authority: str, language: str) -> None:
    services, incident_id = case
    sheet = services.preview_draft(incident_id, authority=authority, language=language)
    path = GOLDEN / f"{authority}-{language}.md"
    if UPDATE or not path.exists():
        path.write_text(sheet, encoding="utf-8")
        if not UPDATE:
            pytest.fail(f"{path.name} did not exist; written, check it and run again")
    assert sheet == path.read_text(encoding="utf-8"), (
        f"{path.name} differs; if the change is intended: UPDATE_GOLDENS=1 pytest tests/render"
    )


def test_every_directory_language_has_a_golden_file() -> None:
    from breachkit.adapters.paths import bundled
    from breachkit.core.organisation.authorities import parse_directory

    path = bundled("notification_templates") / "authorities.toml"
    directory = parse_directory(path.read_text(encoding="utf-8"), str(path))
    assert sorted((a.id, lang) for a in directory.values() for lang in a.languages) == sorted(PAIRS)


def test_official_term_is_in_every_title(case: Case) -> None:
    terms = {
        "fr": "violation de données à caractère personnel",
        "da": "brud på persondatasikkerheden",
        "nl": "inbreuk in verband met persoonsgegevens",
        "de": "Verletzung des Schutzes personenbezogener Daten",
        "en": "personal data breach",
    }
    services, incident_id = case
    for authority, language in PAIRS:
        content = services.prepare_draft(incident_id, authority=authority, language=language)
        assert terms[language] in content.content.title.replace("Personal", "personal")
