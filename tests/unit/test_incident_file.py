"""Every way an incident file can be wrong is refused with file, key, line and what is allowed."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from breachkit.core.enums import Cause, DataCategory, Exfiltration, Role
from breachkit.core.errors import InputError
from breachkit.core.incident.parse import LoadedIncident, parse_incident_text

SPEC = Path("/work/shared/spec/incident-file.md")

FULL = """\
title    = "Ransomware on the file server"
summary  = "What happened, in a few sentences."
role     = "controller"
timezone = "Europe/Luxembourg"

occurred_at = "2026-11-18T02:00:00+01:00"
detected_at = "2026-11-19T08:10:00+01:00"
aware_at    = "2026-11-19T11:30:00+01:00"

[breach]
types = ["availability", "confidentiality"]
cause = "ransomware"
malicious = true
exfiltration = "ruled_out"
recipients = "none"
recipient_confirmed_deletion = false
availability_loss = "temporary"
unavailable_hours = 4
service_impact = "none"
misuse_observed = false
undetected_days = 0

[data]
categories = ["identity", "contact"]
data_subjects = 40
records = 40
subject_groups = ["customers", "employees"]
identifiability = "direct"
countries = ["LU"]

[protection]
encryption = "state_of_the_art"
key_compromised = false
password_storage = "not_applicable"
backup = "available"
restored = true

