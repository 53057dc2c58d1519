"""The tables against the chain: check one incident streaming, rebuild them from it.

:func:`check_incident` reads the timeline once, in order: it recomputes the hash chain,
replays every change through the fold, and merges the rows the fold expects with the
rows each table holds, all in one pass and in one read transaction.
:func:`rebuild` puts every table that differs back as the chain says (keeping local row
ids where the row is still there) and returns what it changed.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass

from breachkit.core.enums import EntryKind
from breachkit.core.timeline.chain import ChainBreak, RawEntry, chain_holds, verify_chain
from breachkit.core.timeline.changes import MARKER
from breachkit.core.timeline.compare import Check, TableProblem
from breachkit.core.timeline.fold import Fold, RecordProblem
from breachkit.core.timeline.projection import ROW_TYPES, Row, key_of
from breachkit.store.guards import create_guards, drop_guards
from breachkit.store.incidents import IncidentRow
from breachkit.store.unit import Repositories, Tx


@dataclass(frozen=True, slots=True)
class EvidenceRef:
    seq: int
    sha256: str
    filename: str


@dataclass(frozen=True, slots=True)
class IncidentCheck:
    """What one pass over an incident found."""

    checked: int
    chain_break: ChainBreak | None
    evidence: tuple[EvidenceRef, ...]
    record_problems: tuple[RecordProblem, ...]
    table_problems: tuple[TableProblem, ...]
    checkpoint: int | None
    send_logs: dict[int, tuple[str, int, int]] | None = None
    """``letters.send`` records: entry → (per-message log SHA-256, events, batch) (issue 17)."""


NO_BEGINNING = "the chain does not say how the incident began (no opening record, no checkpoint)"


def check_incident(repos: Repositories, row: IncidentRow) -> IncidentCheck:
    """The chain, the evidence it names, and every table, against each other.

    The chain is recomputed over every entry first; when it holds, only the entries that
    carry a change or name evidence are read again (SQLite finds them) and replayed. Call
    inside one read transaction (``Store.snapshot``)."""
    head = (row.head_seq, row.head_hash or "")
    composed = repos.timeline.composed(row.id, row.uid)
    checked = chain_holds(row.uid, composed, head if row.head_seq else None)
    if checked is None:  # judged entry by entry: what the fold saw up to a break, as ever
        return check_in_one_pass(repos, row)
    check = Check({table: repos.tables[table].stored(row.id) for table in ROW_TYPES})
    fold = Fold(emit=check.expect)
    evidence: list[EvidenceRef] = []
    send_logs: dict[int, tuple[str, int, int]] = {}
    evidence_kind = EntryKind.EVIDENCE.value
    for entry in repos.timeline.marked(row.id, MARKER, evidence_kind):
        if MARKER in entry[6]:
            fold.feed(entry)
            if SEND_MARKER in entry[6]:
                _send_log(entry, evidence, send_logs)
        if entry[1] == evidence_kind:
            evidence.append(_evidence(entry))
    return _checked(fold, check, row, checked, evidence, send_logs)


def check_in_one_pass(repos: Repositories, row: IncidentRow) -> IncidentCheck:
    """:func:`check_incident` in one pass over the entries, the fold fed as the chain is
    recomputed (for a chain that breaks: the evidence and the checkpoint up to there)."""
    check = Check({table: repos.tables[table].stored(row.id) for table in ROW_TYPES})
    fold = Fold(emit=check.expect)
    evidence: list[EvidenceRef] = []
    send_logs: dict[int, tuple[str, int, int]] = {}

    def tapped() -> Iterator[RawEntry]:
        feed = fold.feed
        evidence_kind = EntryKind.EVIDENCE.value
        for entry in repos.timeline.raw(row.id):
            if MARKER in entry[6]:
                feed(entry)
                if SEND_MARKER in entry[6]:
                    _send_log(entry, evidence, send_logs)
            if entry[1] == evidence_kind:
                evidence.append(_evidence(entry))
            yield entry

    head = (row.head_seq, row.head_hash or "")
    checked, chain_break = verify_chain(row.uid, tapped(), head if row.head_seq else None)
    if chain_break is not None:  # the tables cannot be judged against a broken chain
        return IncidentCheck(checked, chain_break, tuple(evidence), (), (), fold.checkpoint)
    return _checked(fold, check, row, checked, evidence, send_logs)


def _checked(
    fold: Fold,
    check: Check,
    row: IncidentRow,
    checked: int,
    evidence: list[EvidenceRef],
    send_logs: dict[int, tuple[str, int, int]],
) -> IncidentCheck:
    problems = list(fold.problems)
    if fold.incident is None and checked:
        problems.append(RecordProblem(1, NO_BEGINNING))
    tables = check.finish(fold, row.id, row.state())
    return IncidentCheck(
        checked, None, tuple(evidence), tuple(problems), tuple(tables), fold.checkpoint, send_logs
    )


SEND_MARKER = '"letters.send"'


def _send_log(
    entry: RawEntry, evidence: list[EvidenceRef], send_logs: dict[int, tuple[str, int, int]]
) -> None:
    """A send record's per-message log: an evidence file, and what the ledger must hold."""
    try:
        links = json.loads(entry[6])
    except ValueError:
        return
    if isinstance(links, dict) and links.get("change") == "letters.send":
        sha, events = str(links.get("log_sha256", "")), links.get("events", 0)
        batch = links.get("batch", 0)
        evidence.append(EvidenceRef(entry[0], sha, "per-message send log"))
        send_logs[entry[0]] = (
            sha,
            events if isinstance(events, int) else 0,
            batch if isinstance(batch, int) else 0,
        )


