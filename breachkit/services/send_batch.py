"""The e-mails of a finished letters batch, checked before anything is sent.

A batch folder is sent only as it was written: its manifest must be the one the
timeline recorded, and every ``.eml`` file the one the manifest lists (size and SHA-256).
An edited or missing file stops the send before the first message (exit 2), naming it.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from email.parser import BytesHeaderParser
from email.utils import getaddresses
from pathlib import Path

from breachkit.core.errors import InputError, Problem
from breachkit.core.letters.manifest import RunIdentity, parse_identity, parse_row
from breachkit.core.letters.sending import recipient_key
from breachkit.core.letters.told import mail_person_key
from breachkit.core.text import counted, email_problem
from breachkit.services.letters_io import COMPLETE, MANIFEST, STATE, read_complete

MAX_NAMED = 5


@dataclass(frozen=True, slots=True)
class Mail:
    """One e-mail of the batch, as the manifest lists it."""

    line: int
    reference: str
    file: str
    """The file's path as text. Not a ``Path``: pathlib interns every name it parses, so
    a run over 100,000 e-mails would keep 100,000 names for the life of the process."""
    sha256: str
    size: int

    def read(self) -> bytes:
        with open(self.file, "rb") as handle:
            return handle.read()


@dataclass(frozen=True, slots=True)
class Envelope:
    """What the SMTP transaction needs from the message, read from its headers."""

    sender: str
    recipient: str
    message_id: str
    person: str
    recipient_key: str
    problem: str = ""
    """Why it cannot be sent (no single valid address): the message fails."""


@dataclass(frozen=True, slots=True)
class SendBatch:
    out_dir: Path
    identity: RunIdentity
    manifest_sha256: str
    mails: tuple[Mail, ...]


def read_batch(out_dir: Path) -> SendBatch:
    """The batch in ``out_dir`` with its e-mails, every file checked against the manifest."""
    state = out_dir / STATE
    try:
        identity = parse_identity(state.read_text(encoding="utf-8"))
    except OSError:
        identity = None
    if identity is None or identity.batch_id is None:
        raise InputError(Problem(str(out_dir), None, "not a breachkit letters folder (no batch)"))
    done = read_complete(out_dir)
    if done is None:
        raise InputError(
            Problem(
                str(out_dir / COMPLETE),
                None,
                "the batch is not finished: run the same `breachkit letters` command again first",
            )
        )
    manifest_sha, mails = _manifest(out_dir)
    if manifest_sha != str(done.get("manifest_sha256", "")):
        raise InputError(
            Problem(str(out_dir / MANIFEST), None, "the manifest was changed after the batch ended")
        )
    _check_files(mails)
    return SendBatch(out_dir, identity, manifest_sha, tuple(mails))


def _manifest(out_dir: Path) -> tuple[str, list[Mail]]:
    digest = hashlib.sha256()
    mails = []
    folder = str(out_dir)
    try:
        with (out_dir / MANIFEST).open("rb") as handle:
            first = handle.readline()
            digest.update(first)
            for raw in handle:
                digest.update(raw)
                row = parse_row(raw.decode("utf-8", "replace"))
                if row is not None and row.format == "eml":
                    file = os.path.join(folder, row.file)
                    mails.append(Mail(row.line, row.reference, file, row.sha256, row.bytes))
    except OSError as err:
        raise InputError(Problem(str(out_dir / MANIFEST), None, f"cannot read: {err}")) from None
    return digest.hexdigest(), mails


def _check_files(mails: list[Mail]) -> None:
    problems = []
    for mail in mails:
        why = _file_problem(mail)
        if why:
            problems.append(Problem(mail.file, None, why))
    if problems:
        more = len(problems) - MAX_NAMED
        shown = problems[:MAX_NAMED]
        if more > 0:
            folder = os.path.dirname(mails[0].file)
            shown.append(Problem(folder, None, f"and {counted(more, 'more file')}"))
        shown.append(
            Problem(
                "--letters",
                None,
                "nothing was sent: the e-mails must be sent as written and recorded",
            )
        )
        raise InputError(shown)


def _file_problem(mail: Mail) -> str:
    try:
        data = mail.read()
    except OSError:
        return "is missing or cannot be read"
    if len(data) != mail.size or hashlib.sha256(data).hexdigest() != mail.sha256:
        return "was changed after it was written (its SHA-256 is not the manifest's)"
    return ""


_PARSER = BytesHeaderParser()


def envelope(mail: Mail, data: bytes, sender: str) -> Envelope:
    """The envelope of one message (exactly one To:, a Message-ID), from its headers."""
    headers = _PARSER.parsebytes(data, headersonly=True)
    message_id = str(headers.get("Message-ID", "")).strip()
    to = getaddresses(headers.get_all("To", []))
    address = to[0][1] if len(to) == 1 else ""
    problem = ""
    if not address or email_problem(address):
        problem = "no single valid recipient address in To:"
    if not sender:
        sender = getaddresses(headers.get_all("From", []))[0][1] if headers["From"] else ""
    key = f"{mail_person_key(mail.reference, address):016x}"
    return Envelope(sender, address, message_id, key, recipient_key(address), problem)
