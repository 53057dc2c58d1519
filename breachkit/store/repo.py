"""The shape every table repository shares: typed rows in, typed rows out.

A repository maps one table's columns to a frozen row dataclass of
:mod:`breachkit.core.timeline.projection`. Above it nobody sees SQL or a raw dict.
Columns are named like the row's fields; a codec turns booleans, JSON documents and
lists into what SQLite keeps. Rows come out ordered by their key (the entry they come
from), which is what the streaming check needs.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, fields
from operator import attrgetter
from typing import TYPE_CHECKING, Any, ClassVar, Generic, TypeVar, cast

from breachkit.core.timeline.rows import record_fields
from breachkit.store.connection import Database

if TYPE_CHECKING:
    from breachkit.core.timeline.projection import Row


@dataclass(frozen=True, slots=True)
class Codec:
    to_db: Callable[[Any], Any]
    from_db: Callable[[Any], Any]


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


_quote = json.encoder.encode_basestring
_SCALARS = {True: "true", False: "false"}


def _any_json(value: Any) -> str:
    """``json.dumps(value, ensure_ascii=False)``, quicker for the scalars facts mostly are."""
    kind = type(value)
    if kind is str:
        return _quote(value)
    if kind is bool:
        return _SCALARS[value]
    if kind is int:
        return int.__repr__(value)
    if kind is float and value - value == 0:  # finite: what json writes is repr()
        return float.__repr__(value)
    if value is None:
        return "null"
    return json.dumps(value, ensure_ascii=False)


BOOL = Codec(lambda v: int(v), lambda v: bool(v))
JSON = Codec(_dumps, lambda v: json.loads(v) if v else {})
OPTIONAL_JSON = Codec(
    lambda v: None if v is None else _dumps(v), lambda v: json.loads(v) if v else None
)
ANY_JSON = Codec(_any_json, lambda v: None if v is None else json.loads(v))
"""A value of any JSON type, kept as JSON text (``null`` or NULL read back as None)."""
TEXTS = Codec(
    lambda v: json.dumps(list(v), ensure_ascii=False), lambda v: tuple(json.loads(v or "[]"))
)
_PLAIN = Codec(lambda v: v, lambda v: v)

R = TypeVar("R", bound="Row")

_READING: dict[type, tuple[tuple[str, ...], tuple[tuple[str, Callable[[Any], Any]], ...]]] = {}


class TableRepo(Generic[R]):
    """One table of rows of type ``ROW`` (a subclass sets the class attributes)."""

    ROW: ClassVar[type[Any]]
    CODECS: ClassVar[dict[str, Codec]] = {}
    SELECT: ClassVar[dict[str, str]] = {}
    """Fields read through an SQL expression instead of a column of the same name."""
    LOCAL_ID: ClassVar[bool] = False
    """The row dataclass has an ``id`` field (the table's INTEGER PRIMARY KEY)."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self._ahead: dict[str, list[R]] | None = None
        """Every incident's rows, read ahead (:func:`read_ahead`)."""

    @property
    def table(self) -> str:
        return str(self.ROW.TABLE)

    @classmethod
    def _fields(cls) -> tuple[str, ...]:
        return record_fields(cls.ROW)

    def _select(self) -> str:
        names = [*self._fields(), *(("id",) if self.LOCAL_ID else ())]
        return ", ".join(f"{self.SELECT[n]} AS {n}" if n in self.SELECT else n for n in names)

    def _row(self, values: Sequence[Any]) -> R:
        names, decoded = self._reading()
        kwargs = dict(zip(names, values, strict=True))
        for name, from_db in decoded:
            kwargs[name] = from_db(kwargs[name])
        return cast(R, self.ROW(**kwargs))

    @classmethod
    def _reading(cls) -> tuple[tuple[str, ...], tuple[tuple[str, Callable[[Any], Any]], ...]]:
        """The names :meth:`_select` reads, and the decoder of each that has a codec
        (worked out once per repository: a register reads ten thousand rows)."""
        found = _READING.get(cls)
        if found is None:
            names = (*cls._fields(), *(("id",) if cls.LOCAL_ID else ()))
            decoded = tuple((n, cls.CODECS[n].from_db) for n in names if n in cls.CODECS)
            found = _READING[cls] = (names, decoded)
        return found

    def _columns(self, row: R) -> dict[str, Any]:
        """Column name → stored value for an insert (fields read by expression excluded)."""
        return {
            n: self.CODECS.get(n, _PLAIN).to_db(getattr(row, n))
            for n in self._fields()
            if n not in self.SELECT
        }

    def insert(self, incident_id: str, row: R, *, row_id: int | None = None) -> int:
        """Insert ``row``; returns its local id. ``row_id`` keeps an id (a rebuild)."""
        values = self._columns(row)
        if row_id is not None:
            values["id"] = row_id
        names = ["incident_id", *values]
        placeholders = ", ".join("?" for _ in names)
        cursor = self.db.execute(
            f"INSERT INTO {self.table} ({', '.join(names)}) VALUES ({placeholders})",
            [incident_id, *values.values()],
        )
        return int(cursor.lastrowid or 0)

    def stream(self, incident_id: str, where: str = "", params: Sequence[Any] = ()) -> Iterator[R]:
        """The incident's rows in key order (then insertion order), lazily; all of them
        from the rows read ahead, when they were (:func:`read_ahead`)."""
        if not where and self._ahead is not None:
            return iter(self._ahead.get(incident_id, ()))
        return self._stream(incident_id, where, params)

    def _stream(self, incident_id: str, where: str, params: Sequence[Any]) -> Iterator[R]:
        key = self.ROW.KEY
        cursor = self.db.conn.execute(
            f"SELECT {self._select()} FROM {self.table} WHERE incident_id = ?{where}"
            f" ORDER BY {key}, rowid",
            [incident_id, *params],
        )
        for values in cursor:
            yield self._row(values)

    def rows(self, incident_id: str) -> list[R]:
        return list(self.stream(incident_id))

    def by_incident(self) -> dict[str, list[R]]:
        """Every incident's rows in one read: for each incident that has any, what
        :meth:`rows` gives it (a document listing every incident, the register, asks
        once instead of once an incident)."""
        cursor = self.db.conn.execute(
            f"SELECT incident_id, {self._select()} FROM {self.table}"
            f" ORDER BY incident_id, {self.ROW.KEY}, rowid"
        )
        found: dict[str, list[R]] = {}
        row = self._row
        for incident_id, *values in cursor:
            rows = found.get(incident_id)
            if rows is None:
                rows = found[incident_id] = []
            rows.append(row(values))
        return found

    def stored(self, incident_id: str) -> StoredTable[R]:
        """The incident's rows as stored, for checking against the chain (streaming)."""
        return StoredTable(self, incident_id)

    def delete_all(self, incident_id: str) -> None:
        self.db.execute(f"DELETE FROM {self.table} WHERE incident_id = ?", [incident_id])

    def local_ids(self, incident_id: str) -> dict[int, int]:
        """Key → local id, for keeping ids across a rebuild."""
        if not self.LOCAL_ID:
            return {}
        key = self.ROW.KEY
        return {
            k: i
            for k, i in self.db.conn.execute(
                f"SELECT {key}, id FROM {self.table} WHERE incident_id = ? AND {key} IS NOT NULL",
                [incident_id],
            )
        }

    def amend(self, incident_id: str, key: int, values: dict[str, Any]) -> int:
        """Update the fields ``values`` of the row with key ``key``; returns rows changed."""
        names = list(values)
        unknown = [n for n in names if n not in {f.name for f in fields(self.ROW)}]
        assert not unknown, unknown
        sets = ", ".join(f"{n} = ?" for n in names)
        stored = [self.CODECS.get(n, _PLAIN).to_db(values[n]) for n in names]
        cursor = self.db.execute(
            f"UPDATE {self.table} SET {sets} WHERE incident_id = ? AND {self.ROW.KEY} = ?",
            [*stored, incident_id, key],
        )
        return int(cursor.rowcount)


@contextlib.contextmanager
def read_ahead(*repos: TableRepo[Any]) -> Iterator[None]:
    """Inside, each repository's :meth:`~TableRepo.rows` (and a :meth:`~TableRepo.stream`
    without a condition) answer from one read of every incident's rows: a document that
    lists every incident (the register) asks each table once, not once an incident.
    For reading only (a change made inside is not seen inside); take a snapshot around
    it for one moment. Nested, the outer read stands."""
    started = [repo for repo in repos if repo._ahead is None]
    try:
        for repo in started:
            repo._ahead = repo.by_incident()
        yield
    finally:
        for repo in started:
            repo._ahead = None


class StoredTable(Generic[R]):
    """A table's raw rows in key order, compared with expected rows without decoding
    them (:class:`breachkit.core.timeline.compare.Stored`): an expected row is encoded
    as the repository would store it and compared as a tuple; only a row that differs
    is decoded, to name the field."""

    def __init__(self, repo: TableRepo[R], incident_id: str) -> None:
        self.repo = repo
        self.incident_id = incident_id
        names = repo._fields()
        self._key_index = names.index(repo.ROW.KEY)
        self._get = attrgetter(*names)
        self._encode = [(i, repo.CODECS[n].to_db) for i, n in enumerate(names) if n in repo.CODECS]
        self._decoders = [repo.CODECS.get(n, _PLAIN).from_db for n in names]
        self._names = names

    def __iter__(self) -> Iterator[Any]:
        repo = self.repo
        select = ", ".join(
            f"{repo.SELECT[n]} AS {n}" if n in repo.SELECT else n for n in self._names
        )
        return iter(
            repo.db.conn.execute(
                f"SELECT {select} FROM {repo.table} WHERE incident_id = ?"
                f" ORDER BY {repo.ROW.KEY}, rowid",
                [self.incident_id],
            )
        )

    def key(self, item: Any) -> int:
        value = item[self._key_index]
        return value if isinstance(value, int) else -1

    def same(self, item: Any, row: Any) -> bool:
        values = self._get(row)
        if not self._encode:
            return bool(values == item)
        encoded = list(values)
        for i, encode in self._encode:
            encoded[i] = encode(encoded[i])
        return bool(tuple(encoded) == item)

    def row(self, item: Any) -> R:
        kwargs = {n: d(v) for n, d, v in zip(self._names, self._decoders, item, strict=True)}
        return cast(R, self.repo.ROW(**kwargs))
