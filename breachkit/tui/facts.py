"""The incident file's facts as the TUI edits them: label, kind of input, vocabulary, help.

Validation is not repeated here: the wizard and the fact editor build an incident
document and let :func:`breachkit.core.incident.parse.parse_incident_document` judge it,
so a bad value reads exactly as it does from ``breachkit new`` or ``breachkit set``.
"""

from __future__ import annotations

import json
import re
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any
from zoneinfo import ZoneInfo

from breachkit.core import enums as e
from breachkit.core.errors import InputError
from breachkit.core.incident.parse import parse_incident_document
from breachkit.core.times import (
    ParsedTime,
    TimeValueError,
    from_storage,
    iso,
    load_zone,
    show,
    utc_iso,
)


class FactKind(StrEnum):
    TEXT = "text"
    LONG_TEXT = "long_text"
    CHOICE = "choice"
    CHOICES = "choices"
    BOOL = "bool"
    COUNT = "count"
    NUMBER = "number"
    TIME = "time"
    ZONE = "zone"
    COUNTRIES = "countries"
    LINES = "lines"


@dataclass(frozen=True, slots=True)
class FactSpec:
    key: str
    """Dotted key in the incident file: ``breach.cause``."""
    label: str
    kind: FactKind
    help: str = ""
    enum: type[StrEnum] | None = None
    required: bool = False

    @property
    def section(self) -> str:
        return self.key.rpartition(".")[0]  # "" | "breach" | "text.fr"


AWARE_HELP = (
    "When you had reasonable certainty that personal data were affected (not the first "
    "alert). The 72-hour clock of GDPR Art. 33 runs from here. Default: now."
)
TIME_HELP = (
    "E.g. 2026-11-19T11:30, 19 Nov 2026 11:30 or 11:30 (today), in the incident's zone; "
    "add an offset such as +01:00 for another."
)
"""How a time may be typed (the services read all of these, as the command line does)."""

