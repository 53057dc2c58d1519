"""``breachkit bounces ID --from FILE``: bounces mark e-mails as not delivered.

The notifications are read from an mbox, a folder of ``.eml`` files, or one file. Each
failed recipient is matched to the letter by the original Message-ID when the bounce
carries it, else by the address (its SHA-256 in the ledger). A matched e-mail that was
``sent`` becomes ``bounced``: the person is no longer counted as told by e-mail and is
among those ``letters --undelivered`` writes a postal letter for. Each batch touched gets
one ``letters.send`` record (source ``bounces``) with its per-message log.
"""

from __future__ import annotations

import mailbox
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from breachkit.core.errors import InputError, Problem
from breachkit.core.letters.dsn import Bounce, read_dsn
from breachkit.core.letters.sending import BOUNCED, SENT, LedgerEvent, Tally, recipient_key
from breachkit.core.times import utc_iso
from breachkit.services.base import Part
from breachkit.services.send_batch import read_batch


@dataclass(frozen=True, slots=True)
class BounceRun:
    incident_id: str
    notifications: int
    """Messages read that were delivery-status notifications."""
    other: int
    """Messages read that were not."""
    bounced: int
    """E-mails marked bounced now."""
    already: int
    """Bounces for e-mails already marked (read before) or never sent."""
    unmatched: int
    delayed: int
    entries: tuple[int, ...]


def _messages(source: Path) -> Iterator[bytes]:
    if source.is_dir():
        for path in sorted(source.rglob("*.eml")):
            yield path.read_bytes()
        return
    if not source.is_file():
        raise InputError(Problem(str(source), None, "no such file or folder"))
    with source.open("rb") as handle:
        head = handle.read(5)
    if head == b"From ":
        box = mailbox.mbox(str(source), create=False)
        try:
            for key in box.iterkeys():
                yield box.get_bytes(key)
        finally:
            box.close()
    else:
        yield source.read_bytes()


class BounceServices(Part):
    def read_bounces(self, incident_id: str, source: Path) -> BounceRun:
        incident = self.store.incidents.get(incident_id)
        counts = {"dsn": 0, "other": 0, "already": 0, "unmatched": 0, "delayed": 0}
        marks: dict[int, dict[int, LedgerEvent]] = {}
        try:
            for data in _messages(source):
                bounces = read_dsn(data)
                counts["dsn" if bounces else "other"] += 1
                for bounce in bounces:
                    self._match(incident.id, bounce, marks, counts)
        except OSError as err:
            raise InputError(Problem(str(source), None, f"cannot read: {err}")) from None
        entries = []
        for batch_seq, events in marks.items():
            self.store.send_ledger.add(incident.id, batch_seq, events.values())
            row = next(
                b for b in self.store.letter_batches.rows(incident.id) if b.start_seq == batch_seq
            )
            batch = read_batch(Path(row.out_dir))
            recorded = self.services.record_run(
                incident.id, batch, batch_seq, None, "bounces", Tally()
            )
            if recorded is not None:
                entries.append(recorded[0])
        return BounceRun(
            incident.id,
            counts["dsn"],
            counts["other"],
            sum(len(e) for e in marks.values()),
            counts["already"],
            counts["unmatched"],
            counts["delayed"],
            tuple(entries),
        )

    def _match(
        self,
        incident_id: str,
        bounce: Bounce,
        marks: dict[int, dict[int, LedgerEvent]],
        counts: dict[str, int],
    ) -> None:
        if not bounce.failed:
            if bounce.action == "delayed":
                counts["delayed"] += 1
            return
        ledger = self.store.send_ledger
        found = ledger.find(incident_id, message_id=bounce.message_id) if bounce.message_id else []
        if not found:
            found = ledger.find(incident_id, recipient=recipient_key(bounce.recipient))
        if not found:
            counts["unmatched"] += 1
            return
        for batch_seq, event in found:
            if event.state != SENT or event.line in marks.get(batch_seq, {}):
                counts["already"] += 1
                continue
            reason = " ".join(x for x in (bounce.status, bounce.diagnostic) if x) or "bounced"
            marks.setdefault(batch_seq, {})[event.line] = LedgerEvent(
                event.line,
                BOUNCED,
                utc_iso(self.clock.now()),
                event.message_id,
                event.person,
                event.recipient,
                bounce.code,
                reason[:300],
            )
