"""Commands on incidents and their timeline: new, list, show, set, log, attach, timeline, verify."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click
from rich.table import Table

from breachkit.cli.main import State, cli, pass_state
from breachkit.cli.output import emit_json, entry_json, out, safe, shown
from breachkit.core.enums import MANUAL_KINDS
from breachkit.core.times import show
from breachkit.services import IncidentView

JSON = click.option("--json", "as_json", is_flag=True, help="Print one JSON document.")


@cli.command()
@click.option(
    "--from",
    "source",
    required=True,
    metavar="FILE.toml",
    type=click.Path(dir_okay=False, path_type=Path),
    help="The incident file.",
)
@JSON
@pass_state
def new(state: State, source: Path, as_json: bool) -> None:
    """Create an incident from an incident file; prints its id."""
    incident_id, notes = state.services.create_from_file(source)
    if as_json:
        emit_json({"id": incident_id, "notes": list(notes)})
        return
    for note in notes:
        click.echo(f"note: {shown(note)}", err=True)
    click.echo(incident_id)


@cli.command("list")
@JSON
@pass_state
def list_(state: State, as_json: bool) -> None:
    """Every incident in the database."""
    incidents = state.services.incidents()
    if as_json:
        emit_json(
            {
                "incidents": [
                    {
                        "id": i.id,
                        "title": i.title,
                        "status": i.status,
                        "cause": i.cause,
                        "role": i.role,
                        "lead_authority": i.lead_authority,
                        "aware_at": None if i.problem else i.aware_at.isoformat(),
                        "timezone": i.timezone,
                        "entries": i.entries,
                        "broken": i.problem or None,
                    }
                    for i in incidents
                ]
            }
        )
        return
    if not incidents:
        where = "" if state.services.db_exists else f" (there is no database at {state.db_path})"
        out.print(
            f"No incidents yet{safe(where)}. Create one with [bold]breachkit new --from "
            "FILE.toml[/] or try [bold]breachkit demo[/]."
        )
        return
    table = Table(box=None, header_style="bold")
    for column in ("id", "status", "aware (local)", "cause", "lead", "title"):
        table.add_column(column)
    from zoneinfo import ZoneInfo

    for i in incidents:
        if i.problem:
            broken = "[bold red]BROKEN[/]"
            table.add_row(safe(i.id), safe(i.status), broken, "-", "-", safe(i.title))
            continue
        table.add_row(
            safe(i.id),
            i.status,
            show(i.aware_at, ZoneInfo(i.timezone)),
            i.cause or "-",
            i.lead_authority or "-",
            safe(i.title),
        )
    out.print(table)
    for i in incidents:
        if i.problem:
            out.print(f"[bold red]{safe(i.id)} is broken[/]: {safe(i.problem)}")


def _facts_json(view: IncidentView) -> dict[str, Any]:
    return {
        "id": view.id,
        "uid": view.uid,
        "status": view.status,
        "created_at": view.created_at.isoformat(),
        "created_by": view.created_by,
        "entries": view.entries,
        "facts": view.facts.to_document(),
        "organisation": view.organisation.to_document() if view.organisation else None,
    }


@cli.command("show")
@click.argument("incident_id", metavar="ID")
@JSON
@pass_state
def show_(state: State, incident_id: str, as_json: bool) -> None:
    """The facts of an incident, with times in its zone and their history."""
    services = state.services
    view = services.incident(incident_id)
    history = services.fact_history(view.id)
    if as_json:
        document = _facts_json(view)
        document["fact_changes"] = [
            {
                "key": c.key,
                "old": c.old_value,
                "new": c.new_value,
                "actor": c.actor,
                "changed_at": c.changed_at,
                "entry_seq": c.entry_seq,
            }
            for c in history
        ]
        emit_json(document)
        return
    from breachkit.cli.render_facts import print_incident

    print_incident(view, history)


@cli.command("set")
@click.argument("incident_id", metavar="ID")
@click.argument("key")
@click.argument("value")
@pass_state
def set_(state: State, incident_id: str, key: str, value: str) -> None:
    """Change one fact, e.g. `set BK-2026-0001 breach.exfiltration ruled_out`.

    VALUE is read as a TOML value (true, 40, ["LU", "FR"]) or else as text; a time may
    also be written as typed ("2 Dec 2026 14:05", "02/12/2026 14:05" day first, "14:05"
    today, in the incident's zone). A time that cannot be true (in the future, or out of
    order with the others) is refused. The change is recorded on the timeline with the
    old and the new value.
    """
    entry = state.services.set_fact(incident_id, key, value)
    click.echo(f"#{entry.seq} {shown(entry.text)}" if entry else "unchanged (same value)")


@cli.command()
@click.argument("incident_id", metavar="ID")
@click.argument("text", required=False)
@click.option(
    "--import",
    "source",
    metavar="FILE",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Log every row of a CSV or JSON Lines file instead of TEXT (Timesketch's "
    "message,datetime,timestamp_desc, or text,occurred_at[,kind,actor]); all or nothing.",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["csv", "jsonl"]),
    help="The --import file's format (default: from its extension, else its first line).",
)
@click.option(
    "--kind",
    default="note",
    show_default=True,
    type=click.Choice([k.value for k in MANUAL_KINDS]),
    help="What sort of entry.",
)
@click.option(
    "--at",
    "at",
    metavar="TIME",
    help="When it happened: ISO 8601, or as typed ('2 Dec 2026 14:05', '02/12/2026 14:05' "
    "day first, '14:05' today); without offset: the incident's zone. Default: now.",
)
@click.option("--actor", help="Who did it (default: the global --actor or your login name).")
@click.option("--corrects", type=int, metavar="SEQ", help="This entry corrects entry SEQ.")
@JSON
@pass_state
def log(
    state: State,
    incident_id: str,
    text: str | None,
    source: Path | None,
    fmt: str | None,
    kind: str,
    at: str | None,
    actor: str | None,
    corrects: int | None,
    as_json: bool,
) -> None:
    """Record what happened on the incident's timeline.

    With --import FILE, bring in a whole external timeline (an EDR's or SIEM's export):
    each row becomes an entry, chained and attributed to the file and line; a row
    without its own kind or actor gets --kind and --actor. Every row is checked: one
    bad row and nothing is kept (exit 2, each bad line named).
    """
    if source is not None:
        from breachkit.cli.timeline_cmds import import_file

        import_file(state, incident_id, source, text, fmt, kind, at, actor, corrects, as_json)
        return
    if text is None:
        raise click.UsageError("give the TEXT to record, or --import FILE")
    entry = state.services.log(incident_id, text, kind=kind, at=at, actor=actor, corrects=corrects)
    if as_json:
        emit_json(entry_json(entry))
    else:
        click.echo(f"#{entry.seq} recorded ({entry.hash[:12]})")


@cli.command()
@click.argument("incident_id", metavar="ID")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--note", default="", help="What the file is and where it came from.")
@JSON
@pass_state
def attach(state: State, incident_id: str, file: Path, note: str, as_json: bool) -> None:
    """Keep a file as evidence: stored by SHA-256, custody recorded on the timeline."""
    entry = state.services.attach(incident_id, file, note=note)
    if as_json:
        emit_json(entry_json(entry))
    else:
        click.echo(
            f"#{entry.seq} {shown(file.name)} stored, SHA-256 {entry.content.links['sha256']}"
        )


@cli.command()
@click.option("--no-tui", is_flag=True, help="Only create the demo incident; do not open the TUI.")
@JSON
@pass_state
def demo(state: State, no_tui: bool, as_json: bool) -> None:
    """Create a realistic demo incident (a fictional Luxembourg MSP hit by ransomware)."""
    incident_id = state.services.create_demo()
    if no_tui:
        if as_json:
            emit_json({"id": incident_id})
        else:
            click.echo(
                f"{incident_id} created: a fictional ransomware case. Try:\n"
                f"  breachkit show {incident_id}\n  breachkit timeline {incident_id}\n"
                f"  breachkit verify {incident_id}"
            )
        return
    from breachkit.tui.app import run_tui  # deferred: only the TUI loads Textual

    run_tui(state.services, incident_id=incident_id)
