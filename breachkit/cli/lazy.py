"""Commands imported when they are used, so each starts quickly.

``breachkit list`` should not load the PDF renderer, the letter templates or the TUI.
:data:`COMMANDS` names the module of every top-level command and its one-line help
(what ``breachkit --help`` lists without importing them); a test checks the table
against the commands themselves. A name the table does not know loads every module
before giving up, so a command added without an entry still works.
"""

from __future__ import annotations

import importlib

import click

from breachkit.cli.errors import BreachkitGroup

COMMANDS: dict[str, tuple[str, str]] = {
    "acknowledged": (
        "controller_cmds",
        "Record that a controller acknowledged a processor's notice (Art. 33(2)).",
    ),
    "assess": (
        "risk_cmds",
        "Recommend: record only, notify the authority, or also tell the people — and why.",
    ),
    "attach": (
        "incident_cmds",
        "Keep a file as evidence: stored by SHA-256, custody recorded on the timeline.",
    ),
    "bounces": ("send_cmds", "Read bounces (RFC 3464) and mark those e-mails as not delivered."),
    "clocks": (
        "clock_cmds",
        "Every clock that applies to the incident: due time, time left, legal basis.",
    ),
    "contained": (
        "review_cmds",
        "Record when the breach was contained (a milestone on the timeline).",
    ),
    "controllers": (
        "controller_cmds",
        "A processor's controllers: each one's notice clock, who was told and acknowledged.",
    ),
    "deadline": (
        "clock_cmds",
        "The deadlines for a breach you became aware of at TIME — no incident needed.",
    ),
    "decide": (
        "risk_cmds",
        "Confirm or override the recommendation; recorded with the facts as they stand.",
    ),
    "demo": (
        "incident_cmds",
        "Practise on a demo incident (a fictional Luxembourg MSP hit by ransomware).",
    ),
    "draft": (
        "draft_cmds",
        "Write the notification draft for a supervisory authority, in its form's order.",
    ),
    "drafts": (
        "draft_cmds",
        "Every notification draft exported for the incident, with its hashes.",
    ),
    "export": (
        "bundle_cmds",
        "Write the incident, its whole timeline and its evidence into one bundle file.",
    ),
    "import": (
        "bundle_cmds",
        "Import a bundle after checking its chain and evidence; prints the incident's id here.",
    ),
    "letters": (
        "letter_cmds",
        "Write a letter to every affected person, in their language (Art. 34).",
    ),
    "list": ("incident_cmds", "Every incident in the database."),
    "log": ("incident_cmds", "Record what happened on the incident's timeline."),
    "new": (
        "incident_cmds",
        "Create an incident from an incident file, or from a processor's notice; prints its id.",
    ),
    "notices": (
        "notice_cmds",
        "Write a notice to every controller of a processor's breach, in its language.",
    ),
    "notified": (
        "clock_cmds",
        "Record a notification that was filed (--authority) or a processor's notice to one"
        " controller (--controller); stops its clock.",
    ),
    "org": ("org_cmds", "The organisation profile every draft and letter takes its identity from."),
    "playbook": (
        "playbook_cmds",
        "Guided responses: which step is next, what is blocked, what was done.",
    ),
    "public-notice": (
        "letter_cmds",
        "Prepare the public communication used instead of letters (Art. 34(3)(c)).",
    ),
    "rebuild": ("record_cmds", "Rebuild the tables from a verified chain, and say what changed."),
    "register": ("review_cmds", "Write the breach register: every incident, notified or not."),
    "report": (
        "review_cmds",
        "Write the after-action report (PDF): what happened, what was decided, what was learned.",
    ),
    "review": ("review_cmds", "Lessons learned and action items of the after-action review."),
    "seal": (
        "record_cmds",
        "The chain's head as one line to keep elsewhere (e-mail it, paste it in a ticket).",
    ),
    "send": (
        "send_cmds",
        "Send the e-mails of a letters batch through the profile's mail server (Art. 34).",
    ),
    "set": (
        "incident_cmds",
        "Change one fact, e.g. `set BK-2026-0001 breach.exfiltration ruled_out`.",
    ),
    "show": (
        "incident_cmds",
        "The facts of an incident, with times in its zone and their history.",
    ),
    "timeline": (
        "timeline_cmds",
        "Every entry, in recorded order, with when it happened in the incident's zone.",
    ),
    "verify": (
        "record_cmds",
        "Check the chain, the evidence files and that every table says what the chain says.",
    ),
}


def load_all() -> None:
    """Import every command module (for a name not in the table, and for tests)."""
    for module in sorted({module for module, _help in COMMANDS.values()}):
        importlib.import_module(f"breachkit.cli.{module}")


class LazyGroup(BreachkitGroup):
    """The ``breachkit`` group: a command's module is imported when it is looked up."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(set(self.commands) | set(COMMANDS))

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.commands:
            known = COMMANDS.get(cmd_name)
            if known is not None:
                importlib.import_module(f"breachkit.cli.{known[0]}")
            if cmd_name not in self.commands:
                load_all()
        return self.commands.get(cmd_name)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """The command list of ``--help``, from the table (no command module imported)."""
        names = self.list_commands(ctx)
        limit = formatter.width - 6 - max(len(name) for name in names)
        rows = []
        for name in names:
            loaded = self.commands.get(name)
            if loaded is not None:
                if not loaded.hidden:
                    rows.append((name, loaded.get_short_help_str(limit)))
                continue
            if name in COMMANDS:
                rows.append(
                    (name, click.Command(name, help=COMMANDS[name][1]).get_short_help_str(limit))
                )
        with formatter.section("Commands"):
            formatter.write_dl(rows)
