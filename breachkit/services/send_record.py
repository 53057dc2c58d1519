"""The send runs on the record: one ``letters.send`` entry per run, its log as evidence.

A run's events are written to the send ledger as they happen, unstamped. Recording the
run writes them as one evidence file (JSON lines; its SHA-256 in the record), then in
one transaction appends the record and stamps the events with its entry. ``verify``
recomputes each record's log from the ledger (:meth:`send_ledger_problems`).
"""

from __future__ import annotations

import tempfile
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from breachkit.core.enums import EntryKind
from breachkit.core.errors import InputError, Problem
from breachkit.core.letters.sending import FINAL, Tally
from breachkit.core.organisation.smtp import SmtpSettings
from breachkit.core.timeline.chain import EntryContent
from breachkit.core.timeline.changes import LettersSent
from breachkit.core.times import utc_iso
from breachkit.services.base import Part
from breachkit.services.send_batch import SendBatch

if TYPE_CHECKING:
    from breachkit.store.evidence import StoredFile

SOURCE_WORDS = {
    "smtp": "sent",
    "interrupted": "recorded after an interrupted run",
    "bounces": "bounces read",
}


class SendRecordServices(Part):
    def smtp_settings(self) -> SmtpSettings:
        org = self.organisation()
        if org is None or org.smtp is None:
            raise InputError(
                Problem(
                    str(self.org_path),
                    "smtp",
                    "no [smtp] table in the organisation profile: add the mail server "
                    "(host, security, username, password_env) — see docs/organisation-file.md",
                )
            )
        return org.smtp

    def batch_start(self, incident_id: str, batch: SendBatch) -> int:
        """The batch's ``letters.start`` entry, once the batch is checked against the record."""
        where = str(batch.out_dir)
        if batch.identity.incident_id != incident_id:
            raise InputError(
                Problem(where, None, f"these letters are for incident {batch.identity.incident_id}")
            )
        assert batch.identity.batch_id is not None
        row = self.store.letter_batches.get(incident_id, batch.identity.batch_id)
        if row is None or row.entry_seq is None:
            raise InputError(Problem(where, None, "this batch is not recorded as finished here"))
        if row.manifest_sha256 != batch.manifest_sha256:
            raise InputError(
                Problem(where, None, "the manifest is not the one the timeline recorded")
            )
        return row.start_seq

    def record_unrecorded(
        self,
        incident_id: str,
        batch: SendBatch,
        start_seq: int,
        settings: SmtpSettings,
        source: str,
    ) -> int:
        """Record what an earlier run wrote but could not record (it was killed)."""
        if not self.store.send_ledger.has_unrecorded(incident_id, start_seq):
            return 0
        recorded = self.record_run(
            incident_id, batch, start_seq, settings, source, Tally(), stopped=True
        )
        return recorded[2] if recorded is not None else 0

    def record_run(
        self,
        incident_id: str,
        batch: SendBatch,
        start_seq: int,
        settings: SmtpSettings | None,
        source: str,
        tally: Tally,
        *,
        started: str = "",
        stopped: bool = False,
    ) -> tuple[int, str, int] | None:
        """Record the unstamped events as one run; (entry seq, log SHA-256, events), or
        None when there are none. The log is streamed: memory does not grow with it."""
        spooled = self._spool_unrecorded(incident_id, start_seq)
        if spooled is None:
            return None
        counts, events, first_at, stored = spooled
        emailed, remaining = self.batch_counts(incident_id, batch, start_seq)
        now = utc_iso(self.clock.now())
        change = LettersSent(
            batch=start_seq,
            source=source,
            server=settings.describe() if settings is not None else "",
            started_at=started or first_at,
            ended_at=now,
            stopped=stopped,
            messages=len(batch.mails),
            sent=counts.sent,
            failed=counts.failed,
            deferred=counts.deferred,
            bounced=counts.bounced,
            resent_uncertain=tally.resent_uncertain,
            events=events,
            log_sha256=stored.sha256,
            people_emailed=emailed,
            remaining=remaining,
        )
        told, _not_compared = self.services.people_told_now(incident_id)
        change = replace(
            change,
            people_told=told,
            people_affected=self.services.incident(incident_id).facts.data.data_subjects,
        )
        with self.store.transaction() as tx:
            entry = tx.record(
                incident_id,
                EntryContent(
                    EntryKind.COMMUNICATION,
                    _text(change, batch.out_dir),
                    now,
                    now,
                    self.actor,
                    change.links(),
                ),
            )
            stamped = tx.send_ledger.stamp(incident_id, start_seq, entry.seq)
            if stamped != events:  # another process wrote meanwhile: keep nothing
                raise InputError(
                    Problem(str(batch.out_dir), None, "another send of this batch is running")
                )
        return entry.seq, stored.sha256, events

    def _spool_unrecorded(
        self, incident_id: str, start_seq: int
    ) -> tuple[Tally, int, str, StoredFile] | None:
        """The unstamped events, streamed into the evidence store as one log: (their
        tally, how many, the first one's time, the stored log); None when there are none."""
        counts, events, first_at = Tally(), 0, ""
        with tempfile.SpooledTemporaryFile(max_size=1 << 20) as spool:
            for event in self.store.send_ledger.unrecorded(incident_id, start_seq):
                spool.write(event.to_json().encode("ascii") + b"\n")
                counts.add(event.state)
                events += 1
                first_at = first_at or event.at
            if not events:
                return None
            spool.seek(0)
            return counts, events, first_at, self.evidence.put_stream(spool)

    def batch_counts(self, incident_id: str, batch: SendBatch, start_seq: int) -> tuple[int, int]:
        """(distinct people of the batch with an e-mail sent, e-mails not yet final)."""
        people, final = self.store.send_ledger.tally(incident_id, start_seq, FINAL)
        return people, len(batch.mails) - final


def _text(change: LettersSent, out_dir: Path) -> str:
    what = SOURCE_WORDS.get(change.source, change.source)
    text = (
        f"E-mails to affected people (Art. 34), {what} ({out_dir.name}): "
        f"{change.sent:,} sent, {change.failed:,} failed, {change.deferred:,} deferred"
    )
    if change.bounced:
        text += f", {change.bounced:,} bounced"
    if change.server:
        text += f" via {change.server}"
    text += (
        f". {change.people_emailed:,} people of this batch reached by e-mail so far; "
        f"{change.remaining:,} of {change.messages:,} e-mail(s) still to send."
    )
    if change.people_told is not None:
        text += f" {change.people_told:,} people told so far (post, PDF or e-mail sent)"
        text += f" of {change.people_affected:,} affected." if change.people_affected else "."
    if change.resent_uncertain:
        text += (
            f" {change.resent_uncertain} sent again with the same Message-ID (an earlier run "
            "stopped between handing them over and the server's answer)."
        )
    if change.stopped:
        text += " The run was stopped before the end: run `breachkit send` again to go on."
    return text + f" Per-message log SHA-256 {change.log_sha256}."
