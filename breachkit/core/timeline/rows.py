"""What every row of the projected tables has: its key and the fields of its record.

The rows themselves are in ``rows_facts``, ``rows_filings``, ``rows_decisions``,
``rows_people`` and ``rows_playbook`` (a command imports the rows it reads only:
issue 19, start-up); :mod:`breachkit.core.timeline.projection` gathers them all.
"""

from __future__ import annotations

from dataclasses import fields
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from breachkit.core.timeline.projection import Row


def key_of(row: Row) -> int:
    value = getattr(row, row.KEY)
    assert isinstance(value, int)
    return value


_RECORD_FIELDS: dict[type, tuple[str, ...]] = {}


def record_fields(row_type: type[Row]) -> tuple[str, ...]:
    """The fields that are part of the record (a local row id is not)."""
    found = _RECORD_FIELDS.get(row_type)
    if found is None:
        found = _RECORD_FIELDS[row_type] = tuple(f.name for f in fields(row_type) if f.compare)
    return found
