"""One RFC 5322 message per person: exactly one recipient, UTF-8, the organisation as sender.

The message is ready for the organisation's own mail system (drop it in a pickup
folder, or send it with any tool that reads .eml files). Nothing in it depends on when
it was written, so a run that starts again writes the same bytes.

Every header is built by the standard library's e-mail policies, never by joining
strings: the headers that are the same for every person (``From``, ``Reply-To``,
``Subject``, ``Date``, …) by ``email.policy.SMTP``, once per batch, which refuses any
value with a line break, so an organisation name or a subject can never become a second
header (``Bcc: …``); ``To``, for each person, by the ``compat32`` policy's folder
(RFC 2047 words for a non-ASCII name, 78 columns), which refuses an embedded header and
is some thirty times faster than the modern folder on a non-ASCII name (2 ms a
message, which would halve the e-mail rate). A person's name and address were refused
at the door if they held a control character (``core.letters.people``). The finished
header block is then checked before anything is written: printable ASCII only, exactly
the expected headers, each once, and one ``To`` naming exactly one mailbox, the
person's. The body is quoted-printable UTF-8 with CRLF line ends; the shared part of
the body is encoded once per letter body.
"""

from __future__ import annotations

import base64
import email.policy
import email.utils
import hashlib
import quopri
import re
from datetime import datetime
from email.errors import HeaderParseError
from email.header import Header
from email.headerregistry import Address
from functools import lru_cache

from breachkit.core.errors import InputError, Problem
from breachkit.core.text import email_problem, line_problem

_POLICY = email.policy.SMTP
_UNFOLDED = _POLICY.clone(max_line_length=None)
_COMPAT = email.policy.compat32.clone(linesep="\r\n", max_line_length=78)
LINE = 78
"""RFC 5322's recommended line length; folded lines never exceed it by design."""

ONCE = (
    "From",
    "To",
    "Subject",
    "Date",
    "Message-ID",
    "Content-Language",
    "MIME-Version",
    "Content-Type",
    "Content-Transfer-Encoding",
)
OPTIONAL = ("Reply-To",)
_PRINTABLE = re.compile(r"[\x20-\x7e]*\Z")
_MESSAGE_ID = re.compile(r"Message-ID: <[0-9a-f]{32}@[A-Za-z0-9.-]+>\Z")


class HeaderRefused(InputError):
    """A header value that cannot be written safely (exit 2, naming the header)."""

    def __init__(self, name: str, why: str) -> None:
        super().__init__(Problem("e-mail", name, why))


def ascii_address(address: str) -> str:
    """The address with an internationalised domain in its ASCII (IDNA) form."""
    local, _, domain = address.partition("@")
    return f"{local}@{_idna(domain)}"


@lru_cache(maxsize=4096)
def _idna(domain: str) -> str:
    try:
        return domain.encode("idna").decode("ascii")
    except UnicodeError:
        raise HeaderRefused("address", f"'{domain}' is not a valid domain") from None


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


def header(name: str, value: str | Address) -> str:
    """``Name: value`` folded by the e-mail policy, ending in CRLF.

    Raises HeaderRefused for a value the policy refuses (a line break, a malformed
    address)."""
    try:
        line: str = _UNFOLDED.fold(*_UNFOLDED.header_store_parse(name, value))
        if any(len(part) > LINE for part in line.split("\r\n")):
            line = _POLICY.fold(*_POLICY.header_store_parse(name, value))
    except (ValueError, TypeError, IndexError, HeaderParseError) as err:
        raise HeaderRefused(name, f"cannot be written in an e-mail: {err}") from None
    return line


def mailbox(name: str, address: str) -> Address:
    """One mailbox; the policy's Address refuses a CR or LF in either part."""
    try:
        return Address(display_name=name, addr_spec=ascii_address(address))
    except (ValueError, TypeError, IndexError, HeaderParseError) as err:
        raise HeaderRefused("address", f"'{address}' cannot be written: {err}") from None