F = FactKind
FACTS: tuple[FactSpec, ...] = (
    FactSpec("title", "Title", F.TEXT, "One line a colleague recognises.", required=True),
    FactSpec("summary", "Summary", F.LONG_TEXT, "What happened, in a few sentences."),
    FactSpec(
        "text_language",
        "Language of the text",
        F.TEXT,
        "ISO 639-1 code of the language the title, summary, measures and consequences "
        "are written in (default en). Drafts and letters in another language use its "
        "'In French', 'In German', ... rows.",
    ),
    FactSpec(
        "role", "Our role", F.CHOICE, "Are we the controller or a processor?", e.Role, required=True
    ),
    FactSpec("timezone", "Time zone", F.ZONE, "IANA zone, e.g. Europe/Luxembourg.", required=True),
    FactSpec("aware_at", "Aware at", F.TIME, AWARE_HELP, required=True),
    FactSpec("detected_at", "Detected at", F.TIME, "First signal seen. " + TIME_HELP),
    FactSpec("occurred_at", "Occurred at", F.TIME, "When the breach began. " + TIME_HELP),
    FactSpec(
        "controller_informed_at",
        "Controller told at",
        F.TIME,
        "Processors only: when you told the controller.",
    ),
    FactSpec("breach.types", "Breach types", F.CHOICES, "One or more.", e.BreachType),
    FactSpec("breach.cause", "Cause", F.CHOICE, "", e.Cause),
    FactSpec("breach.malicious", "Malicious", F.BOOL, "Deliberate act?"),
    FactSpec(
        "breach.exfiltration", "Exfiltration", F.CHOICE, "Were data copied out?", e.Exfiltration
    ),
    FactSpec(
        "breach.recipients",
        "Recipients",
        F.CHOICE,
        "Who obtained the data: none, a trusted party bound to secrecy, identified "
        "people, unknown third parties, published.",
        e.Recipients,
    ),
    FactSpec("breach.recipient_confirmed_deletion", "Recipient deleted it", F.BOOL),
    FactSpec("breach.availability_loss", "Availability loss", F.CHOICE, "", e.AvailabilityLoss),
    FactSpec(
        "breach.unavailable_hours",
        "Unavailable hours",
        F.NUMBER,
        "How long the data were (or will be) unavailable.",
    ),
    FactSpec(
        "breach.service_impact",
        "Service impact",
        F.CHOICE,
        "Effect of the loss on the people.",
        e.ServiceImpact,
    ),
    FactSpec(
        "breach.misuse_observed",
        "Misuse observed",
        F.BOOL,
        "Evidence that the data were already misused.",
    ),
    FactSpec(
        "breach.undetected_days", "Undetected days", F.NUMBER, "How long the breach went unnoticed."
    ),
    FactSpec("data.categories", "Data categories", F.CHOICES, "", e.DataCategory),
    FactSpec("data.data_subjects", "People affected", F.COUNT, "Approximate number of people."),
    FactSpec("data.records", "Records", F.COUNT, "Approximate number of records."),
    FactSpec("data.subject_groups", "Groups of people", F.CHOICES, "", e.SubjectGroup),
    FactSpec("data.identifiability", "Identifiability", F.CHOICE, "", e.Identifiability),
    FactSpec(
        "data.countries",
        "Countries",
        F.COUNTRIES,
        "Where the people live: ISO codes, e.g. LU, FR, BE.",
    ),
    FactSpec(
        "data.detail",
        "How much per person",
        F.CHOICE,
        "trivial: a passing detail (a dietary preference, one order's items); extensive: a "
        "full file per person (a medical record, a complete case history).",
        e.Detail,
    ),
    FactSpec(
        "data.revealing_context",
        "Context reveals more",
        F.BOOL,
        "The context reveals a sensitive fact, e.g. a list of a rehab clinic's clients.",
    ),
    FactSpec(
        "data.already_public",
        "Already public",
        F.BOOL,
        "The same data were already public before the breach.",
    ),
    FactSpec("protection.encryption", "Encryption", F.CHOICE, "", e.Encryption),
    FactSpec("protection.key_compromised", "Key compromised", F.BOOL),
    FactSpec("protection.password_storage", "Password storage", F.CHOICE, "", e.PasswordStorage),
    FactSpec("protection.backup", "Backup", F.CHOICE, "", e.Backup),
    FactSpec("protection.restored", "Restored", F.BOOL, "The data were restored / loss reversed."),
    FactSpec("response.measures_taken", "Measures taken", F.LINES, "One per line."),
    FactSpec("response.measures_proposed", "Measures proposed", F.LINES, "One per line."),
    FactSpec(
        "response.consequences",
        "Consequences",
        F.LONG_TEXT,
        "Optional; derived from the facts when empty.",
    ),
    FactSpec("response.people_informed", "People informed", F.CHOICE, "", e.PeopleInformed),
    FactSpec("response.other_parties", "Other parties told", F.CHOICES, "", e.OtherParty),
    FactSpec(
        "response.individual_contact",
        "Can people be told",
        F.CHOICE,
        "One by one (possible), or only by a public communication (disproportionate, "
        "Art. 34(3)(c)).",
        e.IndividualContact,
    ),
    FactSpec(
        "response.mitigations",
        "Done for the people",
        F.CHOICES,
        "What you did that changes their advice: the letters then say it is done "
        "instead of asking them to do it.",
        e.Mitigation,
    ),
    FactSpec(
        "ict_incident.aware_at",
        "Incident known at",
        F.TIME,
        "NIS2/DORA: when the security incident itself became known (can be before the "
        "breach). NIS2 and DORA count from here. " + TIME_HELP,
    ),
    FactSpec(
        "ict_incident.dora_major_at",
        "Classified major at",
        F.TIME,
        "DORA: when the ICT-related incident was classified as major; DORA's clocks apply "
        "only from then (Del. Reg. 2025/301 Art. 5).",
    ),
)
TEXT_LANGUAGES = ("fr", "de", "da", "nl", "en")
"""Languages the drafts and letters are written in: one group of text rows each."""
_LANGUAGE_NAMES = {
    "fr": "French",
    "de": "German",
    "da": "Danish",
    "nl": "Dutch",
    "en": "English",
}
_TEXT_ROWS = (
    ("title", "Title", F.TEXT, ""),
    ("summary", "Summary", F.LONG_TEXT, "What happened, in a few sentences."),
    ("measures_taken", "Measures taken", F.LINES, "One per line."),
    ("measures_proposed", "Measures proposed", F.LINES, "One per line."),
    ("consequences", "Consequences", F.LONG_TEXT, "Optional; derived from the facts when empty."),
)
FACTS += tuple(
    FactSpec(
        f"text.{lang}.{name}",
        label,
        kind,
        f"{help_text} In {_LANGUAGE_NAMES[lang]}, for drafts and letters in "
        f"{_LANGUAGE_NAMES[lang]}.".strip(),
    )
    for lang in TEXT_LANGUAGES
    for name, label, kind, help_text in _TEXT_ROWS
)
LIST_KINDS = frozenset({FactKind.CHOICES, FactKind.COUNTRIES, FactKind.LINES})
BY_KEY = {spec.key: spec for spec in FACTS}
PROCESSORS_ONLY = frozenset({"controller_informed_at"})
"""Facts that only a processor states: the Overview says so instead of 'not stated'."""
SECTION_TITLES = {
    "": "Incident",
    "breach": "Breach",
    "data": "Data and people",
    "protection": "Protection",
    "response": "Response",
    "ict_incident": "NIS2 / DORA incident",
} | {f"text.{lang}": f"In {name}" for lang, name in _LANGUAGE_NAMES.items()}


# -- reading a document ----------------------------------------------------------------


