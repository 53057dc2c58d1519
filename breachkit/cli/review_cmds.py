"""`breachkit contained`, `review`, `report` and `register`: after the incident."""

from __future__ import annotations

import re
import sys
from datetime import date
from typing import Any

import click
from rich.table import Table

from breachkit.cli.main import State, cli, pass_state
from breachkit.cli.output import emit_json, entry_json, out, safe, shown
from breachkit.core.errors import InputError, Problem
from breachkit.core.review.items import ItemKind, ItemStatus, ReviewItem
from breachkit.core.review.register import REGISTER_FORMATS
from breachkit.core.text import counted
from breachkit.core.times import from_storage, iso, show

JSON = click.option("--json", "as_json", is_flag=True, help="Print one JSON document.")
OUTPUT = click.option(
    "-o",
    "--output",
    "output",
    required=True,
    metavar="PATH",
    help="Where to write the file (mode 0600: it holds personal data); DIR/ for a folder "
    "(a name is chosen); - for standard output (CSV and JSON only).",
)
_ITEM = re.compile(r"^[#]?([ALal]?)(\d+)$")


# -- containment -----------------------------------------------------------------------


@cli.command()
@click.argument("incident_id", metavar="ID")
@click.option(
    "--at",
    "at",
    metavar="TIME",
    help="When the breach was contained (ISO 8601; without offset: the incident's zone). "
    "Default: now.",
)
@click.option("--note", default="", help="How it was contained.")
@click.option("--actor", help="Who contained it (default: the global --actor or your login).")
@JSON
@pass_state
def contained(
    state: State, incident_id: str, at: str | None, note: str, actor: str | None, as_json: bool
) -> None:
    """Record when the breach was contained (a milestone on the timeline).

    The after-action report measures awareness → containment from it; recorded again,
    the latest one counts.
    """
    entry = state.services.mark_contained(incident_id, at=at, note=note, actor=actor)
    if as_json:
        emit_json(entry_json(entry))
        return
    view = state.services.incident(incident_id)
    when = show(from_storage(entry.content.occurred_at), view.zone)
    click.echo(f"#{entry.seq} contained at {when}")


# -- lessons and actions -------------------------------------------------------------------


def item_json(item: ReviewItem, today: date) -> dict[str, Any]:
    return {
        "number": item.number,
        "label": _label(item),
        "kind": item.kind.value,
        "text": item.text,
        "owner": item.owner or None,
        "due": item.due.isoformat() if item.due else None,
        "status": item.status.value,
        "overdue": item.overdue(today),
        "created_at": iso(item.created_at),
        "actor": item.actor,
        "entry_seq": item.entry_seq,
        "closed_at": iso(item.closed_at) if item.closed_at else None,
        "closed_by": item.closed_by or None,
        "note": item.closing_note or None,
    }


def _label(item: ReviewItem) -> str:
    return f"{'L' if item.kind is ItemKind.LESSON else 'A'}{item.number}"


def _number(text: str) -> tuple[int, str]:
    match = _ITEM.match(text.strip())
    if not match:
        raise InputError(
            Problem("review", "ITEM", f"'{text}' is not an item number (e.g. 3, A3 or L1)")
        )
    return int(match.group(2)), match.group(1).upper()


@cli.group()
@click.argument("incident_id", metavar="ID")
@click.pass_context
def review(ctx: click.Context, incident_id: str) -> None:
    """Lessons learned and action items of the after-action review.

    \b
    breachkit review ID lesson TEXT
    breachkit review ID action TEXT --owner NAME --due YYYY-MM-DD
    breachkit review ID done ITEM [--note TEXT]
    breachkit review ID drop ITEM --reason TEXT
    breachkit review ID list [--json]
    """
    ctx.meta["review_incident"] = incident_id


def _incident() -> str:
    return str(click.get_current_context().meta["review_incident"])


def _print_item(state: State, item: ReviewItem, verb: str, as_json: bool) -> None:
    view = state.services.incident(_incident())
    today = state.services.clock.now().astimezone(view.zone).date()
    if as_json:
        emit_json(item_json(item, today))
        return
    click.echo(f"{_label(item)} {verb}: {shown(item.text)}")


@review.command("lesson")
@click.argument("text")
@JSON
@pass_state
def review_lesson(state: State, text: str, as_json: bool) -> None:
    """Record a lesson learned."""
    item = state.services.add_review_item(_incident(), ItemKind.LESSON, text)
    _print_item(state, item, "recorded", as_json)


@review.command("action")
@click.argument("text")
@click.option("--owner", required=True, metavar="NAME", help="Who carries it out.")
@click.option("--due", required=True, metavar="DATE", help="By when (YYYY-MM-DD).")
@JSON
@pass_state
def review_action(state: State, text: str, owner: str, due: str, as_json: bool) -> None:
    """Record an action item with its owner and due date."""
    item = state.services.add_review_item(_incident(), ItemKind.ACTION, text, owner=owner, due=due)
    _print_item(state, item, f"recorded (owner {item.owner}, due {item.due})", as_json)


