"""The controllers file: good rows used, bad rows named by line, the header checked."""

from __future__ import annotations

from pathlib import Path

import pytest

from breachkit.adapters.controllers_csv import load_controllers
from breachkit.core.controllers.model import from_document
from breachkit.core.errors import InputError

HEADER = (
    "id,name,email,contact_name,address,postal_code,city,country,language,"
    "window_hours,contract_reference,people,records,categories,systems,note\n"
)


def _write(tmp_path: Path, rows: str, header: str = HEADER) -> Path:
    path = tmp_path / "controllers.csv"
    path.write_bytes(("\ufeff" + header + rows).encode())
    return path


def test_good_rows_with_their_own_figures(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        "C-001,Boulangerie Muller S.à r.l.,dpo@muller.lu,Anne Muller,1 rue Haute,L-1111,"
        "Luxembourg,LU,,24,DPA-2024-17,1 200,5000,contact;credentials,CRM;Mail\n"
        "C-002,Nordisk Fisk A/S,privacy@fisk.dk,,,,,DK,,48,,,,,\n"
        'C-003,Bakkerij Jansen,,,"Dorpsstraat 1 / 2e verdieping",1234 AB,Utrecht,NL,,,,,,,\n',
    )
    read = load_controllers(path).read
    assert not read.bad_rows
    first, second, third = read.controllers
    assert (first.id, first.language, first.window_hours) == ("C-001", "fr", 24)
    assert (first.people, first.records) == (1200, 5000)
    assert first.categories == ("contact", "credentials")
    assert first.systems == ("CRM", "Mail")
    assert first.contract_reference == "DPA-2024-17"
    assert (second.language, second.window_hours, second.people) == ("da", 48, None)
    assert third.address == ("Dorpsstraat 1", "2e verdieping")
    assert third.language == "nl"
    assert from_document(first.document()) == first


def test_bad_rows_are_named_by_line_and_do_not_stop_the_others(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        "C-1,Good One,a@b.lu,,,,,LU,,,,,,,\n"
        ",No Id,x@y.lu,,,,,,,,,,,,\n"
        "C-2,,x@y.lu,,,,,,,,,,,,\n"
        "C-3,No Contact,,,,,,,,,,,,,\n"
        "C-4,Bad Mail,not-an-address,,,,,,,,,,,,\n"
        "C-5,Bad Country,a@b.lu,,,,,UK,,,,,,,\n"
        "C-6,Bad Language,a@b.lu,,,,,,pl,,,,,,\n"
        "C-7,Bad Window,a@b.lu,,,,,,,soon,,,,,\n"
        "C-8,Bad People,a@b.lu,,,,,,,,,-3,,,\n"
        "C-9,Bad Category,a@b.lu,,,,,,,,,,,passwords,\n"
        "c-1,Twice,a@b.lu,,,,,,,,,,,,\n"
        "C-10,Good Two,a@b.lu,,,,,,en,0.5,,,,,\n",
    )
    read = load_controllers(path).read
    assert [c.id for c in read.controllers] == ["C-1", "C-10"]
    assert read.controllers[1].window_hours == 0.5
    reasons = {b.line: b.reason for b in read.bad_rows}
    assert sorted(reasons) == list(range(3, 13))
    assert reasons[3] == "no id"
    assert reasons[4] == "no name"
    assert "neither an e-mail" in reasons[5]
    assert "'UK' is not ISO 3166-1 alpha-2; write GB" in reasons[7]
    assert "no notice in 'pl'" in reasons[8]
    assert "window_hours 'soon'" in reasons[9]
    assert "people '-3'" in reasons[10]
    assert "'passwords' is not a data category" in reasons[11]
    assert "already used on line 2" in reasons[12]


def test_a_file_without_the_needed_columns_is_refused(tmp_path: Path) -> None:
    path = _write(tmp_path, "x,y\n", header="name,phone\n")
    with pytest.raises(InputError) as caught:
        load_controllers(path)
    text = str(caught.value)
    assert "no 'id' column" in text and "'email' or an 'address'" in text


def test_a_file_that_is_not_utf8_is_refused_with_its_line(tmp_path: Path) -> None:
    path = tmp_path / "c.csv"
    path.write_bytes(HEADER.encode() + b"C-1,Caf\xe9,a@b.lu\n")
    with pytest.raises(InputError) as caught:
        load_controllers(path)
    assert "line 2" in str(caught.value) or ":2" in str(caught.value)
