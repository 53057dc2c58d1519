"""What a bundle's ``bundle.json`` may say, checked as if a person had typed every field.

A bundle comes from another team, another machine, perhaps from an attacker's reach.
Before its chain is verified and anything is stored, every field is held to the rules
the same value meets when typed here: an incident id is ``BK-YYYY-NNNN`` (never
``../../x``, which ``draft ID -o DIR`` would turn into a path), names and titles are one
line without control characters, times are ISO 8601 with an offset inside 1970–2100,
hashes are SHA-256 hex, kinds are timeline kinds. The facts and the organisation are
checked by their own parsers (the incident file's and the profile's rules).

:func:`check_document` collects the problems (up to :data:`MAX_PROBLEMS`) and raises
them together as one InputError (exit 2), each naming its key (``timeline[3].actor``).
"""

from __future__ import annotations

import math
import re
from datetime import datetime
from typing import Any

from breachkit.core.enums import EntryKind
from breachkit.core.errors import InputError, Problem
from breachkit.core.playbooks.model import ID_PATTERN
from breachkit.core.text import line_problem, text_problem
from breachkit.core.times import TimeValueError, check_window, check_year

INCIDENT_ID = re.compile(r"BK-[0-9]{4}-[0-9]{4,9}")
UID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
SHA256 = re.compile(r"[0-9a-f]{64}")
MAX_ENTRIES = 1_000_000
MAX_TEXT = 1_000_000
MAX_PROBLEMS = 20
KINDS = frozenset(kind.value for kind in EntryKind)
TOP_KEYS = frozenset({"format", "version", "exported_at", "exported_by", "incident", "timeline"})


class _Problems:
    def __init__(self, source: str) -> None:
        self.source = source
        self.items: list[Problem] = []

    def add(self, key: str, message: str) -> None:
        if len(self.items) < MAX_PROBLEMS:
            self.items.append(Problem(self.source, key, message))

    @property
    def full(self) -> bool:
        return len(self.items) >= MAX_PROBLEMS


def check_document(document: Any, source: str) -> None:
    """Raise InputError naming every field of ``document`` that could not have been typed."""
    problems = _Problems(source)
    if not isinstance(document, dict):
        raise InputError(Problem(source, "bundle.json", "is not a JSON object"))
    _time(problems, "exported_at", document.get("exported_at"), required=False)
    _line(problems, "exported_by", document.get("exported_by"), required=False)
    incident = document.get("incident")
    if isinstance(incident, dict):
        _incident(problems, incident)
    else:
        problems.add("incident", "missing or not an object")
    timeline = document.get("timeline")
    if isinstance(timeline, list) and len(timeline) <= MAX_ENTRIES:
        for index, item in enumerate(timeline):
            if problems.full:
                break
            _entry(problems, f"timeline[{index}]", item, index + 1)
    else:
        problems.add("timeline", f"missing, not a list or longer than {MAX_ENTRIES:,} entries")
    for key, value in document.items():
        if key not in TOP_KEYS:
            _table(problems, key, value)
    if problems.items:
        raise InputError(problems.items)


def _incident(problems: _Problems, incident: dict[str, Any]) -> None:
    _pattern(problems, "incident.id", incident.get("id"), INCIDENT_ID, "an id such as BK-2026-0001")
    _pattern(problems, "incident.uid", incident.get("uid"), UID, "a UUID")
    _line(problems, "incident.title", incident.get("title"), required=True)
    if not isinstance(incident.get("status"), str) or incident["status"] not in ("open", "closed"):
        problems.add("incident.status", "must be open or closed")
    _time(problems, "incident.created_at", incident.get("created_at"), required=True)
    _line(problems, "incident.created_by", incident.get("created_by"), required=True)
    head = incident.get("head_seq")
    if not _count(head):
        problems.add("incident.head_seq", "must be a whole number, 0 or more")
    if incident.get("head_hash") is not None or head:
        _pattern(problems, "incident.head_hash", incident.get("head_hash"), SHA256, "a SHA-256")
    playbook = incident.get("playbook_id")
    if playbook is not None and not (isinstance(playbook, str) and ID_PATTERN.match(playbook)):
        problems.add("incident.playbook_id", "is not a playbook id")
    if not isinstance(incident.get("facts"), dict):
        problems.add("incident.facts", "missing or not an object")
    organisation = incident.get("organisation")
    if organisation is not None and not isinstance(organisation, dict):
        problems.add("incident.organisation", "is not an object")


