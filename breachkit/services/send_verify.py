"""``verify`` for the send ledger: each ``letters.send`` record's log against the ledger."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from pathlib import Path

from breachkit.core.errors import InputError, Problem
from breachkit.core.letters.sending import LedgerEvent
from breachkit.core.text import counted
from breachkit.core.timeline.chain import TimelineEntry
from breachkit.core.timeline.compare import TableProblem
from breachkit.store.send_ledger import SendLedger
from breachkit.store.unit import Tx


def send_ledger_problems(
    ledger: SendLedger, incident_id: str, records: dict[int, tuple[str, int, int]]
) -> list[TableProblem]:
    """Where the ledger no longer holds what each ``letters.send`` record's log says
    (``records``: entry seq → (log SHA-256, events), read from the chain)."""
    problems = []
    stamped = dict(ledger.runs(incident_id))
    for seq, (sha, count, _batch) in records.items():
        digest, found = ledger.run_digest(incident_id, seq)
        if (digest, found) != (sha, count):
            problems.append(
                TableProblem(
                    "send_ledger",
                    f"entry {seq}",
                    "events",
                    "differs",
                    f"{counted(found, 'event')}, log {digest[:12]}…",
                    f"{counted(count, 'event')}, log {sha[:12]}…",
                    seq,
                )
            )
    for seq in sorted(set(stamped) - set(records)):
        problems.append(TableProblem("send_ledger", f"entry {seq}", None, "extra", None, None, seq))
    return problems


def send_logs(entries: Iterable[TimelineEntry]) -> list[tuple[int, int, str]]:
    """(entry seq, batch start entry, per-message log SHA-256) of each ``letters.send``."""
    out = []
    for entry in entries:
        links = entry.content.links
        if links.get("change") == "letters.send":
            out.append((entry.seq, int(links.get("batch", 0)), str(links.get("log_sha256", ""))))
    return out


def restore_send_ledger(
    tx: Tx,
    incident_id: str,
    logs: Iterable[tuple[int, int, str]],
    path_for: Callable[[str], Path],
) -> None:
    """The send ledger's recorded events, from the per-message logs the records name
    ((entry seq, batch, SHA-256) each): after an import (the logs travel in the bundle
    as evidence files) or in ``rebuild``."""
    for seq, batch, sha in logs:
        try:
            lines = path_for(sha).read_text(encoding="ascii").splitlines()
            events = [LedgerEvent(**json.loads(line)) for line in lines if line]
        except (OSError, ValueError, TypeError) as err:
            raise InputError(
                Problem(f"evidence/{sha}", None, f"not a send log: {err}; nothing was imported")
            ) from None
        tx.send_ledger.add(incident_id, batch, events)
        tx.send_ledger.stamp(incident_id, batch, seq)
