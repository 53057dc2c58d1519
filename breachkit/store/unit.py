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
from typing import TYPE_CHECKING, Any

from breachkit.core.timeline.chain import EntryContent, TimelineEntry, links_json
from breachkit.core.timeline.facts import apply_fact, get_fact
from breachkit.store.connection import Database
from breachkit.store.db import StoreError, read, write
from breachkit.store.incidents import Incidents
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

if TYPE_CHECKING:  # the changes and their effects are loaded by the first write
    from breachkit.core.timeline.changes import Change
    from breachkit.core.timeline.effects import EntryMeta, SetFact


class Repositories:
    """Every table of one connection, each behind its repository."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self.incidents = Incidents(db)
        self.timeline = Timeline(db)
        self.fact_changes = FactChanges(db)
        self.evidence = EvidenceRows(db)
        self.filings = Filings(db)
        self.drafts = Drafts(db)
        self.steps = Steps(db)
        self.decisions = Decisions(db)
        self.milestones = Milestones(db)
        self.letter_batches = LetterBatches(db)
        self.review_items = ReviewItems(db)
        self.public_notices = PublicNotices(db)
        self.controller_lists = ControllerLists(db)
        self.controller_events = ControllerEvents(db)
        self.send_ledger = SendLedger(db)
        self.letter_sends = LetterSends(db)
        self.tables: dict[str, TableRepo[Any]] = {
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
        from breachkit.core.timeline.changes import read_change
        from breachkit.core.timeline.effects import EntryMeta

        entry = self.timeline.append(incident_id, content)
        links = json.loads(links_json(content.links))  # exactly what the fold will read
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
