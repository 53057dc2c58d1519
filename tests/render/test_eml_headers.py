"""E-mail headers: built by the e-mail policies, checked before writing, one recipient."""

from __future__ import annotations

import email
import email.policy
from datetime import UTC, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from breachkit.core.errors import InputError
from breachkit.render.letters.eml import HeaderRefused, check_head, message

BASE = {
    "sender_name": "Alzette Managed IT S.A.",
    "sender": "dpo@alzette.lu",
    "reply_to": "privacy@alzette.lu",
    "recipient_name": "Zoë Ørsted",
    "recipient": "zoe@example.org",
    "subject": "Information importante concernant vos données",
    "language": "fr",
    "identity": "BK-2026-0001:x:2",
}
BODY = ("Bonjour,\n", "Le texte.\n", "Cordialement\n")
DATE = datetime(2026, 11, 19, tzinfo=UTC)
EXPECTED = {
    "From",
    "To",
    "Reply-To",
    "Subject",
    "Date",
    "Message-ID",
    "Content-Language",
    "MIME-Version",
    "Content-Type",
    "Content-Transfer-Encoding",
}


def _message(**changes: str) -> bytes:
    """The message of BASE with some of its text fields changed."""
    return message(**{**BASE, **changes}, body=BODY, date=DATE)


def _parsed(raw: bytes) -> email.message.EmailMessage:
    parsed = email.message_from_bytes(raw, policy=email.policy.default)
    assert isinstance(parsed, email.message.EmailMessage)
    return parsed


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("sender_name", "Acme\r\nBcc: leak@evil.org"),
        ("sender_name", "Acme\nBcc: leak@evil.org"),
        ("subject", "Important\r\nBcc: leak@evil.org"),
        ("subject", "Important\rBcc: leak@evil.org"),
        ("recipient_name", "Zoe\r\nBcc: leak@evil.org"),
        ("recipient_name", "Zoé\nBcc: leak@evil.org"),
        ("recipient", "zoe@example.org, leak@evil.org"),
        ("recipient", "zoe@example.org\r\nBcc: leak@evil.org"),
        ("subject", "Important\x1b]0;pwned\x07"),
    ],
)
def test_a_value_that_could_add_a_header_or_a_recipient_is_refused(field: str, value: str) -> None:
    with pytest.raises(HeaderRefused) as caught:
        _message(**{field: value})
    assert isinstance(caught.value, InputError) and caught.value.exit_code == 2


def test_a_message_has_exactly_the_expected_headers_and_one_recipient() -> None:
    raw = _message()
    parsed = _parsed(raw)
    assert set(parsed.keys()) == EXPECTED
    assert all(len(parsed.get_all(name) or ()) == 1 for name in EXPECTED)
    assert [a.addr_spec for a in parsed["To"].addresses] == ["zoe@example.org"]
    assert parsed["To"].addresses[0].display_name == "Zoë Ørsted"
    assert parsed["From"].addresses[0].display_name == "Alzette Managed IT S.A."
    assert parsed["Subject"] == BASE["subject"]
    head = raw.split(b"\r\n\r\n")[0]
    assert all(len(line) <= 78 for line in head.split(b"\r\n"))


@pytest.mark.parametrize(
    "extra", ["Bcc: leak@evil.org\r\n", "To: other@evil.org\r\n", "X-Whatever: 1\r\n"]
)
def test_check_head_refuses_any_header_it_does_not_expect(extra: str) -> None:
    head = _message().split(b"\r\n\r\n")[0].decode("ascii") + "\r\n"
    check_head(head + "\r\n", "zoe@example.org")
    with pytest.raises(HeaderRefused):
        check_head(head + extra + "\r\n", "zoe@example.org")


def test_check_head_refuses_a_second_mailbox_in_to() -> None:
    head = _message().split(b"\r\n\r\n")[0].decode("ascii") + "\r\n\r\n"
    doubled = head.replace("<zoe@example.org>", "<zoe@example.org>, <leak@evil.org>")
    with pytest.raises(HeaderRefused):
        check_head(doubled, "zoe@example.org")


@settings(max_examples=150, deadline=None)
@given(
    name=st.text(max_size=120),
    subject=st.text(min_size=1, max_size=150),
    sender_name=st.text(max_size=80),
)
def test_any_text_gives_one_recipient_and_no_extra_header_or_a_refusal(
    name: str, subject: str, sender_name: str
) -> None:
    try:
        raw = _message(recipient_name=name, subject=subject, sender_name=sender_name)
    except HeaderRefused:
        return
    parsed = _parsed(raw)
    assert set(parsed.keys()) == EXPECTED
    assert [a.addr_spec for a in parsed["To"].addresses] == ["zoe@example.org"]
    head = raw.split(b"\r\n\r\n")[0]
    assert all(0x20 <= b < 0x7F for line in head.split(b"\r\n") for b in line)
