"""A real SMTP server in the test process (aiosmtpd), and a letters batch to send.

The sink keeps every accepted message (Message-ID, recipient, raw bytes). It can answer
4xx or 5xx for chosen recipients, hang up before accepting message N, log in with a
password over TLS (a certificate the test makes with trustme), and call a hook when a
message arrives (the kill tests use it).
"""

from __future__ import annotations

import csv
import socket
import ssl
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from email.parser import BytesHeaderParser
from pathlib import Path
from typing import Any

import pytest
import trustme
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

from breachkit.adapters.smtp import Retry
from breachkit.services import Services

PASSWORD = "s3cr3t-Pa55word-never-stored"
PROFILE = """\
[organisation]
name = "Skovbo IT ApS"
address = ["Nørregade 7", "1165 København K"]
country = "DK"
timezone = "Europe/Copenhagen"
languages = ["da", "en"]
[dpo]
name = "Mette Sørensen"
email = "dpo@skovbo.example"
[authority]
lead = "datatilsynet"
"""
INCIDENT = """\
title = "Kundedatabase kopieret"
text_language = "da"
timezone = "Europe/Copenhagen"
aware_at = "2026-11-19T09:00"
[breach]
types = ["confidentiality"]
cause = "hacking"
exfiltration = "confirmed"
recipients = "unknown"
[data]
categories = ["identity", "contact"]
countries = ["DK"]
data_subjects = {affected}
[response]
measures_taken = ["Serveren er lukket ned."]
measures_proposed = ["Ekstern gennemgang af sikkerheden."]
"""


@dataclass
class Sink:
    """What the server accepted, and how it should misbehave."""

    accepted: list[tuple[str, str, bytes]] = field(default_factory=list)
    answers: dict[str, list[str]] = field(default_factory=dict)
    """Recipient → replies to give to RCPT, one per attempt ("451 ...", "550 ...")."""
    hang_up_at: set[int] = field(default_factory=set)
    """Hang up instead of accepting the Nth DATA (counting every DATA, 1-based)."""
    on_data: Callable[[int], None] | None = None
    on_accepted: Callable[[int], None] | None = None
    datas: int = 0
    host: str = "127.0.0.1"
    port: int = 0

    def message_ids(self) -> list[str]:
        return [m for m, _r, _d in self.accepted]


class _Handler:
    def __init__(self, sink: Sink) -> None:
        self.sink = sink

    async def handle_RCPT(  # noqa: N802 - aiosmtpd's hook name
        self, server: Any, session: Any, envelope: Any, address: str, rcpt_options: Any
    ) -> str:
        queue = self.sink.answers.get(address)
        if queue:
            return queue.pop(0)
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
        sink = self.sink
        sink.datas += 1
        if sink.on_data is not None:
            sink.on_data(sink.datas)
        if sink.datas in sink.hang_up_at:
            server.transport.close()
            return "421 closing"
        data = envelope.original_content or envelope.content
        headers = BytesHeaderParser().parsebytes(data, headersonly=True)
        sink.accepted.append((str(headers["Message-ID"]), envelope.rcpt_tos[0], data))
        if sink.on_accepted is not None:
            sink.on_accepted(len(sink.accepted))
        return "250 2.0.0 Ok: queued as Q" + str(len(sink.accepted))


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def sink() -> Iterator[Sink]:
    found = Sink()
    found.port = _free_port()
    controller = Controller(_Handler(found), hostname="127.0.0.1", port=found.port)
    controller.start()
    yield found
    controller.stop()


@dataclass
class TlsSink:
    sink: Sink
    client_context: ssl.SSLContext
    logins: list[tuple[bytes, bytes]]


@pytest.fixture
def tls_sink() -> Iterator[TlsSink]:
    """STARTTLS with a certificate made here, and AUTH LOGIN/PLAIN required."""
    ca = trustme.CA()
    cert = ca.issue_cert("127.0.0.1", "localhost")
    server_context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    cert.configure_cert(server_context)
    client_context = ssl.create_default_context()
    ca.configure_trust(client_context)
    logins: list[tuple[bytes, bytes]] = []

    def authenticate(server: Any, session: Any, envelope: Any, mechanism: str, data: Any) -> Any:
        ok = isinstance(data, LoginPassword) and data.password == PASSWORD.encode()
        if isinstance(data, LoginPassword):
            logins.append((data.login, data.password))
        return AuthResult(success=ok, handled=False)

    found = Sink()
    found.port = _free_port()
    controller = Controller(
        _Handler(found),
        hostname="127.0.0.1",
        port=found.port,
        tls_context=server_context,
        require_starttls=True,
        auth_require_tls=True,
        auth_required=True,
        authenticator=authenticate,
    )
    controller.start()
    yield TlsSink(found, client_context, logins)
    controller.stop()


def smtp_table(sink: Sink, **extra: str) -> str:
    values = {"security": '"none"', **extra}
    lines = [f'host = "{sink.host}"', f"port = {sink.port}", "rate_per_minute = 0"]
    lines += [f"{k} = {v}" for k, v in values.items()]
    return "[smtp]\n" + "\n".join(lines) + "\n"


def people(path: Path, count: int) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["name", "email", "reference"])
        for i in range(count):
            writer.writerow([f"Person {i}", f"p{i}@example.dk", f"C{i:05d}"])
    return path


@dataclass
class Batch:
    services: Services
    incident: str
    letters: Path
    subjects: Path


def make_batch(
    services: Services, tmp_path: Path, sink: Sink, count: int, *, smtp: str | None = None
) -> Batch:
    """An incident (high risk decided) and a finished e-mail batch of ``count`` people."""
    services.org_path.write_text(PROFILE + (smtp or smtp_table(sink)), encoding="utf-8")
    path = tmp_path / "incident.toml"
    path.write_text(INCIDENT.replace("{affected}", str(count)), encoding="utf-8")
    incident, _ = services.create_from_file(path)
    services.decide(incident)
    subjects = people(tmp_path / "people.csv", count)
    letters = tmp_path / "letters"
    services.write_letters(incident, subjects, letters, fmt="eml", workers=1)
    services.send_retry = Retry(attempts=3, wait_first=0.01, wait_max=0.05)
    return Batch(services, incident, letters, subjects)
