"""Repositories of the projected tables (see :mod:`breachkit.store.records`): playbook steps and the
review's items."""

from __future__ import annotations

from breachkit.core.timeline.rows_playbook import ReviewItemRow, StepRow
from breachkit.store.repo import TableRepo


class Steps(TableRepo[StepRow]):
    ROW = StepRow

    def for_playbook(self, incident_id: str, playbook_id: str) -> list[StepRow]:
        return list(self.stream(incident_id, " AND playbook_id = ?", [playbook_id]))

    def any_marked(self, incident_id: str) -> bool:
        """Whether any step of any playbook was ever marked for the incident."""
        found = self.db.execute(
            f"SELECT 1 FROM {self.table} WHERE incident_id = ? LIMIT 1", [incident_id]
        ).fetchone()
        return found is not None


class ReviewItems(TableRepo[ReviewItemRow]):
    ROW = ReviewItemRow
