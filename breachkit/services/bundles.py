"""Hand an incident over: export it as one bundle file, import it elsewhere, chain intact.

A bundle is a zip holding ``bundle.json`` (the incident, the whole timeline with hashes,
and the tables the timeline implies: facts and their history, filings, drafts, ...) and
``evidence/<sha256>`` files. Import checks the chain and every evidence hash, replays
the chain into the tables and refuses a bundle whose tables say anything else
(:mod:`breachkit.services.bundle_check`); nothing is written until all of it holds.
"""

from __future__ import annotations

import json
import zipfile
from pathlib import Path
from typing import Any

from breachkit.adapters.bundle_zip import read_bundle
from breachkit.adapters.files import STDOUT, output_path, private_output
from breachkit.core.enums import EntryKind
from breachkit.core.errors import InputError, Problem
from breachkit.core.incident.parse import parse_incident_document
from breachkit.core.organisation.profile import parse_organisation_document
from breachkit.core.timeline.chain import EntryContent, TimelineEntry, raw, verify_chain
from breachkit.core.timeline.changes import Imported
from breachkit.core.timeline.projection import ROW_TYPES
from breachkit.core.times import utc_iso
from breachkit.services.base import Part
from breachkit.services.bundle_check import bundle_tables, check_bundle
from breachkit.services.send_verify import restore_send_ledger, send_logs
from breachkit.store.incidents import IncidentRow
from breachkit.store.projections import Replayed, replay, write_tables

FORMAT = "breachkit-bundle"
VERSION = 2
"""2: every change is on the chain; the tables are views of it (version 1 is refused)."""
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


class BundleServices(Part):
    def export_bundle(self, incident_id: str, output: Path | str) -> Path:
        """Write the bundle atomically, mode 0600 (it holds personal data); ``output`` is
        the file, or a folder (``DIR/``) where the bundle is named after the incident."""
        if str(output) == STDOUT:
            raise InputError(Problem("export", "o", "a bundle cannot go to standard output"))
        store = self.store
        with store.snapshot():
            row = store.incidents.get(incident_id)
            entries = list(store.timeline.entries(row.id, row.uid))
            tables = {table: store.tables[table].rows(row.id) for table in ROW_TYPES}
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
                "playbook_id": row.playbook_id,
            },
            "timeline": [e.to_document() for e in entries],
            **bundle_tables(tables),
        }
        hashes = _evidence_hashes(entries)
        for sha in hashes:
            if problem := self.evidence.check(sha):
                raise InputError(
                    Problem(row.id, "evidence", f"evidence file {sha[:12]}… {problem}; run verify")
                )
        target = output_path(output, f"{row.id}.bkbundle")
        assert target is not None
        with private_output(target) as raw, zipfile.ZipFile(raw, "w", zipfile.ZIP_DEFLATED) as z:
            z.writestr("bundle.json", json.dumps(document, ensure_ascii=False, indent=1))
            for sha in hashes:
                z.write(self.evidence.path_for(sha), f"evidence/{sha}")
        return target

    def chosen_playbook(self, incident_id: str) -> str | None:
        return self.store.incidents.playbook_id(incident_id)

    def import_bundle(self, source: Path) -> str:
        """Check and import a bundle; returns the incident's id here."""
        name = str(source)
        # The zip layer and every field are checked first; evidence waits in private
        # temporary files, removed when this block ends unless placed in the store.
        with read_bundle(
            source, self.evidence.root / "tmp", lambda d: _read_document(d, name)
        ) as bundle:
            document = bundle.document
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
            replayed = replay(iter(map(raw, entries)))
            check_bundle(name, document, replayed)  # before anything is stored
            existing = self.store.incidents.find_uid(uid) if self.db_exists else None
            if existing:
                raise InputError(
                    Problem(name, "incident.uid", f"this incident is already here as {existing}")
                )
            hashes = _evidence_hashes(entries)
            for sha in sorted(set(hashes) ^ set(bundle.evidence)):
                why = "missing from the bundle" if sha in hashes else "not named by the timeline"
                raise InputError(Problem(name, f"evidence/{sha}", f"evidence file {why}"))
            bundle.place(self.evidence.path_for)
            try:
                return self._insert_bundle(document, entries, replayed, name)
            except BaseException:
                bundle.undo()
                raise

    def _insert_bundle(
        self,
        document: dict[str, Any],
        entries: list[TimelineEntry],
        replayed: Replayed,
        source: str,
    ) -> str:
        """Store the chain as it came and the tables as the chain says (never as sent)."""
        incident = document["incident"]
        state = replayed.fold.incident
        assert state is not None
        now = self.clock.now()
        with self.store.transaction() as tx:
            wanted = str(incident.get("id", ""))
            taken = bool(wanted) and tx.incidents.exists(wanted)
            incident_id = tx.incidents.next_id(now.year) if (taken or not wanted) else wanted
            last = entries[-1] if entries else None
            tx.incidents.insert(
                IncidentRow(
                    id=incident_id,
                    uid=str(incident["uid"]),
                    title=state.title,
                    status=state.status,
                    created_at=state.created_at,
                    created_by=state.created_by,
                    facts=state.facts,
                    organisation=state.organisation,
                    head_seq=last.seq if last else 0,
                    head_hash=last.hash if last else None,
                    playbook_id=state.playbook_id,
                )
            )
            for entry in entries:
                tx.timeline.insert(incident_id, entry)
            write_tables(tx, incident_id, replayed, set(ROW_TYPES))
            restore_send_ledger(tx, incident_id, send_logs(entries), self.evidence.path_for)
            renamed = f" (was {wanted} where it came from)" if incident_id != wanted else ""
            exported_at = str(document.get("exported_at", "?"))
            exported_by = str(document.get("exported_by", "?"))
            change = Imported(Path(source).name, wanted, exported_at, exported_by)
            tx.record(
                incident_id,
                EntryContent(
                    EntryKind.SYSTEM,
                    f"Imported from bundle {Path(source).name}{renamed}, exported "
                    f"{exported_at} by {exported_by}",
                    utc_iso(now),
                    utc_iso(now),
                    self.actor,
                    change.links(),
                ),
            )
        return incident_id


def _read_document(document: dict[str, Any], name: str) -> dict[str, Any]:
    if document.get("format") != FORMAT:
        raise InputError(Problem(name, "format", f"not a breachkit bundle (format != {FORMAT})"))
    if document.get("version") == 1:
        raise InputError(
            Problem(
                name,
                "version",
                "this bundle was made by an earlier breachkit (bundle version 1), whose tables "
                "its chain cannot vouch for; ask the sender to upgrade breachkit (their database "
                "is converted on first use) and export the incident again",
            )
        )
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
    """The evidence files the chain names: attached files, and send logs (issue 17)."""
    hashes = {
        str(e.content.links.get("sha256")) for e in entries if e.content.kind == EntryKind.EVIDENCE
    }
    hashes |= {str(sha) for _seq, _batch, sha in send_logs(entries)}
    for sha in hashes:
        if len(sha) != 64 or any(ch not in "0123456789abcdef" for ch in sha):
            raise InputError(Problem("bundle", "timeline", f"'{sha}' is not a SHA-256"))
    return sorted(hashes)
