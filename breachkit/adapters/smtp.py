"""One connection to the mail server, one recipient per transaction, with retries.

:class:`SmtpLink` wraps :mod:`smtplib`: it connects (TLS, STARTTLS or plain on
localhost), logs in, and hands over one message at a time. A reply is classified:
``250`` accepted, 4xx "try later" (retried with exponential backoff by ``tenacity``, then
:class:`Deferred`), 5xx refused (:class:`Refused`). A dropped connection is reopened
and the message tried again (:class:`ConnectionLost` when the server stays away).

The password is held only by :mod:`smtplib` during ``login``: it is never in an
exception, a message or a log this module makes.
"""

from __future__ import annotations

import smtplib
import socket
import ssl
import time
from collections.abc import Callable
from dataclasses import dataclass

from tenacity import (
    RetryError,
    Retrying,
    retry_if_exception_type,
    stop_after_attempt,
    wait_exponential,
)

from breachkit.core.letters.sending import reply_text
from breachkit.core.organisation.smtp import Security, SmtpSettings


class SmtpProblem(Exception):
    """A message could not be sent now; ``code`` and ``reply`` say what the server said."""

    def __init__(self, code: int | None, reply: str) -> None:
        super().__init__(f"{code or ''} {reply}".strip())
        self.code = code
        self.reply = reply


class Deferred(SmtpProblem):
    """4xx: the server asks to try later."""


class Refused(SmtpProblem):
    """5xx: the server refuses the message or the recipient."""


class ConnectionLost(SmtpProblem):
    """The server cannot be reached, or hung up and stays away."""


class LoginFailed(SmtpProblem):
    """The server refused the login (the reply; never the password)."""


@dataclass(frozen=True, slots=True)
class Retry:
    """How hard to try: attempts per message for 4xx and for a dropped connection."""

    attempts: int = 4
    wait_first: float = 1.0
    wait_max: float = 30.0


class SmtpLink:
    """A connection that is opened on first use and reopened when it drops."""

    def __init__(
        self,
        settings: SmtpSettings,
        password: str | None,
        *,
        retry: Retry = Retry(),
        context: ssl.SSLContext | None = None,
        sleep: Callable[[float], None] | None = None,
    ) -> None:
        self.settings = settings
        self._password = password
        self.retry = retry
        self.context = context or ssl.create_default_context()
        self._sleep = sleep
        self._smtp: smtplib.SMTP | None = None

    def __repr__(self) -> str:  # never the password
        return f"SmtpLink({self.settings.describe()})"

    def open(self) -> None:
        if self._smtp is not None:
            return
        s = self.settings
        try:
            if s.security is Security.TLS:
                smtp: smtplib.SMTP = smtplib.SMTP_SSL(
                    s.host, s.port, timeout=s.timeout_seconds, context=self.context
                )
            else:
                smtp = smtplib.SMTP(s.host, s.port, timeout=s.timeout_seconds)
            smtp.ehlo()
            if s.security is Security.STARTTLS:
                smtp.starttls(context=self.context)
                smtp.ehlo()
            if s.username:
                smtp.login(s.username, self._password or "")
        except smtplib.SMTPAuthenticationError as err:
            raise LoginFailed(err.smtp_code, reply_text(err.smtp_error)) from None
        except smtplib.SMTPNotSupportedError:  # reached, but no AUTH offered
            raise LoginFailed(
                None,
                "it offers no login (SMTP AUTH) on this connection: leave out [smtp] username, "
                'or use security = "starttls" if it offers the login only over TLS',
            ) from None
        except smtplib.SMTPResponseException as err:
            raise ConnectionLost(err.smtp_code, reply_text(err.smtp_error)) from None
        except (smtplib.SMTPException, OSError, ssl.SSLError) as err:
            raise ConnectionLost(None, _why(err)) from None
        self._smtp = smtp

    def close(self) -> None:
        smtp, self._smtp = self._smtp, None
        if smtp is not None:
            try:
                smtp.quit()
            except (smtplib.SMTPException, OSError):
                smtp.close()

    def drop(self) -> None:
        smtp, self._smtp = self._smtp, None
        if smtp is not None:
            smtp.close()

    def send(self, sender: str, recipient: str, data: bytes) -> tuple[int, str]:
        """Hand over one message; (code, reply) when accepted. Retries 4xx and lost
        connections as :attr:`retry` says, then raises :class:`Deferred` or
        :class:`ConnectionLost`; :class:`Refused` at once for 5xx."""
        retrying = Retrying(
            stop=stop_after_attempt(max(1, self.retry.attempts)),
            wait=wait_exponential(
                multiplier=self.retry.wait_first, min=self.retry.wait_first, max=self.retry.wait_max
            ),
            retry=retry_if_exception_type((Deferred, ConnectionLost)),
            reraise=True,
            sleep=self._sleep or time.sleep,
        )
        try:
            return retrying(self._once, sender, recipient, data)
        except RetryError as err:  # pragma: no cover - reraise=True gives the last error
            raise ConnectionLost(None, str(err)) from None

    def _once(self, sender: str, recipient: str, data: bytes) -> tuple[int, str]:
        self.open()
        smtp = self._smtp
        assert smtp is not None
        try:
            for command, argument in (("mail", sender), ("rcpt", recipient)):
                code, reply = getattr(smtp, command)(argument)
                if code >= 300:
                    return self._refused(smtp, code, reply)
            code, reply = smtp.data(data)
        except smtplib.SMTPDataError as err:  # no 354 after DATA
            return self._refused(smtp, err.smtp_code, err.smtp_error)
        except (smtplib.SMTPServerDisconnected, OSError, ssl.SSLError) as err:
            self.drop()
            raise ConnectionLost(None, _why(err)) from None
        if code >= 300:
            return self._refused(smtp, code, reply)
        return code, reply_text(reply)

    def _refused(self, smtp: smtplib.SMTP, code: int, reply: bytes | str) -> tuple[int, str]:
        """End the transaction and raise what the reply means."""
        text = reply_text(reply)
        if code == 421 or code < 0:  # the server is closing the connection
            self.drop()
            raise ConnectionLost(code if code > 0 else None, text)
        try:
            smtp.rset()
        except (smtplib.SMTPException, OSError):
            self.drop()
        if 400 <= code < 500:
            raise Deferred(code, text)
        raise Refused(code, text)


def _why(err: BaseException) -> str:
    if isinstance(err, socket.timeout):
        return "the server did not answer in time"
    text = reply_text(str(err)) or type(err).__name__
    return text
