"""A small declarative validator for the TOML contracts (incident file, organisation profile).

Each table is a list of :class:`Field`. Validation collects every problem (unknown key,
wrong type, value outside its vocabulary, bad time or zone) instead of stopping at the
first, so a responder fixes a file in one pass.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from typing import Any

from breachkit.core.codes import COUNTRIES, COUNTRY_HINTS, LANGUAGES
from breachkit.core.errors import Problem
from breachkit.core.text import email_problem, line_problem, text_problem

Checker = Callable[[Any], Any]
"""Turns a raw TOML value into the model's value, or raises ValueError with a reason."""


@dataclass(frozen=True, slots=True)
class Field:
    name: str
    check: Checker
    required: bool = False
    default: Any = None
    allowed: str = ""
    """What is allowed, for the error message (``one of: a | b``)."""


class Problems:
    """Collects problems with their lines for one source."""

    def __init__(self, source: str, lines: Mapping[str, int]) -> None:
        self.source = source
        self.lines = lines
        self.items: list[Problem] = []

    def add(self, key: str | None, message: str) -> None:
        line = None
        if key is not None:
            probe = key
            while probe and line is None:
                line = self.lines.get(probe)
                probe = probe.rpartition(".")[0]
        self.items.append(Problem(self.source, key, message, line))


def validate_table(
    raw: Any, fields: list[Field], prefix: str, problems: Problems
) -> dict[str, Any]:
    """Check one table; returns converted values (defaults for absent keys)."""
    where = prefix or "the top level"
    if not isinstance(raw, dict):
        problems.add(prefix or None, f"expected a table at {where}, got {_type_name(raw)}")
        raw = {}
    by_name = {f.name: f for f in fields}
    out: dict[str, Any] = {}
    for key in raw:
        if key not in by_name:
            path = f"{prefix}.{key}" if prefix else key
            problems.add(path, f"unknown key; allowed here: {', '.join(by_name)}")
    for spec in fields:
        path = f"{prefix}.{spec.name}" if prefix else spec.name
        if spec.name not in raw:
            if spec.required:
                problems.add(path, "required key is missing" + _allowed(spec))
            out[spec.name] = spec.default
            continue
        try:
            out[spec.name] = spec.check(raw[spec.name])
        except ValueError as err:
            problems.add(path, f"{err}{_allowed(spec)}")
            out[spec.name] = spec.default
    return out


def _allowed(spec: Field) -> str:
    return f" (allowed: {spec.allowed})" if spec.allowed else ""


def _type_name(value: Any) -> str:
    return {
        bool: "a boolean",
        int: "an integer",
        float: "a number",
        str: "a string",
        list: "a list",
        dict: "a table",
    }.get(type(value), type(value).__name__)


# -- checkers -------------------------------------------------------------------------


def text(value: Any) -> str:
    """Free text (a summary, a note): kept as written; shown with controls made visible."""
    if not isinstance(value, str):
        raise ValueError(f"expected a string, got {_type_name(value)}")
    problem = text_problem(value)
    if problem:
        raise ValueError(problem)
    return value


def nonempty_text(value: Any) -> str:
    result = text(value).strip()
    if not result:
        raise ValueError("must not be empty")
    return result


def line(value: Any) -> str:
    """One line (a name, a title, a phone number): no control characters, no line break."""
    if not isinstance(value, str):
        raise ValueError(f"expected a string, got {_type_name(value)}")
    problem = line_problem(value)
    if problem:
        raise ValueError(problem)
    return value


def nonempty_line(value: Any) -> str:
    result = line(value).strip()
    if not result:
        raise ValueError("must not be empty")
    return result


def boolean(value: Any) -> bool:
    if not isinstance(value, bool):
        raise ValueError(f"expected true or false, got {_type_name(value)}")
    return value


