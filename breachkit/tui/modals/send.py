"""Before e-mails go out: what will be sent, where, through which server; the password
when the profile asks for it (issue 17).

Sending cannot be taken back, so the Letters tab's "Send e-mails" opens this dialog
first: how many e-mails go (and how many already went), from which batch, through which
server and account. When the password is to be typed (``password_prompt``, or the
variable ``password_env`` names is not set), it has a password field: what is typed is
passed to the send and kept nowhere. Enter sends (from the password field, or on the
Send button); Esc cancels. Dismisses with the password ("" when none is asked), or None.
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Button, Input, Label, Static

from breachkit.core.organisation.smtp import SmtpSettings
from breachkit.core.text import counted
from breachkit.services.send import SendRun
from breachkit.tui.focus import Dialog
from breachkit.tui.modals.decide import MODAL_CSS


class SendConfirmModal(Dialog[str | None]):
    """The batch, the count, the server; a password field when one is to be typed."""

    DEFAULT_CSS = "SendConfirmModal {" + MODAL_CSS + "}"
    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="send-confirm.cancel"),
        Binding("ctrl+s", "save", "Send", tooltip="Send the e-mails.", id="send-confirm.save"),
    ]

    def __init__(self, preview: SendRun, settings: SmtpSettings, *, ask: bool) -> None:
        super().__init__()
        self.preview = preview
        self.settings = settings
        self.ask = ask

    def compose(self) -> ComposeResult:
        p, smtp = self.preview, self.settings
        with VerticalScroll(id="send-confirm") as box:
            box.border_title = "Send the e-mails"
            box.border_subtitle = "Enter sends · Esc cancels"
            yield Static(
                f"{counted(p.to_send, 'e-mail')} to send from {p.out_dir.name}, one person "
                f"each, through {smtp.describe()}.",
                id="send-what",
                markup=False,
            )
            yield Static(
                f"Already sent from this batch: {p.already_sent} of {p.messages}. Each e-mail "
                "goes once, exactly as written; the run is recorded on the timeline. Sending "
                "cannot be undone.",
                classes="decide-recommended",
                markup=False,
            )
            if self.ask:
                yield Label(f"Password of {smtp.username} at {smtp.host}")
                if smtp.password_env and not smtp.password_prompt:
                    yield Static(
                        f"The variable {smtp.password_env} is not set: type the password "
                        "here instead.",
                        classes="decide-recommended",
                        markup=False,
                    )
                yield Input(password=True, compact=True, id="send-password")
                yield Static(
                    "Used for this run only: breachkit keeps it nowhere.",
                    classes="decide-recommended",
                    markup=False,
                )
            yield Static("", classes="decide-problem", id="send-problem", markup=False)
            with Horizontal(classes="decide-buttons"):
                yield Button("Send", variant="primary", id="save", compact=True)
                yield Button("Cancel", id="cancel", compact=True)

    def on_mount(self) -> None:
        self.query_one("#send-problem").display = False
        if self.ask:
            self.query_one("#send-password", Input).focus()
        else:
            self.query_one("#save", Button).focus()

    @on(Button.Pressed, "#save")
    def action_save(self) -> None:
        if not self.ask:
            self.dismiss("")
            return
        password = self.query_one("#send-password", Input).value
        if not password:
            problem = self.query_one("#send-problem", Static)
            problem.display = True
            problem.update("Type the password of the mail account to send.")
            return
        self.dismiss(password)

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
