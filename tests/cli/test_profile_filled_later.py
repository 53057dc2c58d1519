"""A profile filled in after the incident was opened: the next documents carry it.

``org init`` writes a blank profile; an incident opened then stores a snapshot with no
name. The DPO fills in the profile and tries again: drafts, notices and letters must
name the organisation from the profile, not refuse with "fill in the profile" (which
was already done) or print a blank sender."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from breachkit.cli.main import cli
from tests.cli.test_cli import GOOD, Run

FILLED = {
    'name = ""                 # legal name': 'name = "Nordlys Hosting ApS"  # legal name',
    'country = ""': 'country = "DK"',
    'email = ""': 'email = "dpo@nordlys.example"',
    'lead = ""': 'lead = "datatilsynet"',
}


@pytest.fixture
def run(tmp_path: Path) -> Run:
    def invoke(*args: str) -> Result:
        base = ["--db", str(tmp_path / "cli.db"), "--org", str(tmp_path / "org.toml")]
        return CliRunner().invoke(cli, [*base, *args], catch_exceptions=False)

    return invoke


def _fill(profile: Path) -> None:
    text = profile.read_text(encoding="utf-8")
    for blank, filled in FILLED.items():
        assert blank in text, blank
        text = text.replace(blank, filled, 1)
    profile.write_text(text, encoding="utf-8")


def _opened_before_the_profile_was_filled(run: Run, tmp_path: Path, role: str) -> str:
    assert run("org", "init").exit_code == 0
    source = tmp_path / "incident.toml"
    source.write_text(GOOD.replace("timezone", f'role = "{role}"\ntimezone'), encoding="utf-8")
    result: Result = run("new", "--from", str(source), "--json")
    assert result.exit_code == 0, result.output
    _fill(tmp_path / "org.toml")
    return str(json.loads(result.stdout)["id"])


def test_a_draft_names_the_organisation_filled_in_later(run: Run, tmp_path: Path) -> None:
    incident = _opened_before_the_profile_was_filled(run, tmp_path, "controller")
    result = run("draft", incident, "--format", "json", "-o", "-", "--allow-incomplete")
    assert result.exit_code == 0, result.output
    assert "Nordlys Hosting ApS" in result.stdout


def test_notices_use_the_profile_filled_in_later(run: Run, tmp_path: Path) -> None:
    incident = _opened_before_the_profile_was_filled(run, tmp_path, "processor")
    controllers = tmp_path / "controllers.csv"
    controllers.write_text(
        "id,name,email,language\nC-1,Boulangerie Dupont,dpo@dupont.example,fr\n",
        encoding="utf-8",
    )
    out = tmp_path / "notices"
    result = run("notices", incident, "--controllers", str(controllers), "--out", str(out))
    assert result.exit_code == 0, result.output
    (eml,) = (out / "eml").iterdir()
    assert "Nordlys Hosting ApS" in eml.read_text(encoding="utf-8")