def count(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(f"expected a whole number, got {_type_name(value)}")
    if value < 0:
        raise ValueError("must not be negative")
    return value


def number(value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError(f"expected a number, got {_type_name(value)}")
    if value < 0:
        raise ValueError("must not be negative")
    return float(value)


def text_list(value: Any) -> tuple[str, ...]:
    if not isinstance(value, list):
        raise ValueError(f"expected a list of strings, got {_type_name(value)}")
    for item in value:
        if not isinstance(item, str):
            raise ValueError(f"expected a list of strings, found {_type_name(item)}")
        text(item)
    return tuple(item for item in value if item.strip())


def lines_of(value: Any) -> tuple[str, ...]:
    """An address: a list of lines, or one string with lines separated by newlines."""
    if isinstance(value, str):
        value = value.replace("\r\n", "\n").split("\n")
    items = text_list(value)
    return tuple(line(item).strip() for item in items if item.strip())


def choice(enum: type[StrEnum]) -> Checker:
    def check(value: Any) -> StrEnum:
        if not isinstance(value, str):
            raise ValueError(f"expected a string, got {_type_name(value)}")
        try:
            return enum(value)
        except ValueError:
            raise ValueError(f"'{value}' is not allowed") from None

    return check


def choices(enum: type[StrEnum], *, nonempty: bool = False) -> Checker:
    one = choice(enum)

    def check(value: Any) -> tuple[StrEnum, ...]:
        if not isinstance(value, list):
            raise ValueError(f"expected a list, got {_type_name(value)}")
        if nonempty and not value:
            raise ValueError("must name at least one")
        out: list[StrEnum] = []
        for item in value:
            member = one(item)
            if member not in out:
                out.append(member)
        return tuple(out)

    return check


def allowed_values(enum: type[StrEnum]) -> str:
    return " | ".join(member.value for member in enum)


def day(value: Any) -> date:
    """A calendar date: a TOML date or YYYY-MM-DD text (not a date-time)."""
    if isinstance(value, datetime):
        raise ValueError("expected a date without a time (YYYY-MM-DD)")
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(text(value))
    except ValueError:
        raise ValueError(f"'{value}' is not a date (YYYY-MM-DD)") from None


def country(value: Any) -> str:
    code = text(value).strip()
    if code.upper() in COUNTRY_HINTS:
        raise ValueError(f"'{code}' is not ISO 3166-1 alpha-2; write {COUNTRY_HINTS[code.upper()]}")
    if code not in COUNTRIES:
        if code.upper() in COUNTRIES:
            raise ValueError(f"'{code}' must be upper case: {code.upper()}")
        raise ValueError(f"'{code}' is not an ISO 3166-1 alpha-2 country code (e.g. LU, FR, DK)")
    return code


def countries(value: Any) -> tuple[str, ...]:
    if not isinstance(value, list):
        raise ValueError(f"expected a list of country codes, got {_type_name(value)}")
    out: list[str] = []
    for item in value:
        code = country(item)
        if code not in out:
            out.append(code)
    return tuple(out)


def language(value: Any) -> str:
    code = text(value).strip()
    if code not in LANGUAGES:
        raise ValueError(f"'{code}' is not an ISO 639-1 language code (e.g. fr, en, da, nl, de)")
    return code


def language_tables(
    raw: Any, fields: list[Field], problems: Problems
) -> list[tuple[str, dict[str, Any]]]:
    """``[text.LL]`` tables (an incident's or a profile's texts in other languages): the
    language code and the checked values of each table that is one."""
    if raw is None:
        return []
    if not isinstance(raw, dict):
        problems.add("text", "expected tables such as [text.fr] (one per language)")
        return []
    out = []
    for key, table in raw.items():
        where = f"text.{key}"
        try:
            code = language(key)
        except ValueError as err:
            problems.add(where, f"{err}: write one table per language, e.g. [text.fr]")
            continue
        if not isinstance(table, dict):
            problems.add(where, f"expected a table with {', '.join(f.name for f in fields)}")
            continue
        out.append((code, validate_table(table, fields, where, problems)))
    return out


def languages(value: Any) -> tuple[str, ...]:
    if not isinstance(value, list):
        raise ValueError(f"expected a list of language codes, got {_type_name(value)}")
    return tuple(dict.fromkeys(language(item) for item in value))


def email(value: Any) -> str:
    address = line(value).strip()
    if address and (problem := email_problem(address)):
        raise ValueError(problem)
    return address
