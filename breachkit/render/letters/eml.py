"""One RFC 5322 message per person: exactly one recipient, UTF-8, the organisation as sender.

The message is ready for the organisation's own mail system (drop it in a pickup
folder, or send it with any tool that reads .eml files). Nothing in it depends on when
it was written, so a run that starts again writes the same bytes.

Headers are written here (display names are quoted, or encoded as RFC 2047 words; the
address is a single mailbox checked when the row was read), and
the body is quoted-printable UTF-8 with CRLF line ends. This is much faster than
building an :class:`email.message.EmailMessage` for every person, and the shared part
of the body is encoded once per letter body.
"""

from __future__ import annotations

import base64
import hashlib
import quopri
from datetime import datetime
from email.utils import format_datetime, formataddr
from functools import lru_cache


def ascii_address(address: str) -> str:
    """The address with an internationalised domain in its ASCII (IDNA) form."""
    local, _, domain = address.partition("@")
    return f"{local}@{domain.encode('idna').decode('ascii')}"


def encoded_words(text: str) -> str:
    """RFC 2047 "B" encoded words (each at most 75 characters), folded between words."""
    words: list[str] = []
    chunk = ""
    for c in text:
        if len((chunk + c).encode("utf-8")) > 45:
            cut = chunk.rfind(" ") + 1  # break after a space: readers that keep the
            if cut <= len(chunk) // 3:  # folding space then only double it
                cut = len(chunk)
            words.append(chunk[:cut])
            chunk = chunk[cut:]
        chunk += c
    if chunk:
        words.append(chunk)
    return "\r\n ".join(
        f"=?utf-8?b?{base64.b64encode(w.encode('utf-8')).decode('ascii')}?=" for w in words
    )


def _mailbox(name: str, address: str) -> str:
    """``Name <address>``: an ASCII name quoted where needed, any other name encoded."""
    if name.isascii():
        return formataddr((name, ascii_address(address)))
    return f"{encoded_words(name)} <{ascii_address(address)}>"


@lru_cache(maxsize=64)
def _header(name: str, value: str) -> str:
    if not value.isascii():
        return f"{name}: {encoded_words(value)}"
    lines: list[str] = []
    current = f"{name}:"
    for word in value.split(" "):
        if len(current) + 1 + len(word) > 76 and current != f"{name}:":
            lines.append(current)
            current = ""
        current += f" {word}"
    lines.append(current)
    return "\r\n".join(lines)


def quoted_printable(text: str) -> bytes:
    """``text`` (whole lines) as quoted-printable UTF-8 with CRLF line ends."""
    encoded = quopri.encodestring(text.encode("utf-8"))
    return encoded.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")


@lru_cache(maxsize=256)
def _shared(text: str) -> bytes:
    return quoted_printable(text)


def message(
    *,
    sender_name: str,
    sender: str,
    reply_to: str,
    recipient_name: str,
    recipient: str,
    subject: str,
    body: tuple[str, str, str],
    language: str,
    date: datetime,
    identity: str,
) -> bytes:
    """The message bytes. ``body`` is (the person's opening, the shared body, the
    person's closing), each whole lines ending in a newline; the shared body is encoded
    once and reused. ``identity`` makes the Message-ID unique."""
    domain = ascii_address(sender).partition("@")[2]
    digest = hashlib.sha256(identity.encode()).hexdigest()[:32]
    headers = [
        f"From: {_mailbox(sender_name, sender)}",
        f"To: {_mailbox(recipient_name, recipient)}",
    ]
    if reply_to and reply_to != sender:
        headers.append(f"Reply-To: {ascii_address(reply_to)}")
    headers += [
        _header("Subject", subject),
        f"Date: {format_datetime(date)}",
        f"Message-ID: <{digest}@{domain}>",
        f"Content-Language: {language}",
        "MIME-Version: 1.0",
        'Content-Type: text/plain; charset="utf-8"',
        "Content-Transfer-Encoding: quoted-printable",
    ]
    head = ("\r\n".join(headers) + "\r\n\r\n").encode("ascii")
    opening, shared, closing = body
    return head + quoted_printable(opening) + _shared(shared) + quoted_printable(closing)
