"""The organisation profile (spec v1): who the controller is and whom the authority asks.

``parse_organisation_text`` validates the profile; ``missing_for`` says what an
authority's notification will need that the profile does not yet give.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any

from breachkit.core import schema as s
from breachkit.core.enums import ContactRole, Nis2Entity, TitleForm
from breachkit.core.errors import InputError
from breachkit.core.times import TimeValueError, load_zone
from breachkit.core.tomlpos import key_lines, load_toml

if TYPE_CHECKING:  # [smtp] is read where a profile has one (start-up: issue 19)
    from breachkit.core.organisation.smtp import SmtpSettings


@dataclass(frozen=True, slots=True)
class Contact:
    name: str = ""
    email: str = ""
    phone: str = ""
    address: tuple[str, ...] = ()
    title: str = ""
    role: ContactRole = ContactRole.DPO
    """(``[dpo]`` only) a designated DPO, or another contact point (Art. 33(3)(b))."""
    title_form: TitleForm = TitleForm.NEUTRAL
    """(``[dpo]`` only) the form of the title where a language marks it (fr, de)."""


@dataclass(frozen=True, slots=True)
class OrganisationText:
    """``[text.LL]`` of the profile: its free text in one more language (issue 14)."""

    language: str
    sector: str = ""
    dpo_title: str = ""


@dataclass(frozen=True, slots=True)
class Organisation:
    name: str = ""
    country: str = ""
    registration: str = ""
    address: tuple[str, ...] = ()
    timezone: str = ""
    languages: tuple[str, ...] = ()
    sector: str = ""
    website: str = ""
    dpo: Contact = field(default_factory=Contact)
    representative: Contact = field(default_factory=Contact)
    lead_authority: str = ""
    nis2: Nis2Entity = Nis2Entity.NONE
    eprivacy: bool = False
    dora: bool = False
    notify_controller_within_hours: float | None = None
    # -- free text in more than one language (issue 14) --------------------------------
    text_language: str = ""
    """The language of ``sector`` and ``[dpo] title`` (English when not stated)."""
    texts: tuple[OrganisationText, ...] = ()
    smtp: SmtpSettings | None = None
    """``[smtp]``: the mail server letters are sent through (issue 17). Local to this
    machine: not part of the identity kept with an incident."""

    def sector_in(self, language: str) -> tuple[str, bool]:
        """The sector for a draft in ``language``, and whether it is in that language."""
        own = next((t.sector for t in self.texts if t.language == language and t.sector), "")
        if own:
            return own, True
        return self.sector, (self.text_language or "en") == language

    def dpo_title_in(self, language: str) -> str:
        """The contact point's own title in ``language``, or "" (then the words of the
        language give it, in the form the profile says)."""
        own = next((t.dpo_title for t in self.texts if t.language == language), "")
        if own:
            return own
        return self.dpo.title if (self.text_language or "en") == language else ""

    def to_document(self) -> dict[str, Any]:
        """The profile in its file's shape (for storage and bundles)."""
        doc: dict[str, Any] = {
            "organisation": {
                "name": self.name,
                "registration": self.registration,
                "address": list(self.address),
                "country": self.country,
                "timezone": self.timezone,
                "languages": list(self.languages),
                "sector": self.sector,
                "website": self.website,
            },
            "dpo": {
                k: list(v) if isinstance(v, tuple) else str(v)
                for k, v in asdict(self.dpo).items()
                if k != "title" or v
            },
            "representative": {
                "name": self.representative.name,
                "title": self.representative.title,
            },
            "authority": {"lead": self.lead_authority},
            "regimes": {"nis2": self.nis2.value, "eprivacy": self.eprivacy, "dora": self.dora},
        }
        if self.text_language:
            doc["organisation"]["text_language"] = self.text_language
        texts = {
            t.language: {k: v for k, v in (("sector", t.sector), ("dpo_title", t.dpo_title)) if v}
            for t in self.texts
        }
        if any(texts.values()):
            doc["text"] = {lang: table for lang, table in texts.items() if table}
        if self.notify_controller_within_hours is not None:
            doc["processor"] = {
                "notify_controller_within_hours": self.notify_controller_within_hours
            }
        return doc

    def value(self, key: str) -> Any:
        """A profile value by its file key (``dpo.email``), for completeness checks."""
        table, _, name = key.partition(".")
        if table == "organisation":
            return getattr(self, name)
        if table in ("dpo", "representative"):
            return getattr(getattr(self, table), name)
        if key == "authority.lead":
            return self.lead_authority
        raise KeyError(key)


def _hours(value: Any) -> float:
    hours = s.number(value)
    if hours == 0:
        raise ValueError("must be more than 0 hours")
    return hours


def _zone(value: Any) -> str:
    name = s.nonempty_text(value)
    try:
        load_zone(name)
    except TimeValueError as err:
        raise ValueError(str(err)) from None
    return name


def _optional(check: s.Checker) -> s.Checker:
    """An empty string means "not filled in yet", which `org check` reports."""

    def inner(value: Any) -> Any:
        if value == "":
            return ""
        return check(value)

    return inner


