"""Redaction for reports handed beyond the response team: names out, structure kept.

What counts as personal data here (see ``docs/review.md``):

* **people breachkit knows by name**: everyone who recorded anything (timeline actors,
  deciders, owners of action items, who added evidence or sent letters), the DPO and the
  legal representative of the organisation profile, names given with ``--redact-name``,
  and names that follow a title in free text (``Mr``, ``Mrs``, ``Ms``, ``Dr``, ``M.``,
  ``Mme``, ``Herr``, ``Frau``, ``Dhr.``, ``Mevr.``, ...). Each person gets one label for the
  whole report: ``DPO``, ``Representative``, or ``Person 1``, ``Person 2``, ... A role
  written in brackets after an actor (``a.schmit (CISO)``) is kept: ``Person 2 (CISO)``.
  In free text a person is found by full name (``Claire Weber``, ``Weber, Claire``),
  initial and surname (``C. Weber``, ``c.weber``, ``cweber``) and any single part of the
  name of three letters or more that is not a common role word; matching ignores case
  and accents (``Muller`` finds ``Müller``).
* **contact data in any text**: e-mail addresses, phone numbers, IBANs and IP addresses
  become ``[e-mail]``, ``[phone]``, ``[IBAN]``, ``[IP address]``.
* owners that are only role words (``IT operations``, ``CISO``, ``Legal``) are not people
  and stay.

Names typed into free text without a title cannot be recognised; give them with
``--redact-name``. Pure: stdlib only.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, fields, is_dataclass, replace
from datetime import date, datetime, timedelta
from enum import Enum
from functools import cache
from typing import Any, TypeVar, cast

from breachkit.core.review.names import (
    AFTER,
    BEFORE,
    fold,
    is_person,
    name_patterns,
    name_tokens,
    split_role,
    titled_names,
)

T = TypeVar("T")

_DIGIT = re.compile(r"\d")
_EMAIL = re.compile(r"[\w.+'-]+@[\w-]+(?:\.[\w-]+)+")
_IBAN = re.compile(r"\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,3})?\b")
_PHONE = re.compile(
    r"(?<![\w+])\+\d[\d\s./()-]{6,}\d(?!\w)|(?<!\w)0\d(?:([ .-]?)\d{2})(?:\1\d{2}){3}(?!\w)"
)
_OCTET = r"(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)"
_IPV4 = re.compile(rf"(?<![\d.]){_OCTET}(?:\.{_OCTET}){{3}}(?![\d]|\.\d)")
_IPV6 = re.compile(
    r"(?<![\w:])(?:[0-9a-fA-F]{1,4}:){7}[0-9a-fA-F]{1,4}(?![\w:])"
    r"|(?<![\w:])(?:[0-9a-fA-F]{1,4}:){1,6}:(?:[0-9a-fA-F]{1,4}(?::[0-9a-fA-F]{1,4})*)?(?![\w:])"
)


@dataclass
class _Person:
    label: str
    key: tuple[str, str]
    names: set[tuple[str, ...]]
    patterns: list[str]


class Redactor:
    """Replaces people's names and contact data; one label per person for the whole report."""

    def __init__(self) -> None:
        self._people: list[_Person] = []
        self._by_key: dict[tuple[str, str], _Person] = {}
        self._numbered = 0
        self._regex: re.Pattern[str] | None = None
        self._group_label: dict[str, str] = {}
        self._persons: dict[str, str] = {}
        """``person()``'s answers, while the set of people stays the same."""
        self._known = 0
        """How many times a name was added: a change empties ``_persons``."""

    # -- who --------------------------------------------------------------------------

    def add(self, name: str, label: str | None = None) -> None:
        """Know ``name`` as a person (labelled ``label``, else the next ``Person N``)."""
        core, _ = split_role(name)
        if "@" in core:
            core = core.split("@", 1)[0]
        tokens = name_tokens(core)
        if not tokens or not is_person(core):
            return
        key = (tokens[0][0] if len(tokens) > 1 else "", tokens[-1])
        person = self._by_key.get(key)
        if person is None:
            if label is None:
                self._numbered += 1
                label = f"Person {self._numbered}"
            person = _Person(label, key, set(), [])
            self._people.append(person)
            self._by_key[key] = person
        elif label is not None and person.label.startswith("Person "):
            person.label = label
        if tuple(tokens) in person.names:
            return
        person.names.add(tuple(tokens))
        person.patterns.extend(p for p in name_patterns(tokens) if p not in person.patterns)
        self._regex = None
        self._known += 1
        self._persons.clear()

    def label_of(self, name: str) -> str | None:
        core, _ = split_role(name)
        if "@" in core:
            core = core.split("@", 1)[0]
        tokens = name_tokens(core)
        if not tokens:
            return None
        key = (tokens[0][0] if len(tokens) > 1 else "", tokens[-1])
        person = self._by_key.get(key)
        return person.label if person else None

    # -- replacing --------------------------------------------------------------------

    def person(self, value: str) -> str:
        """A recorded name as its label, keeping a bracketed role: ``Person 2 (CISO)``."""
        found = self._persons.get(value)  # a timeline names the same few people
        if found is None:
            known = self._known
            found = self._person(value)
            if known == self._known:  # nobody new came in on the way
                self._persons[value] = found
        return found

    def _person(self, value: str) -> str:
        if not value or not is_person(value):
            return self.text(value)
        label = self.label_of(value)
        if label is None:
            self.add(value)
            label = self.label_of(value) or "[name]"
        _, role = split_role(value)
        role = self.text(role)
        if role and role.lower() != label.lower():
            return f"{label} ({role})"
        return label

    def text(self, value: str) -> str:
        """Free text with contact data and every known name replaced."""
        if not value:
            return value
        if "@" in value:
            value = _EMAIL.sub("[e-mail]", value)
        if _DIGIT.search(value):  # the replacements bring no digits in
            value = _IBAN.sub("[IBAN]", value)
            value = _PHONE.sub(_phone, value)
            value = _IPV4.sub("[IP address]", value)
        if ":" in value:
            value = _IPV6.sub(_ipv6, value)
        return self._names(value)

    def _names(self, value: str) -> str:
        regex = self._compiled()
        if regex is None:
            return value
        folded, where = fold(value)
        out: list[str] = []
        last = 0
        for match in regex.finditer(folded):
            start, end = match.span()
            if where is not None:
                start, end = where[start], where[end - 1] + 1
            out.append(value[last:start])
            out.append(f"[{self._group_label[match.lastgroup or '']}]")
            last = end
        if not out:
            return value
        out.append(value[last:])
        return "".join(out)

    def _compiled(self) -> re.Pattern[str] | None:
        if self._regex is not None:
            return self._regex
        alternatives: list[tuple[str, str]] = []
        for person in self._people:
            alternatives.extend((pattern, person.label) for pattern in person.patterns)
        if not alternatives:
            return None
        # Longer patterns first: a full name wins over one of its parts.
        alternatives.sort(key=lambda item: -len(item[0]))
        self._group_label = {}
        parts = []
        for index, (pattern, label) in enumerate(alternatives):
            name = f"p{index}"
            self._group_label[name] = label
            parts.append(f"(?P<{name}>{pattern})")
        self._regex = re.compile(BEFORE + "(?:" + "|".join(parts) + ")" + AFTER)
        return self._regex


