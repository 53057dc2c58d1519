"""The controllers file (spec controllers-csv.md), read row by row (pure).

One row per controller a processor must tell (GDPR Art. 33(2)). A row that cannot be
used becomes a :class:`~breachkit.core.letters.people.BadRow` naming its line and the
reason, and never stops the others. A :class:`Controller` is clean text (NFC, no
control characters), its language settled, its own figures checked; it can be put on
the chain as a document and read back (:meth:`Controller.document`, :func:`from_document`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from breachkit.core.codes import COUNTRIES, COUNTRY_HINTS
from breachkit.core.enums import DataCategory
from breachkit.core.errors import InputError, Problem
from breachkit.core.letters.people import (
    MAX_ADDRESS_LINES,
    MAX_FIELD,
    MAX_NAME,
    BadRow,
    clean,
    control_characters,
    email_problem,
)

NOTICE_LANGUAGES = ("en", "fr", "de", "da", "nl")
"""The languages a notice to a controller is written in."""
COLUMNS = (
    "id",
    "name",
    "email",
    "contact_name",
    "address",
    "postal_code",
    "city",
    "country",
    "language",
    "window_hours",
    "contract_reference",
    "people",
    "records",
    "categories",
    "systems",
)
COUNTRY_LANGUAGE = {
    "LU": "fr",
    "FR": "fr",
    "MC": "fr",
    "DE": "de",
    "AT": "de",
    "LI": "de",
    "DK": "da",
    "NL": "nl",
    "GB": "en",
    "IE": "en",
    "MT": "en",
}
"""A country's language for notices; elsewhere (BE, CH: several) English unless stated."""
MAX_WINDOW_HOURS = 24 * 30
_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")
_SPLIT_ADDRESS = re.compile(r"\r\n|\n|\r|\\n| / ")
_SPLIT_LIST = re.compile(r"\s*;\s*")


@dataclass(frozen=True, slots=True)
class Controller:
    """One controller to tell, with its own figures where they differ from the incident's."""

    line: int
    id: str
    name: str
    language: str
    email: str = ""
    contact_name: str = ""
    address: tuple[str, ...] = ()
    postal_code: str = ""
    city: str = ""
    country: str = ""
    window_hours: float | None = None
    """The contract's notice window; None: the profile's, else "without undue delay"."""
    contract_reference: str = ""
    people: int | None = None
    records: int | None = None
    categories: tuple[str, ...] = ()
    systems: tuple[str, ...] = ()

    def document(self) -> dict[str, Any]:
        """The controller as JSON-ready values (for the chain and the notice's JSON)."""
        return {
            "line": self.line,
            "id": self.id,
            "name": self.name,
            "language": self.language,
            "email": self.email,
            "contact_name": self.contact_name,
            "address": list(self.address),
            "postal_code": self.postal_code,
            "city": self.city,
            "country": self.country,
            "window_hours": self.window_hours,
            "contract_reference": self.contract_reference,
            "people": self.people,
            "records": self.records,
            "categories": list(self.categories),
            "systems": list(self.systems),
        }


def from_document(values: Mapping[str, Any]) -> Controller:
    """A controller from :meth:`Controller.document`'s values (as stored on the chain)."""
    window = values.get("window_hours")
    return Controller(
        line=int(values.get("line", 0)),
        id=str(values["id"]),
        name=str(values.get("name", "")),
        language=str(values.get("language", "en")),
        email=str(values.get("email", "")),
        contact_name=str(values.get("contact_name", "")),
        address=tuple(str(v) for v in values.get("address", ())),
        postal_code=str(values.get("postal_code", "")),
        city=str(values.get("city", "")),
        country=str(values.get("country", "")),
        window_hours=None if window is None else float(window),
        contract_reference=str(values.get("contract_reference", "")),
        people=_optional_int(values.get("people")),
        records=_optional_int(values.get("records")),
        categories=tuple(str(v) for v in values.get("categories", ())),
        systems=tuple(str(v) for v in values.get("systems", ())),
    )


def _optional_int(value: Any) -> int | None:
    return None if value is None else int(value)


@dataclass(frozen=True, slots=True)
class ControllersHeader:
    columns: tuple[str, ...]

    def get(self, values: Sequence[str], column: str) -> str:
        try:
            index = self.columns.index(column)
        except ValueError:
            return ""
        return clean(values[index]) if index < len(values) else ""


def read_header(fields: Sequence[str], source: str) -> ControllersHeader:
    """Check the header row; raises InputError naming what is missing or doubled."""
    names = [f.strip().lstrip("\ufeff").strip().lower() for f in fields]
    problems = []
    seen: set[str] = set()
    for name in names:
        if name and name in seen:
            problems.append(Problem(source, name, "this column appears twice", 1))
        seen.add(name)
    for required in ("id", "name"):
        if required not in seen:
            problems.append(Problem(source, None, f"the header has no '{required}' column", 1))
    if "email" not in seen and "address" not in seen:
        problems.append(
            Problem(source, None, "the header needs an 'email' or an 'address' column", 1)
        )
    if problems:
        raise InputError(problems)
    return ControllersHeader(tuple(names))


@dataclass(frozen=True, slots=True)
class Controllers:
    """The rows that can be used, and those that cannot (by line)."""

    controllers: tuple[Controller, ...]
    bad_rows: tuple[BadRow, ...]

    def get(self, controller_id: str) -> Controller | None:
        return next((c for c in self.controllers if c.id == controller_id), None)


