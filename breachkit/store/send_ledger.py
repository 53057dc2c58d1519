"""The send ledger: every e-mail's sending history, one event per row (issue 17).

Written while a batch is sent, one small transaction per event, so that a run killed at
any moment leaves the truth: an event is there or it is not. Events a run wrote carry
``run_seq`` NULL until the run's ``letters.send`` record is on the timeline; that
record's transaction stamps them with its entry, and its per-message log (an evidence
file) is exactly those events, so ``verify`` can check the ledger against the chain.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from breachkit.core.letters.sending import LedgerEvent, log_sha256
from breachkit.store.connection import Database
from breachkit.store.db import write
from breachkit.store.guards import create_guards, drop_guards

_COLUMNS = "line, state, at, message_id, person, recipient, code, reply"


def _event(row: tuple[object, ...]) -> LedgerEvent:
    line, state, at, message_id, person, recipient, code, reply = row
    return LedgerEvent(
        int(str(line)),
        str(state),
        str(at),
        str(message_id),
        str(person),
        str(recipient),
        int(str(code)) if code is not None else None,
        str(reply),
    )


class SendLedger:
    def __init__(self, db: Database) -> None:
        self.db = db

    def add(self, incident_id: str, batch_seq: int, events: Iterable[LedgerEvent]) -> None:
        """Append ``events`` in one transaction (committed when this returns)."""
        rows = [
            (incident_id, batch_seq, e.line, e.state, e.at, e.message_id, e.person)
            + (e.recipient, e.code, e.reply)
            for e in events
        ]
        with write(self.db):
            self.db.conn.executemany(
                f"INSERT INTO send_ledger (incident_id, batch_seq, {_COLUMNS}) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                rows,
            )

    def states(self, incident_id: str, batch_seq: int) -> dict[int, str]:
        """Each message's state (its last event's), by line: what a run needs to know of
        the messages before it, in a few bytes each."""
        cursor = self.db.execute(
            "SELECT line, state FROM send_ledger WHERE incident_id = ? AND batch_seq = ? "
            "ORDER BY id",
            [incident_id, batch_seq],
        )
        return {int(line): str(state) for line, state in cursor}

    def tally(self, incident_id: str, batch_seq: int, final: Iterable[str]) -> tuple[int, int]:
        """(distinct people whose message's state is ``sent``, messages in a ``final``
        state), counted by SQLite from each message's last event."""
        states = sorted(final)
        marks = ", ".join("?" * len(states))
        row = self.db.execute(
            "SELECT count(DISTINCT CASE WHEN state = 'sent' THEN person END), "
            f"count(CASE WHEN state IN ({marks}) THEN 1 END) FROM ("
            "SELECT state, person, max(id) FROM send_ledger "  # SQLite: the max row's columns
            "WHERE incident_id = ? AND batch_seq = ? GROUP BY line)",
            [*states, incident_id, batch_seq],
        ).fetchone()
        return int(row[0]), int(row[1])

    def unrecorded(self, incident_id: str, batch_seq: int) -> Iterator[LedgerEvent]:
        """Events no record stamps yet (a run that was killed, or the one now ending),
        streamed in ledger order."""
        cursor = self.db.execute(
            f"SELECT {_COLUMNS} FROM send_ledger WHERE incident_id = ? AND batch_seq = ? "
            "AND run_seq IS NULL ORDER BY id",
            [incident_id, batch_seq],
        )
        return map(_event, cursor)

    def has_unrecorded(self, incident_id: str, batch_seq: int) -> bool:
        found = self.db.execute(
            "SELECT 1 FROM send_ledger WHERE incident_id = ? AND batch_seq = ? "
            "AND run_seq IS NULL LIMIT 1",
            [incident_id, batch_seq],
        ).fetchone()
        return found is not None

    def stamp(self, incident_id: str, batch_seq: int, run_seq: int) -> int:
        """Inside the record's transaction: its events are the unstamped ones."""
        cursor = self.db.execute(
            "UPDATE send_ledger SET run_seq = ? WHERE incident_id = ? AND batch_seq = ? "
            "AND run_seq IS NULL",
            [run_seq, incident_id, batch_seq],
        )
        return int(cursor.rowcount)

    def of_run(self, incident_id: str, run_seq: int) -> Iterator[LedgerEvent]:
        cursor = self.db.execute(
            f"SELECT {_COLUMNS} FROM send_ledger WHERE incident_id = ? AND run_seq = ? ORDER BY id",
            [incident_id, run_seq],
        )
        return map(_event, cursor)

    def run_digest(self, incident_id: str, run_seq: int) -> tuple[str, int]:
        """(SHA-256 of the run's log as the ledger holds it, number of events)."""
        counted = _Counted(self.of_run(incident_id, run_seq))
        return log_sha256(counted), counted.count

    def forget(self, incident_id: str) -> list[tuple[int, LedgerEvent]]:
        """Inside ``rebuild``'s transaction: drop every event, returning the unrecorded ones
        (batch, event) to add again after the recorded ones are put back from the logs."""
        pending = [
            (int(row[0]), _event(tuple(row[1:])))
            for row in self.db.execute(
                f"SELECT batch_seq, {_COLUMNS} FROM send_ledger WHERE incident_id = ? "
                "AND run_seq IS NULL ORDER BY id",
                [incident_id],
            )
        ]
        drop_guards(self.db, "send_ledger")
        self.db.execute("DELETE FROM send_ledger WHERE incident_id = ?", [incident_id])
        create_guards(self.db)
        return pending

    def runs(self, incident_id: str) -> list[tuple[int, int]]:
        """(run_seq, events) stamped with an entry: verify compares them with the chain."""
        cursor = self.db.execute(
            "SELECT run_seq, count(*) FROM send_ledger WHERE incident_id = ? "
            "AND run_seq IS NOT NULL GROUP BY run_seq ORDER BY run_seq",
            [incident_id],
        )
        return [(int(a), int(b)) for a, b in cursor]

    def find(
        self, incident_id: str, *, message_id: str = "", recipient: str = ""
    ) -> list[tuple[int, LedgerEvent]]:
        """(batch_seq, latest event) of the messages with this Message-ID or recipient."""
        column, value = ("message_id", message_id) if message_id else ("recipient", recipient)
        cursor = self.db.execute(
            f"SELECT batch_seq, {_COLUMNS} FROM send_ledger WHERE incident_id = ? "
            f"AND {column} = ? ORDER BY id",
            [incident_id, value],
        )
        found: dict[tuple[int, int], LedgerEvent] = {}
        for row in cursor:
            event = _event(tuple(row[1:]))
            found[(int(row[0]), event.line)] = event
        return [(batch, event) for (batch, _line), event in found.items()]

    def sent_people(self, incident_id: str) -> list[tuple[str, str]]:
        """(person key, when it was sent) of every e-mail whose last state is ``sent``."""
        cursor = self.db.execute(
            "SELECT l.person, l.at FROM send_ledger l JOIN ("
            " SELECT max(id) AS id FROM send_ledger WHERE incident_id = ?"
            " GROUP BY batch_seq, line) last ON l.id = last.id WHERE l.state = 'sent'",
            [incident_id],
        )
        return [(str(p), str(a)) for p, a in cursor]


class _Counted:
    """An iterable that counts what passes through it."""

    def __init__(self, events: Iterator[LedgerEvent]) -> None:
        self.events = events
        self.count = 0

    def __iter__(self) -> Iterator[LedgerEvent]:
        for event in self.events:
            self.count += 1
            yield event
