"""Use-cases that change one incident: log an entry, set a fact or the status, attach
evidence. Every change lands on the timeline.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from breachkit.adapters.human_time import read_human_time
from breachkit.core.enums import MANUAL_KINDS, EntryKind
from breachkit.core.errors import InputError, Problem
from breachkit.core.incident.chronology import entry_problems
from breachkit.core.incident.parse import (
    TIME_KEYS,
    parse_incident_document,
)
from breachkit.core.text import require_line, require_text
from breachkit.core.timeline.chain import CHANGE, EntryContent, TimelineEntry
from breachkit.core.times import (
    ParsedTime,
    TimeValueError,
    load_zone,
    utc_iso,
)
from breachkit.services.base import Part

if TYPE_CHECKING:  # the change records are loaded by the write that makes one
    from breachkit.core.timeline.projection import EvidenceRow


class IncidentChangeServices(Part):
    """What is recorded on one incident: entries, facts, status, evidence."""

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
            view = self.services.incident_part.view_of(tx.incidents.get(incident_id))
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
        from breachkit.core.timeline.facts import apply_fact, get_fact  # ``set`` only

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
            from breachkit.core.timeline.changes import FactSet

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
        from breachkit.core.timeline.changes import StatusSet

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
        from breachkit.core.timeline.changes import EvidenceAdded

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


def _toml_value(text: str) -> Any:
    import tomllib  # here: only ``set`` reads a value (start-up of log)

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
