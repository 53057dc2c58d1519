"""The words of a notice to a controller, checked when loaded (pure).

Each language has ``notification_templates/notices/<lang>.toml``; every key below is
required and may use only its placeholders, so a missing sentence is an error naming the
file and key when a run starts, never a blank in a notice.
"""

from __future__ import annotations

import string
from collections.abc import Mapping
from dataclasses import dataclass

from breachkit.core.controllers.model import NOTICE_LANGUAGES
from breachkit.core.errors import InputError, Problem
from breachkit.core.tomlpos import key_lines, load_toml


def _plain(*names: str) -> dict[str, frozenset[str]]:
    return dict.fromkeys(names, frozenset())


def _with(names: str, *fields: str) -> dict[str, frozenset[str]]:
    return dict.fromkeys(names.split(), frozenset(fields))


SCHEMA: dict[str, dict[str, frozenset[str]]] = {
    "notice": {
        **_plain("title", "title_complementary", "greeting", "closing", "date"),
        **_plain("our_reference", "your_reference", "colon"),
        **_with("email_subject email_subject_complementary intro", "processor"),
        **_with("greeting_named attention", "name"),
        "intro_contract": frozenset({"processor", "contract"}),
        "intro_complementary": frozenset({"date"}),
        "page": frozenset({"page", "pages"}),
        "sent_to": frozenset({"email"}),
    },
    "heading": _plain(
        "awareness",
        "deadline",
        "what_happened",
        "your_data",
        "consequences",
        "protection",
        "measures_taken",
        "measures_proposed",
        "unknown",
        "contact",
        "ask",
    ),
    "sentence": {
        **_with("aware began detected deadline next_update", "when"),
        **_with("people_own people_incident records_own records_incident", "n"),
        **_with("categories categories_incident systems", "list"),
        **_plain("people_unknown", "categories_unknown", "summary_label"),
        **_plain("consequences_unknown", "measures_taken_none", "measures_proposed_none"),
        **_plain("unknown_intro", "unknown_none", "more_follows", "contact_intro"),
        **_plain("name", "email", "phone", "help"),
        "ask": frozenset({"email"}),
        "untranslated": frozenset({"language"}),
        "processor": frozenset({"processor"}),
        "footer": frozenset({"processor", "id"}),
    },
    "unknown": _plain(
        "exfiltration",
        "occurred",
        "cause",
        "people",
        "people_own",
        "records",
        "records_own",
        "categories",
        "categories_own",
        "consequences",
        "measures",
    ),
    "languages": _plain(*NOTICE_LANGUAGES),
}


@dataclass(frozen=True, slots=True)
class NoticeWords:
    language: str
    locale: str
    tables: Mapping[str, Mapping[str, str]]

    def get(self, table: str, key: str, **values: object) -> str:
        text = self.tables[table][key]
        return text.format(**values) if values else text


def parse_notice_words(text: str, source: str) -> NoticeWords:
    """Check a notice words file; raises InputError naming every problem with its line."""
    raw = load_toml(text, source)
    lines = key_lines(text)
    problems: list[Problem] = []

    def add(key: str, message: str) -> None:
        problems.append(Problem(source, key, message, lines.get(key)))

    language, locale = raw.get("language"), raw.get("locale")
    if not isinstance(language, str) or not isinstance(locale, str):
        add("language", "'language' and 'locale' are required text (e.g. fr, fr_FR)")
    tables: dict[str, dict[str, str]] = {}
    for name, wanted in SCHEMA.items():
        table = raw.get(name)
        if not isinstance(table, dict):
            add(name, f"required table [{name}] is missing")
            continue
        for key, value in table.items():
            if key not in wanted:
                add(f"{name}.{key}", "unknown key")
            elif not isinstance(value, str) or not value.strip():
                add(f"{name}.{key}", "expected non-empty text")
            elif problem := _placeholders(value, wanted[key]):
                add(f"{name}.{key}", problem)
        missing = [k for k in wanted if k not in table]
        for key in missing:
            add(f"{name}.{key}", "required key is missing")
        tables[name] = {k: v for k, v in table.items() if isinstance(v, str)}
    if problems:
        raise InputError(problems)
    return NoticeWords(str(language), str(locale), tables)


def _placeholders(value: str, allowed: frozenset[str]) -> str:
    try:
        used = {f for _, f, _, _ in string.Formatter().parse(value) if f is not None}
    except ValueError as err:
        return f"bad placeholder ({err})"
    unknown = sorted(used - allowed)
    if unknown:
        names = ", ".join(sorted(allowed)) or "none"
        return f"unknown placeholder {{{unknown[0]}}} (allowed: {names})"
    return ""