[response]
measures_taken = ["Vulnerable plugin disabled and the portal isolated"]
measures_proposed = ["Independent penetration test of the portal"]
consequences = ""
people_informed = "not_yet"
other_parties = ["police"]
"""


def parse(text: str, default_tz: str | None = None) -> LoadedIncident:
    return parse_incident_text(text, "incident.toml", default_tz)


def problems(text: str, default_tz: str | None = None) -> list[str]:
    with pytest.raises(InputError) as caught:
        parse(text, default_tz)
    assert caught.value.exit_code == 2
    return [str(p) for p in caught.value.problems]


def test_the_full_example_of_the_spec_loads() -> None:
    facts = parse(FULL).facts
    assert facts.title == "Ransomware on the file server"
    assert facts.role is Role.CONTROLLER
    assert facts.aware_at == datetime(2026, 11, 19, 10, 30, tzinfo=UTC)
    assert facts.breach.cause is Cause.RANSOMWARE
    assert facts.breach.exfiltration is Exfiltration.RULED_OUT
    assert facts.data.categories == (DataCategory.IDENTITY, DataCategory.CONTACT)
    assert facts.data.countries == ("LU",)
    assert facts.response.measures_taken == ("Vulnerable plugin disabled and the portal isolated",)


def test_the_spec_block_itself_loads_when_the_spec_is_present() -> None:
    if not SPEC.exists():
        pytest.skip("shared spec not beside the project")
    block = SPEC.read_text(encoding="utf-8").split("```toml")[1].split("```")[0]
    block = block.replace('controller_informed_at = "..."', "")
    assert parse(block).facts.data.data_subjects == 40


def test_a_minimal_file_needs_only_title_and_awareness() -> None:
    facts = parse('title = "x"\naware_at = "2026-01-01T10:00:00Z"\n').facts
    assert facts.timezone == "UTC"
    assert facts.breach.cause is None  # not stated, not invented


def test_round_trip_through_the_stored_document() -> None:
    from breachkit.core.incident.parse import parse_incident_document

    facts = parse(FULL).facts
    again = parse_incident_document(facts.to_document(), "stored").facts
    assert again == facts


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            'title = "x"\naware_at = "2026-01-01T10:00Z"\ncolour = "red"\n',
            "incident.toml, line 3, key 'colour': unknown key; allowed here: title",
        ),
        (
            'title = "x"\naware_at = "2026-01-01T10:00Z"\n[breach]\nkind = "x"\n',
            "line 4, key 'breach.kind': unknown key; allowed here: types, cause",
        ),
        (
            'title = "x"\naware_at = "2026-01-01T10:00Z"\n[breach]\ncause = "aliens"\n',
            "line 4, key 'breach.cause': 'aliens' is not allowed (allowed: ransomware | hacking",
        ),
        (
            'title = "x"\naware_at = "2026-01-01T10:00Z"\n[breach]\nmalicious = "yes"\n',
            "key 'breach.malicious': expected true or false, got a string",
        ),
        (
            'title = "x"\naware_at = "2026-01-01T10:00Z"\n[data]\ndata_subjects = "forty"\n',
            "key 'data.data_subjects': expected a whole number, got a string",
        ),
        (
            'title = "x"\naware_at = "2026-01-01T10:00Z"\n[data]\ndata_subjects = true\n',
            "key 'data.data_subjects': expected a whole number, got a boolean",
        ),
        (
            'title = "x"\naware_at = "2026-01-01T10:00Z"\n[data]\nrecords = -3\n',
            "key 'data.records': must not be negative",
        ),
        (
            'title = "x"\naware_at = "2026-01-01T10:00Z"\n[data]\ncategories = ["health", "dna"]\n',
            "key 'data.categories': 'dna' is not allowed (allowed: identity | contact",
        ),
        (
            'title = "x"\naware_at = "2026-01-01T10:00Z"\n[data]\ncountries = ["UK"]\n',
            "key 'data.countries': 'UK' is not ISO 3166-1 alpha-2; write GB",
        ),
        (
            'title = "x"\naware_at = "2026-01-01T10:00Z"\n[data]\ncountries = ["lu"]\n',
            "'lu' must be upper case: LU",
        ),
        (
            'title = "x"\naware_at = "2026-01-01T10:00Z"\n[breach]\ntypes = []\n',
            "key 'breach.types': must name at least one",
        ),
        (
            'title = "x"\naware_at = "2026-01-01T10:00Z"\nbreach = "bad"\n',
            "key 'breach': expected a table at breach, got a string",
        ),
        (
            'title = "x"\naware_at = "2026-01-01T10:00Z"\nrole = "owner"\n',
            "key 'role': 'owner' is not allowed "
            "(allowed: controller | processor | joint_controller)",
        ),
        ('aware_at = "2026-01-01T10:00Z"\n', "key 'title': required key is missing"),
        ('title = "x"\n', "key 'aware_at': required key is missing"),
        ('title = ""\naware_at = "2026-01-01T10:00Z"\n', "key 'title': must not be empty"),
        (
            'title = "x"\naware_at = "yesterday"\n',
            "line 2, key 'aware_at': 'yesterday' is not an ISO 8601 date-time",
        ),
        ('title = "x"\naware_at = "2026-01-01"\n', "has a date but no time of day"),
        ('title = "x"\naware_at = 2026-01-01\n', "is not a date with a time of day"),
        (
            'title = "x"\ntimezone = "Europe/Atlantis"\naware_at = "2026-01-01T10:00Z"\n',
            "line 2, key 'timezone': 'Europe/Atlantis' is not an IANA time zone",
        ),
        (
            'title = "x"\naware_at = "2026-01-01T10:00"\n',
            "key 'aware_at': '2026-01-01T10:00' has no UTC offset and the incident has no timezone",
        ),
        (
            'title = "x"\ntimezone = "Europe/Paris"\naware_at = "2026-03-29T02:30"\n',
            "2026-03-29T02:30 does not exist in Europe/Paris: the clocks jumped forward",
        ),
        (
            'title = "x"\noccurred_at = "2026-01-02T10:00Z"\naware_at = "2026-01-01T10:00Z"\n',
            "key 'aware_at': 2026-01-01 10:00 UTC (+00:00) is before occurred_at "
            "2026-01-02 10:00 UTC (+00:00)",
        ),
        (
            'title = "x"\naware_at = "2026-01-01T10:00Z"\n'
            'controller_informed_at = "2026-01-01T11:00Z"\n',
            "key 'controller_informed_at': is only for role = \"processor\"",
        ),
        ('title = "x"\naware_at = \n', "incident.toml, line 2: not valid TOML"),
        (
            'title = "x"\naware_at = "2026-01-01T10:00Z"\n[response]\nmeasures_taken = "one"\n',
            "key 'response.measures_taken': expected a list of strings, got a string",
        ),
        (
            'title = "x"\naware_at = "2026-01-01T10:00Z"\n[breach]\nunavailable_hours = "4h"\n',
            "key 'breach.unavailable_hours': expected a number, got a string",
        ),
    ],
)
def test_each_mistake_is_named(text: str, expected: str) -> None:
    messages = problems(text)
    assert any(expected in m for m in messages), messages


def test_every_problem_is_reported_at_once() -> None:
    text = 'title = 3\naware_at = "nope"\n[breach]\ncause = "x"\nfoo = 1\n'
    assert len(problems(text)) == 4


def test_an_ambiguous_local_time_is_the_earlier_instant_and_said_so() -> None:
    loaded = parse('title = "x"\ntimezone = "Europe/Luxembourg"\naware_at = "2026-10-25T02:30"\n')
    assert loaded.facts.aware_at == datetime(2026, 10, 25, 0, 30, tzinfo=UTC)  # CEST, +02:00
    assert loaded.notes and "happens twice" in loaded.notes[0] and "earlier" in loaded.notes[0]


def test_an_explicit_offset_picks_the_later_of_the_two() -> None:
    loaded = parse('title = "x"\naware_at = "2026-10-25T02:30:00+01:00"\n')
    assert loaded.facts.aware_at == datetime(2026, 10, 25, 1, 30, tzinfo=UTC)
    assert loaded.notes == ()


def test_local_times_use_the_organisation_zone_when_the_file_has_none() -> None:
    loaded = parse('title = "x"\naware_at = "2026-07-01T12:00"\n', default_tz="Europe/Copenhagen")
    assert loaded.facts.aware_at == datetime(2026, 7, 1, 10, 0, tzinfo=UTC)
    assert loaded.facts.timezone == "Europe/Copenhagen"


def test_toml_native_datetimes_are_accepted() -> None:
    loaded = parse('title = "x"\naware_at = 2026-11-19T11:30:00+01:00\n')
    assert loaded.facts.aware_at == datetime(2026, 11, 19, 10, 30, tzinfo=UTC)


def test_a_processor_may_say_when_it_told_the_controller() -> None:
    loaded = parse(
        'title = "x"\nrole = "processor"\naware_at = "2026-01-01T10:00Z"\n'
        'controller_informed_at = "2026-01-01T15:00Z"\n'
    )
    assert loaded.facts.controller_informed_at == datetime(2026, 1, 1, 15, tzinfo=UTC)
