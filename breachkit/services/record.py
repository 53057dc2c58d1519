"""The record as evidence: seal its head, check a seal, rebuild the tables from the chain.

A **seal** is the chain's head (the incident's permanent uid, the last entry's number,
time and hash) as one short line to keep somewhere else: an e-mail to a colleague, a
ticket, a letter. ``verify --seal`` then proves that today's chain still holds that
entry unchanged: a database put back to an older copy, or a chain rewritten from some
entry on, fails it. Every PDF breachkit exports carries the head it was made from in
its footer (:meth:`RecordServices.chain_footer`), which works as a seal too.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, replace

from breachkit.core.enums import EntryKind
from breachkit.core.errors import CheckFailed, InputError, NotFoundError, Problem
from breachkit.core.timeline.chain import EntryContent
from breachkit.core.timeline.compare import TableProblem
from breachkit.core.times import utc_iso
from breachkit.services.base import Part
from breachkit.services.results import VerifyReport
from breachkit.services.send_verify import restore_send_ledger, send_ledger_problems
from breachkit.store.incidents import IncidentRow
from breachkit.store.projections import check_incident, rebuild
from breachkit.store.unit import Repositories

SEAL_TAG = "bk-seal-1"
_SEAL = re.compile(
    rf"{SEAL_TAG}\s+(?P<uid>[0-9a-fA-F-]{{36}})\s+(?P<seq>\d+)\s+(?P<at>\S+)\s+"
    r"(?P<hash>[0-9a-f]{64})\s+(?P<check>[0-9a-f]{8})"
)
_FOOTER = re.compile(r"(?:entry\s+|#)(?P<seq>\d+)\D{0,12}?(?P<hash>[0-9a-f]{16,64})")
FOOTER_HASH = 16
"""Hex digits of the head hash a PDF footer shows (64 bits: enough to anchor the chain)."""


@dataclass(frozen=True, slots=True)
class Seal:
    """The head of one incident's chain, as kept elsewhere."""

    uid: str
    seq: int
    hash: str
    at: str
    """When the sealed entry was recorded (UTC)."""
    incident_id: str = ""
    """The incident's id in the database that made the seal (for people; not checked)."""

    @property
    def text(self) -> str:
        """``bk-seal-1 <uid> <seq> <recorded at> <hash> <check>``: what ``--seal`` takes."""
        body = f"{SEAL_TAG} {self.uid} {self.seq} {self.at} {self.hash}"
        return f"{body} {_check(body)}"

    @property
    def full(self) -> bool:
        """False for a seal read from a footer (a hash prefix, no uid)."""
        return bool(self.uid)


def _check(body: str) -> str:
    return hashlib.sha256(body.encode()).hexdigest()[:8]


def parse_seal(text: str) -> Seal:
    """A seal's text, or a PDF footer's ``entry N · <hash prefix>``; InputError otherwise."""
    found = _SEAL.search(text)
    if found:
        body = f"{SEAL_TAG} {found['uid']} {found['seq']} {found['at']} {found['hash']}"
        if _check(body) != found["check"]:
            raise InputError(
                Problem(
                    "--seal", None, "the seal was changed or mistyped (its check value is wrong)"
                )
            )
        return Seal(found["uid"].lower(), int(found["seq"]), found["hash"], found["at"])
    footer = _FOOTER.search(text)
    if footer:
        return Seal("", int(footer["seq"]), footer["hash"], "")
    raise InputError(
        Problem(
            "--seal",
            None,
            f"not a seal: expected '{SEAL_TAG} <uid> <entry> <time> <hash> <check>' "
            "(from breachkit seal) or a PDF footer's chain head 'BK-… #N <hash>'",
        )
    )


def chain_footer(repos: Repositories, incident_id: str) -> str:
    """The chain head as a document's footer shows it: ``BK-2026-0001 #42 9a3e5c1f0b2d4e6f``
    (the last entry's number and the first 16 hex digits of its hash; the same in every
    language). ``breachkit verify ID --seal "<this text>"`` checks a document against it."""
    row = repos.incidents.get(incident_id)
    return f"{row.id} #{row.head_seq} {(row.head_hash or '')[:FOOTER_HASH]}"


def register_chain_head(repos: Repositories, incident_ids: list[str]) -> str:
    """The chain heads a register was made from: each one for up to three incidents; for
    more, their number and a SHA-256 over all of them (one line of a footer)."""
    heads = [chain_footer(repos, incident_id) for incident_id in incident_ids]
    if len(heads) <= 3:
        return "; ".join(heads)
    digest = hashlib.sha256("\n".join(heads).encode()).hexdigest()[:FOOTER_HASH]
    return f"{len(heads)} timelines, heads SHA-256 {digest}"


