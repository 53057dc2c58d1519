"""When people were told, as the timeline records it: letter batches and public notices.

Read by the clocks (the Art. 34 clock is met when everyone to be told has been) and by
the letters; kept apart from both so that either can import it.
"""

from __future__ import annotations

import json
from datetime import datetime

from sqlite_utils import Database

from breachkit.core.enums import EntryKind
from breachkit.core.letters.told import everyone_told_at
from breachkit.core.times import from_storage


def told_record(
    db: Database, incident_id: str
) -> tuple[list[tuple[datetime, int]], list[datetime]]:
    """(when each finished batch was recorded, people told by then), and when a public
    notice was recorded — from the timeline, the record of both."""
    batches: list[tuple[datetime, int]] = []
    notices: list[datetime] = []
    for row in db.query(
        "SELECT kind, occurred_at, links FROM timeline WHERE incident_id = ? AND kind IN (?, ?)"
        " AND (instr(links, '\"people_told\"') > 0 OR instr(links, '\"notice\"') > 0)"
        " ORDER BY seq",
        [incident_id, EntryKind.COMMUNICATION.value, EntryKind.DOCUMENT.value],
    ):
        links = json.loads(row["links"] or "{}")
        at = from_storage(row["occurred_at"])
        if row["kind"] == EntryKind.DOCUMENT.value and links.get("notice"):
            notices.append(at)
        elif isinstance(links.get("people_told"), int):
            batches.append((at, int(links["people_told"])))
    return batches, notices


def people_told_at(db: Database, incident_id: str, affected: int | None) -> datetime | None:
    """When everyone to be told had been told (letters or a public notice), or None."""
    batches, notices = told_record(db, incident_id)
    return everyone_told_at(batches, affected, notices)
