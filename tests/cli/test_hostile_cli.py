"""The command line under hostile text: escapes never reach the terminal, one broken
incident never hides the others, and every refusal is exit 2 naming the field."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from breachkit.cli.main import cli

Run = Callable[..., Result]
"""The ``run`` fixture: invokes the CLI with the given arguments."""


ESCAPES = ("\x1b]52;c;ZXZpbA==\x07", "\x1b]0;pwned\x07", "\x1b[2J", "\x9b2J")
HOSTILE = "".join(ESCAPES)
GOOD = 'title = "Lost laptop"\ntimezone = "Europe/Luxembourg"\naware_at = "2026-11-19T09:15"\n'


@pytest.fixture
def run(tmp_path: Path) -> Run:
    runner = CliRunner()

    def invoke(*args: str) -> Result:
        base = ["--db", str(tmp_path / "cli.db"), "--org", str(tmp_path / "org.toml")]
        return runner.invoke(cli, [*base, "--actor", "tester", *args], catch_exceptions=False)

    return invoke


@pytest.fixture
def incident(run: Run, tmp_path: Path) -> str:
    source = tmp_path / "incident.toml"
    source.write_text(GOOD, encoding="utf-8")
    result = run("new", "--from", str(source))
    assert result.exit_code == 0, result.output
    return str(result.stdout.strip())


def _raw_controls(text: str) -> list[str]:
    return [c for c in text if (ord(c) < 0x20 and c not in "\t\n") or 0x7F <= ord(c) < 0xA0]


def test_no_escape_reaches_the_terminal_from_any_read_command(
    run: Run, incident: str, tmp_path: Path
) -> None:
    evidence = tmp_path / "fw.log"
    evidence.write_text("x", encoding="utf-8")
    setup = [
        run("log", incident, f"Isolated host {HOSTILE}"),
        run("set", incident, "summary", f"Summary {HOSTILE}"),
        run("set", incident, "response.consequences", f"Consequences {HOSTILE}"),
        run("set", incident, "response.measures_taken", json.dumps([f"m {HOSTILE}"])),
        run("attach", incident, str(evidence), "--note", f"note {HOSTILE}"),
        run("review", incident, "lesson", f"Lesson {HOSTILE}"),
    ]
    for result in setup:
        assert result.exit_code == 0, result.output
        assert not _raw_controls(result.output), result.output
    for args in (
        ("list",),
        ("show", incident),
        ("timeline", incident),
        ("clocks", incident),
        ("assess", incident),
        ("playbook", "status", incident),
        ("review", incident, "list"),
        ("show", f"BK-{HOSTILE}"),  # the error message repeats the id
        ("set", incident, f"breach.{HOSTILE}", "1"),
    ):
        result = run(*args)
        assert result.exit_code in (0, 2), (args, result.output)
        assert not _raw_controls(result.output), (args, result.output)
        assert "␛" in result.output or args[0] in ("list", "clocks", "assess", "playbook", "review")


def test_json_output_keeps_the_text_escaped_by_json(run: Run, incident: str) -> None:
    assert run("log", incident, f"x {HOSTILE}").exit_code == 0
    result = run("timeline", incident, "--json")
    assert "\\u001b" in result.stdout and not _raw_controls(result.stdout)
    assert json.loads(result.stdout)["entries"][-1]["text"] == f"x {HOSTILE}"


@pytest.mark.parametrize(
    ("args", "key"),
    [
        (("set", "{id}", "title", "Ransomware\x1b]0;pwned\x07"), "title"),
        (("set", "{id}", "title", "Two\nlines"), "title"),
        (("log", "{id}", "note", "--actor", "eve\x1b[2J"), "actor"),
        (
            ("review", "{id}", "action", "Patch", "--owner", "IT\r\nops", "--due", "2027-01-31"),
            "owner",
        ),
        (("--actor", "mallory\x07", "list"), "actor"),
    ],
)
def test_a_one_line_value_with_control_characters_exits_2_naming_the_field(
    run: Run, incident: str, args: tuple[str, ...], key: str
) -> None:
    result = run(*(a.format(id=incident) for a in args))
    assert result.exit_code == 2, result.output
    assert f"'{key}'" in result.stderr
    assert not _raw_controls(result.output)


def test_an_organisation_name_with_a_line_break_is_refused_by_org_check(
    run: Run, tmp_path: Path
) -> None:
    (tmp_path / "org.toml").write_text(
        '[organisation]\nname = "Acme\\r\\nBcc: leak@evil.org"\n[authority]\nlead = "cnpd"\n',
        encoding="utf-8",
    )
    result = run("org", "check")
    assert result.exit_code == 2
    assert "line 2, key 'organisation.name'" in result.stderr


@pytest.mark.parametrize("aware", ["9999-12-31T23:59", "0001-01-01T00:00"])
def test_a_far_date_is_refused_by_new(run: Run, tmp_path: Path, aware: str) -> None:
    source = tmp_path / "far.toml"
    source.write_text(GOOD.replace("2026-11-19T09:15", aware), encoding="utf-8")
    result = run("new", "--from", str(source))
    assert result.exit_code == 2 and "1970 to 2100" in result.stderr


def test_deep_toml_is_refused_by_new(run: Run, tmp_path: Path) -> None:
    source = tmp_path / "deep.toml"
    source.write_text(GOOD + "summary = " + "[" * 5000 + "]" * 5000 + "\n", encoding="utf-8")
    result = run("new", "--from", str(source))
    assert result.exit_code == 2 and "nested too deeply" in result.stderr


def test_set_with_a_far_date_is_refused(run: Run, incident: str) -> None:
    result = run("set", incident, "aware_at", "9999-12-31T23:59")
    assert result.exit_code == 2 and "1970 to 2100" in result.stderr


def _damage(db: Path, incident_id: str, aware_at: str) -> None:
    """A record written by an older breachkit (or edited by hand) with a far date."""
    conn = sqlite3.connect(db)
    facts = json.loads(
        conn.execute("SELECT facts FROM incidents WHERE id = ?", [incident_id]).fetchone()[0]
    )
    facts["aware_at"] = aware_at
    conn.execute("UPDATE incidents SET facts = ? WHERE id = ?", [json.dumps(facts), incident_id])
    conn.commit()
    conn.close()


def test_one_broken_incident_never_hides_the_others(
    run: Run, incident: str, tmp_path: Path
) -> None:
    second = run("new", "--from", str(tmp_path / "incident.toml")).stdout.strip()
    _damage(tmp_path / "cli.db", incident, "9999-12-31T22:59:00+00:00")

    listed = run("list")
    assert listed.exit_code == 0 and second in listed.stdout and "BROKEN" in listed.stdout
    as_json = json.loads(run("list", "--json").stdout)["incidents"]
    assert [i["id"] for i in as_json] == [incident, second]
    assert "1970 to 2100" in as_json[0]["broken"] and as_json[1]["broken"] is None

    register = run("register", "-o", str(tmp_path / "register.csv"))
    assert register.exit_code == 0, register.output
    text = (tmp_path / "register.csv").read_text(encoding="utf-8-sig")
    assert "BROKEN RECORD" in text and second in text

    for args in (("clocks", incident), ("playbook", "status", incident), ("show", incident)):
        result = run(*args)
        assert result.exit_code == 2, (args, result.output)  # a clear error, not exit 3
        assert "aware_at" in result.stderr
    assert run("clocks", second).exit_code == 0


def test_a_broken_incident_can_be_repaired_with_set(
    run: Run, incident: str, tmp_path: Path
) -> None:
    _damage(tmp_path / "cli.db", incident, "9999-12-31T22:59:00+00:00")
    assert run("set", incident, "aware_at", "2026-11-19T09:15").exit_code == 0
    assert run("clocks", incident).exit_code == 0
