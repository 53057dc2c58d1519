"""What a bundle's tables must be: exactly what its chain says, or the import is refused.

An import trusts the chain (hash-checked) and nothing else. The chain is replayed into
the tables it implies; every table a bundle carries (and the incident's facts, title,
status, organisation and playbook) must equal that, row for row and field for field.
A row that differs is named with the entry it should come from, and nothing is stored.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from breachkit.core.errors import InputError, Problem
from breachkit.core.timeline.compare import Check, TableProblem
from breachkit.core.timeline.projection import (
    ROW_TYPES,
    IncidentState,
    Row,
    row_document,
    row_from_document,
)
from breachkit.core.timeline.typed import ChangeError
from breachkit.store.projections import Replayed

MAX_LISTED = 20


def bundle_tables(rows: Mapping[str, list[Row]]) -> dict[str, list[dict[str, Any]]]:
    """The tables as a bundle carries them (each row as the record has it, no local ids)."""
    return {table: [row_document(r) for r in rows.get(table, [])] for table in ROW_TYPES}


def check_bundle(name: str, document: Mapping[str, Any], replayed: Replayed) -> None:
    """Refuse (InputError, exit 2) a bundle whose tables or incident differ from its chain."""
    fold = replayed.fold
    if fold.problems:
        raise InputError(
            [Problem(name, "timeline", f"{p}; nothing was imported") for p in fold.problems]
        )
    if fold.incident is None:
        raise InputError(
            Problem(name, "timeline", "the chain does not open the incident; nothing was imported")
        )
    actual = {table: _rows(name, document, table) for table in ROW_TYPES}
    check = Check(actual)
    for table, rows in replayed.rows.items():
        if table not in fold.amended:
            for row in rows:
                check.expect(row)
    problems = check.finish(fold, "the bundle's incident", _incident(name, document))
    if problems:
        raise InputError(_refusal(name, problems))


def _rows(name: str, document: Mapping[str, Any], table: str) -> list[Row]:
    items = document.get(table) or []
    if not isinstance(items, list):
        raise InputError(Problem(name, table, "is not a list of rows; nothing was imported"))
    row_type = ROW_TYPES[table]
    rows = []
    for index, item in enumerate(items):
        try:
            rows.append(row_from_document(row_type, item, f"{table}[{index}]"))
        except ChangeError as err:
            raise InputError(Problem(name, table, f"{err}; nothing was imported")) from None
    return sorted(rows, key=lambda r: getattr(r, r.KEY) or -1)


def _incident(name: str, document: Mapping[str, Any]) -> IncidentState:
    incident = document.get("incident") or {}
    try:
        return IncidentState(
            title=_text(incident, "title"),
            status=_text(incident, "status"),
            created_at=_text(incident, "created_at"),
            created_by=_text(incident, "created_by"),
            facts=dict(incident.get("facts") or {}),
            organisation=incident.get("organisation"),
            playbook_id=incident.get("playbook_id"),
        )
    except (TypeError, ValueError) as err:
        raise InputError(Problem(name, "incident", f"{err}; nothing was imported")) from None


def _text(incident: Mapping[str, Any], key: str) -> str:
    value = incident.get(key)
    if not isinstance(value, str):
        raise ValueError(f"'{key}' is missing or not text")
    return value


def _refusal(name: str, problems: list[TableProblem]) -> list[Problem]:
    listed = [
        Problem(name, p.table, f"{p} — the chain is what counts") for p in problems[:MAX_LISTED]
    ]
    more = len(problems) - len(listed)
    tail = f" (and {more} more)" if more else ""
    listed.append(
        Problem(
            name,
            None,
            f"the bundle's tables disagree with its own chain{tail}: someone edited them "
            "after the export; nothing was imported",
        )
    )
    return listed
