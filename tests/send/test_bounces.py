"""Bounces (RFC 3464) from Postfix and Exchange mark sent e-mails as not delivered."""

from __future__ import annotations

import mailbox
from pathlib import Path

from breachkit.core.letters.dsn import read_dsn
from breachkit.services import Services
from tests.send.conftest import Sink, make_batch

POSTFIX = """\
Return-Path: <>
From: MAILER-DAEMON@mx.example.dk (Mail Delivery System)
Subject: Undelivered Mail Returned to Sender
To: dpo@skovbo.example
Date: Thu, 19 Nov 2026 13:00:00 +0100
MIME-Version: 1.0
Content-Type: multipart/report; report-type=delivery-status;
\tboundary="4FD2A1C0.1700000000/mx.example.dk"
Message-Id: <20261119120000.4FD2A1C0@mx.example.dk>

This is a MIME-encapsulated message.

--4FD2A1C0.1700000000/mx.example.dk
Content-Description: Notification
Content-Type: text/plain; charset=us-ascii

I'm sorry to have to inform you that your message could not
be delivered to one or more recipients.

<{rcpt}>: host mx.example.dk[192.0.2.1] said: 550 5.1.1 <{rcpt}>:
    Recipient address rejected: User unknown in virtual mailbox table

--4FD2A1C0.1700000000/mx.example.dk
Content-Description: Delivery report
Content-Type: message/delivery-status

Reporting-MTA: dns; mx.example.dk
X-Postfix-Queue-ID: 4FD2A1C0
Arrival-Date: Thu, 19 Nov 2026 12:59:58 +0100 (CET)

Final-Recipient: rfc822; {rcpt}
Original-Recipient: rfc822;{rcpt}
Action: failed
Status: 5.1.1
Remote-MTA: dns; mx.example.dk
Diagnostic-Code: smtp; 550 5.1.1 <{rcpt}>: Recipient address rejected: User
    unknown in virtual mailbox table

--4FD2A1C0.1700000000/mx.example.dk
Content-Description: Undelivered Message Headers
Content-Type: text/rfc822-headers

From: Skovbo IT ApS <dpo@skovbo.example>
To: {rcpt}
Message-ID: {msgid}
Subject: whatever

--4FD2A1C0.1700000000/mx.example.dk--
"""

EXCHANGE = """\
From: postmaster@outlook.example
To: dpo@skovbo.example
Subject: Undeliverable: Your personal data
MIME-Version: 1.0
Content-Type: multipart/report; report-type=delivery-status;
\tboundary="_000_ex_"

--_000_ex_
Content-Type: text/plain; charset="us-ascii"

Delivery has failed to these recipients or groups:
{rcpt}

--_000_ex_
Content-Type: message/delivery-status

Reporting-MTA: dns;EX01.outlook.example
Received-From-MTA: dns;mail.skovbo.example

Final-Recipient: rfc822;{rcpt}
Action: failed
Status: 5.4.1
Diagnostic-Code: smtp;550 5.4.1 Recipient address rejected: Access denied.

--_000_ex_--
"""

DELAYED = POSTFIX.replace("Action: failed", "Action: delayed").replace(
    "Status: 5.1.1", "Status: 4.4.1"
)


def test_postfix_and_exchange_shapes_are_read() -> None:
    found = read_dsn(POSTFIX.format(rcpt="a@x.dk", msgid="<m1@x>").encode())
    assert [(b.recipient, b.action, b.status, b.code, b.message_id) for b in found] == [
        ("a@x.dk", "failed", "5.1.1", 550, "<m1@x>")
    ]
    found = read_dsn(EXCHANGE.format(rcpt="b@y.dk").encode())
    assert [(b.recipient, b.failed, b.message_id) for b in found] == [("b@y.dk", True, "")]
    assert read_dsn(b"From: a@b\r\nSubject: hello\r\n\r\nnot a bounce\r\n") == []


def test_bounces_mark_sent_mail_and_are_on_the_record(
    services: Services, tmp_path: Path, sink: Sink
) -> None:
    b = make_batch(services, tmp_path, sink, 5)
    services.send_letters(b.incident, b.letters)
    ids = {r: m for m, r, _d in sink.accepted}
    box = mailbox.mbox(str(tmp_path / "bounces.mbox"))
    box.add(POSTFIX.format(rcpt="p1@example.dk", msgid=ids["p1@example.dk"]))
    box.add(EXCHANGE.format(rcpt="p3@example.dk"))  # no Message-ID: matched by address
    box.add(DELAYED.format(rcpt="p4@example.dk", msgid=ids["p4@example.dk"]))
    box.add(EXCHANGE.format(rcpt="stranger@else.dk"))
    box.add("From: someone@example.dk\nSubject: out of office\n\nI am away.\n")
    box.flush()
    box.close()
    run = services.read_bounces(b.incident, tmp_path / "bounces.mbox")
    assert (run.notifications, run.other, run.bounced, run.unmatched, run.delayed) == (
        4,
        1,
        2,
        1,
        1,
    )
    entry = services.timeline(b.incident)[-1].content
    assert (entry.links["source"], entry.links["bounced"], entry.links["people_emailed"]) == (
        "bounces",
        2,
        3,
    )
    again = services.read_bounces(b.incident, tmp_path / "bounces.mbox")
    assert (again.bounced, again.already, again.entries) == (0, 2, ())
    assert services.verify(b.incident)[0].ok
    # a folder of .eml works too, and a bounced e-mail is never sent again
    folder = tmp_path / "dsn"
    folder.mkdir()
    (folder / "one.eml").write_text(EXCHANGE.format(rcpt="p0@example.dk"), encoding="utf-8")
    assert services.read_bounces(b.incident, folder).bounced == 1
    assert services.send_letters(b.incident, b.letters).to_send == 0


def test_postal_letters_for_everyone_not_reached_by_email(
    services: Services, tmp_path: Path, sink: Sink
) -> None:
    import csv

    b = make_batch(services, tmp_path, sink, 5)
    sink.answers["p2@example.dk"] = ["550 5.1.1 No such user"]
    services.send_letters(b.incident, b.letters)  # p2 failed
    (tmp_path / "b.eml").write_text(EXCHANGE.format(rcpt="p4@example.dk"), encoding="utf-8")
    services.read_bounces(b.incident, tmp_path / "b.eml")  # p4 bounced
    # the same people with postal addresses, and one who never had an e-mail
    post = tmp_path / "post.csv"
    with post.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["name", "email", "reference", "address", "postal_code", "city", "country"])
        for i in range(6):
            writer.writerow([f"Person {i}", f"p{i}@example.dk" if i < 5 else "", f"C{i:05d}",
                             f"Gade {i}", "1165", "København K", "DK"])  # fmt: skip
    run = services.write_letters(
        b.incident, post, tmp_path / "post", fmt="pdf", workers=1, undelivered=True
    )
    lines = sorted(int(p.name[:7]) for p in (tmp_path / "post" / "pdf").rglob("*.pdf"))
    assert lines == [4, 6, 7]  # p2, p4 (lines 4 and 6 of the file) and Person 5
    assert run.already == 3
