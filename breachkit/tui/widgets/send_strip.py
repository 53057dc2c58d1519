"""The Letters tab's e-mail sending: the newest e-mail batch, sent in a worker (issue 17).

Shown only when the organisation profile names a mail server (``[smtp]``). "Send
e-mails" sends what the newest finished batch with e-mails has not yet sent, through
``Services.send_letters`` in a thread worker that posts its progress; "Stop" (or ``x``
with the strip focused) stops after the message in hand. Before anything goes, a dry run
checks every file against the manifest and a dialog (modals/send.py) says how many
e-mails go through which server, and takes the password when the profile asks for it or
the variable ``password_env`` names is not set.
"""

from __future__ import annotations

import os
import threading
from dataclasses import dataclass
from pathlib import Path

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Button, ProgressBar, Static

from breachkit.core.organisation.smtp import SmtpSettings
from breachkit.services.send import SendProgress, SendRun
from breachkit.tui.context import app_of
from breachkit.tui.feedback import ReportsWorkerErrors
from breachkit.tui.modals.send import SendConfirmModal


class SendStrip(ReportsWorkerErrors, Widget):
    DEFAULT_CSS = """
    SendStrip { height: auto; display: none; }
    SendStrip.-ready { display: block; }
    SendStrip > Horizontal { height: 1; }
    SendStrip Button { min-width: 8; height: 1; border: none; margin-left: 1; }
    SendStrip #send-stop { display: none; }
    SendStrip.-running #send-stop { display: block; }
    SendStrip.-running #send-start { display: none; }
    SendStrip #send-label { width: auto; }
    SendStrip #send-bar { width: 30; margin-left: 1; display: none; }
    SendStrip.-sent #send-bar { display: block; }
    SendStrip #send-status { width: 1fr; margin-left: 1; }
    """
    BINDINGS = [Binding("x", "stop_send", "Stop sending", id="letters.send-stop")]

    @dataclass
    class Progressed(Message):
        progress: SendProgress

    @dataclass
    class Sent(Message):
        run: SendRun

    def __init__(self, incident_id: str, *, id: str | None = None) -> None:  # noqa: A002
        super().__init__(id=id)
        self.incident_id = incident_id
        self.running = False
        self._cancel = threading.Event()

    def compose(self) -> ComposeResult:
        with Horizontal():
            yield Static("E-mails", id="send-label", markup=False)
            yield Button("Send e-mails", variant="primary", id="send-start", compact=True)
            yield Button("Stop", variant="error", id="send-stop", compact=True)
            yield ProgressBar(id="send-bar", show_eta=False)
            yield Static("", id="send-status", markup=False)

    def on_mount(self) -> None:
        try:
            org = app_of(self).services.organisation()
        except Exception:  # noqa: BLE001 - a broken profile: the other panes say so
            org = None
        self.set_class(org is not None and org.smtp is not None, "-ready")

    def on_unmount(self) -> None:
        self._cancel.set()

    def _newest_email_batch(self) -> Path | None:
        batches = app_of(self).services.letter_batches(self.incident_id)
        for batch in batches:  # newest first
            if "eml" in batch.format.split("+") and batch.entry_seq is not None:
                return Path(batch.out_dir)
        return None

    @on(Button.Pressed, "#send-start")
    def start(self) -> None:
        """Check the batch (a dry run, in a worker), then ask before anything is sent."""
        if self.running:
            return
        folder = self._newest_email_batch()
        if folder is None:
            self.app.notify("Write the letters as e-mails first (format eml or both).", timeout=6)
            return
        self._preview(folder)

    @work(thread=True, exclusive=True, group="letters-send", exit_on_error=False,
          description="Checking the e-mails")  # fmt: skip
    def _preview(self, folder: Path) -> None:
        services = app_of(self).services
        try:
            preview = services.send_letters(self.incident_id, folder, dry_run=True)
            settings = services.smtp_settings()
        finally:
            services.close()
        self.app.call_from_thread(self._confirm, folder, preview, settings)

    def _confirm(self, folder: Path, preview: SendRun, settings: SmtpSettings) -> None:
        if preview.to_send == 0:
            self.app.notify(
                f"Every e-mail of this batch has been sent or has failed for good "
                f"({preview.already_sent} of {preview.messages} sent). Nothing to send.",
                timeout=8,
            )
            return
        ask = settings.asks_password(os.environ)

        def chosen(password: str | None) -> None:
            if password is not None:
                self._go(folder, password or None)

        self.app.push_screen(SendConfirmModal(preview, settings, ask=ask), chosen)

    def _go(self, folder: Path, password: str | None) -> None:
        self._cancel = threading.Event()
        self._set_running(True)
        self.query_one("#send-bar", ProgressBar).update(total=None, progress=0)
        self.query_one("#send-status", Static).update("connecting…")
        self._send(folder, self._cancel, password)

    @on(Button.Pressed, "#send-stop")
    def action_stop_send(self) -> None:
        if self.running:
            self._cancel.set()
            self.query_one("#send-status", Static).update("stopping after this message…")

    @work(thread=True, exclusive=True, group="letters-send", exit_on_error=False,
          description="Sending the e-mails")  # fmt: skip
    def _send(self, folder: Path, cancel: threading.Event, password: str | None) -> None:
        services = app_of(self).services

        def report(progress: SendProgress) -> None:  # in this thread, per message
            self.post_message(self.Progressed(progress))

        try:
            run = services.send_letters(
                self.incident_id, folder, password=password, progress=report, cancel=cancel
            )
        finally:
            services.close()
            self.app.call_from_thread(self._set_running, False)
        self.post_message(self.Sent(run))

    def _set_running(self, running: bool) -> None:
        self.running = running
        self.set_class(running, "-running")
        if running:  # the bar shows from the first run on (before it, nothing to measure)
            self.add_class("-sent")
        self.screen.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """ "Stop sending" is offered (and shown) only while e-mails are being sent."""
        return self.running if action == "stop_send" else True

    @on(Progressed)
    def _progressed(self, message: SendStrip.Progressed) -> None:
        message.stop()
        p = message.progress
        self.query_one("#send-bar", ProgressBar).update(total=max(p.total, 1), progress=p.done)
        self.query_one("#send-status", Static).update(
            f"{p.done:,}/{p.total:,} · sent {p.sent:,} · failed {p.failed:,} · "
            f"deferred {p.deferred:,}"
        )

    @on(Sent)
    def _sent(self, message: SendStrip.Sent) -> None:
        message.stop()
        run = message.run
        t = run.tally
        text = (
            f"{t.sent:,} sent, {t.failed:,} failed, {t.deferred:,} deferred; "
            f"{run.remaining:,} of {run.messages:,} still to send"
        )
        self.query_one("#send-status", Static).update(text)
        title = "Sending stopped" if run.stopped else "E-mails sent and recorded"
        self.app.notify(text, title=title, timeout=8, markup=False)
