"""Timelines in and out at scale: streaming an incident's entries (``timeline``), and
bringing a whole external timeline in (``log --import``)."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import IO, Any

from breachkit.core.enums import MANUAL_KINDS, EntryKind
from breachkit.core.errors import InputError, NotFoundError, Problem
from breachkit.core.text import counted, require_line
from breachkit.core.timeline.chain import EntryContent, RawEntry
from breachkit.core.timeline.import_rows import RowReader, header_problem
from breachkit.core.times import TimeValueError, utc_iso
from breachkit.services.base import Part
from breachkit.services.views import IncidentView


@dataclass(frozen=True, slots=True)
class TimelineRows:
    """The entries a ``timeline`` asks for, as stored, streaming from the database."""

    view: IncidentView
    count: int
    """How many entries ``rows`` yields."""
    rows: Iterator[RawEntry]


class TimelineIOServices(Part):
    def timeline_rows(
        self,
        incident_id: str,
        *,
        kinds: tuple[str, ...] = (),
        since: str | None = None,
        last: int | None = None,
    ) -> TimelineRows:
        """The incident's entries by seq: of ``kinds``, that happened at ``since`` (typed
        as for ``log --at``, in the incident's zone) or later, only the ``last`` of them.
        The rows stream: memory does not grow with the timeline."""
        view = self.services.incident(incident_id)
        after = None
        if since is not None:
            try:
                after = utc_iso(self.services.read_time(since, view.zone).instant)
            except TimeValueError as err:
                raise InputError(Problem("timeline", "since", str(err))) from None
        if last is not None and last < 0:
            raise InputError(Problem("timeline", "last", "must be 0 or more"))
        timeline = self.store.timeline
        count = timeline.count_selected(view.id, kinds=kinds, since=after)
        if last is not None:
            count = min(count, last)
        rows = timeline.selected_raw(view.id, kinds=kinds, since=after, last=last)
        return TimelineRows(view, count, rows)

    def import_timeline(
        self,
        incident_id: str,
        path: Path,
        *,
        fmt: str | None = None,
        kind: str = EntryKind.NOTE,
        actor: str | None = None,
    ) -> ImportResult:
        """Log every row of a CSV or JSON Lines file (see
        :mod:`breachkit.core.timeline.import_rows`) as an entry, chained and attributed
        to the file and line, then one entry recording the import (the file's SHA-256).

        Every row is checked as it is written, in one transaction: when any row is bad,
        nothing is kept and InputError names each bad line (up to 25, then a count). A
        killed import leaves nothing either."""
        if not path.is_file():
            raise NotFoundError(f"{path}: no such file")
        fmt = import_format(path, fmt)
        if actor is not None:
            actor = require_line(actor, "log", "actor")
        sha256 = _sha256(path)
        with self.store.transaction() as tx:
            view = self.services.incident_part.view_of(tx.incidents.get(incident_id))
            now = self.clock.now()
            zone = view.zone
            reader = RowReader(
                path.name,
                zone=zone,
                now=now,
                kind=kind,
                actor=actor or self.actor,
                kinds=[k.value for k in MANUAL_KINDS],
                read_time=lambda text: self.services.read_time(text, zone).instant,
            )
            source = TimelineImport(path, fmt, reader)
            first, last = tx.timeline.append_many(view.id, source.contents())
            if source.bad_count:
                raise InputError(source.problems())  # rolls the whole import back
            if last < first:
                raise InputError(Problem(path.name, None, "no rows to import"))
            record = _import_record(path.name, fmt, sha256, first, last, now, actor or self.actor)
            entry = tx.record(view.id, record)
        return ImportResult(view.id, last - first + 1, first, last, entry.seq, sha256)


@dataclass(frozen=True, slots=True)
class ImportResult:
    """What ``log --import`` recorded."""

    incident_id: str
    entries: int
    first_seq: int
    last_seq: int
    entry_seq: int
    """The entry that records the import itself (file, SHA-256, the entries it added)."""
    sha256: str


MAX_REPORTED = 25
"""Bad rows named one by one; the rest are counted."""


class TimelineImport:
    """One file being imported: its rows, read lazily, and the bad ones seen so far."""

    def __init__(self, path: Path, fmt: str, reader: RowReader) -> None:
        self.path = path
        self.fmt = fmt
        self.reader = reader
        self.bad: list[Problem] = []
        self.bad_count = 0

    def contents(self) -> Iterator[EntryContent]:
        """The entries of the good rows; a bad row is noted and left out."""
        read = self.reader.read
        for line, row in self._rows():
            found = read(line, row)
            if isinstance(found, Problem):
                self._note(found)
            else:
                yield found

    def _note(self, problem: Problem) -> None:
        self.bad_count += 1
        if len(self.bad) < MAX_REPORTED:
            self.bad.append(problem)

    def problems(self) -> list[Problem]:
        more = self.bad_count - len(self.bad)
        if more:
            note = f"{counted(more, 'more bad row')} not listed"
            return [*self.bad, Problem(self.path.name, None, note)]
        return list(self.bad)

    def _rows(self) -> Iterator[tuple[int, Mapping[str, Any]]]:
        try:
            with self.path.open(encoding="utf-8-sig", newline="") as handle:
                yield from (self._csv(handle) if self.fmt == "csv" else self._jsonl(handle))
        except UnicodeDecodeError as err:
            self._note(
                Problem(self.path.name, None, f"not UTF-8 text (byte {err.start} of a block)")
            )
        except OSError as err:
            raise InputError(
                Problem(str(self.path), None, f"cannot read: {err.strerror}")
            ) from None

    def _csv(self, handle: IO[str]) -> Iterator[tuple[int, Mapping[str, Any]]]:
        import csv

        rows = csv.DictReader(handle)
        try:
            problem = header_problem(rows.fieldnames or ())
            if problem:
                self._note(Problem(self.path.name, None, problem, 1))
                return
            for row in rows:
                yield rows.line_num, row
        except csv.Error as err:
            self._note(Problem(self.path.name, None, f"not CSV: {err}", rows.line_num))

    def _jsonl(self, handle: IO[str]) -> Iterator[tuple[int, Mapping[str, Any]]]:
        for line, text in enumerate(handle, start=1):
            if not text.strip():
                continue
            try:
                row = json.loads(text)
            except (ValueError, RecursionError) as err:
                self._note(Problem(self.path.name, None, f"not JSON: {err}", line))
                continue
            if not isinstance(row, dict):
                self._note(Problem(self.path.name, None, "not a JSON object", line))
                continue
            problem = header_problem(row)
            if problem:
                self._note(Problem(self.path.name, None, problem, line))
                continue
            yield line, row


def import_format(path: Path, fmt: str | None) -> str:
    """``csv`` or ``jsonl``: as asked, else by the file's extension, else by its first
    character (``{``: JSON Lines)."""
    if fmt is not None:
        if fmt not in IMPORT_FORMATS:
            raise InputError(Problem("--format", None, f"'{fmt}' is not csv | jsonl"))
        return fmt
    suffix = path.suffix.lower()
    if suffix in (".jsonl", ".ndjson", ".json"):
        return "jsonl"
    if suffix in (".csv", ".tsv", ".txt"):
        return "csv"
    try:
        with path.open("rb") as handle:
            start = handle.read(64).lstrip(b"\xef\xbb\xbf \t\r\n")
    except OSError as err:
        raise InputError(Problem(str(path), None, f"cannot read: {err.strerror}")) from None
    return "jsonl" if start.startswith(b"{") else "csv"


IMPORT_FORMATS = ("csv", "jsonl")


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    try:
        with path.open("rb") as handle:
            while block := handle.read(1 << 20):
                digest.update(block)
    except OSError as err:
        raise InputError(Problem(str(path), None, f"cannot read: {err.strerror}")) from None
    return digest.hexdigest()


def _import_record(
    name: str, fmt: str, sha256: str, first: int, last: int, now: datetime, actor: str
) -> EntryContent:
    """The entry that records an import: the file, its SHA-256 and the entries it added."""
    count = last - first + 1
    return EntryContent(
        EntryKind.SYSTEM,
        f"Imported {count:,} entries (#{first}–#{last}) from {name} ({fmt}, SHA-256 {sha256})",
        utc_iso(now),
        utc_iso(now),
        actor,
        {
            "import": {
                "file": name,
                "format": fmt,
                "sha256": sha256,
                "entries": count,
                "first": first,
                "last": last,
            }
        },
    )
