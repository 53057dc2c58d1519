"""Use-cases on one incident: create, read, change facts, log, attach evidence, verify."""

from __future__ import annotations

import contextlib
import tomllib
import uuid
from collections.abc import Mapping
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from breachkit.adapters.human_time import read_human_time
from breachkit.core.enums import MANUAL_KINDS, EntryKind, Role
from breachkit.core.errors import InputError, NotFoundError, Problem
from breachkit.core.incident.chronology import FUTURE_SLACK, entry_problems
from breachkit.core.incident.parse import (
    TIME_KEYS,
    LoadedIncident,
    parse_incident_document,
    parse_incident_text,
)
from breachkit.core.organisation.profile import Organisation, parse_organisation_document
from breachkit.core.text import require_line, require_text
from breachkit.core.timeline.chain import EntryContent, TimelineEntry
from breachkit.core.timeline.changes import CHANGE, EvidenceAdded, FactSet, Opened, StatusSet
from breachkit.core.timeline.facts import apply_fact, get_fact
from breachkit.core.timeline.projection import EvidenceRow, FactChange
from breachkit.core.times import (
    ParsedTime,
    TimeValueError,
    from_storage,
    load_zone,
    utc_iso,
)
from breachkit.services.base import Part
from breachkit.services.broken import BROKEN_RECORD, broken_reason, recorded_at
from breachkit.services.views import EvidenceProblem, IncidentSummary, IncidentView, VerifyReport
from breachkit.store.incidents import IncidentRow

__all__ = ["FUTURE_SLACK", "IncidentServices"]


