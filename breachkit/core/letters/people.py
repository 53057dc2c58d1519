"""The people to write to: the affected-people file's header and rows, checked (pure).

The file is described in the spec (subjects-csv.md). A row that cannot be used becomes
a :class:`BadRow` naming its line and the reason; every other row becomes a
:class:`Person` whose text is clean (NFC, no control characters) and whose language
is settled, so the renderers never meet a surprise.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from breachkit.core.codes import COUNTRIES, COUNTRY_HINTS, LANGUAGES
from breachkit.core.enums import DataCategory
from breachkit.core.errors import InputError, Problem
from breachkit.core.text import email_problem as email_problem  # re-exported

COLUMNS = (
    "name",
    "email",
    "address",
    "postal_code",
    "city",
    "country",
    "language",
    "salutation",
    "reference",
    "categories",
)
"""The columns breachkit reads; any other column is kept as ``subject.extra.NAME``."""

MAX_NAME = 200
MAX_FIELD = 1000
MAX_ADDRESS_LINES = 8
"""Name and street lines, postcode and city, country: what a window envelope can show."""

_SAFE = re.compile(r"[^A-Za-z0-9._-]+")
_ADDRESS_SPLIT = re.compile(r"\r\n|\n|\r|\\n| / ")


@dataclass(frozen=True, slots=True)
class Header:
    """The header row: where each known column is, and the extra columns."""

    columns: tuple[str, ...]
    positions: tuple[tuple[str, int], ...]
    extras: tuple[tuple[str, int], ...] = ()

    def position(self, column: str) -> int | None:
        for name, index in self.positions:
            if name == column:
                return index
        return None


def read_header(fields: Sequence[str], source: str) -> Header:
    """Check the header row; raises InputError naming what is missing or doubled."""
    names = [f.strip().lstrip("\ufeff").strip().lower() for f in fields]
    problems = []
    seen: set[str] = set()
    for name in names:
        if name and name in seen:
            problems.append(Problem(source, name, "this column appears twice", 1))
        seen.add(name)
    if "name" not in seen:
        problems.append(Problem(source, None, "the header has no 'name' column", 1))
    if "email" not in seen and "address" not in seen:
        problems.append(
            Problem(source, None, "the header needs an 'email' or an 'address' column", 1)
        )
    if problems:
        raise InputError(problems)
    known = tuple((n, i) for i, n in enumerate(names) if n in COLUMNS)
    extras = tuple((n, i) for i, n in enumerate(names) if n and n not in COLUMNS)
    return Header(tuple(names), known, extras)


@dataclass(frozen=True, slots=True)
class Person:
    """One person to write to, as the letter and the e-mail will address them."""

    line: int
    name: str
    language: str
    email: str = ""
    address: tuple[str, ...] = ()
    postal_code: str = ""
    city: str = ""
    country: str = ""
    salutation: str = ""
    reference: str = ""
    categories: tuple[DataCategory, ...] = ()
    """The person's own affected data, when the file says (else the incident's)."""
    extra: tuple[tuple[str, str], ...] = field(default=())

    @property
    def has_postal_address(self) -> bool:
        return bool(self.address)

    @property
    def stem(self) -> str:
        """The file name (without suffix): line number, then the reference made safe."""
        return file_stem(self.line, self.reference)


@dataclass(frozen=True, slots=True)
class BadRow:
    line: int
    reason: str


@dataclass(frozen=True, slots=True)
class RowRules:
    """What a row is checked against."""

    default_language: str
    languages: frozenset[str]
    """Languages a letter exists in."""
    categories: frozenset[DataCategory] = frozenset()
    """The incident's data categories; a person's own categories must be among them."""


def file_stem(line: int, reference: str) -> str:
    safe = _SAFE.sub("-", reference).strip("-.")[:40]
    return f"{line:07d}-{safe}" if safe else f"{line:07d}"


def clean(value: str) -> str:
    """Text as it will be printed: NFC (composed letters), inner whitespace kept."""
    return unicodedata.normalize("NFC", value).strip()


def control_characters(value: str) -> bool:
    return any(unicodedata.category(c) in ("Cc", "Cf", "Zl", "Zp") for c in value)


def language_of(value: str, rules: RowRules) -> tuple[str | None, str | None]:
    """(language, None) or (None, reason). Accepts region tags such as fr-BE."""
    code = value.strip().replace("_", "-").split("-")[0].lower()
    if not code:
        return rules.default_language, None
    if code not in LANGUAGES:
        return None, f"'{value.strip()}' is not an ISO 639-1 language code (e.g. fr, da, de)"
    if code not in rules.languages:
        have = ", ".join(sorted(rules.languages))
        return None, (
            f"there is no letter in '{code}' (letters exist in: {have}); add one to your "
            "templates folder or choose another language for this person"
        )
    return code, None


def check_row(header: Header, values: Sequence[str], line: int, rules: RowRules) -> Person | BadRow:
    """A row becomes a Person, or a BadRow that says why it cannot be used."""
    if len(values) > len(header.columns):
        return BadRow(
            line,
            f"{len(values)} fields but the header has {len(header.columns)} "
            "(a value with a comma needs quotes)",
        )

    raw = _raw(header, values)
    if reason := _field_problem(raw):
        return BadRow(line, reason)
    name = " ".join(raw["name"].split())
    if not name:
        return BadRow(line, "no name")
    if len(name) > MAX_NAME:
        return BadRow(line, f"the name is longer than {MAX_NAME} characters")
    email = raw["email"]
    address = tuple(
        " ".join(part.split()) for part in _ADDRESS_SPLIT.split(raw["address"]) if part.strip()
    )
    if not email and not address:
        return BadRow(line, "neither an e-mail address nor a postal address")
    if email and (reason := email_problem(email)):
        return BadRow(line, reason)
    country, reason = _country(raw["country"])
    if reason:
        return BadRow(line, reason)
    if address and 1 + len(address) + 2 > MAX_ADDRESS_LINES:
        return BadRow(
            line,
            f"the postal address has more lines than a window envelope shows "
            f"({MAX_ADDRESS_LINES} with the name, postcode and country)",
        )
    language, reason = language_of(raw["language"], rules)
    if language is None:
        return BadRow(line, reason or "unknown language")
    categories, reason = _categories(raw["categories"], rules)
    if reason:
        return BadRow(line, reason)
    salutation = " ".join(raw["salutation"].split())
    if control_characters(salutation) or control_characters(raw["reference"]):
        return BadRow(line, "the salutation or reference contains a control character")
    extra = tuple((n, clean(values[i]) if i < len(values) else "") for n, i in header.extras)
    return Person(
        line=line,
        name=name,
        language=language,
        email=email,
        address=address,
        postal_code=raw["postal_code"],
        city=raw["city"],
        country=country,
        salutation=salutation,
        reference=" ".join(raw["reference"].split()),
        categories=categories,
        extra=extra,
    )


def _raw(header: Header, values: Sequence[str]) -> dict[str, str]:
    """Every known column's value in the row, cleaned ("" where the row has none)."""

    def get(column: str) -> str:
        index = header.position(column)
        return clean(values[index]) if index is not None and index < len(values) else ""

    return {c: get(c) for c in COLUMNS}


