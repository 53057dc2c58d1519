"""Review items: the lessons learned and the action items of an after-action review.

An item is added (``breachkit review add``) and later marked done or dropped with a
reason; these functions check both before the services write them to the timeline.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum

from breachkit.core.errors import InputError, Problem
from breachkit.core.review.summary import PERSON

# -- review items ---------------------------------------------------------------------


class ItemKind(StrEnum):
    LESSON = "lesson"
    ACTION = "action"


class ItemStatus(StrEnum):
    OPEN = "open"
    DONE = "done"
    DROPPED = "dropped"


@dataclass(frozen=True, slots=True)
class ReviewItem:
    """A lesson learned or an action item; ``number`` counts 1, 2, ... within the incident."""

    number: int
    kind: ItemKind
    text: str
    owner: str = field(metadata=PERSON)
    due: date | None
    status: ItemStatus
    created_at: datetime
    actor: str = field(metadata=PERSON)
    entry_seq: int
    closed_at: datetime | None = None
    closed_by: str = field(default="", metadata=PERSON)
    closing_note: str = ""

    def overdue(self, today: date) -> bool:
        return (
            self.kind is ItemKind.ACTION
            and self.status is ItemStatus.OPEN
            and self.due is not None
            and self.due < today
        )


def parse_due(text: str) -> date:
    """A due date written ``YYYY-MM-DD``, in the years breachkit accepts (1970 to 2100)."""
    try:
        due = date.fromisoformat(text.strip())
    except ValueError:
        raise InputError(
            Problem("review", "due", f"'{text}' is not a date (write YYYY-MM-DD, e.g. 2027-01-31)")
        ) from None
    if not 1970 <= due.year <= 2100:
        raise InputError(Problem("review", "due", f"'{text}' is outside the years 1970 to 2100"))
    return due


def check_new_item(kind: str, text: str, owner: str, due: str | None) -> None:
    if kind not in (ItemKind.LESSON, ItemKind.ACTION):
        raise InputError(Problem("review", "kind", f"'{kind}' is not lesson | action"))
    if not text.strip():
        raise InputError(Problem("review", "text", f"the {kind} has no text"))
    if kind == ItemKind.ACTION:
        if not owner.strip():
            raise InputError(Problem("review", "owner", "an action item needs an owner (--owner)"))
        if not due:
            raise InputError(
                Problem("review", "due", "an action item needs a due date (--due YYYY-MM-DD)")
            )
        parse_due(due)


def check_transition(item: ReviewItem, status: str, note: str) -> ItemStatus:
    """Whether ``item`` may become ``status``: actions are done or dropped, lessons dropped."""
    try:
        target = ItemStatus(status)
    except ValueError:
        raise InputError(Problem("review", "status", f"'{status}' is not done | dropped")) from None
    where = f"item {item.number}"
    if item.status is not ItemStatus.OPEN:
        raise InputError(Problem("review", where, f"is already {item.status.value}"))
    if target is ItemStatus.OPEN:
        raise InputError(Problem("review", "status", "an item can be marked done or dropped"))
    if target is ItemStatus.DONE and item.kind is ItemKind.LESSON:
        raise InputError(
            Problem("review", where, "is a lesson: lessons are kept or dropped, not done")
        )
    if target is ItemStatus.DROPPED and not note.strip():
        raise InputError(Problem("review", "reason", "dropping an item needs a reason (--reason)"))
    return target
