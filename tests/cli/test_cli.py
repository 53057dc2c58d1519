"""The command line as a script sees it: output, JSON, exit codes, no tracebacks."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, NoReturn

import click
import pytest
from click.testing import CliRunner, Result

from breachkit.cli.lazy import load_all
from breachkit.cli.main import cli

Run = Callable[..., Result]
"""The ``run`` fixture: invokes the CLI with the given arguments."""


GOOD = (
    'title = "Mail sent to the wrong customer"\ntimezone = "Europe/Paris"\n'
    'aware_at = "2026-11-19T09:15"\n[breach]\ncause = "misdelivery"\n'
)


@pytest.fixture
def run(tmp_path: Path) -> Run:
    runner = CliRunner()

    def invoke(*args: str, **kwargs: Any) -> Result:
        base = [
            "--db",
            str(tmp_path / "cli.db"),
            "--org",
            str(tmp_path / "org.toml"),
            "--actor",
            "cli-tester",
        ]
        return runner.invoke(cli, [*base, *args], catch_exceptions=False, **kwargs)

    return invoke


@pytest.fixture
def incident(run: Run, tmp_path: Path) -> str:
    source = tmp_path / "incident.toml"
    source.write_text(GOOD, encoding="utf-8")
    result = run("new", "--from", str(source), "--json")
    assert result.exit_code == 0, result.output
    return str(json.loads(result.stdout)["id"])


def test_new_prints_the_id_as_json(incident: str) -> None:
    assert incident.startswith("BK-")


def test_list_show_and_timeline_json(run: Run, incident: str) -> None:
    listed = json.loads(run("list", "--json").stdout)
    assert [i["id"] for i in listed["incidents"]] == [incident]
    shown = json.loads(run("show", incident, "--json").stdout)
    assert shown["facts"]["aware_at"] == "2026-11-19T08:15:00+00:00"  # 09:15 Paris, CET
    result = run(
        "log",
        incident,
        "Recipient asked to delete the mail",
        "--kind",
        "action",
        "--at",
        "2026-11-19T10:00",
    )
    assert result.exit_code == 0
    entries = json.loads(run("timeline", incident, "--json").stdout)["entries"]
    assert set(entries[0]) >= {"seq", "kind", "text", "occurred_at", "recorded_at", "actor", "hash"}
    last = entries[-1]
    assert (last["seq"], last["kind"], last["actor"]) == (2, "action", "cli-tester")
    assert last["occurred_at"] == "2026-11-19T09:00:00+00:00"


def test_set_records_the_change(run: Run, incident: str) -> None:
    result = run("set", incident, "breach.recipients", "identified")
    assert result.exit_code == 0 and "(not stated) → identified" in result.output
    shown = json.loads(run("show", incident, "--json").stdout)
    assert shown["fact_changes"][0]["new"] == "identified"


def test_bad_incident_file_exits_2_naming_file_line_key(run: Run, tmp_path: Path) -> None:
    source = tmp_path / "bad.toml"
    source.write_text(GOOD + 'recipients = "everyone"\n', encoding="utf-8")
    result = run("new", "--from", str(source))
    assert result.exit_code == 2
    assert "bad.toml, line 6, key 'breach.recipients': 'everyone' is not allowed" in result.stderr
    assert "Traceback" not in result.output
    assert json.loads(run("list", "--json").stdout)["incidents"] == []  # nothing written


def test_unknown_incident_and_bad_kind_exit_2(run: Run, incident: str) -> None:
    assert run("show", "BK-1999-0001").exit_code == 2
    assert run("log", incident, "x", "--kind", "gossip").exit_code == 2
    result = run("log", incident, "x", "--at", "2026-03-29T02:30")
    assert result.exit_code == 2 and "does not exist in Europe/Paris" in result.stderr


def test_verify_exits_1_naming_the_entry(run: Run, incident: str, tmp_path: Path) -> None:
    assert run("verify").exit_code == 0
    import sqlite3

    with sqlite3.connect(tmp_path / "cli.db") as conn:
        conn.execute("DROP TRIGGER timeline_append_only_update")
        conn.execute("UPDATE timeline SET actor = 'someone else' WHERE seq = 1")
    result = run("verify", incident)
    assert result.exit_code == 1
    assert "BROKEN at entry 1: entry 1 was edited" in result.output


def test_attach_and_verify_evidence(run: Run, incident: str, tmp_path: Path) -> None:
    evidence = tmp_path / "screenshot.png"
    evidence.write_bytes(b"\x89PNG fake")
    result = run("attach", incident, str(evidence), "--note", "what the recipient saw")
    assert result.exit_code == 0
    verified = json.loads(run("verify", incident, "--json").stdout)
    assert verified["ok"] and verified["incidents"][0]["evidence_checked"] == 1


def test_org_init_show_check(run: Run, tmp_path: Path) -> None:
    assert run("org", "init").exit_code == 0
    assert (tmp_path / "org.toml").stat().st_mode & 0o777 == 0o600
    assert run("org", "init").exit_code == 2  # never overwrites silently
    check = run("org", "check", "--json")
    assert check.exit_code == 1
    report = json.loads(check.stdout)
    assert not report["ok"]
    text = (tmp_path / "org.toml").read_text(encoding="utf-8")
    filled = text.replace('name = ""                 # legal', 'name = "Zeta SAS" # legal').replace(
        'lead = ""', 'lead = "cnil"'
    )
    (tmp_path / "org.toml").write_text(filled, encoding="utf-8")
    report = json.loads(run("org", "check", "--json").stdout)
    cnil = report["authorities"][0]
    assert cnil["id"] == "cnil" and cnil["lead"]
    assert {"organisation.registration", "representative.name"} <= {
        m["key"] for m in cnil["missing"]
    }
    assert json.loads(run("org", "show", "--json").stdout)["organisation"]["name"] == "Zeta SAS"


def test_org_check_names_the_languages_the_sector_is_not_written_in(
    run: Run, tmp_path: Path
) -> None:
    profile = (
        '[organisation]\nname = "Fjordsky ApS"\ncountry = "DK"\ntext_language = "da"\n'
        'sector = "cloud-drift"\n[authority]\nlead = "datatilsynet"\n'
    )
    (tmp_path / "org.toml").write_text(profile, encoding="utf-8")
    shown = run("org", "check").stdout
    assert "The sector is written in da only" in shown
    assert "text.fr.sector — drafts in fr: APD/GBA, CNIL, CNPD" in shown
    report = json.loads(run("org", "check", "--json").stdout)
    cnil = next(a for a in report["authorities"] if a["id"] == "cnil")
    assert cnil["sector_not_in"] == ["fr"]
    (tmp_path / "org.toml").write_text(
        profile + '[text.fr]\nsector = "hébergement"\n[text.en]\nsector = "hosting"\n'
        '[text.de]\nsector = "Hosting"\n[text.nl]\nsector = "hosting"\n',
        encoding="utf-8",
    )
    assert "The sector is written" not in run("org", "check").stdout
    (tmp_path / "org.toml").write_text(profile + '[smtp]\nhost = "mail.example.dk"\n')
    assert "✓ [smtp] mail.example.dk:587" in run("org", "check").stdout  # not read as a style


def test_a_broken_profile_exits_2(run: Run, tmp_path: Path, incident: str) -> None:
    (tmp_path / "org.toml").write_text('[organisation]\nname = "x"\ncountry = "FRA"\n')
    result = run("org", "show")
    assert result.exit_code == 2 and "org.toml, line 3, key 'organisation.country'" in result.stderr


def test_demo_export_import(run: Run, tmp_path: Path) -> None:
    created = json.loads(run("demo", "--no-tui", "--json").stdout)["id"]
    bundle = tmp_path / "demo.bkbundle"
    assert run("export", created, "-o", str(bundle)).exit_code == 0
    other = CliRunner().invoke(cli, ["--db", str(tmp_path / "b.db"), "import", str(bundle)])
    assert other.exit_code == 0 and other.stdout.strip() == created


def test_an_unexpected_error_is_logged_not_shown(
    run: Run, incident: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from breachkit.services import Services

    def explode(*_args: object, **_kwargs: object) -> NoReturn:
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(Services, "timeline_rows", explode)
    result = run("timeline", incident)
    assert result.exit_code == 3
    assert "Traceback" not in result.output
    assert "disk on fire" in result.stderr and "breachkit.log" in result.stderr


def test_every_command_has_help() -> None:
    def walk(group: click.Group) -> Iterator[click.Command]:
        for command in group.commands.values():
            yield command
            if isinstance(command, click.Group):
                yield from walk(command)

    load_all()
    assert all(command.help for command in walk(cli))


def test_the_installed_script_runs_from_any_directory(tmp_path: Path) -> None:
    script = Path(sys.executable).with_name("breachkit")
    if not script.exists():
        pytest.skip("breachkit is not installed in this environment")
    env = {**os.environ, "BREACHKIT_DB": str(tmp_path / "s.db")}
    result = subprocess.run(
        [str(script), "demo", "--no-tui", "--json"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["id"].startswith("BK-")


def test_a_db_in_a_folder_that_does_not_exist_is_an_error_naming_it(tmp_path: Path) -> None:
    missing = tmp_path / "nonexistent" / "dir" / "x.db"
    for command in (["list"], ["new", "--from", str(tmp_path / "i.toml")], ["verify"]):
        result = CliRunner().invoke(cli, ["--db", str(missing), *command])
        assert result.exit_code == 2, result.output
        assert f"the folder {missing.parent} does not exist" in result.output
    assert not (tmp_path / "nonexistent").exists()


def test_read_only_commands_never_create_a_database(tmp_path: Path) -> None:
    db = tmp_path / "typo.db"
    result = CliRunner().invoke(cli, ["--db", str(db), "list"])
    assert result.exit_code == 0 and "there is no database at" in result.output
    for command in (["verify"], ["list", "--json"], ["register", "-o", str(tmp_path / "r.csv")]):
        CliRunner().invoke(cli, ["--db", str(db), *command])
    result = CliRunner().invoke(cli, ["--db", str(db), "show", "BK-2026-0001"])
    assert result.exit_code == 2
    assert not db.exists()
    assert CliRunner().invoke(cli, ["--db", str(db), "demo", "--no-tui"]).exit_code == 0
    assert db.exists()
