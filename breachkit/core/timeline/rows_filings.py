"""Filings and drafts: the rows the clocks read.

Rows of :mod:`breachkit.core.timeline.projection`, kept in small modules so that a
command imports the rows it reads only (issue 19, start-up).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import ClassVar


@dataclass(frozen=True, slots=True)
class FilingRow:
    """A notification or report sent; ``draft_seq``: the draft export entry it sent."""

    TABLE: ClassVar[str] = "filings"
    KEY: ClassVar[str] = "entry_seq"
    entry_seq: int
    clock_id: str
    authority: str
    filed_at: str
    reference: str
    reasons_for_delay: str
    recorded_at: str
    actor: str
    draft_seq: int | None


@dataclass(frozen=True, slots=True)
class DraftRow:
    """One export of a notification draft; ``sha256`` is the file's."""

    TABLE: ClassVar[str] = "drafts"
    KEY: ClassVar[str] = "entry_seq"
    entry_seq: int
    authority: str
    language: str
    phase: str
    version: int
    format: str
    sha256: str
    content_sha256: str
    filename: str
    complete: bool
    generated_at: str
    actor: str
    id: int | None = field(default=None, compare=False)
