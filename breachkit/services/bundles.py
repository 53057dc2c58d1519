"""Hand an incident over: export it as one bundle file, import it elsewhere, chain intact.

A bundle is a zip holding ``bundle.json`` (the incident, its facts and their history,
the whole timeline with hashes, filings) and ``evidence/<sha256>`` files. Import checks
the chain and every evidence hash before writing anything.
"""

from __future__ import annotations

import json
import os
import zipfile
from pathlib import Path
from typing import Any

from breachkit.core.enums import EntryKind
from breachkit.core.errors import InputError, Problem
from breachkit.core.incident.parse import parse_incident_document
from breachkit.core.organisation.profile import parse_organisation_document
from breachkit.core.timeline.chain import EntryContent, TimelineEntry, raw, verify_chain
from breachkit.core.times import utc_iso
from breachkit.services.base import ServiceBase
from breachkit.store import incidents as rows
from breachkit.store import timeline as tl
from breachkit.store.db import write

FORMAT = "breachkit-bundle"
VERSION = 1
# Columns copied from a bundle (fixed lists: a bundle never names the SQL).
_SIDE_TABLES = {
    "fact_changes": ("key", "old_value", "new_value", "actor", "changed_at", "entry_seq"),
    "evidence": ("entry_seq", "sha256", "filename", "size", "added_at", "added_by"),
    "filings": (
        "clock_id",
        "authority",
        "filed_at",
        "reference",
        "reasons_for_delay",
        "recorded_at",
        "actor",
        "entry_seq",
    ),
    "drafts": (
        "authority",
        "language",
        "phase",
        "version",
        "format",
        "sha256",
        "filename",
        "complete",
        "generated_at",
        "actor",
        "entry_seq",
    ),
    "letter_batches": (
        "started_at",
        "finished_at",
        "subjects_file",
        "subjects_sha256",
        "out_dir",
        "format",
        "letters",
        "bad_rows",
        "manifest_sha256",
        "actor",
        "entry_seq",
    ),
    "review_items": (
        "kind",
        "text",
        "owner",
        "due_date",
        "status",
        "created_at",
        "actor",
        "entry_seq",
    ),
    "playbook_progress": (
        "playbook_id",
        "playbook_version",
        "step_id",
        "status",
        "note",
        "at",
        "actor",
        "entry_seq",
    ),
}
_ENTRY_KEYS = (
    "seq",
    "kind",
    "text",
    "occurred_at",
    "recorded_at",
    "actor",
    "links",
    "corrects",
    "prev_hash",
    "hash",
)


