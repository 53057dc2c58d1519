"""Read an incident file (spec v1) into :class:`IncidentFacts`, refusing anything else.

``parse_incident_text`` takes the file's text (the caller reads the disk); every
problem is collected with its key and line and raised together as one InputError.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any
from zoneinfo import ZoneInfo

from breachkit.core import schema as s
from breachkit.core.enums import (
    AvailabilityLoss,
    Backup,
    BreachType,
    Cause,
    DataCategory,
    Detail,
    Encryption,
    Exfiltration,
    Identifiability,
    IndividualContact,
    Mitigation,
    OtherParty,
    PasswordStorage,
    PeopleInformed,
    Recipients,
    Role,
    ServiceImpact,
    SubjectGroup,
)
from breachkit.core.errors import InputError
from breachkit.core.incident.chronology import fact_problems
from breachkit.core.incident.model import (
    ICT_TIME_FIELDS,
    TIME_FIELDS,
    BreachFacts,
    DataFacts,
    IctIncidentFacts,
    IncidentFacts,
    ProtectionFacts,
    ResponseFacts,
)
from breachkit.core.incident.text import LocalText
from breachkit.core.times import TimeValueError, load_zone, parse_instant
from breachkit.core.tomlpos import key_lines, load_toml


def _time_text(value: Any) -> str:
    """TOML may give a real date-time; the contract's form is a string. Accept both."""
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, date | time):
        raise ValueError(f"'{value.isoformat()}' is not a date with a time of day")
    if not isinstance(value, str):
        raise ValueError("expected an ISO 8601 date-time string")
    return value


def _e(enum: type, *, many: bool = False, nonempty: bool = False) -> dict[str, Any]:
    check = s.choices(enum, nonempty=nonempty) if many else s.choice(enum)
    return {"check": check, "allowed": s.allowed_values(enum)}


TOP = [
    s.Field("title", s.nonempty_line, required=True),
    s.Field("summary", s.text, default=""),
    s.Field("role", default=Role.CONTROLLER, **_e(Role)),
    s.Field("timezone", s.nonempty_text, allowed="an IANA zone such as Europe/Luxembourg"),
    *(s.Field(name, _time_text, required=name == "aware_at") for name in TIME_FIELDS),
    # issue 14: the language of the free text (title, summary, measures, consequences)
    s.Field("text_language", s.language, allowed="an ISO 639-1 code such as en, fr, da"),
]
TABLES = ("breach", "data", "protection", "response", "ict_incident")
BREACH = [
    s.Field("types", default=(), **_e(BreachType, many=True, nonempty=True)),
    s.Field("cause", **_e(Cause)),
    s.Field("malicious", s.boolean),
    s.Field("exfiltration", **_e(Exfiltration)),
    s.Field("recipients", **_e(Recipients)),
    s.Field("recipient_confirmed_deletion", s.boolean),
    s.Field("availability_loss", **_e(AvailabilityLoss)),
    s.Field("unavailable_hours", s.number),
    s.Field("service_impact", **_e(ServiceImpact)),
    s.Field("misuse_observed", s.boolean),
    s.Field("undetected_days", s.number),
]
DATA = [
    s.Field("categories", default=(), **_e(DataCategory, many=True)),
    s.Field("data_subjects", s.count),
    s.Field("records", s.count),
    s.Field("subject_groups", default=(), **_e(SubjectGroup, many=True)),
    s.Field("identifiability", **_e(Identifiability)),
    s.Field("countries", s.countries, default=(), allowed="ISO 3166-1 alpha-2 codes"),
    # How revealing the data are (ENISA 2013 DPC adjustments); breachkit additions to v1.
    s.Field("detail", **_e(Detail)),
    s.Field("revealing_context", s.boolean),
    s.Field("already_public", s.boolean),
]
PROTECTION = [
    s.Field("encryption", **_e(Encryption)),
    s.Field("key_compromised", s.boolean),
    s.Field("password_storage", **_e(PasswordStorage)),
    s.Field("backup", **_e(Backup)),
    s.Field("restored", s.boolean),
]
RESPONSE = [
    s.Field("measures_taken", s.text_list, default=()),
    s.Field("measures_proposed", s.text_list, default=()),
    s.Field("consequences", s.text, default=""),
    s.Field("people_informed", **_e(PeopleInformed)),
    s.Field("other_parties", default=(), **_e(OtherParty, many=True)),
    s.Field("individual_contact", **_e(IndividualContact)),
    # issue 14: what was done that changes the advice to the people
    s.Field("mitigations", default=(), **_e(Mitigation, many=True)),
]
# NIS2 / DORA: the security incident behind the breach (docs/incident-file.md).
ICT_INCIDENT = [s.Field(name, _time_text) for name in ICT_TIME_FIELDS]
SECTIONS = {
    "breach": BREACH,
    "data": DATA,
    "protection": PROTECTION,
    "response": RESPONSE,
    "ict_incident": ICT_INCIDENT,
}
TIME_KEYS = (*TIME_FIELDS, *(f"ict_incident.{name}" for name in ICT_TIME_FIELDS))
"""Every time in the incident file, by dotted key."""

