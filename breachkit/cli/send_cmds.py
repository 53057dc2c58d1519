"""`breachkit send ID --letters DIR`: the e-mails of a letters batch, each exactly once."""

from __future__ import annotations

import signal
import sys
import threading
from pathlib import Path
from types import FrameType

import click
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)

from breachkit.cli.main import State, cli, pass_state
from breachkit.cli.output import emit_json, err, out, safe, stderr_console
from breachkit.core.text import counted
from breachkit.services import Services
from breachkit.services.send import SendProgress, SendRun


@cli.command()
@click.argument("incident_id", metavar="ID")
@click.option(
    "--letters",
    "letters_dir",
    type=click.Path(file_okay=False, path_type=Path),
    required=True,
    help="The folder of a finished letters batch (--format eml or both).",
)
@click.option(
    "--rate",
    type=click.IntRange(0),
    help="At most N messages a minute (default: the profile's [smtp] rate_per_minute; "
    "0: no limit).",
)
@click.option("--dry-run", is_flag=True, help="Check the batch and say what would be sent.")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON document at the end.")
@pass_state
def send(
    state: State,
    incident_id: str,
    letters_dir: Path,
    rate: int | None,
    dry_run: bool,
    as_json: bool,
) -> None:
    """Send the e-mails of a letters batch through the profile's mail server (Art. 34).

    One recipient per message, at most --rate a minute. Every e-mail file is checked
    against the manifest first (an edited file stops everything). Each message's state
    is written down as it goes, so a stopped or killed run is continued by running the
    same command again: a sent message is never sent again. Ctrl-C stops cleanly.
    """
    services = state.services
    password = None
    settings = services.smtp_settings()
    if settings.password_prompt and not dry_run:
        password = click.prompt(
            f"Password for {settings.username} at {settings.host}", hide_input=True, err=True
        )
    cancel = threading.Event()
    previous = signal.getsignal(signal.SIGINT)

    def stop(_signum: int, _frame: FrameType | None) -> None:
        if cancel.is_set():
            raise KeyboardInterrupt
        cancel.set()

    signal.signal(signal.SIGINT, stop)
    try:
        run = _run(services, incident_id, letters_dir, rate, dry_run, password, cancel, as_json)
    finally:
        signal.signal(signal.SIGINT, previous)
    if as_json:
        emit_json(_document(run))
    else:
        _print_run(run)
    if run.stopped:
        sys.exit(130 if run.why_stopped == "stopped" else 1)


def _run(
    services: Services,
    incident_id: str,
    letters_dir: Path,
    rate: int | None,
    dry_run: bool,
    password: str | None,
    cancel: threading.Event,
    as_json: bool,
) -> SendRun:
    with Progress(
        TextColumn("[bold]send[/]"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[status]}"),
        TimeRemainingColumn(),
        TimeElapsedColumn(),
        console=stderr_console(),
        transient=as_json,
        disable=not err.is_terminal,
    ) as bar:
        task = bar.add_task("send", total=None, status="")

        def report(p: SendProgress) -> None:
            status = f"sent {p.sent:,} failed {p.failed:,} deferred {p.deferred:,}"
            bar.update(task, total=p.total, completed=p.done, status=status)

        return services.send_letters(
            incident_id,
            letters_dir,
            rate=rate,
            dry_run=dry_run,
            password=password,
            progress=report,
            cancel=cancel,
        )


def _document(run: SendRun) -> dict[str, object]:
    t = run.tally
    return {
        "incident": run.incident_id,
        "letters": str(run.out_dir),
        "server": run.server,
        "dry_run": run.dry_run,
        "messages": run.messages,
        "to_send": run.to_send,
        "already_sent": run.already_sent,
        "sent": t.sent,
        "failed": t.failed,
        "deferred": t.deferred,
        "resent_uncertain": t.resent_uncertain,
        "recovered_events": run.recovered,
        "stopped": run.stopped,
        "why_stopped": run.why_stopped or None,
        "people_emailed": run.people_emailed,
        "remaining": run.remaining,
        "entry": run.entry_seq,
        "log_sha256": run.log_sha256 or None,
        "elapsed_seconds": round(run.elapsed, 3),
    }


def _print_run(run: SendRun) -> None:
    t = run.tally
    if run.dry_run:
        out.print(
            f"dry run: {run.to_send:,} of {counted(run.messages, 'e-mail')} would be sent via "
            f"{safe(run.server)} ({run.already_sent:,} already sent); nothing was sent"
        )
        return
    if run.recovered:
        out.print(f"recorded {counted(run.recovered, 'event')} an interrupted run had left")
    out.print(
        f"[bold]{t.sent:,} sent[/], {t.failed:,} failed, {t.deferred:,} deferred "
        f"via {safe(run.server)} in {run.elapsed:,.1f} s"
        + (f" ({t.resent_uncertain} sent again, same Message-ID)" if t.resent_uncertain else "")
    )
    out.print(
        f"{run.people_emailed:,} people of this batch reached by e-mail; "
        f"{run.remaining:,} of {counted(run.messages, 'e-mail')} still to send"
        + (f"; timeline entry #{run.entry_seq}" if run.entry_seq else "")
    )
    if run.stopped:
        why = "stopped" if run.why_stopped == "stopped" else safe(run.why_stopped)
        out.print(f"[yellow]{why}[/]: run the same command again to go on")


@cli.command()
@click.argument("incident_id", metavar="ID")
@click.option(
    "--from",
    "source",
    type=click.Path(path_type=Path),
    required=True,
    help="Delivery-status notifications: an mbox file, a folder of .eml files, or one .eml.",
)
@click.option("--json", "as_json", is_flag=True, help="Print one JSON document.")
@pass_state
def bounces(state: State, incident_id: str, source: Path, as_json: bool) -> None:
    """Read bounces (RFC 3464) and mark those e-mails as not delivered.

    Each failed recipient is matched to its letter by the original Message-ID, else by
    the address. The people are then counted as not reached by e-mail, and
    `breachkit letters ID --undelivered` writes them a postal letter.
    """
    run = state.services.read_bounces(incident_id, source)
    if as_json:
        emit_json(
            {
                "incident": run.incident_id,
                "notifications": run.notifications,
                "not_notifications": run.other,
                "bounced": run.bounced,
                "already_marked": run.already,
                "unmatched": run.unmatched,
                "delayed": run.delayed,
                "entries": list(run.entries),
            }
        )
        return
    out.print(
        f"{counted(run.notifications, 'bounce')} read "
        f"({counted(run.other, 'other message')} skipped): "
        f"[bold]{counted(run.bounced, 'e-mail')} marked bounced[/], "
        f"{run.already:,} already marked, "
        f"{run.unmatched:,} not matched to a letter, {run.delayed:,} only delayed"
    )
