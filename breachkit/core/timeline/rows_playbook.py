"""Playbook steps and the after-action review's items.

Rows of :mod:`breachkit.core.timeline.projection`, kept in small modules so that a
command imports the rows it reads only (issue 19, start-up).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar


@dataclass(frozen=True, slots=True)
class StepRow:
    """A playbook step marked (``playbook_progress``)."""

    TABLE: ClassVar[str] = "playbook_progress"
    KEY: ClassVar[str] = "entry_seq"
    entry_seq: int
    playbook_id: str
    playbook_version: int
    step_id: str
    status: str
    note: str
    at: str
    actor: str


@dataclass(frozen=True, slots=True)
class ReviewItemRow:
    """A lesson or action item; closed (done or dropped) at entry ``closed_seq``."""

    TABLE: ClassVar[str] = "review_items"
    KEY: ClassVar[str] = "entry_seq"
    entry_seq: int
    kind: str
    text: str
    owner: str
    due_date: str | None
    status: str
    created_at: str
    actor: str
    closed_seq: int | None = None
    closed_at: str | None = None
    closed_by: str = ""
    closing_note: str = ""
