"""Deadline rules as versioned data: what each clock counts from, how long, under which law.

A rules file (``breachkit/rules/clocks.toml``) holds ``[[clock]]`` entries. Several
entries may share an id: each is in force from ``effective_from`` (a date, inclusive)
until ``effective_until`` (exclusive; absent = open-ended). A change of law is a new
entry with a later ``effective_from``: the entry in force is the one with the latest
``effective_from`` not after the day of awareness (in the incident's zone), so a newer
entry supersedes an older one without editing it. An entry may be limited to one lead
authority (``authority = "cnil"``); such an entry wins over the general one for that
authority. ``parse_rules`` checks everything and raises ``InputError`` naming the file,
line and key.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from datetime import date
from typing import Any, Literal

from breachkit.core import schema as s
from breachkit.core.clocks.ids import CLOCK_IDS, Recipient
from breachkit.core.enums import Role
from breachkit.core.errors import InputError, Problem
from breachkit.core.tomlpos import decode_error_line

__all__ = ["CLOCK_IDS", "ClockRule", "Offset", "RuleSet", "parse_rules"]

REGIMES = ("gdpr", "nis2", "eprivacy", "dora")
FACT_ANCHORS = (
    "awareness",
    "incident_awareness",
    "detection",
    "controller_informed",
    "high_risk",
    "major_classification",
    "people_told",
)
FILING_PREFIXES = ("filing:", "last_filing:")
"""``filing:ID`` = the first filing for clock ID; ``last_filing:ID`` = its latest one."""

Unit = Literal["hours", "days", "months"]
_UNITS: dict[str, Unit] = {"hour": "hours", "day": "days", "month": "months"}
_OFFSET = re.compile(r"^\s*(\d+)\s*(hours?|days?|months?)\s*$")
_ENTRY = re.compile(r"^\s*\[\[\s*clock\s*\]\]\s*(#.*)?$")
_TABLE = re.compile(r"^\s*\[+\s*([A-Za-z0-9_.\-]*)")
_KEY = re.compile(r"^\s*([A-Za-z0-9_\-]+)\s*=")


@dataclass(frozen=True, slots=True)
class Offset:
    """A period: whole hours (elapsed), calendar days or calendar months."""

    amount: int
    unit: Unit

    def __str__(self) -> str:
        word = self.unit if self.amount != 1 else self.unit[:-1]
        return f"{self.amount} {word}"


@dataclass(frozen=True, slots=True)
class ClockRule:
    """One versioned rule for one clock (one ``[[clock]]`` entry)."""

    id: str
    title: str
    basis: str
    regime: str
    anchor: str
    offset: Offset | None
    """None: no fixed period ("without undue delay"); see ``duty``."""
    due_soon_hours: float
    effective_from: date
    source: str
    recipient: Recipient = Recipient.AUTHORITY
    """Who receives the filing that stops this clock."""
    effective_until: date | None = None
    notes: str = ""
    roles: tuple[str, ...] = ()
    """Roles the clock applies to (incident ``role``); empty = every role."""
    authority: str = ""
    """Lead-authority id this entry is limited to; empty = any authority."""
    processor_anchor: str = ""
    fallback_anchor: str = ""
    cap_anchor: str = ""
    cap_offset: Offset | None = None
    cap_due_soon_hours: float | None = None
    option_1182_71: bool = False
    contractual_window: bool = False
    met_by: str = ""
    duty: str = "without undue delay"
    recommended_by: str = ""
    """Set when the period is an authority's recommendation, not law ("the CNIL"): the
    clock then shows the time as recommended and is never overdue or late."""
    if_overdue: str = "file it now"
    """What to do once the due time has passed, in the clock's own regime's terms."""
    late_reasons: str = ""
    """The rule that a late first filing gives its reasons ("GDPR Art. 33(1) requires the
    reasons for the delay"); empty when the law asks for none."""
    applies_if: str = ""
    """The clock applies only once its anchor is recorded ("the incident is classified as
    major"): until then it is pending and shows no due time."""

    def in_force_on(self, day: date) -> bool:
        return self.effective_from <= day and (
            self.effective_until is None or day < self.effective_until
        )


@dataclass(frozen=True)
class RuleSet:
    """All rule versions of a rules file; ``select`` picks the one in force."""

    rules: tuple[ClockRule, ...]
    source: str = ""

    @property
    def ids(self) -> tuple[str, ...]:
        present = {rule.id for rule in self.rules}
        return tuple(clock_id for clock_id in CLOCK_IDS if clock_id in present)

    def select(self, clock_id: str, day: date, authority: str = "") -> ClockRule | None:
        """The entry for ``clock_id`` in force on ``day`` (authority-specific first)."""
        candidates = [r for r in self.rules if r.id == clock_id and r.in_force_on(day)]
        specific = [r for r in candidates if authority and r.authority == authority]
        pool = specific or [r for r in candidates if not r.authority]
        return max(pool, key=lambda r: r.effective_from, default=None)

    def in_force(self, day: date, authority: str = "") -> dict[str, ClockRule]:
        """Every clock's entry in force on ``day``, by id, in ``CLOCK_IDS`` order."""
        chosen = {cid: self.select(cid, day, authority) for cid in CLOCK_IDS}
        return {cid: rule for cid, rule in chosen.items() if rule is not None}

    def by_recipient(self) -> dict[str, tuple[str, ...]]:
        """The clocks each recipient's filings stop, in ``CLOCK_IDS`` order (any version)."""
        found: dict[str, list[str]] = {}
        for clock_id in self.ids:
            for recipient in dict.fromkeys(r.recipient for r in self.rules if r.id == clock_id):
                found.setdefault(recipient.value, []).append(clock_id)
        return {recipient: tuple(ids) for recipient, ids in found.items()}

    def recipient_of(self, clock_id: str) -> Recipient | None:
        """Who receives ``clock_id``'s filings (None for a clock the rules do not have)."""
        return next((r.recipient for r in self.rules if r.id == clock_id), None)


# -- parsing ---------------------------------------------------------------------------


def parse_rules(text: str, source: str) -> RuleSet:
    """Validate a rules file; raises InputError naming ``source``, the line and the key."""
    entry_lines = _entry_lines(text)
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        line, message = decode_error_line(err)
        key = _key_at(text, line, entry_lines)
        raise InputError(Problem(source, key, f"not valid TOML: {message}", line)) from None
    problems = s.Problems(source, entry_lines)
    top = s.validate_table(
        raw,
        [
            s.Field("version", _version, required=True, allowed="1"),
            s.Field("clock", _entries, required=True),
        ],
        "",
        problems,
    )
    rules: list[ClockRule] = []
    for index, entry in enumerate(top["clock"] or []):
        rule = _rule(entry, f"clock[{index}]", problems)
        if rule is not None:
            rules.append(rule)
    _check_set(rules, problems)
    if problems.items:
        raise InputError(problems.items)
    return RuleSet(tuple(rules), source)


def _rule(entry: Any, prefix: str, problems: s.Problems) -> ClockRule | None:
    before = len(problems.items)
    values = s.validate_table(entry, FIELDS, prefix, problems)
    if len(problems.items) == before:
        _check_entry(values, prefix, problems)
    if len(problems.items) != before:
        return None
    if values["cap_anchor"] and values["cap_due_soon_hours"] is None:
        values["cap_due_soon_hours"] = values["due_soon_hours"]
    return ClockRule(**values)


def _check_entry(v: dict[str, Any], prefix: str, problems: s.Problems) -> None:
    """Checks that involve more than one key of an entry."""
    until = v["effective_until"]
    if until is not None and until <= v["effective_from"]:
        problems.add(f"{prefix}.effective_until", "must be after effective_from")
    if v["anchor"] == f"filing:{v['id']}" or v["anchor"] == f"last_filing:{v['id']}":
        problems.add(f"{prefix}.anchor", "a clock cannot run from its own filing")
    if bool(v["cap_anchor"]) != (v["cap_offset"] is not None):
        problems.add(f"{prefix}.cap_offset", "cap_anchor and cap_offset go together")
    if v["option_1182_71"] and (v["offset"] is None or v["offset"].unit != "hours"):
        problems.add(f"{prefix}.option_1182_71", "Reg. 1182/71 counting needs an offset in hours")
    if v["cap_offset"] is not None and v["offset"] is None:
        problems.add(f"{prefix}.cap_offset", "a cap needs a fixed offset")
    if v["recommended_by"] and v["offset"] is None:
        problems.add(f"{prefix}.recommended_by", "a recommendation needs a fixed offset")
    if v["recommended_by"] and (v["late_reasons"] or v["cap_anchor"]):
        problems.add(
            f"{prefix}.recommended_by",
            "a recommendation is never late: it takes no late_reasons and no cap",
        )


def _check_set(rules: list[ClockRule], problems: s.Problems) -> None:
    seen: set[tuple[str, str, date]] = set()
    for index, rule in enumerate(rules):
        key = (rule.id, rule.authority, rule.effective_from)
        if key in seen:
            problems.add(
                f"clock[{index}].effective_from",
                f"a second '{rule.id}' entry with the same authority and "
                f"effective_from {rule.effective_from}",
            )
        seen.add(key)


# -- checkers ---------------------------------------------------------------------------


def _version(value: Any) -> int:
    if s.count(value) != 1:
        raise ValueError(f"rules format version {value} is not supported")
    return 1


def _entries(value: Any) -> list[Any]:
    if not isinstance(value, list) or not value:
        raise ValueError("expected one or more [[clock]] tables")
    return value


def _clock_id(value: Any) -> str:
    name = s.nonempty_text(value)
    if name not in CLOCK_IDS:
        raise ValueError(f"'{name}' is not a clock this engine knows")
    return name


def _offset(value: Any) -> Offset | None:
    text = s.nonempty_text(value)
    if text == "none":
        return None
    found = _OFFSET.match(text)
    if not found or int(found.group(1)) == 0:
        raise ValueError(f"'{text}' is not a period")
    return Offset(int(found.group(1)), _UNITS[found.group(2).rstrip("s")])


def _fixed_offset(value: Any) -> Offset:
    offset = _offset(value)
    if offset is None:
        raise ValueError("a cap needs a fixed period")
    return offset


def _positive_hours(value: Any) -> float:
    hours = s.number(value)
    if hours <= 0:
        raise ValueError("must be more than 0")
    return hours


def _anchor(value: Any) -> str:
    name = s.nonempty_text(value)
    if name in FACT_ANCHORS:
        return name
    for prefix in FILING_PREFIXES:
        if name.startswith(prefix) and name[len(prefix) :] in CLOCK_IDS:
            return name
    raise ValueError(f"'{name}' is not an anchor")


def _fact_anchor(value: Any) -> str:
    name = s.nonempty_text(value)
    if name not in FACT_ANCHORS:
        raise ValueError(f"'{name}' is not a fact anchor")
    return name


def _regime(value: Any) -> str:
    name = s.nonempty_text(value)
    if name not in REGIMES:
        raise ValueError(f"'{name}' is not a regime")
    return name


def _roles(value: Any) -> tuple[str, ...]:
    return tuple(role.value for role in s.choices(Role, nonempty=True)(value))


_ANCHORS = f"{' | '.join(FACT_ANCHORS)} | filing:CLOCK-ID | last_filing:CLOCK-ID"
_PERIOD = "'N hours' | 'N days' | 'N months' | 'none'"
FIELDS = [
    s.Field("id", _clock_id, required=True, allowed=" | ".join(CLOCK_IDS)),
    s.Field("title", s.nonempty_text, required=True),
    s.Field("basis", s.nonempty_text, required=True),
    s.Field("regime", _regime, required=True, allowed=" | ".join(REGIMES)),
    s.Field("anchor", _anchor, required=True, allowed=_ANCHORS),
    s.Field("offset", _offset, required=True, allowed=_PERIOD),
    s.Field("due_soon_hours", _positive_hours, required=True),
    s.Field("effective_from", s.day, required=True, allowed="a date such as 2018-05-25"),
    s.Field("source", s.nonempty_text, required=True),
    s.Field("recipient", s.choice(Recipient), required=True, allowed=s.allowed_values(Recipient)),
    s.Field("effective_until", s.day, default=None, allowed="a date such as 2030-01-01"),
    s.Field("notes", s.text, default=""),
    s.Field("roles", _roles, default=(), allowed=" | ".join(r.value for r in Role)),
    s.Field("authority", s.nonempty_text, default=""),
    s.Field("processor_anchor", _fact_anchor, default="", allowed=" | ".join(FACT_ANCHORS)),
    s.Field("fallback_anchor", _fact_anchor, default="", allowed=" | ".join(FACT_ANCHORS)),
    s.Field("cap_anchor", _fact_anchor, default="", allowed=" | ".join(FACT_ANCHORS)),
    s.Field("cap_offset", _fixed_offset, default=None, allowed=_PERIOD),
    s.Field("cap_due_soon_hours", _positive_hours, default=None),
    s.Field("option_1182_71", s.boolean, default=False),
    s.Field("contractual_window", s.boolean, default=False),
    s.Field("met_by", _fact_anchor, default="", allowed=" | ".join(FACT_ANCHORS)),
    s.Field("duty", s.nonempty_text, default="without undue delay"),
    s.Field("recommended_by", s.nonempty_text, default=""),
    s.Field("if_overdue", s.nonempty_text, default="file it now"),
    s.Field("late_reasons", s.nonempty_text, default=""),
    s.Field("applies_if", s.nonempty_text, default=""),
]


# -- where keys are ---------------------------------------------------------------------


def _entry_lines(text: str) -> dict[str, int]:
    """Lines of top-level keys (``version``) and entry keys (``clock[2].offset``)."""
    lines: dict[str, int] = {}
    prefix: str | None = ""
    count = -1
    in_string = False
    for number, line in enumerate(text.splitlines(), start=1):
        odd = (line.count('"""') + line.count("'''")) % 2 == 1
        if in_string:
            in_string = not odd
            continue
        if _ENTRY.match(line):
            count += 1
            prefix = f"clock[{count}]"
            lines.setdefault(prefix, number)
        elif table := _TABLE.match(line):
            prefix = None  # a table the format does not have; validation reports it
            lines.setdefault(table.group(1), number)
        elif prefix is not None and (key := _KEY.match(line)):
            lines.setdefault(f"{prefix}.{key.group(1)}" if prefix else key.group(1), number)
        in_string = odd
    return lines


def _key_at(text: str, line: int | None, lines: dict[str, int]) -> str | None:
    """The key written on ``line`` (for TOML syntax errors), as an entry key path."""
    if line is None:
        return None
    for key, number in lines.items():
        if number == line:
            return key
    rows = text.splitlines()
    found = _KEY.match(rows[line - 1]) if 0 < line <= len(rows) else None
    return found.group(1) if found else None
