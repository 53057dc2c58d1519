"""The words of the letters, one TOML file per language, checked for completeness (pure).

Every key the content model can choose (:mod:`breachkit.core.letters.plan`) must have
its sentence in every language, and a sentence may only use the placeholders its key
allows (``{organisation}``, ``{date}`` ...). A missing sentence in a letter to a
frightened person is a bug, so it is an error when the file is loaded, not a blank.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from breachkit.core.enums import DataCategory, SubjectGroup
from breachkit.core.errors import InputError, Problem
from breachkit.core.letters.plan import (
    ADVICE,
    CAUSES,
    CONSEQUENCES,
    COUNTRY_ADVICE,
    EXPOSURES,
    MEASURES,
)
from breachkit.core.tomlpos import key_lines, load_toml

_PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")
_SPACES = re.compile(r"[ \t\r\n]+")
"""Runs of ordinary white space; a no-break space (French « : », « ; ») is kept."""
_FILL = re.compile(r"\{([a-z_]+)\}(\.?)")
_AS_IS = {"colon"}
"""Keys whose spaces matter (French puts one before a colon)."""

# section -> key -> placeholders it may use. Sections whose keys come from the model are
# filled in below.
PLAIN: dict[str, dict[str, frozenset[str]]] = {
    "letter": {
        "subject": frozenset(),
        "email_subject": frozenset({"organisation"}),
        "salutation": frozenset({"name"}),
        "intro": frozenset({"organisation"}),
        "data_unknown": frozenset(),
        "closing": frozenset(),
        "date": frozenset(),
        "our_reference": frozenset(),
        "your_reference": frozenset(),
        "page": frozenset({"page", "pages"}),
        "sent_to": frozenset({"email"}),
        "colon": frozenset(),
    },
    "heading": {
        k: frozenset()
        for k in (
            "what_happened",
            "your_data",
            "consequences",
            "what_we_did",
            "what_we_will_do",
            "what_you_can_do",
            "contact",
            "complaint",
        )
    },
    "when": {
        "began": frozenset({"date"}),
        "found": frozenset({"date"}),
        "same_day": frozenset({"date"}),
    },
    "cause": {k: frozenset() for k in CAUSES},
    "exposure": {k: frozenset() for k in EXPOSURES},
    "category": {c.value: frozenset() for c in DataCategory},
    "consequence": {k: frozenset() for k in CONSEQUENCES},
    "measure": {k: frozenset({"authority"}) for k in MEASURES},
    "contact": {
        "text": frozenset(),
        "email": frozenset(),
        "phone": frozenset(),
        "website": frozenset(),
    },
    "complaint": {"text": frozenset(), "also": frozenset()},
    "signatory": {
        k: frozenset() for k in ("dpo", "dpo_feminine", "dpo_masculine", "contact_point")
    },
    "notice": {
        "title": frozenset({"organisation"}),
        "intro": frozenset({"organisation"}),
        "who": frozenset(),
        "who_text": frozenset({"groups"}),
        "who_count": frozenset({"count"}),
        "find_out": frozenset(),
        "published": frozenset({"date"}),
    },
    "group": {g.value: frozenset() for g in SubjectGroup},
}
BLOCKS: dict[str, tuple[str, ...]] = {"advice": ADVICE, "country_advice": COUNTRY_ADVICE}
"""Sections whose entries are tables with a ``title`` and a ``text``."""


@dataclass(frozen=True, slots=True)
class LetterTexts:
    """One language's words. ``sections`` is plain nested data, ready for a template."""

    language: str
    locale: str
    name: str
    sections: Mapping[str, Mapping[str, Any]]

    def get(self, section: str, key: str) -> str:
        value = self.sections[section][key]
        return str(value)


