"""Repositories of the projected tables (see :mod:`breachkit.store.records`): who was told: letter
batches, public notices, send runs, a processor's controllers."""

from __future__ import annotations

from typing import ClassVar

from breachkit.core.timeline.rows_people import (
    ControllerEventRow,
    ControllerListRow,
    LetterBatchRow,
    NoticeRow,
    SendRunRow,
)
from breachkit.store.reads import QuickReads
from breachkit.store.repo import BOOL, JSON, TEXTS, Codec, TableRepo


class LetterBatches(TableRepo[LetterBatchRow]):
    """The one reader of ``letter_batches``."""

    ROW = LetterBatchRow
    CODECS: ClassVar[dict[str, Codec]] = {"people_by_channel": JSON, "incomplete": TEXTS}
    LOCAL_ID = True

    def get(self, incident_id: str, batch_id: int) -> LetterBatchRow | None:
        found = [r for r in self.stream(incident_id, " AND id = ?", [batch_id])]
        return found[0] if found else None

    def finished(self, incident_id: str) -> list[LetterBatchRow]:
        """The batches recorded as finished, oldest first."""
        return list(self.stream(incident_id, " AND entry_seq IS NOT NULL"))

    def people_told(self, incident_id: str) -> list[tuple[str, int]]:
        """(finished at, distinct people told by then) per counted batch, in chain order."""
        return QuickReads(self.db).batches_people_told(incident_id)


class PublicNotices(TableRepo[NoticeRow]):
    """Public communications (Art. 34(3)(c)) written."""

    ROW = NoticeRow
    CODECS: ClassVar[dict[str, Codec]] = {"files": JSON, "languages": TEXTS, "incomplete": TEXTS}

    def times(self, incident_id: str) -> list[str]:
        """When each notice was recorded, oldest first."""
        return QuickReads(self.db).notice_times(incident_id)


class ControllerLists(TableRepo[ControllerListRow]):
    """The controllers files a processor read, oldest first."""

    ROW = ControllerListRow
    CODECS: ClassVar[dict[str, Codec]] = {"controllers": TEXTS}


class ControllerEvents(TableRepo[ControllerEventRow]):
    """Controllers told and acknowledging, in chain order."""

    ROW = ControllerEventRow
    CODECS: ClassVar[dict[str, Codec]] = {"complementary": BOOL}


class LetterSends(TableRepo[SendRunRow]):
    """Send runs and bounces read (issue 17)."""

    ROW = SendRunRow

    def people_told(self, incident_id: str) -> list[tuple[str, int]]:
        """(recorded at, distinct people told by then) per run, in chain order."""
        return QuickReads(self.db).sends_people_told(incident_id)

    def emailed(self, incident_id: str) -> dict[int, int]:
        """Per batch (its start entry): people reached by e-mail, as its last run says."""
        return {
            int(batch): int(people)
            for batch, people in self.db.conn.execute(
                "SELECT batch, people_emailed FROM letter_sends WHERE incident_id = ?"
                " ORDER BY entry_seq",
                [incident_id],
            )
        }