def to_header(name: str, addr: str) -> str:
    """``To: Name <addr>`` for one person (``addr`` in ASCII), folded by compat32."""
    try:
        if name.isascii():
            return _COMPAT.fold("To", email.utils.formataddr((name, addr)))
        value = Header(maxlinelen=LINE, header_name="To")
        value.append(name, "utf-8")
        value.append(f"<{addr}>", "us-ascii")
        return _COMPAT.fold("To", value)  # type: ignore[arg-type]  # compat32 folds a Header
    except (ValueError, TypeError, UnicodeError, HeaderParseError) as err:
        raise HeaderRefused("To", f"cannot be written in an e-mail: {err}") from None


@lru_cache(maxsize=1024)
def _address_problem(address: str) -> str | None:
    return email_problem(address)


@lru_cache(maxsize=64)
def shared_headers(
    sender_name: str, sender: str, reply_to: str, subject: str, language: str, date: datetime
) -> tuple[str, str, str]:
    """(headers before To, headers after To, the Message-ID's domain), per batch."""
    before = header("From", mailbox(sender_name, sender))
    if reply_to and reply_to != sender:
        before += header("Reply-To", mailbox("", reply_to))
    domain = ascii_address(sender).partition("@")[2]
    after = (
        header("Subject", subject)
        + header("Date", email.utils.format_datetime(date))
        + header("Content-Language", language)
        + header("MIME-Version", "1.0")
        + header("Content-Type", 'text/plain; charset="utf-8"')
        + header("Content-Transfer-Encoding", "quoted-printable")
    )
    template = header("Message-ID", f"<{'0' * 32}@{domain}>")
    if _MESSAGE_ID.match(template.rstrip("\r\n")) is None:
        raise HeaderRefused("Message-ID", f"the sender's domain '{domain}' cannot be used")
    return before, after, domain


def check_head(head: str, recipient: str) -> None:
    """Refuse a header block that is not exactly what a one-person message may be."""
    lines = head.split("\r\n")
    if lines[-2:] != ["", ""] or "" in lines[:-2]:
        raise HeaderRefused("headers", "the header block is not closed by one empty line")
    seen: dict[str, list[str]] = {}
    current: list[str] | None = None
    for line in lines[:-2]:
        if not _PRINTABLE.match(line) or len(line) > 998:
            raise HeaderRefused("headers", "a header holds a character that is not printable")
        if line[:1] in (" ", "\t"):
            if current is None:
                raise HeaderRefused("headers", "the header block starts with a continuation")
            current.append(line)
            continue
        name, colon, value = line.partition(":")
        if not colon or name not in ONCE + OPTIONAL or name in seen:
            raise HeaderRefused("headers", f"unexpected or repeated header '{name}'")
        current = seen[name] = [value]
    missing = [name for name in ONCE if name not in seen]
    if missing:
        raise HeaderRefused("headers", f"missing {', '.join(missing)}")
    if not _one_recipient(" ".join(part.strip() for part in seen["To"]), recipient):
        raise HeaderRefused("To", "a message must name exactly one recipient, the person")


def _one_recipient(value: str, recipient: str) -> bool:
    """Whether a ``To`` value names exactly one mailbox, ``recipient``."""
    name, _, rest = value.rpartition(" <")
    if rest == f"{recipient}>" and not any(c in name for c in "@<>,;:"):
        return True  # the usual shape, checked without a parser
    found = email.utils.getaddresses([value])
    return len(found) == 1 and found[0][1] == recipient


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
    once and reused. ``identity`` makes the Message-ID unique.

    Raises HeaderRefused (exit 2) when a header cannot be written safely."""
    for name, value in (("From", sender_name), ("To", recipient_name), ("Subject", subject)):
        if problem := line_problem(value, limit=2000):
            raise HeaderRefused(name, problem)
    for name, value in (("From", sender), ("To", recipient), ("Reply-To", reply_to)):
        if value and (problem := _address_problem(value)):
            raise HeaderRefused(name, problem)
    before, after, domain = shared_headers(sender_name, sender, reply_to, subject, language, date)
    address = ascii_address(recipient)
    digest = hashlib.sha256(identity.encode()).hexdigest()[:32]
    head = (
        before
        + to_header(recipient_name, address)
        + after
        + f"Message-ID: <{digest}@{domain}>\r\n"  # the shape checked in shared_headers
        + "\r\n"
    )
    check_head(head, address)
    opening, shared, closing = body
    return (
        head.encode("ascii")
        + quoted_printable(opening)
        + _shared(shared)
        + quoted_printable(closing)
    )
