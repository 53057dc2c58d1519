"""The affected-people file from another system: errors on the line they are on, one bad
row never stops the others."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from breachkit.cli.main import cli
from breachkit.core.errors import InputError
from breachkit.services.letters_io import records

PROFILE = (
    '[organisation]\nname = "Acme"\nlanguages = ["fr"]\n'
    '[dpo]\nname = "D. P. O."\nemail = "dpo@acme.lu"\n[authority]\nlead = "cnpd"\n'
)
INCIDENT = 'title = "x"\ntimezone = "Europe/Luxembourg"\naware_at = "2026-11-19T09:15"\n'


def _people(count: int) -> list[str]:
    return ["name,email,language"] + [f"Person {i},p{i}@example.org,fr" for i in range(count)]


def test_invalid_utf8_is_reported_on_its_own_line(tmp_path: Path) -> None:
    path = tmp_path / "people.csv"
    good = "\n".join(_people(1000)) + "\n"  # lines 1 to 1001
    path.write_bytes(good.encode() + b"Bad \xff name,bad@example.org,fr\nOk,ok@example.org,fr\n")
    with pytest.raises(InputError) as caught:
        list(records(path))
    assert caught.value.problems[0].line == 1002


def test_cr_crlf_and_quoted_line_breaks_keep_their_line_numbers(tmp_path: Path) -> None:
    path = tmp_path / "people.csv"
    path.write_bytes(b'\xef\xbb\xbfname,email\rA,a@x.lu\r"B\rb",b@x.lu\rC,c@x.lu\r\n\r\nD,d@x.lu')
    assert [line for line, _ in records(path)] == [1, 2, 3, 5, 7]


@pytest.fixture
def case(tmp_path: Path) -> list[str]:
    (tmp_path / "org.toml").write_text(PROFILE, encoding="utf-8")
    (tmp_path / "i.toml").write_text(INCIDENT, encoding="utf-8")
    base = ["--db", str(tmp_path / "bk.db"), "--org", str(tmp_path / "org.toml")]
    made = CliRunner().invoke(cli, [*base, "new", "--from", str(tmp_path / "i.toml"), "--json"])
    assert made.exit_code == 0, made.output
    return [*base, "letters", json.loads(made.stdout)["id"]]


def test_one_huge_field_is_one_bad_row_not_an_abort(case: list[str], tmp_path: Path) -> None:
    rows = _people(3)
    rows[2] = f"{'x' * 131_073},huge@example.org,fr"
    (tmp_path / "people.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(
        cli, [*case, "--subjects", str(tmp_path / "people.csv"), "--out", str(out),
              "--format", "eml", "--allow-incomplete", "--json"],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["letters"] == 2 and report["bad_rows"] == 1
    assert "line" in (out / "bad-rows.csv").read_text(encoding="utf-8")
    assert (out / "bad-rows.csv").read_text(encoding="utf-8").splitlines()[1].startswith("3,")


def test_invalid_utf8_exits_2_naming_the_line(case: list[str], tmp_path: Path) -> None:
    good = "\n".join(_people(1000)) + "\n"
    (tmp_path / "people.csv").write_bytes(good.encode() + b"Bad \xff,bad@example.org,fr\n")
    result = CliRunner().invoke(
        cli,
        [
            *case,
            "--subjects",
            str(tmp_path / "people.csv"),
            "--out",
            str(tmp_path / "o"),
            "--allow-incomplete",
        ],  # fmt: skip
    )
    assert result.exit_code == 2 and "line 1002" in result.stderr