def _close(state: State, text: str, status: str, note: str, as_json: bool) -> None:
    number, prefix = _number(text)
    services = state.services
    items = services.review_items(_incident())
    if prefix and 1 <= number <= len(items) and _label(items[number - 1])[0] != prefix:
        raise InputError(
            Problem("review", "ITEM", f"item {number} is {_label(items[number - 1])}, not {text}")
        )
    item = services.close_review_item(_incident(), number, status, note=note)
    _print_item(state, item, status, as_json)


@review.command("done")
@click.argument("item", metavar="ITEM")
@click.option("--note", default="", help="What was done.")
@JSON
@pass_state
def review_done(state: State, item: str, note: str, as_json: bool) -> None:
    """Mark action item ITEM done (ITEM is its number: 3 or A3)."""
    _close(state, item, ItemStatus.DONE, note, as_json)


@review.command("drop")
@click.argument("item", metavar="ITEM")
@click.option("--reason", required=True, help="Why it is dropped.")
@JSON
@pass_state
def review_drop(state: State, item: str, reason: str, as_json: bool) -> None:
    """Drop a lesson or an action item, with the reason."""
    _close(state, item, ItemStatus.DROPPED, reason, as_json)


@review.command("list")
@JSON
@pass_state
def review_list(state: State, as_json: bool) -> None:
    """Every lesson and action item, with owners, due dates and status."""
    services = state.services
    view = services.incident(_incident())
    items = services.review_items(view.id)
    today = services.clock.now().astimezone(view.zone).date()
    if as_json:
        emit_json({"id": view.id, "items": [item_json(i, today) for i in items]})
        return
    if not items:
        out.print(
            f"No lessons or action items for {view.id} yet. Add one with "
            f"[bold]breachkit review {view.id} lesson TEXT[/]."
        )
        return
    table = Table(box=None, header_style="bold")
    for column in ("item", "status", "owner", "due", "text"):
        table.add_column(column)
    for item in items:
        status = item.status.value
        if item.overdue(today):
            status = "[bold red]overdue[/]"
        elif item.status is ItemStatus.DONE:
            status = "[green]done[/]"
        elif item.status is ItemStatus.DROPPED:
            status = "[dim]dropped[/]"
        text = safe(item.text)
        if item.closing_note:
            text += f"\n[dim]{safe(item.closing_note)}[/]"
        table.add_row(
            _label(item),
            status,
            safe(item.owner) or "-",
            item.due.isoformat() if item.due else "-",
            text,
        )
    out.print(table)


# -- the report and the register --------------------------------------------------------------


@cli.command()
@click.argument("incident_id", metavar="ID")
@OUTPUT
@click.option(
    "--redact",
    is_flag=True,
    help="Leave out people's names (replaced by labels) and contact data.",
)
@click.option(
    "--redact-name",
    "redact_names",
    multiple=True,
    metavar="NAME",
    help="Also redact this name wherever it appears (repeatable); for names typed in notes.",
)
@JSON
@pass_state
def report(
    state: State,
    incident_id: str,
    output: str,
    redact: bool,
    redact_names: tuple[str, ...],
    as_json: bool,
) -> None:
    """Write the after-action report (PDF): what happened, what was decided, what was learned."""
    if redact_names and not redact:
        raise InputError(Problem("report", "redact-name", "--redact-name needs --redact"))
    result = state.services.export_report(
        incident_id, output, redacted=redact, extra_names=redact_names
    )
    incident, seq = result.entries[0]
    if as_json:
        emit_json(
            {
                "id": incident,
                "path": str(result.path),
                "pages": result.pages,
                "size": result.size,
                "redacted": redact,
                "sha256": result.sha256,
                "content_sha256": result.content_sha256,
                "entry_seq": seq,
            }
        )
        return
    edition = "redacted" if redact else "full edition, contains personal data"
    click.echo(f"{shown(result.path)}: {result.pages} pages ({edition})")
    click.echo(f"  SHA-256 {result.sha256}")
    click.echo(f"  content SHA-256 {result.content_sha256}")
    click.echo(f"  recorded on {incident} as entry #{seq}")


@cli.command(short_help="Write the breach register: every incident, notified or not.")
@OUTPUT
@click.option(
    "--format",
    "fmt",
    type=click.Choice(REGISTER_FORMATS),
    help="csv, json or pdf (default: from the file's extension, else csv).",
)
@JSON
@pass_state
def register(state: State, output: str, fmt: str | None, as_json: bool) -> None:
    """Write the breach register (GDPR Art. 33(5)): every incident, notified or not."""
    if as_json and output == "-":
        raise click.UsageError("--json and -o - both write to standard output; choose one")
    result = state.services.export_register(output, fmt)
    if output == "-":
        sys.stdout.buffer.write(result.data)
        sys.stdout.flush()
        return
    if as_json:
        emit_json(
            {
                "path": str(result.path),
                "format": fmt or result.path.suffix.lstrip(".") or "csv",
                "incidents": len(result.entries),
                "size": result.size,
                "sha256": result.sha256,
                "entries": [{"id": i, "entry_seq": s} for i, s in result.entries],
            }
        )
        return
    click.echo(f"{shown(result.path)}: {counted(len(result.entries), 'incident')}")
    click.echo(f"  SHA-256 {result.sha256}")
