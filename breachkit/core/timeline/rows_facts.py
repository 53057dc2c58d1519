"""Facts set and evidence kept: the rows ``show`` reads for a fact's history.

Rows of :mod:`breachkit.core.timeline.projection`, kept in small modules so that a
command imports the rows it reads only (issue 19, start-up).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar


@dataclass(frozen=True, slots=True)
class FactChange:
    """One fact set or cleared (``fact_changes``)."""

    TABLE: ClassVar[str] = "fact_changes"
    KEY: ClassVar[str] = "entry_seq"
    key: str
    old_value: Any
    new_value: Any
    actor: str
    changed_at: str
    entry_seq: int


@dataclass(frozen=True, slots=True)
class EvidenceRow:
    TABLE: ClassVar[str] = "evidence"
    KEY: ClassVar[str] = "entry_seq"
    entry_seq: int
    sha256: str
    filename: str
    size: int
    added_at: str
    added_by: str
