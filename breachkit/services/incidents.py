"""Use-cases on incidents: create one, read one or all, its timeline and fact history,
and verify the record.
"""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import TYPE_CHECKING

from breachkit.core.enums import EntryKind, Role
from breachkit.core.errors import InputError, NotFoundError, Problem
from breachkit.core.incident.parse import parse_incident_document
from breachkit.core.organisation.profile import Organisation, parse_organisation_document
from breachkit.core.times import (
    from_storage,
    utc_iso,
)
from breachkit.services.base import Part
from breachkit.services.broken import BROKEN_RECORD, broken_reason, recorded_at
from breachkit.services.views import IncidentSummary, IncidentView
from breachkit.store.incidents import IncidentRow

if TYPE_CHECKING:
    from breachkit.core.incident.parse import LoadedIncident
    from breachkit.core.timeline.chain import TimelineEntry
    from breachkit.core.timeline.projection import FactChange
    from breachkit.services.results import VerifyReport


class IncidentServices(Part):
    """Create, read and verify incidents; the one place a stored incident is parsed."""

    # -- create -------------------------------------------------------------------

    def load_incident_file(self, path: Path) -> LoadedIncident:
        """Read and validate an incident file without storing anything."""
        return self._parse_file(path, self.organisation())

    def _parse_file(self, path: Path, org: Organisation | None) -> LoadedIncident:
        """Times without an offset are in the profile's zone."""
        from breachkit.core.incident.parse import parse_incident_text

        text = _read_text(path)
        default_zone = org.timezone if org and org.timezone else None
        return parse_incident_text(text, str(path), default_zone, self.clock.now())

    def create_from_file(self, path: Path) -> tuple[str, tuple[str, ...]]:
        """Create an incident from an incident file. Returns (id, notes on choices made)."""
        org = self.organisation()  # read once: the zone, the snapshot and the note use it
        loaded = self._parse_file(path, org)
        incident_id = self.create_incident(loaded, source=path.name, organisation=org)
        return incident_id, loaded.notes + _language_note(incident_id, loaded, org)

    def create_incident(
        self,
        loaded: LoadedIncident,
        *,
        source: str = "",
        organisation: Organisation | None = None,
        actor: str | None = None,
    ) -> str:
        """Store a new incident with its opening timeline entry, atomically."""
        facts = loaded.facts
        org = organisation if organisation is not None else self.organisation()
        now = self.clock.now()
        actor = actor or self.actor
        opened = f"Incident opened: {facts.title}" + (f" (from {source})" if source else "")
        for note in loaded.notes:
            opened += f"\nNote: {note}"
        import uuid

        from breachkit.core.timeline.chain import EntryContent
        from breachkit.core.timeline.changes import Opened  # writing: the changes' records

        change = Opened(facts.to_document(), org.to_document() if org else None)
        with self.store.transaction() as tx:
            incident_id = tx.incidents.next_id(now.year)
            tx.incidents.insert(
                IncidentRow(
                    id=incident_id,
                    uid=str(uuid.uuid4()),
                    title=facts.title,
                    status="open",
                    created_at=utc_iso(now),
                    created_by=actor,
                    facts={},
                    organisation=None,
                    head_seq=0,
                    head_hash=None,
                )
            )
            tx.record(
                incident_id,
                EntryContent(
                    kind=EntryKind.SYSTEM,
                    text=opened,
                    occurred_at=utc_iso(now),
                    recorded_at=utc_iso(now),
                    actor=actor,
                    links=change.links(),
                ),
            )
        return incident_id

    # -- read -----------------------------------------------------------------------

    def incident(self, incident_id: str) -> IncidentView:
        cache: dict[str, IncidentView] | None = getattr(self._local, "views", None)
        if cache is not None and incident_id in cache:
            return cache[incident_id]
        row = self.store.incidents.get(incident_id)
        return self.view_of(row)

    def views_read_once(self) -> contextlib.AbstractContextManager[None]:
        """Inside, each incident is parsed once (see :meth:`Context.views_read_once`)."""
        return self.context.views_read_once()

    def view_of(self, row: IncidentRow) -> IncidentView:
        cache: dict[str, IncidentView] | None = getattr(self._local, "views", None)
        if cache is None:
            return self._parse_view(row)
        view = cache.get(row.id)
        if view is None:
            view = cache[row.id] = self._parse_view(row)
        return view

    def _parse_view(self, row: IncidentRow) -> IncidentView:
        facts = parse_incident_document(row.facts, f"incident {row.id} (stored facts)").facts
        return IncidentView(
            id=row.id,
            uid=row.uid,
            status=row.status,
            created_at=from_storage(row.created_at),
            created_by=row.created_by,
            facts=facts,
            organisation=self._organisation_snapshot(row),
            entries=row.head_seq,
        )

    def _organisation_snapshot(self, row: IncidentRow) -> Organisation | None:
        """The organisation the incident was opened under; inside ``views_read_once``, a
        snapshot stored as the same text as one already parsed is that one (immutable)."""
        if not row.organisation:
            return None
        cache: dict[str, Organisation] | None = getattr(self._local, "organisations", None)
        text = row.organisation_json
        if cache is not None and text is not None:
            found = cache.get(text)
            if found is not None:
                return found
        org = parse_organisation_document(row.organisation, f"incident {row.id} (organisation)")
        if cache is not None and text is not None:
            cache[text] = org
        return org

    def incidents(self) -> list[IncidentSummary]:
        """Every incident; one whose stored record cannot be read is listed as broken
        (``problem`` says why) and the others are listed as usual."""
        return [self._summary(row) for row in self.store.incidents.all()]

    def _summary(self, row: IncidentRow) -> IncidentSummary:
        try:
            view = self.view_of(row)
            return IncidentSummary(
                id=row.id,
                title=view.title,
                status=row.status,
                cause=view.facts.breach.cause.value if view.facts.breach.cause else "",
                role=view.facts.role.value,
                lead_authority=view.organisation.lead_authority if view.organisation else "",
                aware_at=view.facts.aware_at,
                timezone=view.facts.timezone,
                entries=row.head_seq,
                controllers_told=self._controllers_told(view),
            )
        except BROKEN_RECORD as err:
            return IncidentSummary(
                id=row.id,
                title=row.title,
                status=row.status,
                cause="",
                role="",
                lead_authority="",
                aware_at=recorded_at(row.created_at),
                timezone="UTC",
                entries=row.head_seq,
                problem=broken_reason(err),
            )

    def _controllers_told(self, view: IncidentView) -> str:
        """``12/40 controllers told`` for a processor that read a controllers file."""
        if view.facts.role is not Role.PROCESSOR:
            return ""
        from breachkit.core.controllers.clocks import NOTIFIED, merge_lists

        lists = self.store.controller_lists.rows(view.id)
        if not lists:
            return ""
        loaded = {c.id for c in merge_lists(r.controllers for r in lists)}
        told = {
            e.controller
            for e in self.store.controller_events.rows(view.id)
            if e.event == NOTIFIED and e.controller in loaded
        }
        return f"{len(told)}/{len(loaded)} controllers told"

    def timeline(
        self,
        incident_id: str,
        *,
        after: int = 0,
        limit: int = -1,
        kinds: tuple[str, ...] = (),
        before: int | None = None,
        newest_first: bool = False,
    ) -> list[TimelineEntry]:
        """Entries by seq. ``kinds`` filters in SQL; ``before`` + ``newest_first`` page back."""
        row = self.store.incidents.get(incident_id)
        return list(
            self.store.timeline.entries(
                row.id,
                row.uid,
                after=after,
                limit=limit,
                kinds=kinds,
                before=before,
                newest_first=newest_first,
            )
        )

    def fact_history(self, incident_id: str) -> list[FactChange]:
        row = self.store.incidents.get(incident_id)
        return self.store.fact_changes.rows(row.id)

    # -- verify ---------------------------------------------------------------------------

    def verify(self, incident_id: str | None = None) -> list[VerifyReport]:
        """Recompute every chain (or one), re-hash the evidence files it names, and check
        that every table holds exactly what the chain says."""
        store = self.store
        targets = [store.incidents.get(incident_id)] if incident_id else store.incidents.all()
        return [self._verify_one(row) for row in targets]

    def _verify_one(self, row: IncidentRow) -> VerifyReport:
        from breachkit.services.results import EvidenceProblem, VerifyReport
        from breachkit.services.send_verify import send_ledger_problems
        from breachkit.store.projections import check_incident

        with self.store.snapshot() as repos:  # the head and the tables of one moment
            found = check_incident(repos, repos.incidents.get(row.id))
        problems = []
        for ref in found.evidence:
            problem = self.evidence.check(ref.sha256)
            if problem:
                problems.append(EvidenceProblem(ref.seq, ref.filename, ref.sha256, problem))
        tables = found.table_problems
        if found.chain_break is None:  # issue 17: the send ledger against the send records
            tables += tuple(
                send_ledger_problems(self.store.send_ledger, row.id, found.send_logs or {})
            )
        return VerifyReport(
            row.id,
            found.checked,
            found.chain_break,
            len(found.evidence),
            tuple(problems),
            record_problems=found.record_problems,
            table_problems=tables,
        )


def _read_text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise NotFoundError(f"{path}: no such file") from None
    except UnicodeDecodeError as err:
        raise InputError(Problem(str(path), None, f"not UTF-8 text (byte {err.start})")) from None
    except OSError as err:
        raise InputError(Problem(str(path), None, f"cannot read: {err.strerror}")) from None


def _language_note(
    incident_id: str, loaded: LoadedIncident, org: Organisation | None
) -> tuple[str, ...]:
    """When the organisation writes first in another language than English and the file
    does not say which language its text is in: say that it is taken as English."""
    first = org.languages[0] if org is not None and org.languages else "en"
    if loaded.facts.text_language is not None or first == "en":
        return ()
    return (
        "the title, summary and measures are taken to be in English (the file has no "
        f"text_language); if they are in '{first}', say so: "
        f"breachkit set {incident_id} text_language {first}",
    )
