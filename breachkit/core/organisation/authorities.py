"""The authority directory as data: entries, their validation, what each one needs.

Besides who the authority is, an entry says how a notification reaches it
(``channel_kind`` and ``filing``: the web portal or address), in which languages it
takes one (a draft template exists for each), which locale writes its dates and
numbers, and which facts its form asks for beyond the Art. 33(3) minimum (``asks``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from breachkit.core import schema as s
from breachkit.core.errors import InputError
from breachkit.core.organisation.profile import Need, Organisation, missing_for
from breachkit.core.tomlpos import key_lines, load_toml

# What every notification carries whatever the authority (Art. 33(3)).
BASE_NEEDS = (
    Need("organisation.name", "the controller's identity (Art. 33(3))"),
    Need("organisation.address", "the controller's address"),
    Need(
        "organisation.country", "the main establishment, which decides the lead authority (Art. 56)"
    ),
    Need("dpo.name", "the DPO or other contact point (Art. 33(3)(b))"),
    Need("dpo.email", "how the authority reaches the contact point (Art. 33(3)(b))"),
    Need("dpo.phone", "how the authority reaches the contact point (Art. 33(3)(b))"),
)

NEED_REASONS = {
    "organisation.registration": "the authority identifies the organisation by its {label}",
    "representative.name": "the form has a mandatory legal-representative section",
    "representative.title": "the form has a mandatory legal-representative section",
}


@dataclass(frozen=True, slots=True)
class Authority:
    id: str
    country: str
    short: str
    name: dict[str, str]
    languages: tuple[str, ...]
    address: tuple[str, ...]
    phone: str
    email: str
    website: str
    channel: str
    phased: str
    needs: tuple[Need, ...]
    registration_label: str
    checked: date
    sources: tuple[str, ...]
    unverified: tuple[str, ...]
    channel_kind: str = "other"
    """``portal`` (an account-based web portal), ``form`` (a web form), ``email``, ``other``."""
    filing: str = ""
    """Where the notification is filed: the portal's or form's address, or an e-mail."""
    locales: dict[str, str] = field(default_factory=dict)
    """Language -> locale for dates and numbers (``fr`` -> ``fr_LU``)."""
    asks: tuple[str, ...] = ()
    """Incident facts the authority's form asks for beyond the Art. 33(3) base."""

    def locale_for(self, language: str) -> str:
        return self.locales.get(language, language)

    def name_in(self, language: str) -> str:
        return self.name.get(language) or self.name.get("en") or next(iter(self.name.values()))

    def missing(self, org: Organisation) -> list[Need]:
        return missing_for(org, BASE_NEEDS + self.needs)


def _names(value: Any) -> dict[str, str]:
    if not isinstance(value, dict) or not value:
        raise ValueError("expected a table of language = name")
    for key, item in value.items():
        s.language(key)
        s.nonempty_text(item)
    return dict(value)


def _country(value: Any) -> str:
    return s.country(value) if value else ""


CHANNEL_KINDS = ("portal", "form", "email", "other")
# Facts an authority's form may ask for beyond the Art. 33(3) base (see core.drafts).
ASKABLE = frozenset({"detected_at", "breach.cause", "protection.encryption"})
_LOCALE = re.compile(r"^[a-z]{2}(_[A-Z]{2})?$")


def _channel_kind(value: Any) -> str:
    kind = s.nonempty_text(value)
    if kind not in CHANNEL_KINDS:
        raise ValueError(f"'{kind}' is not a channel kind")
    return kind


def _locales(value: Any) -> dict[str, str]:
    if not isinstance(value, dict):
        raise ValueError('expected a table of language = locale (fr = "fr_LU")')
    for key, item in value.items():
        s.language(key)
        if not isinstance(item, str) or not _LOCALE.match(item) or not item.startswith(key):
            raise ValueError(f"'{item}' is not a locale of '{key}' (e.g. {key}_LU)")
    return dict(value)


def _asks(value: Any) -> tuple[str, ...]:
    items = s.text_list(value)
    for item in items:
        if item not in ASKABLE:
            raise ValueError(f"'{item}' is not a fact a form can ask for")
    return items


FIELDS = [
    s.Field("id", s.nonempty_text, required=True),
    s.Field("country", _country, default=""),
    s.Field("short", s.nonempty_text, required=True),
    s.Field("name", _names, required=True),
    s.Field("languages", s.languages, required=True),
    s.Field("address", s.text_list, default=()),
    s.Field("phone", s.text, default=""),
    s.Field("email", s.email, default=""),
    s.Field("website", s.text, default=""),
    s.Field("channel", s.nonempty_text, required=True),
    s.Field("phased", s.text, default=""),
    s.Field("needs", s.text_list, default=()),
    s.Field("registration_label", s.text, default="registration number"),
    s.Field("checked", s.day, required=True),
    s.Field("sources", s.text_list, default=()),
    s.Field("unverified", s.text_list, default=()),
    s.Field("channel_kind", _channel_kind, default="other", allowed=" | ".join(CHANNEL_KINDS)),
    s.Field("filing", s.text, default=""),
    s.Field("locales", _locales, default={}),
    s.Field("asks", _asks, default=(), allowed=" | ".join(sorted(ASKABLE))),
]
NEEDABLE = {
    "organisation.registration",
    "representative.name",
    "representative.title",
    "organisation.sector",
    "organisation.website",
    "dpo.address",
}


def parse_directory(text: str, source: str) -> dict[str, Authority]:
    """Validate the directory file; raises InputError naming entry, key and line."""
    raw = load_toml(text, source)
    problems = s.Problems(source, key_lines(text))
    top = s.validate_table(
        raw,
        [s.Field("version", s.count, required=True), s.Field("authority", lambda v: v)],
        "",
        problems,
    )
    out: dict[str, Authority] = {}
    for index, entry in enumerate(top["authority"] or []):
        values = s.validate_table(entry, FIELDS, f"authority[{index}]", problems)
        for need in values["needs"]:
            if need not in NEEDABLE:
                problems.add(
                    f"authority[{index}].needs",
                    f"'{need}' is not a profile key (allowed: {', '.join(sorted(NEEDABLE))})",
                )
        for language in values["locales"] or {}:
            if language not in (values["languages"] or ()):
                problems.add(
                    f"authority[{index}].locales",
                    f"'{language}' is not one of the entry's languages",
                )
        if not values["id"] or problems.items:
            continue
        if values["id"] in out:
            problems.add(f"authority[{index}].id", f"'{values['id']}' appears twice")
        label = values.pop("registration_label")
        needs = tuple(
            Need(key, NEED_REASONS.get(key, "the authority's form asks for it").format(label=label))
            for key in values.pop("needs")
        )
        out[values["id"]] = Authority(**values, needs=needs, registration_label=label)
    if problems.items:
        raise InputError(problems.items)
    return out