# issue 14: ``[text.LL]``, the free text in another language (one table per language).
TEXT = [
    s.Field("title", s.line, default=""),
    s.Field("summary", s.text, default=""),
    s.Field("measures_taken", s.text_list, default=()),
    s.Field("measures_proposed", s.text_list, default=()),
    s.Field("consequences", s.text, default=""),
]


@dataclass(frozen=True, slots=True)
class LoadedIncident:
    """The facts, and notes on choices made while reading them (ambiguous local times)."""

    facts: IncidentFacts
    notes: tuple[str, ...] = ()


def parse_incident_text(
    text: str, source: str, default_timezone: str | None = None, now: datetime | None = None
) -> LoadedIncident:
    """Parse and validate an incident file's text. Raises InputError naming every problem.

    With ``now``, times after it are refused too (see :mod:`.chronology`).
    """
    raw = load_toml(text, source)
    return parse_incident_document(raw, source, default_timezone, key_lines(text), now)


def parse_incident_document(
    raw: Any,
    source: str,
    default_timezone: str | None = None,
    lines: dict[str, int] | None = None,
    now: datetime | None = None,
) -> LoadedIncident:
    """Validate an incident document (parsed TOML or stored JSON) into facts.

    ``now`` is given by the doors that take new facts (a file, ``set``, the wizard):
    a time after it is refused. Stored facts are read without it.
    """
    problems = s.Problems(source, lines or {})
    top_fields = TOP + [s.Field(name, lambda v: v) for name in (*TABLES, "text")]
    top = s.validate_table(raw, top_fields, "", problems)
    sections = {
        name: s.validate_table(top[name] if top[name] is not None else {}, spec, name, problems)
        for name, spec in SECTIONS.items()
    }
    texts = parse_texts(top["text"], problems)

    zone_name = top["timezone"] or default_timezone
    zone: ZoneInfo | None = None
    if zone_name is not None:
        try:
            zone = load_zone(zone_name)
        except TimeValueError as err:
            key = "timezone" if top["timezone"] else None
            problems.add(key, str(err) if key else f"organisation profile: {err}")

    raw_times = {name: top[name] for name in TIME_FIELDS}
    raw_times.update({f"ict_incident.{n}": sections["ict_incident"][n] for n in ICT_TIME_FIELDS})
    times, notes = _read_times(raw_times, zone, zone_name, problems)
    _check_order(times, top["role"], zone, now, problems)
    if problems.items:
        raise InputError(problems.items)

    aware = times["aware_at"]
    assert aware is not None  # required, and problems were raised otherwise
    facts = IncidentFacts(
        title=top["title"],
        summary=top["summary"],
        role=top["role"],
        timezone=zone_name or "UTC",
        aware_at=aware,
        occurred_at=times["occurred_at"],
        detected_at=times["detected_at"],
        controller_informed_at=times["controller_informed_at"],
        breach=BreachFacts(**sections["breach"]),
        data=DataFacts(**sections["data"]),
        protection=ProtectionFacts(**sections["protection"]),
        response=ResponseFacts(**sections["response"]),
        ict_incident=IctIncidentFacts(**{n: times[f"ict_incident.{n}"] for n in ICT_TIME_FIELDS}),
        text_language=top["text_language"],
        texts=texts,
    )
    return LoadedIncident(facts, tuple(notes))


def parse_texts(raw: Any, problems: s.Problems) -> tuple[LocalText, ...]:
    """``[text.LL]`` tables: a language code, then the free-text keys (see TEXT)."""
    return tuple(
        LocalText(code, **values) for code, values in s.language_tables(raw, TEXT, problems)
    )


def _read_times(
    raw: dict[str, Any], zone: ZoneInfo | None, zone_name: str | None, problems: s.Problems
) -> tuple[dict[str, datetime | None], list[str]]:
    """Every time of the file as an instant (None: not stated or not readable)."""
    times: dict[str, datetime | None] = {}
    notes: list[str] = []
    for name, value in raw.items():
        times[name] = None
        if value is None:
            continue
        try:
            parsed = parse_instant(value, zone)
        except TimeValueError as err:
            if zone is None and zone_name is None and "no time zone" in str(err):
                problems.add(
                    name,
                    f"'{value}' has no UTC offset and the incident has no timezone "
                    '(set timezone = "Europe/..." or an organisation profile)',
                )
            else:
                problems.add(name, str(err))
            continue
        times[name] = parsed.instant
        if parsed.note:
            notes.append(f"{name}: {parsed.note}")
    return times, notes


def _check_order(
    times: dict[str, datetime | None],
    role: Role,
    zone: ZoneInfo | None,
    now: datetime | None,
    problems: s.Problems,
) -> None:
    """Refuse times that contradict each other or ``now`` (the rules: :mod:`.chronology`)."""
    if times["controller_informed_at"] and role is not Role.PROCESSOR:
        problems.add(
            "controller_informed_at",
            'is only for role = "processor" (when the processor told the controller)',
        )
    for key, message in fact_problems(times, zone or ZoneInfo("UTC"), now):
        problems.add(key, message)