def _field_problem(raw: dict[str, str]) -> str | None:
    """A control character in a one-line field, or a field longer than anyone writes."""
    for column in ("name", "email", "postal_code", "city", "country", "language"):
        if control_characters(raw[column]):
            return f"the {column} contains a line break or a control character"
    for column, value in raw.items():
        if len(value) > MAX_FIELD:
            return f"the {column} is longer than {MAX_FIELD} characters"
    return None


def _country(value: str) -> tuple[str, str | None]:
    """The ISO 3166-1 alpha-2 code in capitals ("" if none), or why it is not one."""
    if not value:
        return "", None
    if value.upper() in COUNTRY_HINTS:
        return "", f"'{value}' is not ISO 3166-1 alpha-2; write {COUNTRY_HINTS[value.upper()]}"
    if value.upper() not in COUNTRIES:
        return "", f"'{value}' is not an ISO 3166-1 alpha-2 country code"
    return value.upper(), None


def _categories(value: str, rules: RowRules) -> tuple[tuple[DataCategory, ...], str | None]:
    if not value:
        return (), None
    out: list[DataCategory] = []
    for code in re.split(r"[;,\s]+", value.strip().lower()):
        if not code:
            continue
        try:
            category = DataCategory(code)
        except ValueError:
            return (), f"'{code}' is not a data category (see the incident file's categories)"
        if rules.categories and category not in rules.categories:
            return (), f"'{code}' is not among the incident's data categories"
        if category not in out:
            out.append(category)
    return tuple(out), None


def default_language(
    authority_languages: Iterable[str],
    organisation_languages: Iterable[str],
    available: Iterable[str],
) -> str:
    """The lead authority's first language the organisation writes (and we have), else en."""
    have = set(available)
    writes = set(organisation_languages)
    for code in authority_languages:
        if (code in writes or not writes) and code in have:
            return code
    return "en"
