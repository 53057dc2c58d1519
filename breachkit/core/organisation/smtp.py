"""The profile's ``[smtp]`` table: the mail server the letters are sent through.

The password is never part of it: the profile names an environment variable that holds
it (``password_env``) or asks for it at the prompt (``password_prompt``). A key named
``password`` is refused with a message saying so, so a password typed into the file by
habit is not silently kept.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from breachkit.core import schema as s

LOCAL_HOSTS = frozenset({"localhost", "127.0.0.1", "::1"})
DEFAULT_PORTS = {"starttls": 587, "tls": 465, "none": 25}
DEFAULT_RATE = 60
"""Messages per minute when the profile does not say (0: as fast as the server takes them)."""
_ENV_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]{0,99}\Z")
_HOST = re.compile(r"[A-Za-z0-9]([A-Za-z0-9.-]{0,252})\Z|\[?[0-9A-Fa-f:.]{2,45}\]?\Z")


class Security(StrEnum):
    STARTTLS = "starttls"
    TLS = "tls"
    NONE = "none"


@dataclass(frozen=True, slots=True)
class SmtpSettings:
    """How to reach the mail server; never the password itself."""

    host: str
    port: int
    security: Security
    username: str = ""
    password_env: str = ""
    """The environment variable holding the password."""
    password_prompt: bool = False
    """Ask for the password when sending."""
    rate_per_minute: int = DEFAULT_RATE
    from_address: str = ""
    """The envelope sender (MAIL FROM); default: each message's own From."""
    timeout_seconds: float = 30.0

    @property
    def needs_password(self) -> bool:
        return bool(self.username)

    def asks_password(self, environ: Mapping[str, str]) -> bool:
        """Whether the person sending must type the password: the profile says to ask,
        or the variable it names is not set in ``environ``."""
        if not self.needs_password:
            return False
        if self.password_env and not self.password_prompt:
            return not environ.get(self.password_env, "")
        return True

    def describe(self) -> str:
        """One line for people (no secret in it)."""
        who = f" as {self.username}" if self.username else ""
        return f"{self.host}:{self.port} ({self.security.value}){who}"

    def to_document(self) -> dict[str, Any]:
        doc: dict[str, Any] = {
            "host": self.host,
            "port": self.port,
            "security": self.security.value,
            "rate_per_minute": self.rate_per_minute,
        }
        for key, value in (
            ("username", self.username),
            ("password_env", self.password_env),
            ("from", self.from_address),
        ):
            if value:
                doc[key] = value
        if self.password_prompt:
            doc["password_prompt"] = True
        return doc


def _host(value: Any) -> str:
    name = s.nonempty_line(value)
    if not _HOST.match(name):
        raise ValueError(f"'{name}' is not a host name or address")
    return name.strip("[]")


def _port(value: Any) -> int:
    port = s.count(value)
    if not 1 <= port <= 65535:
        raise ValueError("must be a port number from 1 to 65535")
    return port


def _env_name(value: Any) -> str:
    name = s.line(value).strip()
    if name and not _ENV_NAME.match(name):
        raise ValueError(
            "must be the NAME of an environment variable (letters, digits, _), "
            "not the password itself"
        )
    return name


def _refuse_password(value: Any) -> Any:
    raise ValueError(
        "the password is never kept in the profile: remove this key and name an "
        "environment variable with password_env, or set password_prompt = true"
    )


SMTP = [
    s.Field("host", _host, required=True),
    s.Field("port", _port, default=None),
    s.Field(
        "security",
        s.choice(Security),
        default=Security.STARTTLS,
        allowed=s.allowed_values(Security),
    ),
    s.Field("username", s.line, default=""),
    s.Field("password_env", _env_name, default=""),
    s.Field("password_prompt", s.boolean, default=False),
    s.Field("password", _refuse_password, default=None),
    s.Field("rate_per_minute", s.count, default=DEFAULT_RATE, allowed="0 (no limit) or more"),
    s.Field("from", s.email, default=""),
    s.Field("timeout_seconds", s.number, default=30.0),
]


def parse_smtp(raw: Any, problems: s.Problems) -> SmtpSettings | None:
    """``[smtp]`` checked, with every problem named; None when the table is absent."""
    if raw is None:
        return None
    values = s.validate_table(raw, SMTP, "smtp", problems)
    values.pop("password", None)
    host = values["host"] or ""
    security = values["security"]
    if security is Security.NONE and host and host.lower() not in LOCAL_HOSTS:
        problems.add(
            "smtp.security",
            f"'none' sends the letters and the password unencrypted: it is allowed only for "
            f"localhost, not for '{host}' (use starttls or tls)",
        )
    if values["username"] and not (values["password_env"] or values["password_prompt"]):
        problems.add(
            "smtp.username",
            "a username needs a password: name its environment variable with password_env, "
            "or set password_prompt = true",
        )
    if values["password_env"] and values["password_prompt"]:
        problems.add("smtp.password_prompt", "use either password_env or password_prompt")
    if (values["password_env"] or values["password_prompt"]) and not values["username"]:
        problems.add("smtp.username", "a password is named but no username to log in with")
    if values["timeout_seconds"] is not None and values["timeout_seconds"] <= 0:
        problems.add("smtp.timeout_seconds", "must be more than 0 seconds")
    port = values["port"] or DEFAULT_PORTS[security.value]
    return SmtpSettings(
        host=host,
        port=port,
        security=security,
        username=values["username"],
        password_env=values["password_env"],
        password_prompt=values["password_prompt"],
        rate_per_minute=values["rate_per_minute"],
        from_address=values["from"],
        timeout_seconds=float(values["timeout_seconds"] or 30.0),
    )
