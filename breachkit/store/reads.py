"""Quick reads of the projected tables that need no row class: a time, a count, yes/no.

``clocks`` asks when the risk was first judged high, when everyone was told and whether
a processor read a controllers file, every time it runs: these answers come from single
SELECTs, so the command need not load the letters', notices' and controllers' row
classes and repositories (issue 19, start-up). Those repositories answer the same
questions through this module.
"""

from __future__ import annotations

from breachkit.store.connection import Database


class QuickReads:
    """The yes/no, time and count questions of one connection."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def first_decision_at(self, incident_id: str, *, risk: str) -> str | None:
        """When the first decision of ``risk`` was made (e.g. high: Art. 34 starts)."""
        row = self.db.execute(
            "SELECT at FROM decisions WHERE incident_id = ? AND risk = ?"
            " ORDER BY entry_seq LIMIT 1",
            [incident_id, risk],
        ).fetchone()
        return str(row[0]) if row else None

    def filings_by_time(self, incident_id: str) -> list[tuple[str, str, str, str]]:
        """(clock, filed at, reference, reasons for delay) of each filing, oldest first
        (as sent, then as recorded): :meth:`Filings.by_time` without the rows."""
        return [
            (str(clock), str(at), str(reference), str(reasons))
            for clock, at, reference, reasons in self.db.conn.execute(
                "SELECT clock_id, filed_at, reference, reasons_for_delay FROM filings"
                " WHERE incident_id = ? ORDER BY filed_at, entry_seq",
                [incident_id],
            )
        ]

    def batches_people_told(self, incident_id: str) -> list[tuple[str, int]]:
        """(finished at, distinct people told by then) per counted letters batch, in chain
        order."""
        return [
            (str(at), int(told))
            for at, told in self.db.conn.execute(
                "SELECT finished_at, people_told FROM letter_batches WHERE incident_id = ?"
                " AND entry_seq IS NOT NULL AND people_told IS NOT NULL ORDER BY entry_seq",
                [incident_id],
            )
        ]

    def sends_people_told(self, incident_id: str) -> list[tuple[str, int]]:
        """(recorded at, distinct people told by then) per send run, in chain order."""
        return [
            (str(at), int(told))
            for at, told in self.db.conn.execute(
                "SELECT at, people_told FROM letter_sends WHERE incident_id = ?"
                " AND people_told IS NOT NULL ORDER BY entry_seq",
                [incident_id],
            )
        ]

    def notice_times(self, incident_id: str) -> list[str]:
        """When each public notice was recorded, oldest first."""
        return [
            str(at)
            for (at,) in self.db.conn.execute(
                "SELECT at FROM public_notices WHERE incident_id = ? ORDER BY entry_seq",
                [incident_id],
            )
        ]

    def has_controller_lists(self, incident_id: str) -> bool:
        """Whether a processor read a controllers file for the incident."""
        found = self.db.execute(
            "SELECT 1 FROM controller_lists WHERE incident_id = ? LIMIT 1", [incident_id]
        ).fetchone()
        return found is not None