def parse_texts(text: str, source: str, language: str) -> LetterTexts:
    """Check a language file; raises InputError naming every missing or wrong key."""
    raw = load_toml(text, source)
    lines = key_lines(text)
    problems: list[Problem] = []

    def add(key: str, message: str) -> None:
        problems.append(Problem(source, key, message, lines.get(key)))

    if raw.get("language") != language:
        add("language", f"must be '{language}' (the file's name says so)")
    locale = raw.get("locale", language)
    if not isinstance(locale, str) or not re.fullmatch(r"[a-z]{2}(_[A-Z]{2})?", locale):
        add("locale", "must be a locale such as fr or fr_BE")
    sections: dict[str, dict[str, Any]] = {}
    for section, keys in PLAIN.items():
        table = raw.get(section)
        if not isinstance(table, dict):
            add(section, f"the [{section}] table is missing")
            continue
        sections[section] = {}
        for key, allowed in keys.items():
            value = table.get(key)
            where = f"{section}.{key}"
            if not isinstance(value, str) or not value.strip():
                add(where, "missing or empty")
                continue
            for name in _PLACEHOLDER.findall(value):
                if name not in allowed:
                    ok = ", ".join("{" + a + "}" for a in sorted(allowed)) or "none"
                    add(where, f"{{{name}}} is not allowed here (allowed: {ok})")
            sections[section][key] = value if key in _AS_IS else squash(value)
    for section, names in BLOCKS.items():
        table = raw.get(section)
        if not isinstance(table, dict):
            add(section, f"the [{section}] tables are missing")
            continue
        sections[section] = {}
        for key in names:
            entry = table.get(key)
            where = f"{section}.{key}"
            if not isinstance(entry, dict):
                add(where, "missing")
                continue
            block = {}
            for part in ("title", "text"):
                value = entry.get(part)
                if not isinstance(value, str) or not value.strip():
                    add(f"{where}.{part}", "missing or empty")
                elif _PLACEHOLDER.search(value):
                    add(f"{where}.{part}", "placeholders are not allowed in advice")
                else:
                    block[part] = squash(value)
            sections[section][key] = block
    if problems:
        raise InputError(problems)
    return LetterTexts(language, str(locale), str(raw.get("name", language)), sections)


def squash(value: str) -> str:
    """One line, single spaces; no-break spaces stay (they keep « : » with its word)."""
    return _SPACES.sub(" ", value).strip()


def fill(template: str, **values: object) -> str:
    """Put values into ``{name}`` placeholders; a placeholder without a value is an error."""

    def one(match: re.Match[str]) -> str:
        name, dot = match.group(1), match.group(2)
        if name not in values:
            raise KeyError(f"no value for {{{name}}} in '{template}'")
        value = str(values[name])
        # "... at Example S.A.." : a value that ends a sentence with its own full stop.
        return value if dot and value.endswith(".") else value + dot

    return _FILL.sub(one, template)


@dataclass(frozen=True, slots=True)
class CustomText:
    """The organisation's own words for one language (``--text FILE``).

    The incident file's free text (measures, consequences) is written in one language,
    for the authority. Letters go out in many, so breachkit does not print that text;
    these translations, when given, are printed instead or in addition.
    """

    what_happened: str = ""
    """Replaces the standard sentence about the cause."""
    consequences: str = ""
    measures: tuple[str, ...] = ()


def parse_custom(text: str, source: str, languages: frozenset[str]) -> dict[str, CustomText]:
    """``[fr] what_happened = "..." measures = ["..."] consequences = "..."`` per language."""
    raw = load_toml(text, source)
    lines = key_lines(text)
    problems: list[Problem] = []
    out: dict[str, CustomText] = {}
    for language, table in raw.items():
        if language not in languages:
            have = ", ".join(sorted(languages))
            problems.append(
                Problem(
                    source,
                    language,
                    f"no letter in '{language}' (letters: {have})",
                    lines.get(language),
                )
            )
            continue
        if not isinstance(table, dict):
            problems.append(Problem(source, language, "expected a table", lines.get(language)))
            continue
        unknown = set(table) - {"what_happened", "consequences", "measures"}
        for key in sorted(unknown):
            where = f"{language}.{key}"
            problems.append(
                Problem(
                    source,
                    where,
                    "unknown key (allowed: what_happened, consequences, measures)",
                    lines.get(where),
                )
            )
        measures = table.get("measures", [])
        if not isinstance(measures, list) or not all(isinstance(m, str) for m in measures):
            where = f"{language}.measures"
            problems.append(
                Problem(source, where, "expected a list of sentences", lines.get(where))
            )
            measures = []
        texts = {}
        for key in ("what_happened", "consequences"):
            value = table.get(key, "")
            if not isinstance(value, str):
                where = f"{language}.{key}"
                problems.append(Problem(source, where, "expected text", lines.get(where)))
                value = ""
            texts[key] = " ".join(value.split())
        out[language] = CustomText(
            texts["what_happened"],
            texts["consequences"],
            tuple(" ".join(m.split()) for m in measures if m.strip()),
        )
    if problems:
        raise InputError(problems)
    return out
