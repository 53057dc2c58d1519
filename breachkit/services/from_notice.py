"""The controller's side: open an incident from a processor's notice (its JSON).

A controller becomes aware of a breach at its processor when the processor tells it
(WP250; EDPB Guidelines 9/2022), so the new incident's awareness is the time the notice
was received; its facts are the notice's, with the figures the processor gave for this
controller; the processor and its notice are named on the timeline, so the two
organisations' records agree.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from breachkit.core.controllers.notice import FORMAT, FORMAT_VERSION
from breachkit.core.enums import EntryKind
from breachkit.core.errors import InputError, Problem
from breachkit.core.incident.parse import parse_incident_document
from breachkit.core.timeline.chain import EntryContent
from breachkit.core.times import iso, show, utc_iso
from breachkit.services.base import Part

MAX_NOTICE = 4 << 20


@dataclass(frozen=True, slots=True)
class FromNotice:
    incident_id: str
    processor: str
    processor_incident: str
    received_at: datetime
    notes: tuple[str, ...]


class FromNoticeServices(Part):
    def create_from_notice(self, path: Path, received: str | datetime | None = None) -> FromNotice:
        """A controller incident from a processor's notice JSON (``notices``' output)."""
        data, notice = _read_notice(path)
        org = self.organisation()
        incident = _table(notice, "incident", path)
        zone_name = (org.timezone if org and org.timezone else "") or str(
            incident.get("timezone") or "UTC"
        )
        zone = ZoneInfo(zone_name)
        now = self.clock.now()
        when = (
            self.services.incident_change_part.instant(received, zone, "received")
            if received is not None
            else now
        )
        processor = _table(notice, "processor", path)
        document = _facts(incident, when, zone_name)
        loaded = parse_incident_document(document, str(path), zone_name, now=now)
        name = str(processor.get("name", "")) or "the processor"
        source = f"{path.name}, the notice of {name}"
        incident_id = self.services.create_incident(loaded, source=source)
        self._record_notice(incident_id, path, data, notice, when, zone)
        return FromNotice(
            incident_id, name, str(processor.get("incident_id", "")), when, loaded.notes
        )

    def _record_notice(
        self,
        incident_id: str,
        path: Path,
        data: bytes,
        notice: dict[str, Any],
        received: datetime,
        zone: ZoneInfo,
    ) -> None:
        processor = _table(notice, "processor", path)
        about = _table(notice, "notice", path)
        contact = processor.get("contact") if isinstance(processor.get("contact"), dict) else {}
        assert isinstance(contact, dict)
        who = ", ".join(str(contact.get(k)) for k in ("name", "email", "phone") if contact.get(k))
        sha = hashlib.sha256(data).hexdigest()
        text = (
            f"Notice received from processor {processor.get('name', '')} at "
            f"{show(received, zone)}: their incident {processor.get('incident_id', '')}, "
            f"aware since {processor.get('aware_at', '')}, notice issued "
            f"{about.get('issued_at', '')}"
            + (" (complementary)" if about.get("complementary") else "")
            + (f"; contact point: {who}" if who else "")
            + f"; notice file {path.name}, SHA-256 {sha}"
        )
        links = {
            "notice": {
                "processor": {k: processor.get(k) for k in ("name", "registration", "country")},
                "contact": contact,
                "processor_incident": processor.get("incident_id"),
                "processor_aware_at": processor.get("aware_at"),
                "issued_at": about.get("issued_at"),
                "received_at": iso(received, zone),
                "sha256": sha,
            }
        }
        now = utc_iso(self.clock.now())
        with self.store.transaction() as tx:
            content = EntryContent(
                EntryKind.COMMUNICATION, text, utc_iso(received), now, self.actor, links
            )
            tx.record(incident_id, content)


def _read_notice(path: Path) -> tuple[bytes, dict[str, Any]]:
    source = str(path)
    try:
        data = path.read_bytes()
    except OSError as err:
        raise InputError(Problem(source, None, f"cannot read: {err.strerror}")) from None
    if len(data) > MAX_NOTICE:
        raise InputError(Problem(source, None, "is too large to be a notice"))
    try:
        notice = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as err:
        raise InputError(Problem(source, None, f"is not JSON: {err}")) from None
    if not isinstance(notice, dict) or notice.get("format") != FORMAT:
        raise InputError(Problem(source, "format", f"is not a {FORMAT} file"))
    if notice.get("version") != FORMAT_VERSION:
        raise InputError(
            Problem(source, "version", f"version {notice.get('version')!r}; this reads 1")
        )
    return data, notice


def _table(notice: dict[str, Any], key: str, path: Path) -> dict[str, Any]:
    value = notice.get(key)
    if not isinstance(value, dict):
        raise InputError(Problem(str(path), key, "is missing or not an object"))
    return value


def _facts(incident: dict[str, Any], received: datetime, zone: str) -> dict[str, Any]:
    """The notice's facts as an incident document, for the controller (role controller)."""
    document: dict[str, Any] = {
        "title": incident.get("title"),
        "role": "controller",
        "timezone": zone,
        "aware_at": iso(received),
    }
    for key in ("summary", "text_language", "occurred_at", "detected_at"):
        if incident.get(key):
            document[key] = incident[key]
    for table in ("breach", "data", "protection"):
        if isinstance(incident.get(table), dict) and incident[table]:
            document[table] = incident[table]
    response = incident.get("response")
    if isinstance(response, dict):
        kept = {k: v for k, v in response.items() if v}
        if kept:
            document["response"] = kept
    return document
