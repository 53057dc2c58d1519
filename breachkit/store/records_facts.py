"""Repositories of the projected tables (see :mod:`breachkit.store.records`): facts set
and evidence kept."""

from __future__ import annotations

from typing import ClassVar

from breachkit.core.timeline.rows_facts import EvidenceRow, FactChange
from breachkit.store.repo import ANY_JSON, Codec, TableRepo


class FactChanges(TableRepo[FactChange]):
    ROW = FactChange
    CODECS: ClassVar[dict[str, Codec]] = {"old_value": ANY_JSON, "new_value": ANY_JSON}


class EvidenceRows(TableRepo[EvidenceRow]):
    ROW = EvidenceRow
