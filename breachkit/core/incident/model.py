"""The incident as the domain sees it: facts in frozen dataclasses, times aware in UTC.

Field names follow the incident file (spec v1); ``None`` means "not stated", which the
risk engine treats as the worse case.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from datetime import datetime
from enum import StrEnum
from typing import Any

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
from breachkit.core.incident.text import DEFAULT_TEXT_LANGUAGE, LocalText, TextIn
from breachkit.core.incident.text import text_in as _text_in
from breachkit.core.times import utc_iso

TIME_FIELDS = ("occurred_at", "detected_at", "aware_at", "controller_informed_at")
ICT_TIME_FIELDS = ("aware_at", "dora_major_at")
"""The times of the ``[ict_incident]`` table (NIS2 / DORA)."""


@dataclass(frozen=True, slots=True)
class IctIncidentFacts:
    """The security incident behind the breach, as NIS2 and DORA see it.

    NIS2 Art. 23(4) and Del. Reg. (EU) 2025/301 Art. 5 count from awareness of the
    *incident*, which can come before awareness of the personal-data breach.
    """

    aware_at: datetime | None = None
    """When the incident itself became known (NIS2 Art. 23(4); DORA: the ICT-related
    incident, Del. Reg. (EU) 2025/301 Art. 5(1)(a))."""
    dora_major_at: datetime | None = None
    """When it was classified as a major ICT-related incident (DORA Art. 18, 19(1))."""


@dataclass(frozen=True, slots=True)
class BreachFacts:
    types: tuple[BreachType, ...] = ()
    cause: Cause | None = None
    malicious: bool | None = None
    exfiltration: Exfiltration | None = None
    recipients: Recipients | None = None
    recipient_confirmed_deletion: bool | None = None
    availability_loss: AvailabilityLoss | None = None
    unavailable_hours: float | None = None
    service_impact: ServiceImpact | None = None
    misuse_observed: bool | None = None
    undetected_days: float | None = None


@dataclass(frozen=True, slots=True)
class DataFacts:
    categories: tuple[DataCategory, ...] = ()
    data_subjects: int | None = None
    records: int | None = None
    subject_groups: tuple[SubjectGroup, ...] = ()
    identifiability: Identifiability | None = None
    countries: tuple[str, ...] = ()
    # How revealing the data are (ENISA 2013 DPC adjustments); breachkit additions to v1.
    detail: Detail | None = None
    revealing_context: bool | None = None
    already_public: bool | None = None


@dataclass(frozen=True, slots=True)
class ProtectionFacts:
    encryption: Encryption | None = None
    key_compromised: bool | None = None
    password_storage: PasswordStorage | None = None
    backup: Backup | None = None
    restored: bool | None = None


@dataclass(frozen=True, slots=True)
class ResponseFacts:
    measures_taken: tuple[str, ...] = ()
    measures_proposed: tuple[str, ...] = ()
    consequences: str = ""
    people_informed: PeopleInformed | None = None
    other_parties: tuple[OtherParty, ...] = ()
    individual_contact: IndividualContact | None = None
    mitigations: tuple[Mitigation, ...] = ()
    """What the organisation has done that changes the advice to the people (issue 14)."""


@dataclass(frozen=True, slots=True)
class IncidentFacts:
    """Everything the incident file says; the store keeps it with its history."""

    title: str
    aware_at: datetime
    timezone: str
    summary: str = ""
    role: Role = Role.CONTROLLER
    occurred_at: datetime | None = None
    detected_at: datetime | None = None
    controller_informed_at: datetime | None = None
    breach: BreachFacts = field(default_factory=BreachFacts)
    data: DataFacts = field(default_factory=DataFacts)
    protection: ProtectionFacts = field(default_factory=ProtectionFacts)
    response: ResponseFacts = field(default_factory=ResponseFacts)
    ict_incident: IctIncidentFacts = field(default_factory=IctIncidentFacts)
    # -- free text in more than one language (issue 14) --------------------------------
    text_language: str | None = None
    """The language of the free text above (title, summary, measures, consequences)."""
    texts: tuple[LocalText, ...] = ()
    """``[text.LL]``: the free text in other languages."""

    @property
    def base_text(self) -> LocalText:
        """The file's own free text, as one language's table."""
        r = self.response
        return LocalText(
            self.text_language or DEFAULT_TEXT_LANGUAGE,
            self.title,
            self.summary,
            r.measures_taken,
            r.measures_proposed,
            r.consequences,
        )

    def text_in(self, language: str) -> TextIn:
        """The free text for a draft or letter in ``language`` (see core.incident.text)."""
        base = self.base_text
        return _text_in(base, self.texts, language, base.language)

    def to_document(self) -> dict[str, Any]:
        """The facts as an incident-file-shaped document (JSON/TOML-ready, times ISO UTC)."""
        document: dict[str, Any] = _plain(self)
        if not document.get("ict_incident"):
            document.pop("ict_incident", None)  # an optional table: absent when not stated
        document.pop("texts", None)
        tables = {t.language: t.to_document() for t in self.texts}
        if any(tables.values()):
            document["text"] = {lang: table for lang, table in tables.items() if table}
        return document


def _plain(value: Any) -> Any:
    """``dataclasses.asdict`` and the incident file's shape in one pass (asdict deep-copies
    every value first, which a register of a thousand incidents pays for)."""
    kind = type(value)
    if kind in _LEAVES:  # most values: text, numbers, yes/no
        return value
    names = _FIELDS.get(kind)
    if names is None and hasattr(kind, "__dataclass_fields__"):
        names = _FIELDS[kind] = tuple(f.name for f in fields(value))
    if names is not None:
        value = {name: getattr(value, name) for name in names}
    if isinstance(value, dict):
        # "Not stated" (None, or an empty list) is left out, as in the incident file.
        return {k: _plain(v) for k, v in value.items() if v is not None and v != ()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, StrEnum):
        return value.value
    if isinstance(value, datetime):
        return utc_iso(value)
    return value


_LEAVES = frozenset({str, int, float, bool, type(None)})
_FIELDS: dict[type, tuple[str, ...]] = {}
"""A dataclass's field names, read once per class."""