def get(document: Mapping[str, Any], key: str) -> Any:
    """The raw value at ``key`` in an incident document (None when absent)."""
    *tables, name = key.split(".")
    for table in tables:
        document = document.get(table) or {}
    return document.get(name)


def put(document: dict[str, Any], key: str, value: Any) -> None:
    """Set (or, with None, remove) ``key`` in an incident document, in place."""
    *tables, field = key.split(".")
    target = document
    for table in tables:
        target = target.setdefault(table, {})
    if value is None:
        target.pop(field, None)
    else:
        target[field] = value


def show_value(spec: FactSpec, value: Any, zone: ZoneInfo) -> str:
    """A stored value as a responder reads it."""
    if value is None or value == [] or value == "":
        return "not stated"
    if spec.kind is FactKind.TIME:
        return show(from_storage(value), zone)
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        sep = "; " if spec.kind is FactKind.LINES else ", "
        return sep.join(humanise(str(v)) if spec.enum else str(v) for v in value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, int):
        return f"{value:,}"
    return humanise(str(value)) if spec.enum else str(value)


def humanise(value: str) -> str:
    """``credential_stuffing`` → ``credential stuffing``."""
    return value.replace("_", " ")


def editable_text(spec: FactSpec, value: Any, zone: ZoneInfo) -> str:
    """A stored value as text to put back in an input."""
    if value is None:
        return ""
    if spec.kind is FactKind.TIME:
        return iso(from_storage(value), zone)
    if spec.kind is FactKind.LINES:
        return "\n".join(value)
    if spec.kind is FactKind.COUNTRIES:
        return ", ".join(value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


# -- text in, document value out -------------------------------------------------------


def from_text(spec: FactSpec, text: str) -> Any:
    """What the responder typed, as a raw document value (None: not stated). Never raises;
    the core says what is wrong with it."""
    stripped = text.strip()
    if spec.kind is FactKind.LINES:
        return [line.strip() for line in text.splitlines() if line.strip()] or None
    if not stripped:
        return None
    if spec.kind is FactKind.COUNTRIES:
        return [code for code in re.split(r"[\s,;]+", stripped) if code]
    if spec.kind in (FactKind.COUNT, FactKind.NUMBER):
        return _toml_value(stripped.replace("_", "").replace(" ", ""))
    if spec.kind is FactKind.LONG_TEXT:
        return text.strip()
    return stripped


def _toml_value(text: str) -> Any:
    try:
        return tomllib.loads(f"v = {text}")["v"]
    except (tomllib.TOMLDecodeError, RecursionError):
        return text


def for_set_fact(value: Any) -> Any:
    """``Services.set_fact`` reads a string as a TOML value; quote text so it stays text."""
    if isinstance(value, str):
        return json.dumps(value.replace("\x7f", ""), ensure_ascii=False)
    return value


def problems(
    document: Mapping[str, Any],
    source: str = "wizard",
    *,
    now: datetime | None = None,
    read_time: Callable[[str, str], ParsedTime] | None = None,
) -> dict[str | None, list[str]]:
    """Every problem the core finds in ``document``, by dotted key (None: the whole).

    With ``now``, times after it are problems too. With ``read_time`` (the services'
    reading of typed times), a time typed as ``2 Dec 2026 14:05`` is read as the CLI
    reads it, and a time it cannot read is reported with the forms that work.
    """
    document, unreadable = typed_times(document, read_time) if read_time else (document, {})
    found: dict[str | None, list[str]] = {}
    try:
        parse_incident_document(dict(document), source, now=now)
    except InputError as err:
        for problem in err.problems:
            found.setdefault(problem.key, []).append(problem.message)
    found.update({key: [message] for key, message in unreadable.items()})
    return found


def typed_times(
    document: Mapping[str, Any],
    read_time: Callable[[str, str], ParsedTime],
    default_timezone: str | None = None,
) -> tuple[dict[str, Any], dict[str, str]]:
    """``document`` with its typed times as exact ISO text; and what could not be read."""
    out = json.loads(json.dumps(document, default=str))
    zone = str(document.get("timezone") or default_timezone or "")
    unreadable: dict[str, str] = {}
    try:
        load_zone(zone)
    except TimeValueError:
        return out, unreadable  # no zone, or a bad one: the core says so
    for spec in FACTS:
        raw = get(out, spec.key)
        if spec.kind is not FactKind.TIME or not isinstance(raw, str):
            continue
        try:
            put(out, spec.key, utc_iso(read_time(raw, zone).instant))
        except TimeValueError as err:
            unreadable[spec.key] = str(err)
    return out, unreadable


def local_now_text(now: datetime, zone: ZoneInfo) -> str:
    """Now as wall-clock text in ``zone`` (``2026-11-19T11:30``), the wizard's default."""
    return now.astimezone(zone).strftime("%Y-%m-%dT%H:%M")
