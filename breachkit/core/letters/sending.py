"""Sending a batch's e-mails: each message's state, and the per-message log (pure).

A message of a batch is known by its line in the people file. Its history is a list of
ledger events, oldest first; its state is the last one:

- ``sending`` — about to be handed to the server (written *before* the SMTP transaction);
- ``sent`` — the server accepted it (time, Message-ID, reply code and text);
- ``deferred`` — the server said "try later" (4xx) after every retry; a later run tries again;
- ``failed`` — refused (5xx) or no usable address: never sent again;
- ``bounced`` — accepted, then a delivery-status notification said it was not delivered.

A message whose last event is ``sending`` was being handed over when the run died: the
server may or may not have accepted it. It is sent again with the same Message-ID.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass

SENDING = "sending"
SENT = "sent"
DEFERRED = "deferred"
FAILED = "failed"
BOUNCED = "bounced"
STATES = (SENDING, SENT, DEFERRED, FAILED, BOUNCED)
FINAL = frozenset({SENT, FAILED, BOUNCED})
"""States a send run never leaves (only a bounce turns ``sent`` into ``bounced``)."""


@dataclass(frozen=True, slots=True)
class LedgerEvent:
    """One step of one message's history (a row of ``send_ledger``)."""

    line: int
    state: str
    at: str
    message_id: str
    person: str
    """The person's key (16 hex digits; :func:`breachkit.core.letters.told.person_key`)."""
    recipient: str
    """SHA-256 of the address in lower case: matches bounces, holds no address."""
    code: int | None = None
    reply: str = ""

    def to_json(self) -> str:
        values = {
            "line": self.line,
            "state": self.state,
            "at": self.at,
            "message_id": self.message_id,
            "person": self.person,
            "recipient": self.recipient,
            "code": self.code,
            "reply": self.reply,
        }
        return json.dumps(values, ensure_ascii=True, sort_keys=True, separators=(",", ":"))


def log_bytes(events: Iterable[LedgerEvent]) -> bytes:
    """The per-message log of one record: one JSON object per line, in ledger order."""
    return "".join(e.to_json() + "\n" for e in events).encode("ascii")


def log_sha256(events: Iterable[LedgerEvent]) -> str:
    digest = hashlib.sha256()
    for event in events:
        digest.update(event.to_json().encode("ascii") + b"\n")
    return digest.hexdigest()


def recipient_key(address: str) -> str:
    return hashlib.sha256(address.strip().lower().encode("utf-8")).hexdigest()


def reply_text(raw: bytes | str, limit: int = 300) -> str:
    """A server's reply as one short line of printable text."""
    text = raw.decode("utf-8", "replace") if isinstance(raw, bytes) else raw
    text = " ".join("".join(c if c.isprintable() else " " for c in text).split())
    return text[:limit]


@dataclass(slots=True)
class Tally:
    """Counts of one run or record."""

    sent: int = 0
    failed: int = 0
    deferred: int = 0
    bounced: int = 0
    resent_uncertain: int = 0

    def add(self, state: str) -> None:
        if state == SENT:
            self.sent += 1
        elif state == FAILED:
            self.failed += 1
        elif state == DEFERRED:
            self.deferred += 1
        elif state == BOUNCED:
            self.bounced += 1
