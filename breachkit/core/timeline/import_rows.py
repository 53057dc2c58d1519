"""Rows of an external timeline (an EDR's, a SIEM's, Timesketch's) read as entries to log.

A row is a mapping of column to value, from a CSV file or a JSON Lines file. Two shapes
are understood, and may be mixed:

* Timesketch's: ``message`` (what happened), ``datetime`` (ISO 8601) or ``timestamp``
  (microseconds since 1970), ``timestamp_desc`` (what the time means);
* breachkit's own (``timeline --jsonl``, or a spreadsheet): ``text``, ``occurred_at``,
  and optionally ``kind`` and ``actor``.

Other columns are ignored. :class:`RowReader` turns one row into the
:class:`~breachkit.core.timeline.chain.EntryContent` to record, attributed to its source
(the file's name and the row's line, in the entry's links), or into the
:class:`~breachkit.core.errors.Problem` that names the line and what is wrong.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from datetime import UTC, datetime, timedelta, tzinfo
from typing import Any

from breachkit.core.errors import Problem
from breachkit.core.incident.chronology import FUTURE_SLACK, entry_problems
from breachkit.core.text import line_problem, text_problem
from breachkit.core.timeline.chain import EntryContent
from breachkit.core.times import utc_iso

TEXT_COLUMNS = ("message", "text")
TIME_COLUMNS = ("datetime", "occurred_at", "timestamp")
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def header_problem(columns: Collection[str]) -> str | None:
    """Why a file with these columns cannot be imported, or None."""
    if not any(c in columns for c in TEXT_COLUMNS):
        return "no 'message' (Timesketch) or 'text' column: what happened"
    if not any(c in columns for c in TIME_COLUMNS):
        return "no 'datetime' or 'timestamp' (Timesketch) or 'occurred_at' column: when"
    return None


class RowReader:
    """Reads rows of one file for one incident (its zone), as of ``now``."""

    def __init__(
        self,
        source: str,
        *,
        zone: tzinfo,
        now: datetime,
        kind: str,
        actor: str,
        kinds: Collection[str],
        read_time: Callable[[str], datetime],
    ) -> None:
        self.source = source
        self.zone = zone
        self.now = now
        self.latest = now + FUTURE_SLACK
        self.recorded = utc_iso(now)
        self.kind = kind
        self.actor = actor
        self.kinds = frozenset(kinds)
        self.read_time = read_time
        """Times in other forms than ISO 8601 (``2 Dec 2026 14:05``); raises ValueError."""

    def read(self, line: int, row: Mapping[str, Any]) -> EntryContent | Problem:
        try:
            return self._read(line, row)
        except _Bad as bad:
            return Problem(self.source, bad.key, bad.message, line)

    def _read(self, line: int, row: Mapping[str, Any]) -> EntryContent:
        text = _first(row, TEXT_COLUMNS)
        if not isinstance(text, str) or not text.strip():
            raise _Bad("message", "no text (the 'message' or 'text' column is empty)")
        problem = text_problem(text)
        if problem:
            raise _Bad("message", problem)
        at = self._time(row)
        kind = row.get("kind") or self.kind
        if not isinstance(kind, str) or kind not in self.kinds:
            allowed = " | ".join(sorted(self.kinds))
            raise _Bad("kind", f"'{kind}' cannot be logged by hand (allowed: {allowed})")
        actor = row.get("actor") or self.actor
        if not isinstance(actor, str) or (problem := line_problem(actor)):
            raise _Bad("actor", problem or "must be text")
        source: dict[str, Any] = {"file": self.source, "line": line}
        described = row.get("timestamp_desc")
        if isinstance(described, str) and described:
            source["timestamp_desc"] = described
        return EntryContent(
            kind, text.strip(), utc_iso(at), self.recorded, actor, {"source": source}
        )

    def _time(self, row: Mapping[str, Any]) -> datetime:
        value = row.get("datetime") or row.get("occurred_at")
        if not value and row.get("timestamp") not in (None, ""):
            at = _epoch_micros(row["timestamp"])
        elif isinstance(value, str) and value.strip():
            at = self._instant(value.strip())
        else:
            raise _Bad("datetime", "no time (the 'datetime' or 'occurred_at' column is empty)")
        if at > self.latest:
            raise _Bad("datetime", entry_problems(at, self.now, self.zone)[0])
        return at

    def _instant(self, text: str) -> datetime:
        try:
            at = datetime.fromisoformat(text)
        except ValueError:
            try:
                return self.read_time(text)
            except ValueError as err:
                raise _Bad("datetime", str(err)) from None
        return at if at.tzinfo is not None else at.replace(tzinfo=self.zone)


class _Bad(Exception):
    def __init__(self, key: str, message: str) -> None:
        super().__init__(message)
        self.key = key
        self.message = message


def _first(row: Mapping[str, Any], columns: tuple[str, ...]) -> Any:
    for column in columns:
        value = row.get(column)
        if value:
            return value
    return None


def _epoch_micros(value: Any) -> datetime:
    """Timesketch's ``timestamp``: microseconds since 1970-01-01 UTC."""
    try:
        micros = int(value)
    except (TypeError, ValueError):
        raise _Bad("timestamp", f"'{value}' is not a number of microseconds") from None
    try:
        return EPOCH + timedelta(microseconds=micros)
    except OverflowError:
        raise _Bad("timestamp", f"{micros} microseconds is out of range") from None