def read_controllers(
    header: ControllersHeader, rows: Iterable[tuple[int, Sequence[str]]]
) -> Controllers:
    """Every row checked; a second row with an id already used is a bad row."""
    good: list[Controller] = []
    bad: list[BadRow] = []
    seen: dict[str, int] = {}
    for line, values in rows:
        found = check_row(header, values, line)
        if isinstance(found, Controller) and found.id.casefold() in seen:
            first = seen[found.id.casefold()]
            found = BadRow(line, f"the id '{found.id}' is already used on line {first}")
        if isinstance(found, BadRow):
            bad.append(found)
        else:
            seen[found.id.casefold()] = line
            good.append(found)
    return Controllers(tuple(good), tuple(bad))


def check_row(header: ControllersHeader, values: Sequence[str], line: int) -> Controller | BadRow:
    """A row becomes a Controller, or a BadRow that says why it cannot be used."""
    if len(values) > len(header.columns):
        return BadRow(
            line,
            f"{len(values)} fields but the header has {len(header.columns)} "
            "(a value with a comma needs quotes)",
        )
    raw = {c: header.get(values, c) for c in COLUMNS}
    reason = _text_problem(raw)
    if reason:
        return BadRow(line, reason)
    controller_id, name, email = raw["id"], " ".join(raw["name"].split()), raw["email"]
    address = tuple(" ".join(p.split()) for p in _SPLIT_ADDRESS.split(raw["address"]) if p.strip())
    checks = (
        (not controller_id, "no id"),
        (
            bool(controller_id) and not _ID.match(controller_id),
            f"the id '{controller_id}' may hold only letters, digits, '.', '_' and '-' "
            "(64 at most, starting with a letter or digit)",
        ),
        (not name, "no name"),
        (len(name) > MAX_NAME, f"the name is longer than {MAX_NAME} characters"),
        (not email and not address, "neither an e-mail address nor a postal address"),
        (
            1 + len(address) + 2 > MAX_ADDRESS_LINES,
            "the postal address has more lines than a window envelope shows",
        ),
    )
    for failed, why in checks:
        if failed:
            return BadRow(line, why)
    if email and (problem := email_problem(email)):
        return BadRow(line, problem)
    return _finish(line, raw, controller_id, name, address)


def _finish(
    line: int, raw: dict[str, str], controller_id: str, name: str, address: tuple[str, ...]
) -> Controller | BadRow:
    country, reason = _country(raw["country"])
    if reason:
        return BadRow(line, reason)
    language, reason = _language(raw["language"], country)
    if reason:
        return BadRow(line, reason)
    window, reason = _window(raw["window_hours"])
    if reason:
        return BadRow(line, reason)
    people, reason = _count(raw["people"], "people")
    if reason:
        return BadRow(line, reason)
    records, reason = _count(raw["records"], "records")
    if reason:
        return BadRow(line, reason)
    categories, reason = _categories(raw["categories"])
    if reason:
        return BadRow(line, reason)
    return Controller(
        line=line,
        id=controller_id,
        name=name,
        language=language,
        email=raw["email"],
        contact_name=" ".join(raw["contact_name"].split()),
        address=address,
        postal_code=raw["postal_code"],
        city=raw["city"],
        country=country,
        window_hours=window,
        contract_reference=" ".join(raw["contract_reference"].split()),
        people=people,
        records=records,
        categories=categories,
        systems=tuple(s for s in _SPLIT_LIST.split(raw["systems"]) if s),
    )


def _text_problem(raw: dict[str, str]) -> str | None:
    for column, value in raw.items():
        if column != "address" and control_characters(value):
            return f"the {column} contains a line break or a control character"
        if len(value) > MAX_FIELD:
            return f"the {column} is longer than {MAX_FIELD} characters"
    return None


def _country(value: str) -> tuple[str, str | None]:
    if not value:
        return "", None
    code = value.upper()
    if code in COUNTRY_HINTS:
        return "", f"'{value}' is not ISO 3166-1 alpha-2; write {COUNTRY_HINTS[code]}"
    if code not in COUNTRIES:
        return "", f"'{value}' is not an ISO 3166-1 alpha-2 country code"
    return code, None


def _language(value: str, country: str) -> tuple[str, str | None]:
    code = value.strip().replace("_", "-").split("-")[0].lower()
    if not code:
        return COUNTRY_LANGUAGE.get(country, "en"), None
    if code not in NOTICE_LANGUAGES:
        have = ", ".join(NOTICE_LANGUAGES)
        return "", f"there is no notice in '{value.strip()}' (notices exist in: {have})"
    return code, None


def _window(value: str) -> tuple[float | None, str | None]:
    if not value:
        return None, None
    try:
        hours = float(value.replace(",", "."))
    except ValueError:
        return None, f"the window_hours '{value}' is not a number of hours"
    if not 0 < hours <= MAX_WINDOW_HOURS:
        return None, f"the window_hours must be more than 0 and at most {MAX_WINDOW_HOURS}"
    return (int(hours) if hours.is_integer() else hours), None


def _count(value: str, column: str) -> tuple[int | None, str | None]:
    if not value:
        return None, None
    digits = value.replace(" ", "").replace("\u202f", "").replace("\u00a0", "")
    if not digits.isdigit() or not digits.isascii():
        return None, f"the {column} '{value}' is not a whole number ≥ 0"
    return int(digits), None


def _categories(value: str) -> tuple[tuple[str, ...], str | None]:
    out: list[str] = []
    for code in _SPLIT_LIST.split(value.strip().lower()):
        if not code:
            continue
        try:
            DataCategory(code)
        except ValueError:
            return (), f"'{code}' is not a data category (see the incident file's categories)"
        if code not in out:
            out.append(code)
    return tuple(out), None
