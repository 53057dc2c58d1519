"""The profile's [smtp] table: what is allowed, and that a password is never kept."""

from __future__ import annotations

import pytest

from breachkit.core.errors import InputError
from breachkit.core.organisation.profile import Organisation, parse_organisation_text
from breachkit.core.organisation.smtp import Security, SmtpSettings

BASE = '[organisation]\nname = "Example"\n\n'


def parse(smtp: str) -> Organisation:
    return parse_organisation_text(BASE + "[smtp]\n" + smtp, "org.toml")


def settings(smtp: str) -> SmtpSettings:
    found = parse(smtp).smtp
    assert found is not None
    return found


def problems(smtp: str) -> list[str]:
    with pytest.raises(InputError) as caught:
        parse(smtp)
    return [f"{p.key}: {p.message}" for p in caught.value.problems]


def test_defaults_follow_the_security() -> None:
    org = parse('host = "smtp.example.lu"\nsecurity = "tls"\n')
    assert org.smtp is not None
    assert (org.smtp.port, org.smtp.security, org.smtp.rate_per_minute) == (465, Security.TLS, 60)
    assert settings('host = "smtp.example.lu"\n').port == 587


def test_no_table_means_no_smtp() -> None:
    assert parse_organisation_text(BASE, "org.toml").smtp is None


def test_a_password_in_the_profile_is_refused_without_echoing_it() -> None:
    found = problems('host = "h.example"\nusername = "u"\npassword = "hunter2-secret"\n')
    assert any("smtp.password:" in p and "password_env" in p for p in found)
    assert not any("hunter2" in p for p in found)


def test_plain_text_only_for_localhost() -> None:
    assert settings('host = "localhost"\nsecurity = "none"\n').port == 25
    found = problems('host = "mail.example.lu"\nsecurity = "none"\n')
    assert any(p.startswith("smtp.security:") and "localhost" in p for p in found)


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ('host = "h.example"\nusername = "u"\n', "smtp.username"),
        ('host = "h.example"\npassword_env = "X"\n', "smtp.username"),
        ('host = "h.example"\nusername = "u"\npassword_env = "my secret"\n', "smtp.password_env"),
        ('host = "h.example"\nport = 70000\n', "smtp.port"),
        ('host = "h.example"\nsecurity = "ssl"\n', "smtp.security"),
        ("port = 25\n", "smtp.host"),
        ('host = "h.example"\nrate_per_minute = -1\n', "smtp.rate_per_minute"),
        ('host = "h.example"\nfrom = "not an address"\n', "smtp.from"),
        (
            'host = "h.example"\nusername = "u"\npassword_env = "A"\npassword_prompt = true\n',
            "smtp.password_prompt",
        ),
        ('host = "h.example"\nhots = "x"\n', "smtp.hots"),
    ],
)
def test_mistakes_are_named_by_key(text: str, key: str) -> None:
    assert any(p.startswith(key + ":") for p in problems(text))


def test_describe_and_document_hold_no_secret() -> None:
    org = parse('host = "h.example"\nusername = "dpo"\npassword_env = "BK_PW"\n')
    assert org.smtp is not None
    assert org.smtp.describe() == "h.example:587 (starttls) as dpo"
    assert org.smtp.to_document()["password_env"] == "BK_PW"
    assert "smtp" not in org.to_document()  # not kept with an incident


@pytest.mark.parametrize(
    ("smtp", "environ", "asked"),
    [
        ('host = "h"\n', {}, False),  # no account: no password
        ('host = "h"\nusername = "u"\npassword_prompt = true\n', {}, True),
        ('host = "h"\nusername = "u"\npassword_env = "PW"\n', {"PW": "x"}, False),
        ('host = "h"\nusername = "u"\npassword_env = "PW"\n', {}, True),  # not set: ask
        ('host = "h"\nusername = "u"\npassword_env = "PW"\n', {"PW": ""}, True),
    ],
)
def test_when_the_password_is_to_be_typed(smtp: str, environ: dict[str, str], asked: bool) -> None:
    assert settings(smtp).asks_password(environ) is asked
