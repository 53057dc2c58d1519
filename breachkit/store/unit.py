"""The store: every table's repository, and the unit of work that changes them.

A use-case changes state like this::

    with store.transaction() as tx:          # the write lock, taken up front
        row = tx.incidents.get(incident_id)  # every read the write depends on, inside
        tx.record(row.id, content)           # the entry, and the tables it implies

:meth:`Tx.record` appends the entry and applies the change its links carry through the
same effects the fold replays (:func:`breachkit.core.timeline.fold.effects`), so the
entry and its rows commit together or not at all, and always agree.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterator
from functools import cached_property
from typing import TYPE_CHECKING, Any

from breachkit.store.connection import Database
from breachkit.store.db import StoreError, read, write
from breachkit.store.incidents import Incidents

if TYPE_CHECKING:  # the changes and their effects are loaded by the first write
    from breachkit.core.timeline.chain import EntryContent, TimelineEntry
    from breachkit.core.timeline.changes import Change
    from breachkit.core.timeline.effects import EntryMeta, SetFact
    from breachkit.store.reads import QuickReads
    from breachkit.store.records import (
        ControllerEvents,
        ControllerLists,
        Decisions,
        Drafts,
        EvidenceRows,
        FactChanges,
        Filings,
        LetterBatches,
        LetterSends,
        Milestones,
        PublicNotices,
        ReviewItems,
        Steps,
    )
    from breachkit.store.repo import TableRepo
    from breachkit.store.send_ledger import SendLedger
    from breachkit.store.timeline import Timeline


class Repositories:
    """Every table of one connection, each behind its repository. A repository (and its
    module, with the projection's row types) is made when first used, so a command that
    reads the incidents table alone does not load the other tables' code."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self.incidents = Incidents(db)

    @cached_property
    def timeline(self) -> Timeline:
        """The entries (made when first used: ``list`` reads no entry, nor hashes one)."""
        from breachkit.store.timeline import Timeline

        return Timeline(self.db)

    @cached_property
    def reads(self) -> QuickReads:
        """A time, a count or yes/no from one SELECT, without the tables' row classes."""
        from breachkit.store.reads import QuickReads

        return QuickReads(self.db)

    @cached_property
    def fact_changes(self) -> FactChanges:
        from breachkit.store.records_facts import FactChanges

        return FactChanges(self.db)

    @cached_property
    def evidence(self) -> EvidenceRows:
        from breachkit.store.records_facts import EvidenceRows

        return EvidenceRows(self.db)

    @cached_property
    def filings(self) -> Filings:
        from breachkit.store.records_filings import Filings

        return Filings(self.db)

    @cached_property
    def drafts(self) -> Drafts:
        from breachkit.store.records_filings import Drafts

        return Drafts(self.db)

    @cached_property
    def steps(self) -> Steps:
        from breachkit.store.records_playbook import Steps

        return Steps(self.db)

    @cached_property
    def decisions(self) -> Decisions:
        from breachkit.store.records_decisions import Decisions

        return Decisions(self.db)

    @cached_property
    def milestones(self) -> Milestones:
        from breachkit.store.records_decisions import Milestones

        return Milestones(self.db)

    @cached_property
    def letter_batches(self) -> LetterBatches:
        from breachkit.store.records_people import LetterBatches

        return LetterBatches(self.db)

    @cached_property
    def review_items(self) -> ReviewItems:
        from breachkit.store.records_playbook import ReviewItems

        return ReviewItems(self.db)

    @cached_property
    def public_notices(self) -> PublicNotices:
        from breachkit.store.records_people import PublicNotices

        return PublicNotices(self.db)

    @cached_property
    def controller_lists(self) -> ControllerLists:
        from breachkit.store.records_people import ControllerLists

        return ControllerLists(self.db)

    @cached_property
    def controller_events(self) -> ControllerEvents:
        from breachkit.store.records_people import ControllerEvents

        return ControllerEvents(self.db)

    @cached_property
    def letter_sends(self) -> LetterSends:
        from breachkit.store.records_people import LetterSends

        return LetterSends(self.db)

    @cached_property
    def send_ledger(self) -> SendLedger:
        from breachkit.store.send_ledger import SendLedger

        return SendLedger(self.db)

    @cached_property
    def tables(self) -> dict[str, TableRepo[Any]]:
        return {
            repo.table: repo
            for repo in (
                self.fact_changes,
                self.evidence,
                self.filings,
                self.drafts,
                self.steps,
                self.decisions,
                self.milestones,
                self.letter_batches,
                self.review_items,
                self.public_notices,
                self.letter_sends,
                self.controller_lists,
                self.controller_events,
            )
        }


class Tx(Repositories):
    """One unit of work: the write lock is held from the start to the commit."""

    def record(self, incident_id: str, content: EntryContent) -> TimelineEntry:
        """Append ``content`` and apply the change its links carry to the tables."""
        from breachkit.core.timeline.chain import CHANGE, links_json

        entry = self.timeline.append(incident_id, content)
        links = json.loads(links_json(content.links))  # exactly what the fold will read
        if links.get(CHANGE) is None:  # a note: no change record (and none of their code)
            return entry
        from breachkit.core.timeline.changes import read_change
        from breachkit.core.timeline.effects import EntryMeta

        change = read_change(links)
        if change is not None:
            meta = EntryMeta(
                entry.seq, content.kind, content.occurred_at, content.recorded_at, content.actor
            )
            self.project(incident_id, meta, change)
        return entry

    def project(self, incident_id: str, meta: EntryMeta, change: Change) -> None:
        from breachkit.core.timeline.effects import (
            Add,
            Amend,
            Open,
            Reset,
            SetFact,
            SetField,
            effects,
        )

        for effect in effects(meta, change):
            if isinstance(effect, Open):
                self.incidents.set_state(incident_id, effect.state)
            elif isinstance(effect, SetField):
                self.incidents.set_field(incident_id, effect.name, effect.value)
            elif isinstance(effect, SetFact):
                self._set_fact(incident_id, effect)
            elif isinstance(effect, Add):
                self.tables[effect.row.TABLE].insert(incident_id, effect.row)
            elif isinstance(effect, Amend):
                changed = self.tables[effect.table].amend(
                    incident_id, effect.key, dict(effect.values)
                )
                if changed != 1:
                    raise StoreError(
                        f"{incident_id}: entry {meta.seq} completes {effect.table} row "
                        f"{effect.key}, which is not there"
                    )
            elif isinstance(effect, Reset):
                raise StoreError("a checkpoint is written only when a database is upgraded")

    def _set_fact(self, incident_id: str, effect: SetFact) -> None:
        from breachkit.core.timeline.facts import apply_fact, get_fact

        row = self.incidents.get(incident_id)
        if get_fact(row.facts, effect.key) != effect.old:
            raise StoreError(f"{incident_id}: the fact {effect.key} changed while it was being set")
        facts = apply_fact(row.facts, effect.key, effect.new)
        self.incidents.set_facts(incident_id, facts, str(facts.get("title", row.title)))


class Store(Repositories):
    """The database of one thread: read through the repositories, write in a transaction."""

    @contextlib.contextmanager
    def transaction(self) -> Iterator[Tx]:
        """BEGIN IMMEDIATE … COMMIT (rolled back on any error); nested: a savepoint."""
        with write(self.db):
            yield Tx(self.db)

    @contextlib.contextmanager
    def snapshot(self) -> Iterator[Repositories]:
        """A read transaction: every read inside sees one state of the file."""
        with read(self.db):
            yield self
