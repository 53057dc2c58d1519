"""Use-cases on one incident: create, read, change facts, log, attach evidence, verify."""

from __future__ import annotations

import json
import tomllib
import uuid
from collections.abc import Iterator, Mapping
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from breachkit.adapters.human_time import read_human_time
from breachkit.core.enums import MANUAL_KINDS, EntryKind
from breachkit.core.errors import InputError, NotFoundError, Problem
from breachkit.core.incident.chronology import FUTURE_SLACK, entry_problems
from breachkit.core.incident.parse import (
    TIME_KEYS,
    LoadedIncident,
    parse_incident_document,
    parse_incident_text,
)
from breachkit.core.organisation.profile import Organisation, parse_organisation_document
from breachkit.core.timeline.chain import EntryContent, RawEntry, TimelineEntry, verify_chain
from breachkit.core.times import ParsedTime, TimeValueError, from_storage, load_zone, utc_iso
from breachkit.services.base import ServiceBase
from breachkit.services.views import EvidenceProblem, IncidentSummary, IncidentView, VerifyReport
from breachkit.store import incidents as rows
from breachkit.store import timeline as tl
from breachkit.store.db import write

__all__ = ["FUTURE_SLACK", "IncidentServices"]


class IncidentServices(ServiceBase):
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
        with write(self.db) as db:
            incident_id = rows.next_id(db, now.year)
            rows.insert(
                db,
                rows.IncidentRow(
                    id=incident_id,
                    uid=str(uuid.uuid4()),
                    title=facts.title,
                    status="open",
                    created_at=utc_iso(now),
                    created_by=actor,
                    facts=facts.to_document(),
                    organisation=org.to_document() if org else None,
                    head_seq=0,
                    head_hash=None,
                ),
            )
            opened = f"Incident opened: {facts.title}" + (f" (from {source})" if source else "")
            for note in loaded.notes:
                opened += f"\nNote: {note}"
            tl.append(
                db,
                incident_id,
                EntryContent(
                    kind=EntryKind.SYSTEM,
                    text=opened,
                    occurred_at=utc_iso(now),
                    recorded_at=utc_iso(now),
                    actor=actor,
                    links={"aware_at": utc_iso(facts.aware_at)},
                ),
            )
        return incident_id

    # -- read -----------------------------------------------------------------------

    def incident(self, incident_id: str) -> IncidentView:
        row = rows.get(self.db, incident_id)
        return self._view(row)

    def _view(self, row: rows.IncidentRow) -> IncidentView:
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
        out = []
        for row in rows.all_rows(self.db):
            facts = row.facts
            org = row.organisation or {}
            out.append(
                IncidentSummary(
                    id=row.id,
                    title=row.title,
                    status=row.status,
                    cause=facts.get("breach", {}).get("cause", ""),
                    role=facts.get("role", "controller"),
                    lead_authority=org.get("authority", {}).get("lead", ""),
                    aware_at=from_storage(facts["aware_at"]),
                    timezone=facts.get("timezone", "UTC"),
                    entries=row.head_seq,
                )
            )
        return out

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
        row = rows.get(self.db, incident_id)
        return list(
            tl.entries(
                self.db,
                row.id,
                row.uid,
                after=after,
                limit=limit,
                kinds=kinds,
                before=before,
                newest_first=newest_first,
            )
        )

    def fact_history(self, incident_id: str) -> list[rows.FactChange]:
        row = rows.get(self.db, incident_id)
        return rows.fact_history(self.db, row.id)

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
        text = text.strip()
        if not text:
            raise InputError(Problem("log", "text", "the entry has no text"))
        allowed = [k.value for k in MANUAL_KINDS]
        if kind not in allowed:
            raise InputError(
                Problem("log", "kind", f"'{kind}' is not allowed (allowed: {' | '.join(allowed)})")
            )
        view = self.incident(incident_id)
        now = self.clock.now()
        occurred = self._instant(at, view.zone, "at") if at is not None else now
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
        with write(self.db) as db:
            return tl.append(db, view.id, content)

    def read_time(self, text: str, zone: ZoneInfo | str) -> ParsedTime:
        """A time typed by hand (ISO 8601, ``2 Dec 2026 14:05``, ``02/12/2026 14:05`` day
        first, ``14:05`` today), in ``zone`` unless it has an offset. The one reading of
        typed times for the CLI and the TUI. Raises TimeValueError saying what works."""
        tz = load_zone(zone) if isinstance(zone, str) else zone
        return read_human_time(text, tz, self.clock.now())

    def _instant(self, value: str | datetime, zone: ZoneInfo, key: str) -> datetime:
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
        row = rows.get(self.db, incident_id)
        if isinstance(value, str) and not as_text:
            value = _toml_value(value)
        if key in TIME_KEYS and isinstance(value, str):
            value = self._time_fact(key, value, str(row.facts.get("timezone", "UTC")))
        document = _deep_copy(row.facts)
        *tables, key_in_table = key.split(".")
        target = document
        for table in tables:  # ``breach.cause``; ``text.fr.summary`` (issue 14)
            section = target.setdefault(table, {})
            if not isinstance(section, dict):
                raise InputError(Problem("fact", key, "not a table"))
            target = section
        if value is None:
            target.pop(key_in_table, None)
        else:
            target[key_in_table] = value
        loaded = parse_incident_document(document, "fact change", now=self.clock.now())
        new_document = loaded.facts.to_document()
        new_value = _get(new_document, key)
        old_value = _get(row.facts, key)
        if new_value == old_value:
            return None
        now = self.clock.now()
        actor = actor or self.actor
        text = f"Fact changed: {key}: {_show(old_value)} → {_show(new_value)}"
        with write(self.db) as db:
            rows.set_facts(db, row.id, new_document, loaded.facts.title)
            entry = tl.append(
                db,
                row.id,
                EntryContent(
                    kind=EntryKind.FACT_CHANGE,
                    text=text,
                    occurred_at=utc_iso(now),
                    recorded_at=utc_iso(now),
                    actor=actor,
                    links={"key": key, "old": old_value, "new": new_value},
                ),
            )
            rows.record_changes(
                db,
                row.id,
                [rows.FactChange(key, old_value, new_value, actor, utc_iso(now), entry.seq)],
            )
        return entry

    def _time_fact(self, key: str, text: str, timezone: str) -> str:
        """A time fact typed by hand, as the exact ISO text the incident file holds."""
        try:
            return utc_iso(self.read_time(text, timezone).instant)
        except TimeValueError as err:
            raise InputError(Problem("fact", key, str(err))) from None

    def set_status(self, incident_id: str, status: str, *, reason: str = "") -> TimelineEntry:
        if status not in ("open", "closed"):
            raise InputError(Problem("status", "status", f"'{status}' is not open | closed"))
        row = rows.get(self.db, incident_id)
        now = self.clock.now()
        with write(self.db) as db:
            rows.set_status(db, row.id, status)
            text = f"Incident {'closed' if status == 'closed' else 're-opened'}"
            return tl.append(
                db,
                row.id,
                EntryContent(
                    EntryKind.DECISION,
                    text + (f": {reason}" if reason else ""),
                    utc_iso(now),
                    utc_iso(now),
                    self.actor,
                    {"status": status},
                ),
            )

    # -- evidence -----------------------------------------------------------------------

    def attach(
        self, incident_id: str, path: Path, *, note: str = "", actor: str | None = None
    ) -> TimelineEntry:
        """Store a file by its SHA-256 and record its custody on the timeline."""
        row = rows.get(self.db, incident_id)
        if not path.is_file():
            raise InputError(Problem(str(path), None, "no such file"))
        try:
            stored = self.evidence.put_file(path)
        except OSError as err:
            raise InputError(Problem(str(path), None, f"cannot read: {err.strerror}")) from None
        now = self.clock.now()
        actor = actor or self.actor
        text = f"Evidence attached: {path.name} ({stored.size:,} bytes, SHA-256 {stored.sha256})"
        if note.strip():
            text += f"\n{note.strip()}"
        with write(self.db) as db:
            entry = tl.append(
                db,
                row.id,
                EntryContent(
                    kind=EntryKind.EVIDENCE,
                    text=text,
                    occurred_at=utc_iso(now),
                    recorded_at=utc_iso(now),
                    actor=actor,
                    links={"sha256": stored.sha256, "filename": path.name, "size": stored.size},
                ),
            )
            db.execute(
                "INSERT INTO evidence (incident_id, entry_seq, sha256, filename, size, added_at,"
                " added_by) VALUES (?, ?, ?, ?, ?, ?, ?)",
                [row.id, entry.seq, stored.sha256, path.name, stored.size, utc_iso(now), actor],
            )
        return entry

    def evidence_list(self, incident_id: str) -> list[dict[str, Any]]:
        row = rows.get(self.db, incident_id)
        return list(
            self.db.query(
                "SELECT entry_seq, sha256, filename, size, added_at, added_by FROM evidence"
                " WHERE incident_id = ? ORDER BY entry_seq",
                [row.id],
            )
        )

    # -- verify ---------------------------------------------------------------------------

    def verify(self, incident_id: str | None = None) -> list[VerifyReport]:
        """Recompute every chain (or one) and re-hash the evidence files it names."""
        targets = [rows.get(self.db, incident_id)] if incident_id else rows.all_rows(self.db)
        return [self._verify_one(row) for row in targets]

    def _verify_one(self, row: rows.IncidentRow) -> VerifyReport:
        evidence: list[tuple[int, str]] = []

        def stream() -> Iterator[RawEntry]:
            for entry in tl.raw_entries(self.db, row.id):
                if entry[1] == EntryKind.EVIDENCE:
                    evidence.append((entry[0], entry[6]))
                yield entry

        head = (row.head_seq, row.head_hash or "")
        checked, chain_break = verify_chain(row.uid, stream(), head if row.head_seq else None)
        problems = []
        for seq, links_text in evidence:
            links = json.loads(links_text)
            sha = str(links.get("sha256", ""))
            problem = self.evidence.check(sha)
            if problem:
                problems.append(EvidenceProblem(seq, str(links.get("filename", "")), sha, problem))
        return VerifyReport(row.id, checked, chain_break, len(evidence), tuple(problems))


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
    except tomllib.TOMLDecodeError:
        return text


def _deep_copy(document: dict[str, Any]) -> dict[str, Any]:
    return {k: (_deep_copy(v) if isinstance(v, dict) else v) for k, v in document.items()}


def _get(document: Mapping[str, Any], key: str) -> Any:
    *tables, name = key.split(".")
    for table in tables:
        document = document.get(table) or {}
    return document.get(name)


def _show(value: Any) -> str:
    if value is None:
        return "(not stated)"
    if isinstance(value, list):
        return ", ".join(str(v) for v in value) or "(none)"
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)