def _entry(problems: _Problems, key: str, item: Any, seq: int) -> None:
    if not isinstance(item, dict):
        problems.add(key, "is not an object")
        return
    if item.get("seq") != seq or not _count(item.get("seq")):
        problems.add(f"{key}.seq", f"must be {seq} (entries are numbered from 1, in order)")
    if not isinstance(item.get("kind"), str) or item["kind"] not in KINDS:
        problems.add(f"{key}.kind", "is not a timeline entry kind")
    _text(problems, f"{key}.text", item.get("text"))
    _time(problems, f"{key}.occurred_at", item.get("occurred_at"), required=True)
    _time(problems, f"{key}.recorded_at", item.get("recorded_at"), required=True)
    _line(problems, f"{key}.actor", item.get("actor"), required=True)
    links = item.get("links")
    if links is not None and not isinstance(links, dict):
        problems.add(f"{key}.links", "is not an object")
    corrects = item.get("corrects")
    if corrects is not None and not (_count(corrects) and 1 <= corrects < seq):
        problems.add(f"{key}.corrects", "must name an earlier entry")
    for name in ("prev_hash", "hash"):
        _pattern(problems, f"{key}.{name}", item.get(name), SHA256, "a SHA-256")


def _table(problems: _Problems, key: str, rows: Any) -> None:
    """A table (facts history, filings, drafts…): a list of rows of JSON values with no NUL,
    no number SQLite cannot hold; that each row says what the chain says is checked when
    the bundle is imported (the tables are rebuilt from the chain and compared)."""
    if not isinstance(rows, list) or len(rows) > MAX_ENTRIES:
        problems.add(key, "is not a list of rows")
        return
    for index, row in enumerate(rows):
        if not isinstance(row, dict):
            problems.add(f"{key}[{index}]", "is not an object")
            return
        for column, value in row.items():
            if problem := _value_problem(value):
                problems.add(f"{key}[{index}].{column}", problem)
                return


def _value_problem(value: Any) -> str | None:
    """Why ``value`` cannot be stored as a table value, or None."""
    if isinstance(value, list):
        return next((p for p in map(_value_problem, value) if p), None)
    if isinstance(value, dict):
        return next((p for p in map(_value_problem, [*value, *value.values()]) if p), None)
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, int):
        return None if -(2**63) <= value < 2**63 else "is a number too large to store"
    if isinstance(value, float):
        return None if math.isfinite(value) else "is not a finite number"
    if isinstance(value, str):
        return "is longer than allowed" if len(value) > MAX_TEXT else text_problem(value)
    return "is not a JSON value"


def _count(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


def _pattern(
    problems: _Problems, key: str, value: Any, pattern: re.Pattern[str], what: str
) -> None:
    if not isinstance(value, str) or not pattern.fullmatch(value):
        problems.add(key, f"is not {what}")


def _line(problems: _Problems, key: str, value: Any, *, required: bool) -> None:
    if value is None and not required:
        return
    if not isinstance(value, str) or (required and not value.strip()):
        problems.add(key, "missing or not text")
    elif problem := line_problem(value):
        problems.add(key, problem)


def _text(problems: _Problems, key: str, value: Any) -> None:
    if not isinstance(value, str):
        problems.add(key, "missing or not text")
    elif len(value) > MAX_TEXT:
        problems.add(key, f"is longer than {MAX_TEXT:,} characters")
    elif problem := text_problem(value):
        problems.add(key, problem)


def _time(problems: _Problems, key: str, value: Any, *, required: bool) -> None:
    if value is None and not required:
        return
    try:
        if not isinstance(value, str) or len(value) > 40:
            raise ValueError
        instant = datetime.fromisoformat(value)
        if instant.tzinfo is None:
            raise ValueError
        check_year(instant, value)  # before any zone arithmetic could overflow
        check_window(instant, value)
    except TimeValueError as err:
        problems.add(key, str(err))
    except (ValueError, OverflowError):
        problems.add(key, "is not an ISO 8601 time with its UTC offset")
