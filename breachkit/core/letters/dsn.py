"""Delivery-status notifications (RFC 3464): which recipients a bounce says failed (pure).

A bounce is a ``multipart/report; report-type=delivery-status`` message: a text for
people, a ``message/delivery-status`` part (one block about the message, then one block
per recipient: ``Final-Recipient``, ``Action``, ``Status``, ``Diagnostic-Code``), and
often the original message or its headers (``message/rfc822`` or
``text/rfc822-headers``), whose ``Message-ID`` names the letter exactly.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from email import message_from_bytes, message_from_string
from email.message import Message

_CODE = re.compile(r"\b([245]\d\d)\b")


@dataclass(frozen=True, slots=True)
class Bounce:
    """One recipient of one notification."""

    recipient: str
    action: str
    """``failed``, ``delayed``, ``delivered``, ``relayed`` or ``expanded``."""
    status: str
    """The enhanced status code, e.g. ``5.1.1``."""
    diagnostic: str
    message_id: str
    """The original message's Message-ID, when the notification carries it."""

    @property
    def failed(self) -> bool:
        return self.action == "failed" or (self.action == "" and self.status.startswith("5"))

    @property
    def code(self) -> int | None:
        found = _CODE.search(self.diagnostic)
        return int(found.group(1)) if found else None


def read_dsn(data: bytes) -> list[Bounce]:
    """The recipients a notification reports on; empty when it is not a DSN."""
    message = message_from_bytes(data)
    status_part, original_id = None, ""
    for part in message.walk():
        kind = part.get_content_type()
        if kind == "message/delivery-status" and status_part is None:
            status_part = part
        elif kind == "message/rfc822" and not original_id:
            inner = part.get_payload()
            if isinstance(inner, list) and inner and isinstance(inner[0], Message):
                original_id = str(inner[0].get("Message-ID", "")).strip()
        elif kind == "text/rfc822-headers" and not original_id:
            raw = part.get_payload(decode=True)
            text = raw.decode("utf-8", "replace") if isinstance(raw, bytes) else ""
            original_id = str(message_from_string(text).get("Message-ID", "")).strip()
    if status_part is None:
        return []
    return [b for b in _recipients(status_part, original_id) if b.recipient]


def _recipients(part: Message, original_id: str) -> list[Bounce]:
    blocks = part.get_payload()
    if not isinstance(blocks, list):
        return []
    out = []
    for block in blocks[1:]:  # the first block is about the message, not a recipient
        if not isinstance(block, Message):
            continue
        final = _address(block.get("Final-Recipient", "") or block.get("Original-Recipient", ""))
        out.append(
            Bounce(
                final,
                str(block.get("Action", "")).strip().lower(),
                str(block.get("Status", "")).strip(),
                " ".join(str(block.get("Diagnostic-Code", "")).split())[:300],
                original_id,
            )
        )
    return out


def _address(field: object) -> str:
    """``rfc822; user@example.org`` → ``user@example.org``."""
    text = str(field).strip()
    if ";" in text:
        text = text.split(";", 1)[1]
    return text.strip().strip("<>").strip()
