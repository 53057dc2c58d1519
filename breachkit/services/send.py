"""Sending a letters batch's e-mails through the profile's mail server (issue 17).

Exactly once: each message's history is in the send ledger (the store), one small
transaction per event. ``sending`` is written before the message is handed over and
``sent`` (with the server's reply) as soon as it is accepted, so a run killed at any
moment, a dropped connection or a server restart leaves the truth, and the next
``send`` sends only what is not yet sent. The one window no client can close — the
server accepted a message and the process died before ``sent`` was written — leaves
that message ``sending``; the next run sends it again with the *same* Message-ID (mail
systems and readers treat it as the same message) and counts it once, and the record
says how many were resent so. See docs/letters.md, *Sending*.

Each run is one ``letters.send`` record on the timeline with its counts; its
per-message log (the events it stamps) is an evidence file, and ``verify`` checks that
the ledger still holds exactly what each log says.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from breachkit.adapters.smtp import (
    ConnectionLost,
    Deferred,
    LoginFailed,
    Refused,
    Retry,
    SmtpLink,
)
from breachkit.core.errors import InputError, Problem
from breachkit.core.letters.sending import (
    DEFERRED,
    FAILED,
    FINAL,
    SENDING,
    SENT,
    LedgerEvent,
    Tally,
)
from breachkit.core.organisation.smtp import SmtpSettings
from breachkit.core.times import utc_iso
from breachkit.services.base import Part
from breachkit.services.send_batch import Envelope, Mail, SendBatch, envelope, read_batch

if TYPE_CHECKING:
    pass


@dataclass(frozen=True, slots=True)
class SendProgress:
    done: int
    total: int
    sent: int
    failed: int
    deferred: int
    elapsed: float


@dataclass(frozen=True, slots=True)
class SendRun:
    """What one ``send`` did (and, with ``dry_run``, would do)."""

    incident_id: str
    out_dir: Path
    server: str
    messages: int
    to_send: int
    already_sent: int
    tally: Tally = field(default_factory=Tally)
    stopped: bool = False
    why_stopped: str = ""
    dry_run: bool = False
    recovered: int = 0
    """Events of an earlier, killed run recorded first."""
    entry_seq: int | None = None
    log_sha256: str = ""
    people_emailed: int = 0
    remaining: int = 0
    elapsed: float = 0.0


class _Pace:
    """At most ``per_minute`` messages a minute (0: no limit); the wait can be cut short."""

    def __init__(self, per_minute: int, cancel: threading.Event) -> None:
        self.interval = 60.0 / per_minute if per_minute > 0 else 0.0
        self.cancel = cancel
        self.next = time.monotonic()

    def wait(self) -> bool:
        """False when cancelled while waiting."""
        if self.interval:
            delay = self.next - time.monotonic()
            if delay > 0 and self.cancel.wait(delay):
                return False
            self.next = max(self.next, time.monotonic() - self.interval) + self.interval
        return not self.cancel.is_set()


class SendServices(Part):
    """``breachkit send``: the e-mails of a batch, each exactly once, with proof."""

    def send_letters(
        self,
        incident_id: str,
        letters_dir: Path,
        *,
        rate: int | None = None,
        dry_run: bool = False,
        password: str | None = None,
        progress: Callable[[SendProgress], None] | None = None,
        cancel: threading.Event | None = None,
    ) -> SendRun:
        """Send what the batch in ``letters_dir`` has not yet sent; see the module doc."""
        incident = self.store.incidents.get(incident_id)
        batch = read_batch(letters_dir)
        with _send_lock(letters_dir):
            return self._send_locked(incident.id, batch, rate, dry_run, password, progress, cancel)

    def _send_locked(
        self,
        incident_id: str,
        batch: SendBatch,
        rate: int | None,
        dry_run: bool,
        password: str | None,
        progress: Callable[[SendProgress], None] | None,
        cancel: threading.Event | None,
    ) -> SendRun:
        letters_dir = batch.out_dir
        incident = self.store.incidents.get(incident_id)
        start_seq = self.services.batch_start(incident.id, batch)
        settings = self.services.smtp_settings()
        cancel = cancel or threading.Event()
        recovered = self.services.record_unrecorded(
            incident.id, batch, start_seq, settings, "interrupted"
        )
        states = self.store.send_ledger.states(incident.id, start_seq)
        todo = [m for m in batch.mails if states.get(m.line) not in FINAL]
        already = sum(1 for state in states.values() if state == SENT)
        run = SendRun(
            incident.id,
            letters_dir,
            settings.describe(),
            len(batch.mails),
            len(todo),
            already,
            dry_run=dry_run,
            recovered=recovered,
        )
        if dry_run or not todo:
            return self._finish_run(run, batch, start_seq, settings, record=False)
        secret = self._password(settings, password)
        link = SmtpLink(
            settings,
            secret,
            retry=self.context.send_retry or Retry(),
            context=self.context.smtp_ssl_context,
        )
        del secret, password
        started = utc_iso(self.clock.now())
        t0 = time.monotonic()
        try:
            link.open()
        except LoginFailed as err:
            raise InputError(
                Problem("[smtp]", None, f"the server refused the login: {err}")
            ) from None
        except ConnectionLost as err:
            raise InputError(Problem("[smtp]", None, f"cannot reach {run.server}: {err}")) from None
        try:
            run = self._send_all(
                run, batch, start_seq, todo, states, link, settings, progress, cancel, rate
            )
        finally:
            link.close()
            run = replace(run, elapsed=time.monotonic() - t0)
        return self._finish_run(run, batch, start_seq, settings, record=True, started=started)

    def _send_all(
        self,
        run: SendRun,
        batch: SendBatch,
        start_seq: int,
        todo: list[Mail],
        states: dict[int, str],
        link: SmtpLink,
        settings: SmtpSettings,
        progress: Callable[[SendProgress], None] | None,
        cancel: threading.Event,
        rate: int | None,
    ) -> SendRun:
        pace = _Pace(settings.rate_per_minute if rate is None else rate, cancel)
        tally, t0 = run.tally, time.monotonic()
        ledger, incident_id = self.store.send_ledger, run.incident_id
        for done, mail in enumerate(todo, 1):
            if not pace.wait():
                return replace(run, stopped=True, why_stopped="stopped")
            data = mail.read()
            env = envelope(mail, data, settings.from_address)
            if states.get(mail.line) == SENDING:
                tally.resent_uncertain += 1
            if env.problem:
                ledger.add(
                    incident_id, start_seq, [self._event(mail, env, FAILED, None, env.problem)]
                )
                tally.add(FAILED)
                continue
            ledger.add(incident_id, start_seq, [self._event(mail, env, SENDING, None, "")])
            state, code, reply, lost = self._hand_over(link, env, data)
            ledger.add(incident_id, start_seq, [self._event(mail, env, state, code, reply)])
            tally.add(state)
            if progress is not None:
                progress(
                    SendProgress(
                        done,
                        len(todo),
                        tally.sent,
                        tally.failed,
                        tally.deferred,
                        time.monotonic() - t0,
                    )
                )
            if lost:
                return replace(run, stopped=True, why_stopped=f"the server went away: {reply}")
        return run

    @staticmethod
    def _hand_over(link: SmtpLink, env: Envelope, data: bytes) -> tuple[str, int | None, str, bool]:
        """(state, code, reply, connection lost) of one message."""
        try:
            code, reply = link.send(env.sender, env.recipient, data)
        except Refused as err:
            return FAILED, err.code, err.reply, False
        except Deferred as err:
            return DEFERRED, err.code, err.reply, False
        except ConnectionLost as err:
            return DEFERRED, err.code, err.reply or "connection lost", True
        return SENT, code, reply, False

    def _event(
        self, mail: Mail, env: Envelope, state: str, code: int | None, reply: str
    ) -> LedgerEvent:
        return LedgerEvent(
            mail.line,
            state,
            utc_iso(self.clock.now()),
            env.message_id,
            env.person,
            env.recipient_key,
            code,
            reply,
        )

    def _password(self, settings: SmtpSettings, given: str | None) -> str | None:
        if not settings.needs_password:
            return None
        if given:
            return given
        if settings.password_env:
            value = os.environ.get(settings.password_env)
            if value:
                return value
            raise InputError(
                Problem(
                    "smtp.password_env",
                    None,
                    f"the environment variable {settings.password_env} is not set: set it to "
                    "the mail server's password and run again",
                )
            )
        raise InputError(Problem("smtp.password_prompt", None, "the password was not given"))

    def _finish_run(
        self,
        run: SendRun,
        batch: SendBatch,
        start_seq: int,
        settings: SmtpSettings,
        *,
        record: bool,
        started: str = "",
    ) -> SendRun:
        seq, sha = None, ""
        if record:
            recorded = self.services.record_run(
                run.incident_id,
                batch,
                start_seq,
                settings,
                "smtp",
                run.tally,
                started=started,
                stopped=run.stopped,
            )
            if recorded is not None:
                seq, sha, _events = recorded
        emailed, remaining = self.services.batch_counts(run.incident_id, batch, start_seq)
        return replace(
            run, entry_seq=seq, log_sha256=sha, people_emailed=emailed, remaining=remaining
        )


@contextlib.contextmanager
def _send_lock(folder: Path) -> Iterator[None]:
    """One send of a batch at a time (released when the process ends, even killed)."""
    fd = os.open(folder / ".send.lock", os.O_CREAT | os.O_RDWR, 0o600)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise InputError(
                Problem(str(folder), None, "another `breachkit send` of this batch is running")
            ) from None
        yield
    finally:
        os.close(fd)
