"""`new` says when an organisation writing first in French gets its text taken as English."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from breachkit.cli.main import cli

PROFILE = """\
[organisation]
name = "Nuage Lorrain SAS"
country = "FR"
timezone = "Europe/Paris"
languages = ["fr", "en"]
[authority]
lead = "cnil"
"""

INCIDENT = """\
title = "Bourrage d'identifiants sur l'espace client"
aware_at = "2026-11-30T10:05:00+01:00"
timezone = "Europe/Paris"
"""


def _new(tmp_path: Path, incident: str, profile: str = PROFILE) -> tuple[str, list[str]]:
    tmp_path.mkdir(parents=True, exist_ok=True)
    (tmp_path / "org.toml").write_text(profile, encoding="utf-8")
    (tmp_path / "i.toml").write_text(incident, encoding="utf-8")
    base = ["--db", str(tmp_path / "d.db"), "--org", str(tmp_path / "org.toml")]
    result = CliRunner().invoke(cli, [*base, "new", "--from", str(tmp_path / "i.toml"), "--json"])
    assert result.exit_code == 0, result.output
    answer = json.loads(result.stdout)
    return answer["id"], answer["notes"]


def test_text_taken_as_english_is_said_with_the_fix(tmp_path: Path) -> None:
    incident_id, notes = _new(tmp_path, INCIDENT)
    assert any(f"breachkit set {incident_id} text_language fr" in n for n in notes)


def test_no_note_when_the_language_is_stated_or_english_comes_first(tmp_path: Path) -> None:
    _id, stated = _new(tmp_path / "a", INCIDENT + 'text_language = "fr"\n')
    english_first = PROFILE.replace('["fr", "en"]', '["en", "fr"]')
    _id, english = _new(tmp_path / "b", INCIDENT, english_first)
    assert not any("text_language" in n for n in stated + english)