def _phone(match: re.Match[str]) -> str:
    digits = sum(ch.isdigit() for ch in match.group(0))
    return "[phone]" if digits >= 8 else match.group(0)


def _ipv6(match: re.Match[str]) -> str:
    text = match.group(0)
    # "12:30::" is not an address; an address has letters or at least three groups.
    if any(ch.isalpha() for ch in text) or text.count(":") >= 3:
        return "[IP address]"
    return text


# -- walking the report ---------------------------------------------------------------------


def _mode(metadata: Any) -> str:
    return str(metadata.get("redact", "text"))


@cache
def _modes(cls: type) -> tuple[tuple[str, str], ...]:
    """(field name, redaction mode) of a dataclass, read once per class."""
    return tuple((f.name, _mode(f.metadata)) for f in fields(cls))


def visit_strings(value: Any, visit: Callable[[str, str], None], mode: str = "text") -> None:
    """Call ``visit(mode, text)`` for every string in ``value`` (dataclasses, tuples)."""
    if isinstance(value, Enum) or value is None:
        return
    if isinstance(value, str):
        visit(mode, value)
    elif is_dataclass(value) and not isinstance(value, type):
        for name, field_mode in _modes(type(value)):
            visit_strings(getattr(value, name), visit, field_mode)
    elif isinstance(value, tuple | list):
        for item in value:
            visit_strings(item, visit, mode)


def transform(value: T, redactor: Redactor, mode: str = "text") -> T:
    """``value`` with every string scrubbed as its field's metadata says."""
    result: Any
    if isinstance(value, Enum | datetime | date | timedelta | int | float) or value is None:
        return value
    if isinstance(value, str):
        if mode == "keep":
            return value
        result = redactor.person(value) if mode == "person" else redactor.text(value)
        return cast(T, result)
    if is_dataclass(value) and not isinstance(value, type):
        changes = {}
        for name, field_mode in _modes(type(value)):
            if field_mode == "keep":
                continue
            old = getattr(value, name)
            new = transform(old, redactor, field_mode)
            if new is not old:
                changes[name] = new
        return replace(value, **changes) if changes else value
    if isinstance(value, tuple):
        result = tuple(transform(item, redactor, mode) for item in value)
        return cast(T, result)
    return value


def build_redactor(
    value: Any,
    *,
    contacts: Sequence[tuple[str, str]] = (),
    extra_names: Iterable[str] = (),
) -> Redactor:
    """A redactor that knows every person in ``value`` and the given contacts and names.

    ``contacts``: (label, name) of people with a role, e.g. ("DPO", "Claire Weber").
    """
    redactor = Redactor()
    for label, name in contacts:
        if name.strip():
            redactor.add(name, label)
    people: list[str] = []
    titled: list[str] = []

    def collect(mode: str, text: str) -> None:
        if mode == "person":
            people.append(text)
        elif mode == "text" and text:
            titled.extend(titled_names(text))

    visit_strings(value, collect)
    for name in dict.fromkeys([*people, *extra_names, *titled]):  # adding twice adds nothing
        redactor.add(name)
    return redactor


def redact(value: T, **kwargs: Any) -> T:
    """``value`` (a report) with the people in it named by labels and contact data removed."""
    return transform(value, build_redactor(value, **kwargs))
