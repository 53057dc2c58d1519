"""Affected-people files as spreadsheets save them: ``;`` or tab, a BOM, Windows-1252,
UTF-16 ("Unicode text"): read, or refused with a clear message, and said how."""

from __future__ import annotations

import codecs
import json
from email import message_from_bytes
from email.policy import default
from pathlib import Path

import pytest
from click.testing import CliRunner

from breachkit.cli.main import cli
from breachkit.core.errors import InputError
from breachkit.services.letters_io import records, subjects_format

PROFILE = (
    '[organisation]\nname = "Acme"\nlanguages = ["fr"]\n'
    '[dpo]\nname = "D. P. O."\nemail = "dpo@acme.lu"\n[authority]\nlead = "cnpd"\n'
)
INCIDENT = 'title = "x"\ntimezone = "Europe/Luxembourg"\naware_at = "2026-11-19T09:15"\n'
ROWS = [
    ["name", "email", "language", "city"],
    ["José Müller", "jose@example.org", "fr", "Esch-sur-Alzette, Lallange"],
    ["Åse Ærø", "ase@example.org", "fr", "Differdange"],
]


def write(path: Path, delimiter: str, encoding: str, *, bom: bytes = b"") -> Path:
    text = "\r\n".join(
        delimiter.join(f'"{f}"' if delimiter in f or "," in f else f for f in row) for row in ROWS
    )
    path.write_bytes(bom + (text + "\r\n").encode(encoding))
    return path


CASES = [
    (",", "utf-8", b"", "read as UTF-8, ','-separated"),
    (";", "utf-8", codecs.BOM_UTF8, "read as UTF-8 with a byte order mark, ';'-separated"),
    (";", "cp1252", b"", "read as Windows-1252, ';'-separated"),
    ("\t", "cp1252", b"", "read as Windows-1252, tab-separated"),
    ("\t", "utf-16", b"", "read as UTF-16 (Excel's Unicode text), tab-separated"),
    (";", "utf-16-be", codecs.BOM_UTF16_BE, "read as UTF-16 (Excel's Unicode text), ';'-sep"),
]


@pytest.mark.parametrize(("delimiter", "encoding", "bom", "said"), CASES)
def test_each_form_is_read_and_said(
    tmp_path: Path, delimiter: str, encoding: str, bom: bytes, said: str
) -> None:
    path = write(tmp_path / "people.csv", delimiter, encoding, bom=bom)
    assert subjects_format(path).describe().startswith(said)
    assert [fields for _line, fields in records(path)] == ROWS
    assert [line for line, _fields in records(path)] == [1, 2, 3]


def test_a_semicolon_file_whose_header_has_commas_in_names_picks_the_semicolon(
    tmp_path: Path,
) -> None:
    path = tmp_path / "p.csv"
    path.write_text("name;email;notes, misc\nA;a@example.org;x, y\n", encoding="utf-8")
    assert subjects_format(path).delimiter == ";"
    assert list(records(path))[1][1] == ["A", "a@example.org", "x, y"]


def test_utf8_with_one_damaged_byte_stays_utf8_and_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "p.csv"
    path.write_bytes("name,email\nSøren,s@example.dk\n".encode() + b"Bad \xff,b@example.org\n")
    assert subjects_format(path).codec == "utf-8"
    with pytest.raises(InputError) as caught:
        list(records(path))
    assert caught.value.problems[0].line == 3


@pytest.mark.parametrize(
    ("data", "why"),
    [
        (codecs.BOM_UTF32_LE + "name,email\n".encode("utf-32-le"), "is UTF-32 text"),
        (b"name,email\nA\x81,a@example.org\n", "neither UTF-8 nor Windows-1252"),
    ],
)
def test_what_is_not_read_is_refused_with_a_clear_message(
    tmp_path: Path, data: bytes, why: str
) -> None:
    path = tmp_path / "p.csv"
    path.write_bytes(data)
    with pytest.raises(InputError) as caught:
        list(records(path))
    assert why in caught.value.message and "save it as UTF-8" in caught.value.message


@pytest.fixture
def case(tmp_path: Path) -> list[str]:
    (tmp_path / "org.toml").write_text(PROFILE, encoding="utf-8")
    (tmp_path / "i.toml").write_text(INCIDENT, encoding="utf-8")
    base = ["--db", str(tmp_path / "bk.db"), "--org", str(tmp_path / "org.toml")]
    made = CliRunner().invoke(cli, [*base, "new", "--from", str(tmp_path / "i.toml"), "--json"])
    assert made.exit_code == 0, made.output
    return [*base, "letters", json.loads(made.stdout)["id"]]


def letters(case: list[str], subjects: Path, out: Path, *more: str) -> tuple[int, str]:
    result = CliRunner().invoke(
        cli,
        [*case, "--subjects", str(subjects), "--out", str(out), "--format", "eml",
         "--allow-incomplete", *more],
    )  # fmt: skip
    return result.exit_code, result.output


def test_letters_reads_a_french_excel_csv_and_says_how(case: list[str], tmp_path: Path) -> None:
    subjects = write(tmp_path / "people.csv", ";", "cp1252")
    code, output = letters(case, subjects, tmp_path / "out")
    assert code == 0, output
    assert "read as Windows-1252, ';'-separated" in output
    assert "2 files written" in output
    eml = sorted((tmp_path / "out").rglob("*.eml"))
    to = {str(message_from_bytes(p.read_bytes(), policy=default)["To"]) for p in eml}
    assert to == {"José Müller <jose@example.org>", "Åse Ærø <ase@example.org>"}


def test_letters_json_says_how_the_file_was_read(case: list[str], tmp_path: Path) -> None:
    subjects = write(tmp_path / "people.txt", "\t", "utf-16")
    code, output = letters(case, subjects, tmp_path / "out", "--json")
    assert code == 0, output
    report = json.loads(output[output.index("{") :])
    assert report["letters"] == 2
    assert report["subjects_read_as"] == "read as UTF-16 (Excel's Unicode text), tab-separated"
