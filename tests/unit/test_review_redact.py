"""Redaction: people become labels, contact data disappears, everything else stays."""

from __future__ import annotations

from dataclasses import dataclass, field

from hypothesis import given
from hypothesis import strategies as st

from breachkit.core.review.names import is_person, titled_names
from breachkit.core.review.redact import Redactor, redact
from breachkit.core.review.summary import KEEP, PERSON


def known() -> Redactor:
    r = Redactor()
    r.add("Claire Weber", "DPO")
    r.add("Marc Hoffmann", "Representative")
    for actor in ("a.schmit (CISO)", "j.müller (on-call)"):
        r.add(actor)
    return r


def test_a_person_keeps_one_label_in_every_spelling() -> None:
    r = known()
    assert r.person("c.weber (DPO)") == "DPO"
    assert r.person("a.schmit (CISO)") == "Person 1 (CISO)"
    assert r.person("j.muller (on-call)") == "Person 2 (on-call)"  # accents do not matter
    for text in ("Claire Weber", "C. Weber", "c.weber", "cweber", "Weber, Claire", "WEBER"):
        assert r.text(f"signed by {text} today") == "signed by [DPO] today", text
    assert r.text("J. Müller isolated FS01") == "[Person 2] isolated FS01"
    assert r.text("Müller and Muller") == "[Person 2] and [Person 2]"
    assert r.text("Hoffmann's approval") == "[Representative]'s approval"


def test_parts_of_other_words_and_role_words_stay() -> None:
    r = known()
    assert r.text("Webers; weberian; the DPO and the CISO met") == (
        "Webers; weberian; the DPO and the CISO met"
    )


def test_contact_data_goes_everything_else_stays() -> None:
    r = Redactor()
    text = (
        "Mail l.kremer@client.example, call +352 621 123 456 or 06 12 34 56 78, "
        "IBAN LU28 0019 4006 4475 0000, host 185.220.101.47 and fe80::1ff:fe23:4567:890a"
    )
    assert r.text(text) == (
        "Mail [e-mail], call [phone] or [phone], IBAN [IBAN], host [IP address] and [IP address]"
    )
    kept = (
        "2026-11-18 12:00 CET (+01:00), 02:05:11, 3.2 GB, 1,240 people, 5800 records, "
        "SHA-256 a8868d58dafe572ec3cb991eb8e1f7ee, entry 23, +3 more"
    )
    assert r.text(kept) == kept


def test_names_after_a_title_are_found() -> None:
    text = "Called Mr. Lucien Kremer (IT lead), then Mme Dupont and M. Jean-Luc Picard; Dr. who?"
    assert titled_names(text) == ["Lucien Kremer", "Dupont", "Jean-Luc Picard"]


def test_who_is_a_person() -> None:
    assert is_person("c.weber (DPO)") and is_person("tester")
    for name in ("breachkit demo", "breachkit", "system", "IT operations", "CISO", "Legal team"):
        assert not is_person(name), name


@dataclass(frozen=True)
class Entry:
    code: str = field(metadata=KEEP)
    actor: str = field(metadata=PERSON)
    text: str
    lines: tuple[str, ...] = ()


@dataclass(frozen=True)
class Doc:
    title: str
    entries: tuple[Entry, ...]


def test_redact_walks_a_report_by_field_metadata() -> None:
    doc = Doc(
        "Breach reported by Mrs Anna Kowalska",
        (
            Entry("a.schmit-1", "a.schmit (CISO)", "Anna Kowalska called a.schmit"),
            Entry("x", "IT operations", "Owner: Claire Weber", ("ping c.weber@x.example",)),
        ),
    )
    out = redact(doc, contacts=[("DPO", "Claire Weber")], extra_names=["Jan Nowak"])
    # Labels: contacts, then recorded names, then --redact-name, then titled names.
    assert out.title == "Breach reported by Mrs [Person 3]"
    first, second = out.entries
    assert first.code == "a.schmit-1"  # KEEP: untouched
    assert first.actor == "Person 1 (CISO)"
    assert first.text == "[Person 3] called [Person 1]"
    assert second.actor == "IT operations"  # a team, not a person
    assert second.text == "Owner: [DPO]"
    assert second.lines == ("ping [e-mail]",)
    assert redact(Doc("Jan Nowak", ()), extra_names=["Jan Nowak"]).title == "[Person 1]"


@given(st.text(alphabet="abcdefghijklmnopqrstuvwxyz ,.;:()-\n", max_size=200))
def test_text_without_contact_data_or_known_names_is_unchanged(text: str) -> None:
    assert Redactor().text(text) == text