class BundleServices(ServiceBase):
    def export_bundle(self, incident_id: str, target: Path) -> Path:
        """Write the bundle atomically, mode 0600 (it holds personal data)."""
        row = rows.get(self.db, incident_id)
        entries = list(tl.entries(self.db, row.id, row.uid))
        document = {
            "format": FORMAT,
            "version": VERSION,
            "exported_at": utc_iso(self.clock.now()),
            "exported_by": self.actor,
            "incident": {
                "id": row.id,
                "uid": row.uid,
                "title": row.title,
                "status": row.status,
                "created_at": row.created_at,
                "created_by": row.created_by,
                "facts": row.facts,
                "organisation": row.organisation,
                "head_seq": row.head_seq,
                "head_hash": row.head_hash,
                "playbook_id": self._chosen_playbook(row.id),
            },
            "timeline": [e.to_document() for e in entries],
            **{table: _table(self, table, row.id) for table in _SIDE_TABLES},
        }
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_name(f".{target.name}.tmp")
        fd = os.open(tmp, os.O_CREAT | os.O_TRUNC | os.O_WRONLY, 0o600)
        try:
            with os.fdopen(fd, "wb") as raw, zipfile.ZipFile(raw, "w", zipfile.ZIP_DEFLATED) as z:
                z.writestr("bundle.json", json.dumps(document, ensure_ascii=False, indent=1))
                for sha in sorted(
                    {
                        str(e.content.links.get("sha256"))
                        for e in entries
                        if e.content.kind == EntryKind.EVIDENCE
                    }
                ):
                    z.write(self.evidence.path_for(sha), f"evidence/{sha}")
            os.replace(tmp, target)
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise
        return target

    def _chosen_playbook(self, incident_id: str) -> str | None:
        row = self.db.execute(
            "SELECT playbook_id FROM incidents WHERE id = ?", [incident_id]
        ).fetchone()
        return row[0] if row else None

    def import_bundle(self, source: Path) -> str:
        """Check and import a bundle; returns the incident's id here."""
        name = str(source)
        try:
            archive = zipfile.ZipFile(source)
        except FileNotFoundError:
            raise InputError(Problem(name, None, "no such file")) from None
        except (zipfile.BadZipFile, OSError):
            raise InputError(
                Problem(name, None, "not a breachkit bundle (not a zip file)")
            ) from None
        with archive:
            document = _read_document(archive, name)
            incident = document["incident"]
            uid = str(incident.get("uid", ""))
            entries = [_entry(uid, e, name, i) for i, e in enumerate(document["timeline"])]
            parse_incident_document(incident.get("facts"), f"{name}: incident facts")
            if incident.get("organisation"):
                parse_organisation_document(incident["organisation"], f"{name}: organisation")
            head = (int(incident.get("head_seq", 0)), str(incident.get("head_hash") or ""))
            _, chain_break = verify_chain(uid, map(raw, entries), head if head[0] else None)
            if chain_break:
                raise InputError(
                    Problem(
                        name,
                        "timeline",
                        f"the chain does not verify: {chain_break.problem}; nothing was imported",
                    )
                )
            existing = rows.find_uid(self.db, uid)
            if existing:
                raise InputError(
                    Problem(name, "incident.uid", f"this incident is already here as {existing}")
                )
            for sha in _evidence_hashes(entries):
                member = f"evidence/{sha}"
                if member not in archive.namelist():
                    raise InputError(Problem(name, member, "evidence file missing from the bundle"))
                with archive.open(member) as stream:
                    stored = self.evidence.put_stream(stream)
                if stored.sha256 != sha:
                    raise InputError(Problem(name, member, "evidence file does not match its hash"))
            return self._insert_bundle(document, entries, name)

    def _insert_bundle(
        self, document: dict[str, Any], entries: list[TimelineEntry], source: str
    ) -> str:
        incident = document["incident"]
        now = self.clock.now()
        with write(self.db) as db:
            wanted = str(incident.get("id", ""))
            taken = wanted and list(db.query("SELECT 1 FROM incidents WHERE id = ?", [wanted]))
            incident_id = rows.next_id(db, now.year) if (taken or not wanted) else wanted
            rows.insert(
                db,
                rows.IncidentRow(
                    id=incident_id,
                    uid=incident["uid"],
                    title=incident["title"],
                    status=incident.get("status", "open"),
                    created_at=incident["created_at"],
                    created_by=incident["created_by"],
                    facts=incident["facts"],
                    organisation=incident.get("organisation"),
                    head_seq=incident["head_seq"],
                    head_hash=incident["head_hash"],
                ),
            )
            if incident.get("playbook_id"):
                db.execute(
                    "UPDATE incidents SET playbook_id = ? WHERE id = ?",
                    [str(incident["playbook_id"]), incident_id],
                )
            for entry in entries:
                tl.insert(db, incident_id, entry)
            for table, columns in _SIDE_TABLES.items():
                for item in document.get(table) or []:
                    if not isinstance(item, dict) or any(c not in item for c in columns):
                        raise InputError(Problem(source, table, "incomplete row"))
                    db.execute(
                        f"INSERT INTO {table} (incident_id, {', '.join(columns)}) "
                        f"VALUES (?{', ?' * len(columns)})",
                        [incident_id, *(item[c] for c in columns)],
                    )
            renamed = f" (was {wanted} where it came from)" if incident_id != wanted else ""
            tl.append(
                db,
                incident_id,
                EntryContent(
                    EntryKind.SYSTEM,
                    f"Imported from bundle {Path(source).name}{renamed}, exported "
                    f"{document.get('exported_at', '?')} by {document.get('exported_by', '?')}",
                    utc_iso(now),
                    utc_iso(now),
                    self.actor,
                    {"bundle_exported_from": wanted},
                ),
            )
        return incident_id


def _table(services: ServiceBase, table: str, incident_id: str) -> list[dict[str, Any]]:
    return [
        dict(r)
        for r in services.db.query(
            f"SELECT * FROM {table} WHERE incident_id = ? ORDER BY rowid", [incident_id]
        )
    ]


def _read_document(archive: zipfile.ZipFile, name: str) -> dict[str, Any]:
    try:
        document = json.loads(archive.read("bundle.json"))
    except KeyError:
        raise InputError(Problem(name, None, "not a breachkit bundle (no bundle.json)")) from None
    except (json.JSONDecodeError, UnicodeDecodeError) as err:
        raise InputError(Problem(name, "bundle.json", f"not valid JSON: {err}")) from None
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise InputError(Problem(name, "format", f"not a breachkit bundle (format != {FORMAT})"))
    if document.get("version") != VERSION:
        raise InputError(
            Problem(
                name,
                "version",
                f"bundle version {document.get('version')} "
                f"is not supported (this breachkit reads version {VERSION})",
            )
        )
    for key, kind in (("incident", dict), ("timeline", list)):
        if not isinstance(document.get(key), kind):
            raise InputError(Problem(name, key, "missing or of the wrong type"))
    return document


def _entry(uid: str, item: Any, name: str, index: int) -> TimelineEntry:
    if not isinstance(item, dict) or any(k not in item for k in _ENTRY_KEYS):
        raise InputError(Problem(name, f"timeline[{index}]", "incomplete entry"))
    content = EntryContent(
        item["kind"],
        item["text"],
        item["occurred_at"],
        item["recorded_at"],
        item["actor"],
        item["links"] or {},
        item["corrects"],
    )
    return TimelineEntry(uid, int(item["seq"]), content, item["prev_hash"], item["hash"])


def _evidence_hashes(entries: list[TimelineEntry]) -> list[str]:
    hashes = {
        str(e.content.links.get("sha256")) for e in entries if e.content.kind == EntryKind.EVIDENCE
    }
    for sha in hashes:
        if len(sha) != 64 or any(ch not in "0123456789abcdef" for ch in sha):
            raise InputError(Problem("bundle", "timeline", f"'{sha}' is not a SHA-256"))
    return sorted(hashes)