@dataclass(frozen=True, slots=True)
class RebuildReport:
    incident_id: str
    changes: tuple[TableProblem, ...]
    """Each difference found, now put right."""
    entry_seq: int | None
    """The entry recording the rebuild (None when nothing differed)."""


class RecordServices(Part):
    # -- the head, as a seal and as a footer ------------------------------------------------

    def seal(self, incident_id: str) -> Seal:
        row = self.store.incidents.get(incident_id)
        head = self.store.timeline.entry(row.id, row.uid, row.head_seq)
        if head is None:
            raise NotFoundError(f"{row.id} has no entries to seal")
        return Seal(row.uid, head.seq, head.hash, head.content.recorded_at, row.id)

    def chain_footer(self, incident_id: str) -> str:
        """The chain head for a PDF footer (:func:`chain_footer`)."""
        return chain_footer(self.store, incident_id)

    # -- checking a seal --------------------------------------------------------------------

    def verify_seal(self, seal_text: str, incident_id: str | None = None) -> VerifyReport:
        """:meth:`verify` of the sealed incident, failing if its chain no longer holds the seal."""
        seal = parse_seal(seal_text)
        if not seal.full and incident_id is None:
            raise InputError(
                Problem("--seal", None, "a footer's seal needs the incident: verify ID --seal ...")
            )
        if incident_id is not None:
            row = self.store.incidents.get(incident_id)
        else:
            found = self.store.incidents.find_uid(seal.uid)
            if found is None:
                raise CheckFailed(
                    f"this database holds no incident {seal.uid} (sealed at entry {seal.seq}, "
                    f"{seal.at}): it is an older copy, or not the database the seal came from"
                )
            row = self.store.incidents.get(found)
        report = self.services.verify(row.id)[0]
        problem = self._seal_problem(row, seal)
        if problem is None:
            return report
        return replace(report, seal_problem=problem)

    def _seal_problem(self, row: IncidentRow, seal: Seal) -> str | None:
        when = f" (sealed {seal.at})" if seal.at else ""
        if seal.full and seal.uid != row.uid:
            return f"the seal is for another incident (uid {seal.uid}); {row.id} is uid {row.uid}"
        if row.head_seq < seal.seq:
            return (
                f"ROLLED BACK: the seal names entry {seal.seq}{when}, but the chain ends at "
                f"entry {row.head_seq}: this database is an older copy, or its last entries "
                "were removed"
            )
        entry = self.store.timeline.entry(row.id, row.uid, seal.seq)
        if entry is None or not entry.hash.startswith(seal.hash):
            return (
                f"REWRITTEN: entry {seal.seq} is not the entry that was sealed{when}: the "
                f"chain was rewritten from entry {seal.seq} or earlier"
            )
        return None

    # -- rebuilding the tables --------------------------------------------------------------

    def rebuild(self, incident_id: str) -> RebuildReport:
        """Put every table back as the verified chain says; record that on the timeline."""
        with self.store.transaction() as tx:
            row = tx.incidents.get(incident_id)
            found = check_incident(tx, row)
            if found.chain_break is not None or found.record_problems:
                what = (
                    found.chain_break.problem
                    if found.chain_break is not None
                    else "; ".join(str(p) for p in found.record_problems)
                )
                raise CheckFailed(
                    f"{row.id}: the chain does not verify ({what}); the tables cannot be "
                    "rebuilt from it. Nothing was changed."
                )
            changes = rebuild(tx, row)
            logs = found.send_logs or {}
            ledger = send_ledger_problems(tx.send_ledger, row.id, logs)
            if ledger:  # issue 17: the send ledger back as the per-message logs say
                pending = tx.send_ledger.forget(row.id)
                restore_send_ledger(
                    tx,
                    row.id,
                    [(seq, batch, sha) for seq, (sha, _n, batch) in sorted(logs.items())],
                    self.evidence.path_for,
                )
                for batch, event in pending:  # an interrupted run's, after the recorded
                    tx.send_ledger.add(row.id, batch, [event])
                changes = [*changes, *ledger]
            if not changes:
                return RebuildReport(row.id, (), None)
            now = utc_iso(self.clock.now())
            tables = sorted({c.table for c in changes})
            entry = tx.record(
                row.id,
                EntryContent(
                    EntryKind.SYSTEM,
                    f"Tables rebuilt from the chain: {len(changes)} difference(s) in "
                    f"{', '.join(tables)} put right:\n" + "\n".join(str(c) for c in changes[:50]),
                    now,
                    now,
                    self.actor,
                ),
            )
        return RebuildReport(row.id, tuple(changes), entry.seq)
