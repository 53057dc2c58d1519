"""Repositories of the projected tables (see :mod:`breachkit.store.records`): risk
decisions and milestones."""

from __future__ import annotations

from typing import ClassVar

from breachkit.core.timeline.rows_decisions import DecisionRow, MilestoneRow
from breachkit.store.reads import QuickReads
from breachkit.store.repo import BOOL, JSON, TEXTS, Codec, TableRepo


class Decisions(TableRepo[DecisionRow]):
    ROW = DecisionRow
    CODECS: ClassVar[dict[str, Codec]] = {
        "personal_data_breach": BOOL,
        "override": BOOL,
        "reasons": TEXTS,
        "exemptions": TEXTS,
        "facts": JSON,
    }

    def latest(self, incident_id: str) -> DecisionRow | None:
        cursor = self.db.conn.execute(
            f"SELECT {self._select()} FROM decisions WHERE incident_id = ?"
            " ORDER BY entry_seq DESC LIMIT 1",
            [incident_id],
        )
        found = cursor.fetchone()
        return self._row(found) if found else None

    def first_at(self, incident_id: str, *, risk: str) -> str | None:
        """When the first decision of ``risk`` was made (e.g. high: Art. 34 starts)."""
        return QuickReads(self.db).first_decision_at(incident_id, risk=risk)


class Milestones(TableRepo[MilestoneRow]):
    ROW = MilestoneRow

    def of(self, incident_id: str, milestone: str) -> list[MilestoneRow]:
        return list(self.stream(incident_id, " AND milestone = ?", [milestone]))
