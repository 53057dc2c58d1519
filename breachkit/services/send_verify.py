"""``verify`` for the send ledger: each ``letters.send`` record's log against the ledger."""

from __future__ import annotations

from breachkit.core.timeline.compare import TableProblem
from breachkit.store.send_ledger import SendLedger


def send_ledger_problems(
    ledger: SendLedger, incident_id: str, records: dict[int, tuple[str, int]]
) -> list[TableProblem]:
    """Where the ledger no longer holds what each ``letters.send`` record's log says
    (``records``: entry seq → (log SHA-256, events), read from the chain)."""
    problems = []
    stamped = dict(ledger.runs(incident_id))
    for seq, (sha, count) in records.items():
        digest, found = ledger.run_digest(incident_id, seq)
        if (digest, found) != (sha, count):
            problems.append(
                TableProblem(
                    "send_ledger",
                    f"entry {seq}",
                    "events",
                    "differs",
                    f"{found} event(s), log {digest[:12]}…",
                    f"{count} event(s), log {sha[:12]}…",
                    seq,
                )
            )
    for seq in sorted(set(stamped) - set(records)):
        problems.append(TableProblem("send_ledger", f"entry {seq}", None, "extra", None, None, seq))
    return problems
