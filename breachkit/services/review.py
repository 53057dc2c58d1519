"""Use-cases after the incident: containment, and the lessons and action items.

The report lives in :mod:`breachkit.services.review_report`, the register in
:mod:`breachkit.services.review_register`.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

from breachkit.core.enums import EntryKind
from breachkit.core.errors import NotFoundError
from breachkit.core.playbooks import PlaybookView, phase_progress, phase_reads_facts
from breachkit.core.review.items import (
    ItemKind,
    ItemStatus,
    ReviewItem,
    check_new_item,
    check_transition,
    parse_due,
)
from breachkit.core.review.summary import (
    CONTAIN_PHASE,
    CONTAINED,
    Containment,
    containment,
)
from breachkit.core.text import require_line, require_text
from breachkit.core.timeline.chain import EntryContent, TimelineEntry
from breachkit.core.timeline.changes import (
    MilestoneReached,
    ReviewAdded,
    ReviewClosed,
)
from breachkit.core.timeline.projection import MilestoneRow, ReviewItemRow, StepRow
from breachkit.core.times import from_storage, utc_iso
from breachkit.services.base import Part, reads_once
from breachkit.services.results import ExportResult as ExportResult


class ReviewServices(Part):
    """Containment and the review items (lessons learned, action items)."""

    # -- containment -----------------------------------------------------------------------

    def mark_contained(
        self,
        incident_id: str,
        *,
        at: str | datetime | None = None,
        note: str = "",
        actor: str | None = None,
    ) -> TimelineEntry:
        """Record that the breach was contained at ``at`` (default: now)."""
        text = "Breach contained" + (f": {note.strip()}" if note.strip() else "")
        return self.services.incident_change_part.log_entry(
            incident_id,
            text,
            kind=EntryKind.ACTION,
            at=at,
            actor=actor,
            links=MilestoneReached(CONTAINED, note.strip()).links(),
        )

    @reads_once
    def containment(self, incident_id: str) -> Containment | None:
        """When the breach was contained, and how that is known (core.review rules)."""
        view = self.services.incident(incident_id)
        return self.containment_with(view.id, self.services.playbook_status(view.id))

    def containment_with(
        self, incident_id: str, playbook: PlaybookView | None = None
    ) -> Containment | None:
        """Containment from the milestones and the playbook's contain phase; without
        ``playbook``, the contain phase alone is evaluated where it can tell (registers)."""
        milestones = self.store.milestones.of(incident_id, CONTAINED)
        if playbook is None:
            marked = () if milestones else self.store.steps.rows(incident_id)
            return self.containment_of(incident_id, milestones, marked)
        marks = [(m.entry_seq, from_storage(m.at)) for m in milestones]
        steps = [
            (s.status.value, s.at)
            for s in playbook.steps
            if s.step.phase == CONTAIN_PHASE and s.applicable
        ]
        return containment(marks, steps)

    def containment_of(
        self, incident_id: str, milestones: Sequence[MilestoneRow], marked: Sequence[StepRow]
    ) -> Containment | None:
        """Containment without the playbook's view: from the ``contained`` milestones,
        else, when a step was ever marked (``marked``: the incident's marked steps, of
        every playbook, in order), from the contain phase of the playbook followed. The
        register reads both for every incident at once."""
        marks = [(m.entry_seq, from_storage(m.at)) for m in milestones]
        if marks or not marked:
            return containment(marks, ())
        from breachkit.services.playbooks import progress_of  # with the playbooks, when used

        view = self.services.incident(incident_id)
        part = self.services.playbook_part
        chosen = part.incident_playbook(view.id)
        phase = {s.id for s in chosen.steps if s.phase == CONTAIN_PHASE}  # what is asked
        progress = progress_of(
            s for s in marked if s.playbook_id == chosen.id and s.step_id in phase
        )
        document = view.facts.to_document() if phase_reads_facts(chosen, CONTAIN_PHASE) else {}
        steps = phase_progress(chosen, document, progress, CONTAIN_PHASE, part.regimes(view))
        return containment([], steps)

    # -- lessons learned and action items --------------------------------------------------

    def review_items(self, incident_id: str) -> list[ReviewItem]:
        """Lessons and actions, numbered 1, 2, ... in the order they were added."""
        view = self.services.incident(incident_id)
        return [_item(n, r) for n, r in enumerate(self.store.review_items.rows(view.id), start=1)]

    def add_review_item(
        self,
        incident_id: str,
        kind: str,
        text: str,
        *,
        owner: str = "",
        due: str | date | None = None,
        actor: str | None = None,
    ) -> ReviewItem:
        """Record a lesson learned, or an action item (which needs an owner and a due date)."""
        view = self.services.incident(incident_id)
        due_text = due.isoformat() if isinstance(due, date) else due
        check_new_item(kind, text, owner, due_text)
        require_line(owner, "review", "owner")
        require_text(text, "review", "text")
        text, owner = text.strip(), owner.strip()
        due_date = parse_due(due_text) if due_text else None
        now = self.clock.now()
        actor = actor or self.actor
        if kind == ItemKind.LESSON:
            entry_kind, line = EntryKind.NOTE, f"Lesson learned: {text}"
        else:
            entry_kind = EntryKind.DECISION
            line = f"Action item: {text} (owner {owner}, due {due_date})"
        change = ReviewAdded(kind, text, owner, due_date.isoformat() if due_date else None)
        with self.store.transaction() as tx:
            entry = tx.record(
                view.id,
                EntryContent(entry_kind, line, utc_iso(now), utc_iso(now), actor, change.links()),
            )
        return next(i for i in self.review_items(view.id) if i.entry_seq == entry.seq)

    def close_review_item(
        self,
        incident_id: str,
        number: int,
        status: str,
        *,
        note: str = "",
        actor: str | None = None,
    ) -> ReviewItem:
        """Mark action item ``number`` done, or drop an item (with the reason in ``note``)."""
        with self.store.transaction():  # the item as it stands when it is closed
            view = self.services.incident(incident_id)
            items = self.review_items(view.id)
            if not 1 <= number <= len(items):
                raise NotFoundError(
                    f"{view.id} has no review item {number}"
                    + (f" (items 1..{len(items)})" if items else " (none yet)")
                )
            item = items[number - 1]
            target = check_transition(item, status, note)
            self._close_item(view.id, number, item, target, note.strip(), actor or self.actor)
        return self.review_items(view.id)[number - 1]

    def _close_item(
        self,
        incident_id: str,
        number: int,
        item: ReviewItem,
        target: ItemStatus,
        note: str,
        actor: str,
    ) -> None:
        now = self.clock.now()
        what = "Action item" if item.kind is ItemKind.ACTION else "Lesson"
        if target is ItemStatus.DONE:
            kind, line = EntryKind.ACTION, f"{what} {number} done: {item.text}"
            if note:
                line += f"\n{note}"
        else:
            kind = EntryKind.DECISION
            line = f"{what} {number} dropped: {item.text}\nReason: {note}"
        change = ReviewClosed(item.entry_seq, target.value, note)
        with self.store.transaction() as tx:
            tx.record(
                incident_id,
                EntryContent(kind, line, utc_iso(now), utc_iso(now), actor, change.links()),
            )


def _item(number: int, r: ReviewItemRow) -> ReviewItem:
    return ReviewItem(
        number=number,
        kind=ItemKind(r.kind),
        text=r.text,
        owner=r.owner,
        due=date.fromisoformat(r.due_date) if r.due_date else None,
        status=ItemStatus(r.status),
        created_at=from_storage(r.created_at),
        actor=r.actor,
        entry_seq=r.entry_seq,
        closed_at=from_storage(r.closed_at) if r.closed_at else None,
        closed_by=r.closed_by,
        closing_note=r.closing_note,
    )
