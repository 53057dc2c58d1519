"""Compare the tables with what the chain says, naming every difference.

:class:`Check` is given the stored rows of each table (in key order, as iterators) and
is fed the rows the fold expects, as the fold makes them: append-only tables are merged
like two sorted files, so memory stays flat however long the chain. Each difference is a
:class:`TableProblem`: table, row, field, the value found, the value the chain gives and
the entry that gives it.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any, Protocol, cast, runtime_checkable

from breachkit.core.timeline.fold import Fold
from breachkit.core.timeline.projection import (
    AMENDED,
    APPEND_ONLY,
    IncidentState,
    LetterBatchRow,
    ReviewItemRow,
    Row,
    key_of,
    record_fields,
)

MISSING = "missing"
EXTRA = "extra"
DIFFERS = "differs"


@dataclass(frozen=True, slots=True)
class TableProblem:
    """One way a table differs from the chain."""

    table: str
    row: str
    """Which row: ``entry 14`` (the entry it comes from) or the incident's id."""
    field: str | None
    """None when the whole row is missing or has no entry on the chain."""
    kind: str
    """``missing``, ``extra`` or ``differs``."""
    actual: Any = None
    expected: Any = None
    source: int | None = None
    """The entry the right value comes from."""

    def __str__(self) -> str:
        if self.kind == MISSING:
            return (
                f"{self.table}: the row of entry {self.source} is missing "
                "(the chain records it; the table does not hold it)"
            )
        if self.kind == EXTRA:
            return (
                f"{self.table}: a row for {self.row} that the chain does not record "
                "(added or altered outside breachkit)"
            )
        where = f"entry {self.source}" if self.source is not None else "the chain"
        return (
            f"{self.table}, {self.row}: {self.field} is {_show(self.actual)}; "
            f"{where} says {_show(self.expected)}"
        )


@runtime_checkable
class Stored(Protocol):
    """The rows a table holds for one incident, in key order, as the store reads them.

    The store hands its raw rows and says whether one is the same as an expected row
    (cheaply, without building a row object); only a row that differs is decoded.
    """

    def __iter__(self) -> Iterator[Any]: ...

    def key(self, item: Any) -> int:
        """The row's key (-1 when it has none)."""
        ...

    def same(self, item: Any, row: Row) -> bool: ...

    def row(self, item: Any) -> Row: ...


class Rows:
    """Rows that are already row objects (a bundle's tables, tests)."""

    def __init__(self, rows: Iterable[Row]) -> None:
        self.rows = rows

    def __iter__(self) -> Iterator[Any]:
        return iter(self.rows)

    def key(self, item: Any) -> int:
        return _key(item)

    def same(self, item: Any, row: Row) -> bool:
        return bool(item == row) and not _differences(item, row)

    def row(self, item: Any) -> Row:
        return cast(Row, item)


class _Merge:
    """One append-only table: stored rows (sorted by key) against expected rows."""

    def __init__(self, table: str, stored: Stored, out: list[TableProblem]) -> None:
        self.table = table
        self.stored = stored
        self.rows: Iterator[Any] = iter(stored)
        self.current: Any = next(self.rows, None)
        self.out = out

    def _advance(self) -> None:
        self.current = next(self.rows, None)

    def expect(self, row: Row) -> None:
        key = key_of(row)
        stored = self.stored
        while self.current is not None and stored.key(self.current) < key:
            self.out.append(_extra(stored.row(self.current)))
            self._advance()
        if self.current is not None and stored.key(self.current) == key:
            if not stored.same(self.current, row):
                self.out.extend(_differences(stored.row(self.current), row))
            self._advance()
        else:
            self.out.append(TableProblem(self.table, f"entry {key}", None, MISSING, source=key))

    def finish(self) -> None:
        while self.current is not None:
            self.out.append(_extra(self.stored.row(self.current)))
            self._advance()


def _stored(rows: Stored | Iterable[Row]) -> Stored:
    return rows if isinstance(rows, Stored) else Rows(rows)


