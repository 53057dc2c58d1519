"""Before a batch: the people file is checked as the run will check it, and one
person's letter is previewed (what the TUI's Letters tab shows before a run)."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from test_letters_services import INCIDENT, PROFILE

from breachkit.services import Services
from breachkit.services.letters_check import check_subjects, formats_for, preview_letter

HEADER = ["name", "email", "address", "postal_code", "city", "country", "language"]
ROWS = [
    ["Mette Jensen", "mette@example.dk", "", "", "", "", ""],
    ["山田太郎", "taro@example.jp", "", "", "", "", ""],  # DejaVu Sans has no CJK glyphs
    ["Jens Holm", "", "Nørregade 7", "1165", "København K", "DK", ""],  # by post only
    ["Zoë Ørsted", "zoe@example.dk", "", "", "", "", "en"],
]


@pytest.fixture
def services(tmp_path: Path, services: Services) -> Services:
    services.org_path.write_text(PROFILE, encoding="utf-8")
    (tmp_path / "incident.toml").write_text(INCIDENT, encoding="utf-8")
    services.create_from_file(tmp_path / "incident.toml")
    return services


@pytest.fixture
def subjects(tmp_path: Path) -> Path:
    path = tmp_path / "people.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        writer.writerows(ROWS)
    return path


def test_the_check_refuses_a_name_the_letter_font_cannot_print(
    services: Services, subjects: Path
) -> None:
    incident = services.incidents()[0].id
    check = check_subjects(services, incident, subjects, "pdf", False)
    assert check is not None
    assert (check.rows, check.letters, check.bad) == (4, 3, 1)
    assert [p.name for p in check.people] == ["Mette Jensen", "Jens Holm", "Zoë Ørsted"]
    (bad,) = check.bad_rows
    assert (bad.line, bad.reason) == (3, "the letter font cannot print these characters: 山田太郎")
    assert check.languages == {"da": 2, "en": 1}


def test_the_check_counts_the_formats_of_the_run(services: Services, subjects: Path) -> None:
    incident = services.incidents()[0].id
    check = check_subjects(services, incident, subjects, "eml", False)
    assert check is not None and (check.letters, check.bad) == (2, 2)
    reasons = {row.line: row.reason for row in check.bad_rows}
    assert reasons[4] == "no e-mail address (this run writes e-mails only)"
    assert formats_for("both", True) == ("print", "eml")


def test_the_preview_is_the_persons_letter(services: Services, subjects: Path) -> None:
    incident = services.incidents()[0].id
    check = check_subjects(services, incident, subjects, "pdf", False)
    assert check is not None
    preview = preview_letter(services, incident, check.people[2])
    assert preview.line == 5 and preview.to == "zoe@example.dk"
    assert any("Zoë Ørsted" in line for line in preview.head)
    assert preview.title and preview.blocks
