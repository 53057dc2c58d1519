"""Use-cases on playbooks: which one an incident follows, where it stands, marking steps."""

from __future__ import annotations

from collections.abc import Iterable
from functools import cached_property
from typing import TYPE_CHECKING

from breachkit.adapters.playbooks import load_playbooks, user_playbooks_dir
from breachkit.core.enums import EntryKind, Nis2Entity
from breachkit.core.errors import NotFoundError
from breachkit.core.playbooks import (
    Playbook,
    PlaybookView,
    StepProgress,
    StepStatus,
    choose_playbook,
    describe_transition,
    evaluate,
    validate_transition,
)
from breachkit.core.timeline.chain import EntryContent, TimelineEntry
from breachkit.core.timeline.changes import PlaybookChosen, StepMarked
from breachkit.core.times import from_storage, utc_iso
from breachkit.services.base import Part, reads_once
from breachkit.services.views import IncidentView

if TYPE_CHECKING:
    from breachkit.core.timeline.projection import StepRow


class PlaybookServices(Part):
    @cached_property
    def playbooks(self) -> dict[str, Playbook]:
        return load_playbooks(user_playbooks_dir(self.context.playbooks_dir))

    def playbook(self, playbook_id: str) -> Playbook:
        try:
            return self.playbooks[playbook_id]
        except KeyError:
            known = ", ".join(self.playbooks)
            raise NotFoundError(f"no playbook '{playbook_id}' (known: {known})") from None

    @reads_once
    def incident_playbook(self, incident_id: str) -> Playbook:
        """The playbook chosen by hand, else the one that fits the cause and role."""
        view = self.services.incident(incident_id)
        chosen = self.services.bundle_part.chosen_playbook(view.id)
        if chosen and chosen in self.playbooks:
            return self.playbooks[chosen]
        cause = view.facts.breach.cause.value if view.facts.breach.cause else None
        return choose_playbook(self.playbooks, cause, view.facts.role.value)

    def use_playbook(self, incident_id: str, playbook_id: str) -> TimelineEntry:
        """Follow another playbook from now on (progress on each is kept)."""
        playbook = self.playbook(playbook_id)
        now = self.clock.now()
        with self.store.transaction() as tx:
            row = tx.incidents.get(incident_id)
            return tx.record(
                row.id,
                EntryContent(
                    EntryKind.PLAYBOOK,
                    f"Playbook chosen: {playbook.title} ({playbook.id})",
                    utc_iso(now),
                    utc_iso(now),
                    self.actor,
                    PlaybookChosen(playbook.id).links(),
                ),
            )

    @reads_once
    def playbook_status(self, incident_id: str) -> PlaybookView:
        view = self.services.incident(incident_id)
        playbook = self.incident_playbook(view.id)
        states = {c.id: c.state.value for c in self.services.clocks(view.id)}
        return evaluate(
            playbook,
            view.facts.to_document(),
            self.step_progress(view.id, playbook.id),
            states,
            self.regimes(view),
        )

    def mark_step(
        self,
        incident_id: str,
        step_id: str,
        status: StepStatus | str,
        *,
        note: str = "",
        actor: str | None = None,
    ) -> TimelineEntry:
        """Mark a step done, skipped, not applicable or open again; lands on the timeline."""
        with self.store.transaction() as tx:  # the playbook followed, as it is when marked
            row = tx.incidents.get(incident_id)
            playbook = self.incident_playbook(row.id)
            validate_transition(playbook, step_id, status, note)
            status = StepStatus(status)
            now = self.clock.now()
            text = describe_transition(playbook, step_id, status, note)
            change = StepMarked(playbook.id, playbook.version, step_id, status.value, note.strip())
            return tx.record(
                row.id,
                EntryContent(
                    EntryKind.PLAYBOOK,
                    text,
                    utc_iso(now),
                    utc_iso(now),
                    actor or self.actor,
                    change.links(),
                ),
            )

    def step_progress(self, incident_id: str, playbook_id: str) -> list[StepProgress]:
        return progress_of(self.store.steps.for_playbook(incident_id, playbook_id))

    @staticmethod
    def regimes(view: IncidentView) -> frozenset[str]:
        org = view.organisation
        if org is None:
            return frozenset()
        regimes = set()
        if org.nis2 is not Nis2Entity.NONE:
            regimes.add("nis2")
        if org.eprivacy:
            regimes.add("eprivacy")
        if org.dora:
            regimes.add("dora")
        return frozenset(regimes)


def progress_of(rows: Iterable[StepRow]) -> list[StepProgress]:
    """Marked steps as the engine takes them, in the order they were marked."""
    return [
        StepProgress(s.step_id, StepStatus(s.status), s.note, from_storage(s.at), s.actor)
        for s in rows
    ]