def _evidence(entry: RawEntry) -> EvidenceRef:
    try:
        links = json.loads(entry[6])
    except ValueError:
        links = {}
    if not isinstance(links, dict):
        links = {}
    return EvidenceRef(entry[0], str(links.get("sha256", "")), str(links.get("filename", "")))


@dataclass(frozen=True, slots=True)
class Replayed:
    """The chain replayed in full: the fold's state and every row it implies."""

    fold: Fold
    rows: dict[str, list[Row]]


def replay(entries: Iterator[RawEntry]) -> Replayed:
    rows: dict[str, list[Row]] = {table: [] for table in ROW_TYPES}
    fold = Fold(emit=lambda r: rows[r.TABLE].append(r))
    for entry in entries:
        fold.feed(entry)
    for table, amended in fold.amended.items():
        rows[table] = [amended[k] for k in sorted(amended)]
    return Replayed(fold, rows)


def differences(repos: Repositories, row: IncidentRow, replayed: Replayed) -> list[TableProblem]:
    """Every difference between the tables and a replayed chain."""
    check = Check({table: repos.tables[table].rows(row.id) for table in ROW_TYPES})
    for table, rows in replayed.rows.items():
        if table not in replayed.fold.amended:
            for r in rows:
                check.expect(r)
    return check.finish(replayed.fold, row.id, row.state())


def write_tables(tx: Tx, incident_id: str, replayed: Replayed, tables: set[str]) -> None:
    """Put ``tables`` (and the incident's columns) back as the chain says; ids are kept."""
    fold = replayed.fold
    if fold.incident is not None:
        tx.incidents.set_state(incident_id, fold.incident)
    if not tables:
        return
    tx.db.execute("PRAGMA defer_foreign_keys = ON")
    drop_guards(tx.db)
    # filings refer to drafts by local id: drafts go back first, filings after them
    for table in sorted(tables, key=lambda t: t == "filings"):
        repo = tx.tables[table]
        ids = repo.local_ids(incident_id)
        repo.delete_all(incident_id)
        for r in replayed.rows[table]:
            repo.insert(incident_id, r, row_id=ids.get(key_of(r)))
    create_guards(tx.db)


def rebuild(tx: Tx, row: IncidentRow) -> list[TableProblem]:
    """Rebuild the tables of a verified chain; returns what differed (now put right)."""
    replayed = replay(tx.timeline.raw(row.id))
    problems = differences(tx, row, replayed)
    tables = {p.table for p in problems if p.table != "incidents"}
    if problems:
        write_tables(tx, row.id, replayed, tables)
    return problems