class Check:
    """Feed :meth:`expect` to a :class:`Fold` as its ``emit``; then :meth:`finish`."""

    def __init__(self, actual: Mapping[str, Stored | Iterable[Row]]) -> None:
        self.problems: list[TableProblem] = []
        self._merges = {
            t.TABLE: _Merge(t.TABLE, _stored(actual.get(t.TABLE, ())), self.problems)
            for t in APPEND_ONLY
        }
        self._amended = {t.TABLE: _stored(actual.get(t.TABLE, ())) for t in AMENDED}

    def expect(self, row: Row) -> None:
        self._merges[row.TABLE].expect(row)

    def finish(
        self, fold: Fold, incident_id: str, stored: IncidentState | None
    ) -> list[TableProblem]:
        """Drain the tables; compare the amended tables and the incident's columns."""
        for merge in self._merges.values():
            merge.finish()
        for table, rows in self._amended.items():
            expected = fold.amended.get(table, {})
            seen: set[int] = set()
            for item in rows:
                key = rows.key(item)
                if key in seen or key not in expected:
                    self.problems.append(_extra(rows.row(item)))
                    continue
                seen.add(key)
                if not rows.same(item, expected[key]):
                    self.problems.extend(_differences(rows.row(item), expected[key]))
            for key in sorted(set(expected) - seen):
                self.problems.append(TableProblem(table, f"entry {key}", None, MISSING, source=key))
        if fold.incident is not None and stored is not None:
            self.problems.extend(incident_differences(incident_id, stored, fold))
        return self.problems


def incident_differences(incident_id: str, stored: IncidentState, fold: Fold) -> list[TableProblem]:
    """The incident's columns and each fact, against the fold."""
    assert fold.incident is not None
    expected = fold.incident
    out = []
    for name in ("title", "status", "created_at", "created_by", "organisation", "playbook_id"):
        have, want = getattr(stored, name), getattr(expected, name)
        if have != want:
            source = fold.sources.get(name)
            out.append(TableProblem("incidents", incident_id, name, DIFFERS, have, want, source))
    have_facts, want_facts = _flat(stored.facts), _flat(expected.facts)
    for key in sorted(set(have_facts) | set(want_facts)):
        have, want = have_facts.get(key), want_facts.get(key)
        if have != want:
            source = fold.sources.get(f"facts.{key}", fold.sources.get("created_at"))
            out.append(
                TableProblem("incidents", incident_id, f"facts.{key}", DIFFERS, have, want, source)
            )
    return out


def _flat(facts: Mapping[str, Any], prefix: str = "") -> dict[str, Any]:
    """``breach.cause``, ``text.fr.summary``, … → value (each fact named by its own key)."""
    out: dict[str, Any] = {}
    for key, value in facts.items():
        if isinstance(value, Mapping):
            out.update(_flat(value, f"{prefix}{key}."))
        else:
            out[prefix + key] = value
    return out


def _key(row: Row) -> int:
    value = getattr(row, row.KEY)
    return value if isinstance(value, int) else -1


def _extra(row: Row) -> TableProblem:
    key = _key(row)
    label = f"entry {key}" if key >= 0 else f"no entry ({row.KEY} is empty)"
    return TableProblem(row.TABLE, label, None, EXTRA, source=key if key >= 0 else None)


def _differences(actual: Row, expected: Row) -> list[TableProblem]:
    key = key_of(expected)
    out = []
    for name in record_fields(type(expected)):
        have, want = getattr(actual, name), getattr(expected, name)
        if have != want or type(have) is not type(want) and _strict(have, want):
            source = _source(expected, name)
            out.append(
                TableProblem(
                    expected.TABLE, f"row of entry {key}", name, DIFFERS, have, want, source
                )
            )
    return out


def _strict(have: Any, want: Any) -> bool:
    """Equal values of different JSON types still differ (``true`` is not ``1``)."""
    return isinstance(have, bool) != isinstance(want, bool)


def _source(row: Row, name: str) -> int:
    """The entry a field of ``row`` comes from (a closed item's status: its closing)."""
    if isinstance(row, ReviewItemRow) and row.closed_seq is not None and name in _CLOSING:
        return row.closed_seq
    if isinstance(row, LetterBatchRow) and row.entry_seq is not None and name in _FINISHING:
        return row.entry_seq
    return key_of(row)


_CLOSING = frozenset({"status", "closed_seq", "closed_at", "closed_by", "closing_note"})
_FINISHING = frozenset(
    {
        "finished_at",
        "letters",
        "bad_rows",
        "manifest_sha256",
        "entry_seq",
        "people",
        "people_by_channel",
        "people_told",
        "people_affected",
        "people_not_compared",
        "incomplete",
    }
)


def _show(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False, default=str)
    return text if len(text) <= 80 else text[:77] + "…"
