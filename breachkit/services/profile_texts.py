"""The profile form's texts in other languages: ``[text.LL] sector`` and ``dpo_title``.

A draft prints the sector in its own language (``Organisation.sector_in``) and the
contact point's title (``dpo_title_in``); the form asks for them in each language a
draft of the lead authority may be written in, each language the organisation writes
in, each language the file already has a table for, and any language the DPO adds. The
form's value keys are ``text.LL.sector`` and ``text.LL.dpo_title``; empty is "not
stated" (the draft's fallback and its missing item stay).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from breachkit.core import schema as s
from breachkit.core.incident.text import language_name
from breachkit.core.organisation.authorities import Authority
from breachkit.core.organisation.profile import Organisation

TEXT_NAMES = {"sector": "Sector", "dpo_title": "DPO: own title"}
"""The keys of a ``[text.LL]`` table the form shows, and their labels."""
_KEY = re.compile(r"^text\.([^.]+)\.([a-z_]+)$")


@dataclass(frozen=True, slots=True)
class TextLanguage:
    """A language the form asks the sector and the DPO title in, and who reads it."""

    code: str
    name: str
    """``French``; the code in quotes for a language breachkit has no name for."""
    authorities: tuple[str, ...]
    """The directory's authorities taking drafts in it (short names, the lead first)."""
    lead: bool
    """The lead authority takes drafts in it."""


def text_key(code: str, name: str) -> str:
    return f"text.{code}.{name}"


def split_key(key: str) -> tuple[str, str] | None:
    """``text.fr.sector`` -> (``fr``, ``sector``); None for another key."""
    found = _KEY.match(key)
    if found is None or found.group(2) not in TEXT_NAMES:
        return None
    return found.group(1), found.group(2)


def text_label(key: str) -> str:
    """``text.fr.sector`` -> ``Sector in French``; ``text.xx`` -> ``Texts in 'xx'``."""
    parts = split_key(key)
    if parts is None:
        return f"Texts in {language_name(key.split('.')[1])}" if key.count(".") == 1 else key
    return f"{TEXT_NAMES[parts[1]]} in {language_name(parts[0])}"


def text_values(org: Organisation | None) -> dict[str, str]:
    """The form's values of ``org``'s ``[text.LL]`` tables (what is stated only)."""
    out = {}
    for text in org.texts if org is not None else ():
        for name in TEXT_NAMES:
            if value := getattr(text, name):
                out[text_key(text.language, name)] = value
    return out


def text_document(values: Mapping[str, str]) -> dict[str, dict[str, str]]:
    """The ``[text]`` table the typed ``values`` make (empty values kept: "not stated")."""
    out: dict[str, dict[str, str]] = {}
    for key, value in values.items():
        if parts := split_key(key):
            out.setdefault(parts[0], {})[parts[1]] = value.strip()
    return out


def language_problem(code: str) -> str | None:
    """Why ``code`` cannot be a language the form adds, or None."""
    try:
        s.language(code)
    except ValueError as err:
        return str(err)
    return None


def text_languages(
    values: Mapping[str, str], authorities: Mapping[str, Authority], extra: Iterable[str] = ()
) -> list[TextLanguage]:
    """The languages the form asks the texts in (see the module docstring), in order: the
    lead authority's, the organisation's, the file's, then ``extra``. The profile's own
    text language is left out unless the file or the DPO gives a table for it."""
    lead = authorities.get(values.get("authority.lead", ""))
    own = values.get("organisation.text_language", "").strip() or "en"
    stated = [parts[0] for key in values if (parts := split_key(key))]
    wanted = [
        *(lead.languages if lead else ()),
        *_codes(values.get("organisation.languages", "")),
    ]
    codes = [c for c in wanted if c != own] + stated + list(extra)
    out = []
    for code in dict.fromkeys(c for c in codes if language_problem(c) is None):
        taking = [a for a in authorities.values() if code in a.languages and a.id != "generic"]
        taking.sort(key=lambda a: a is not lead)
        shorts = tuple(a.short + (" (lead)" if a is lead else "") for a in taking)
        out.append(
            TextLanguage(
                code, language_name(code), shorts, lead is not None and code in lead.languages
            )
        )
    return out


def _codes(text: str) -> list[str]:
    return [part for part in re.split(r"[,\s]+", text.strip()) if part]


def uses(language: TextLanguage, own_language: str) -> str:
    """What a language's texts are for, in a line."""
    where = (
        f"drafts to {', '.join(language.authorities)}"
        if language.authorities
        else "no authority in the directory takes drafts in it"
    )
    if language.code == (own_language.strip() or "en"):
        where += " · the sector above is already in this language"
    return where


def flat_tables(doc: Mapping[str, Any]) -> dict[str, dict[str, Any]]:
    """``doc`` with ``text`` as one table per language (``text.fr``), as a file writes it."""
    out = {}
    for table, keys in doc.items():
        if table == "text":
            out.update({f"text.{code}": dict(values) for code, values in keys.items()})
        else:
            out[table] = dict(keys)
    return out
