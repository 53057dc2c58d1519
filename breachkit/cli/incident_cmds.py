"""Commands on incidents and their timeline: new, list, show, set, log, attach, timeline, verify."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from breachkit.cli.main import State, cli, pass_state
from breachkit.cli.output import emit_json, entry_json, out, safe, shown
from breachkit.core.enums import MANUAL_KINDS
from breachkit.core.errors import InputError, Problem
from breachkit.core.text import display
from breachkit.core.times import show
from breachkit.services import IncidentView

JSON = click.option("--json", "as_json", is_flag=True, help="Print one JSON document.")


@cli.command()
@click.option(
    "--from",
    "source",
    metavar="FILE.toml",
    type=click.Path(dir_okay=False, path_type=Path),
    help="The incident file.",
)
@click.option(
    "--from-notice",
    "notice",
    metavar="NOTICE.json",
    type=click.Path(dir_okay=False, path_type=Path),
    help="A processor's notice (its JSON): a controller incident with its facts.",
)
@click.option(
    "--received",
    metavar="TIME",
    help="With --from-notice: when the notice was received (your awareness; default: now).",
)
@JSON
@pass_state
def new(
    state: State, source: Path | None, notice: Path | None, received: str | None, as_json: bool
) -> None:
    """Create an incident from an incident file, or from a processor's notice; prints its id."""
    if (source is None) == (notice is None):
        raise InputError(Problem("new", None, "give one of --from FILE.toml or --from-notice"))
    if notice is not None:
        made = state.services.create_from_notice(notice, received)
        incident_id, notes = made.incident_id, made.notes
        if as_json:
            emit_json(
                {
                    "id": incident_id,
                    "notes": list(notes),
                    "processor": made.processor,
                    "processor_incident": made.processor_incident,
                    "aware_at": made.received_at.isoformat(),
                }
            )
            return
        click.echo(
            f"note: opened as controller from the notice of {shown(made.processor)}; "
            "your 72 hours run from when you received it",
            err=True,
        )
        click.echo(incident_id)
        return
    assert source is not None
    if received is not None:
        raise InputError(Problem("new", "--received", "goes with --from-notice"))
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
    from zoneinfo import ZoneInfo

    rows = []
    for i in incidents:
        if i.problem:
            broken = "[bold red]BROKEN[/]"
            rows.append((safe(i.id), safe(i.status), broken, "-", "-", safe(i.title)))
            continue
        rows.append(
            (
                safe(i.id),
                i.status,
                show(i.aware_at, ZoneInfo(i.timezone)),
                i.cause or "-",
                i.lead_authority or "-",
                safe(i.title),
            )
        )
    out.table(rows, header=("id", "status", "aware (local)", "cause", "lead", "title"))
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
@click.option(
    "--resume",
    is_flag=True,
    help="Reopen the practice database as you left it (default: start it afresh).",
)
@JSON
@pass_state
def demo(state: State, no_tui: bool, resume: bool, as_json: bool) -> None:
    """Practise on a demo incident (a fictional Luxembourg MSP hit by ransomware).

    It goes into a practice database of its own, never into your register, unless you
    name another one with --db (in which it is created once, then reopened).
    """
    from breachkit.services.practice import refuse_register, reset_practice

    if state.practice and not resume:
        reset_practice()
    elif not state.practice:
        refuse_register(state.db_path)
    incident_id, created = state.services.open_demo()
    where = "the practice database" if state.practice else "the database"
    if no_tui:
        if as_json:
            emit_json(
                {
                    "id": incident_id,
                    "created": created,
                    "practice": state.practice,
                    "db": str(state.db_path),
                }
            )
        else:
            verb = "created" if created else "is already"
            click.echo(
                f"{incident_id} {verb} in {where} {display(str(state.db_path))}: a fictional "
                f"ransomware case, not in your register. Try:\n"
                f"  breachkit --db {display(str(state.db_path))} show {incident_id}\n"
                f"  breachkit --db {display(str(state.db_path))} timeline {incident_id}"
            )
        return
    from breachkit.tui.app import run_tui  # deferred: only the TUI loads Textual

    run_tui(state.services, incident_id=incident_id, practice=True)