class IncidentServices(Part):
    # -- create -------------------------------------------------------------------

    def load_incident_file(self, path: Path) -> LoadedIncident:
        """Read and validate an incident file without storing anything."""
        text = _read_text(path)
        org = self.organisation()
        default_zone = org.timezone if org and org.timezone else None
        return parse_incident_text(text, str(path), default_zone, self.clock.now())

    def create_from_file(self, path: Path) -> tuple[str, tuple[str, ...]]:
        """Create an incident from an incident file. Returns (id, notes on choices made)."""
        loaded = self.load_incident_file(path)
        incident_id = self.create_incident(loaded, source=path.name)
        return incident_id, loaded.notes

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
        org = (
            parse_organisation_document(row.organisation, f"incident {row.id} (organisation)")
            if row.organisation
            else None
        )
        return IncidentView(
            id=row.id,
            uid=row.uid,
            status=row.status,
            created_at=from_storage(row.created_at),
            created_by=row.created_by,
            facts=facts,
            organisation=org,
            entries=row.head_seq,
        )

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

    # -- write: timeline ---------------------------------------------------------------

    def log(
        self,
        incident_id: str,
        text: str,
        *,
        kind: str = EntryKind.NOTE,
        at: str | datetime | None = None,
        actor: str | None = None,
        corrects: int | None = None,
        links: Mapping[str, Any] | None = None,
    ) -> TimelineEntry:
        """Record what happened. ``at`` is when it happened (default: now)."""
        if links and CHANGE in links:
            raise InputError(
                Problem("log", "links", f"'{CHANGE}' is reserved for what breachkit records")
            )
        return self.log_entry(
            incident_id, text, kind=kind, at=at, actor=actor, corrects=corrects, links=links
        )

    def log_entry(
        self,
        incident_id: str,
        text: str,
        *,
        kind: str,
        at: str | datetime | None,
        actor: str | None,
        corrects: int | None = None,
        links: Mapping[str, Any] | None = None,
    ) -> TimelineEntry:
        text = require_text(text, "log", "text").strip()
        if not text:
            raise InputError(Problem("log", "text", "the entry has no text"))
        if actor is not None:
            actor = require_line(actor, "log", "actor")
        allowed = [k.value for k in MANUAL_KINDS]
        if kind not in allowed:
            raise InputError(
                Problem("log", "kind", f"'{kind}' is not allowed (allowed: {' | '.join(allowed)})")
            )
        with self.store.transaction() as tx:
            view = self.view_of(tx.incidents.get(incident_id))
            now = self.clock.now()
            occurred = self.instant(at, view.zone, "at") if at is not None else now
            impossible = entry_problems(occurred, now, view.zone)
            if impossible:
                raise InputError([Problem("log", "at", message) for message in impossible])
            if corrects is not None and not 1 <= corrects <= view.entries:
                raise InputError(
                    Problem(
                        "log",
                        "corrects",
                        f"there is no entry {corrects} to correct (entries 1..{view.entries})",
                    )
                )
            content = EntryContent(
                kind=kind,
                text=text,
                occurred_at=utc_iso(occurred),
                recorded_at=utc_iso(now),
                actor=actor or self.actor,
                links=dict(links or {}),
                corrects=corrects,
            )
            return tx.record(view.id, content)

    def read_time(self, text: str, zone: ZoneInfo | str) -> ParsedTime:
        """A time typed by hand (ISO 8601, ``2 Dec 2026 14:05``, ``02/12/2026 14:05`` day
        first, ``14:05`` today), in ``zone`` unless it has an offset. The one reading of
        typed times for the CLI and the TUI. Raises TimeValueError saying what works."""
        tz = load_zone(zone) if isinstance(zone, str) else zone
        return read_human_time(text, tz, self.clock.now())

    def instant(self, value: str | datetime, zone: ZoneInfo, key: str) -> datetime:
        if isinstance(value, datetime):
            if value.tzinfo is None:
                raise InputError(Problem("input", key, "a time needs its zone"))
            return value
        try:
            return self.read_time(value, zone).instant
        except TimeValueError as err:
            raise InputError(Problem("input", key, str(err))) from None

    # -- write: facts ---------------------------------------------------------------------

    def set_fact(
        self,
        incident_id: str,
        key: str,
        value: Any,
        *,
        actor: str | None = None,
        as_text: bool = False,
    ) -> TimelineEntry | None:
        """Change one fact (``breach.exfiltration``); the change lands on the timeline.

        ``value`` may be a typed value or, from the command line, text read as a TOML
        value (``true``, ``40``, ``["LU", "FR"]``), falling back to a plain string;
        ``as_text`` keeps a string as it is (a title "2026" stays text). ``None`` clears
        the fact (back to "not stated"); required facts cannot be cleared.
        Returns None when the value did not change.
        """
        if isinstance(value, str) and not as_text:
            value = _toml_value(value)
        with self.store.transaction() as tx:  # read the facts under the write lock
            row = tx.incidents.get(incident_id)
            if key in TIME_KEYS and isinstance(value, str):
                value = self._time_fact(key, value, str(row.facts.get("timezone", "UTC")))
            if _not_a_table(row.facts, key):  # ``breach.cause``; ``text.fr.summary``
                raise InputError(Problem("fact", key, "not a table"))
            try:
                document = apply_fact(row.facts, key, value)
            except ValueError as err:
                raise InputError(Problem("fact", key, str(err))) from None
            loaded = parse_incident_document(document, "fact change", now=self.clock.now())
            new_value = get_fact(loaded.facts.to_document(), key)
            old_value = get_fact(row.facts, key)
            if new_value == old_value:
                return None
            now = self.clock.now()
            text = f"Fact changed: {key}: {_show(old_value)} → {_show(new_value)}"
            return tx.record(
                row.id,
                EntryContent(
                    kind=EntryKind.FACT_CHANGE,
                    text=text,
                    occurred_at=utc_iso(now),
                    recorded_at=utc_iso(now),
                    actor=actor or self.actor,
                    links=FactSet(key, old_value, new_value).links(),
                ),
            )

    def _time_fact(self, key: str, text: str, timezone: str) -> str:
        """A time fact typed by hand, as the exact ISO text the incident file holds."""
        try:
            return utc_iso(self.read_time(text, timezone).instant)
        except TimeValueError as err:
            raise InputError(Problem("fact", key, str(err))) from None

    def set_status(self, incident_id: str, status: str, *, reason: str = "") -> TimelineEntry:
        if status not in ("open", "closed"):
            raise InputError(Problem("status", "status", f"'{status}' is not open | closed"))
        now = self.clock.now()
        text = f"Incident {'closed' if status == 'closed' else 're-opened'}"
        with self.store.transaction() as tx:
            row = tx.incidents.get(incident_id)
            return tx.record(
                row.id,
                EntryContent(
                    EntryKind.DECISION,
                    text + (f": {reason}" if reason else ""),
                    utc_iso(now),
                    utc_iso(now),
                    self.actor,
                    StatusSet(status, reason.strip()).links(),
                ),
            )

    # -- evidence -----------------------------------------------------------------------

    def attach(
        self, incident_id: str, path: Path, *, note: str = "", actor: str | None = None
    ) -> TimelineEntry:
        """Store a file by its SHA-256 and record its custody on the timeline."""
        row = self.store.incidents.get(incident_id)
        if not path.is_file():
            raise InputError(Problem(str(path), None, "no such file"))
        try:
            stored = self.evidence.put_file(path)
        except OSError as err:
            raise InputError(Problem(str(path), None, f"cannot read: {err.strerror}")) from None
        now = self.clock.now()
        text = f"Evidence attached: {path.name} ({stored.size:,} bytes, SHA-256 {stored.sha256})"
        if note.strip():
            text += f"\n{note.strip()}"
        change = EvidenceAdded(stored.sha256, path.name, stored.size, note.strip())
        try:
            with self.store.transaction() as tx:
                return tx.record(
                    row.id,
                    EntryContent(
                        kind=EntryKind.EVIDENCE,
                        text=text,
                        occurred_at=utc_iso(now),
                        recorded_at=utc_iso(now),
                        actor=actor or self.actor,
                        links=change.links(),
                    ),
                )
        except BaseException:
            self.evidence.discard(stored)  # no evidence file the timeline does not name
            raise

    def evidence_list(self, incident_id: str) -> list[EvidenceRow]:
        row = self.store.incidents.get(incident_id)
        return self.store.evidence.rows(row.id)

    # -- verify ---------------------------------------------------------------------------

    def verify(self, incident_id: str | None = None) -> list[VerifyReport]:
        """Recompute every chain (or one), re-hash the evidence files it names, and check
        that every table holds exactly what the chain says."""
        store = self.store
        targets = [store.incidents.get(incident_id)] if incident_id else store.incidents.all()
        return [self._verify_one(row) for row in targets]

    def _verify_one(self, row: IncidentRow) -> VerifyReport:
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


def _toml_value(text: str) -> Any:
    try:
        return tomllib.loads(f"v = {text}")["v"]
    except (tomllib.TOMLDecodeError, RecursionError):
        return text


def _not_a_table(document: Mapping[str, Any], key: str) -> bool:
    """Whether a table on the way to ``key`` is a value instead (``title.x``)."""
    for table in key.split(".")[:-1]:
        section = document.get(table, {})
        if not isinstance(section, Mapping):
            return True
        document = section
    return False


def _show(value: Any) -> str:
    if value is None:
        return "(not stated)"
    if isinstance(value, list):
        return ", ".join(str(v) for v in value) or "(none)"
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)