ORGANISATION = [
    s.Field("name", s.line, default=""),
    s.Field("registration", s.line, default=""),
    s.Field("address", s.lines_of, default=()),
    s.Field("country", _optional(s.country), default="", allowed="ISO 3166-1 alpha-2, e.g. LU"),
    s.Field(
        "timezone", _optional(_zone), default="", allowed="an IANA zone such as Europe/Luxembourg"
    ),
    s.Field("languages", s.languages, default=(), allowed="ISO 639-1 codes, e.g. fr, en"),
    s.Field("sector", s.line, default=""),
    s.Field("website", s.line, default=""),
    # issue 14: the language of sector and [dpo] title
    s.Field("text_language", _optional(s.language), default="", allowed="ISO 639-1, e.g. en"),
]
DPO = [
    s.Field("name", s.line, default=""),
    s.Field("email", s.email, default=""),
    s.Field("phone", s.line, default=""),
    s.Field("address", s.lines_of, default=()),
    # issue 14: who signs the letters, and how their title is written
    s.Field(
        "role",
        s.choice(ContactRole),
        default=ContactRole.DPO,
        allowed=s.allowed_values(ContactRole),
    ),
    s.Field("title", s.line, default=""),
    s.Field(
        "title_form",
        s.choice(TitleForm),
        default=TitleForm.NEUTRAL,
        allowed=s.allowed_values(TitleForm),
    ),
]
TEXT = [s.Field("sector", s.line, default=""), s.Field("dpo_title", s.line, default="")]
REPRESENTATIVE = [s.Field("name", s.line, default=""), s.Field("title", s.line, default="")]
REGIMES = [
    s.Field(
        "nis2", s.choice(Nis2Entity), default=Nis2Entity.NONE, allowed=s.allowed_values(Nis2Entity)
    ),
    s.Field("eprivacy", s.boolean, default=False),
    s.Field("dora", s.boolean, default=False),
]
PROCESSOR = [s.Field("notify_controller_within_hours", _hours)]
TABLES = (
    "organisation",
    "dpo",
    "representative",
    "authority",
    "regimes",
    "processor",
    "text",
    "smtp",
)


def parse_organisation_text(
    text: str, source: str, authority_ids: Iterable[str] = ()
) -> Organisation:
    """Validate a profile. ``authority_ids``: the directory's ids allowed for ``authority.lead``."""
    raw = load_toml(text, source)
    return parse_organisation_document(raw, source, authority_ids, key_lines(text))


def parse_organisation_document(
    raw: Any, source: str, authority_ids: Iterable[str] = (), lines: dict[str, int] | None = None
) -> Organisation:
    problems = s.Problems(source, lines or {})
    top = s.validate_table(raw, [s.Field(t, lambda v: v) for t in TABLES], "", problems)
    if top["organisation"] is None:
        problems.add("organisation", "required table [organisation] is missing")
    org = s.validate_table(top["organisation"] or {}, ORGANISATION, "organisation", problems)
    dpo = s.validate_table(top["dpo"] or {}, DPO, "dpo", problems)
    rep = s.validate_table(top["representative"] or {}, REPRESENTATIVE, "representative", problems)
    ids = tuple(authority_ids)
    lead_field = s.Field("lead", _authority_check(ids), default="", allowed=" | ".join(ids))
    authority = s.validate_table(top["authority"] or {}, [lead_field], "authority", problems)
    regimes = s.validate_table(top["regimes"] or {}, REGIMES, "regimes", problems)
    processor = s.validate_table(top["processor"] or {}, PROCESSOR, "processor", problems)
    texts = _texts(top["text"], problems)
    smtp = None
    if top["smtp"] is not None:
        from breachkit.core.organisation.smtp import parse_smtp

        smtp = parse_smtp(top["smtp"], problems)
    if problems.items:
        raise InputError(problems.items)
    return Organisation(
        **org,
        dpo=Contact(**dpo),
        representative=Contact(**rep),
        lead_authority=authority["lead"],
        nis2=regimes["nis2"],
        eprivacy=regimes["eprivacy"],
        dora=regimes["dora"],
        notify_controller_within_hours=processor["notify_controller_within_hours"],
        texts=texts,
        smtp=smtp,
    )


def _texts(raw: Any, problems: s.Problems) -> tuple[OrganisationText, ...]:
    """``[text.LL]``: the sector and the contact point's title in another language."""
    return tuple(
        OrganisationText(code, **values) for code, values in s.language_tables(raw, TEXT, problems)
    )


def _authority_check(ids: tuple[str, ...]) -> s.Checker:
    def check(value: Any) -> str:
        name = s.text(value).strip()
        if name and ids and name not in ids:
            raise ValueError(f"'{name}' is not in the authority directory")
        return name

    return check


@dataclass(frozen=True, slots=True)
class Need:
    """A profile key an authority's notification asks for, and why."""

    key: str
    why: str


def missing_for(org: Organisation, needs: Iterable[Need]) -> list[Need]:
    """The needs the profile leaves empty."""
    return [need for need in needs if not org.value(need.key)]
