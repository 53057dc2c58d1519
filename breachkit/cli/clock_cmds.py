"""`breachkit clocks`, `deadline` and `notified`: what is due, by when, and what was filed."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

import click

from breachkit.cli.main import State, cli, pass_state
from breachkit.cli.output import emit_json, entry_json, out, safe, shown
from breachkit.core.clocks.engine import EXTRA_REGIMES, RULE_1182_71, RULE_STRICT, ClockReading
from breachkit.core.errors import InputError, Problem
from breachkit.core.text import display
from breachkit.core.times import iso, show

if TYPE_CHECKING:
    from breachkit.core.timeline.chain import TimelineEntry

RULE = click.option(
    "--rule",
    type=click.Choice([RULE_STRICT, RULE_1182_71]),
    default=RULE_STRICT,
    show_default=True,
    help="How the GDPR hours are counted: strict = awareness + 72 elapsed hours; "
    "1182-71 = Reg. 1182/71 Art. 3 (starts at the next full hour).",
)
REGIME = click.option(
    "--regime",
    "regimes",
    multiple=True,
    type=click.Choice(EXTRA_REGIMES),
    help="Add a regime's clocks (repeatable), on top of the organisation profile's.",
)
STYLE = {
    "overdue": "bold white on red",
    "due_soon": "bold black on yellow",
    "running": "bold",
    "pending": "dim",
    "met": "green",
    "met_late": "bold red",
    "recommended": "bold cyan",
}
LABEL = {
    "overdue": "OVERDUE",
    "due_soon": "DUE SOON",
    "running": "RUNNING",
    "pending": "NOT STARTED",
    "met": "MET",
    "met_late": "MET LATE",
    "recommended": "RECOMMENDED",
}
TIME_FORMS = (
    "ISO 8601 (2026-12-02T14:05), or as typed: '2 Dec 2026 14:05', '02/12/2026 14:05' "
    "(day first), '14:05' (today)"
)


def reading_json(reading: ClockReading, zone: ZoneInfo, now: datetime) -> dict[str, Any]:
    left = reading.time_left(now)
    return {
        "id": reading.id,
        "title": reading.title,
        "basis": reading.basis,
        "state": reading.state.value,
        "anchor": reading.anchor,
        "anchor_at": iso(reading.anchor_at, zone) if reading.anchor_at else None,
        "due": iso(reading.due, zone) if reading.due else None,
        "seconds_left": int(left.total_seconds()) if left is not None else None,
        "filed_at": iso(reading.filed_at, zone) if reading.filed_at else None,
        "reference": reading.reference or None,
        "late_by_seconds": int(reading.lateness.total_seconds()) if reading.lateness else None,
        "reasons_for_delay": reading.reasons_for_delay or None,
        "note": reading.note,
        "recipient": reading.recipient or None,
        "recommended_at": iso(reading.recommended_at, zone) if reading.recommended_at else None,
        "recommended_by": reading.recommended_by or None,
    }


def print_readings(readings: list[ClockReading], zone: ZoneInfo, now: datetime) -> None:
    """One block per clock: state, title, basis; the due time; how it is counted and where it
    stands (the engine's note); the reference and reasons of a filing."""
    out.print(f"[dim]now {show(now, zone)}[/]\n")
    for r in readings:
        state = r.state.value
        out.print(
            f"[{STYLE[state]}] {LABEL[state]} [/] [bold]{safe(r.title)}[/]  "
            f"[dim]{safe(r.basis)} · {r.id}[/]"
        )
        if r.due is not None:
            out.print(f"    due [bold]{show(r.due, zone)}[/]")
        if r.recommended_at is not None:
            out.print(
                f"    recommended by {safe(r.recommended_by)}: {show(r.recommended_at, zone)}"
                " [dim](guidance, not a legal deadline)[/]"
            )
        out.print(f"    {safe(r.note)}")
        if r.reference:
            out.print(f"    reference {safe(r.reference)}")
        if r.reasons_for_delay:
            out.print(f"    reasons for the delay: {safe(r.reasons_for_delay)}")


@cli.command()
@click.argument("incident_id", metavar="ID")
@RULE
@REGIME
@click.option("--json", "as_json", is_flag=True, help="Print one JSON document.")
@pass_state
def clocks(
    state: State, incident_id: str, rule: str, regimes: tuple[str, ...], as_json: bool
) -> None:
    """Every clock that applies to the incident: due time, time left, legal basis."""
    with state.services.views_read_once():  # one parse of the incident for every step
        _clocks(state, incident_id, rule, regimes, as_json)


def _clocks(
    state: State, incident_id: str, rule: str, regimes: tuple[str, ...], as_json: bool
) -> None:
    services = state.services
    view = services.incident(incident_id)
    readings = services.clocks(view.id, rule=rule, regimes=frozenset(regimes))
    now = services.clock.now()
    if as_json:
        emit_json(
            {
                "id": view.id,
                "timezone": view.facts.timezone,
                "rule": rule,
                "clocks": [reading_json(r, view.zone, now) for r in readings],
                **controllers_json(services, view.id, view.zone),
            }
        )
        return
    out.print(f"[bold]{view.id}[/] {safe(view.title)} — times in {view.facts.timezone}")
    print_readings(readings, view.zone, now)
    if not services.has_controllers(view.id):  # no board: no controllers code loaded
        return
    board = services.controller_board(view.id)
    if board.clocks:
        from breachkit.cli.controller_cmds import print_board

        print_board(board, view.zone, limit=20)


def controllers_json(services: Any, incident_id: str, zone: ZoneInfo) -> dict[str, Any]:
    """``{"controllers": …}`` for a processor that read a controllers file, else nothing."""
    if not services.has_controllers(incident_id):
        return {}
    from breachkit.cli.controller_cmds import board_json

    board = services.controller_board(incident_id)
    return {"controllers": board_json(board, zone)} if board.clocks else {}


@cli.command()
@click.option(
    "--aware",
    required=True,
    metavar="TIME",
    help=f"When you became aware of the breach: {TIME_FORMS}; without offset: in --tz.",
)
@click.option(
    "--incident-aware",
    metavar="TIME",
    help="NIS2/DORA: when the incident itself became known (default: --aware).",
)
@click.option(
    "--dora-major",
    metavar="TIME",
    help="DORA: when the incident was classified as major (DORA clocks apply only then).",
)
@click.option(
    "--tz",
    "timezone",
    required=True,
    metavar="ZONE",
    help="IANA time zone, e.g. Europe/Luxembourg.",
)
@RULE
@click.option(
    "--role",
    type=click.Choice(["controller", "processor", "joint_controller"]),
    default="controller",
    show_default=True,
)
@REGIME
@click.option("--json", "as_json", is_flag=True, help="Print one JSON document.")
@pass_state
def deadline(
    state: State,
    aware: str,
    timezone: str,
    rule: str,
    role: str,
    regimes: tuple[str, ...],
    as_json: bool,
    incident_aware: str | None,
    dora_major: str | None,
) -> None:
    """The deadlines for a breach you became aware of at TIME — no incident needed."""
    services = state.services
    readings, notes = services.deadline(
        aware,
        timezone,
        rule=rule,
        role=role,
        regimes=frozenset(regimes),
        incident_aware=incident_aware,
        dora_major=dora_major,
    )
    zone = ZoneInfo(timezone)
    now = services.clock.now()
    if as_json:
        emit_json(
            {
                "timezone": timezone,
                "rule": rule,
                "role": role,
                "clocks": [reading_json(r, zone, now) for r in readings],
                "notes": list(notes),
            }
        )
        return
    for note in notes:
        click.echo(f"note: {display(note)}", err=True)
    aware_at = readings[0].anchor_at if readings else None
    if aware_at is not None:
        out.print(f"[bold]aware[/] {show(aware_at, zone)} · {role} · rule {rule}")
    print_readings(readings, zone, now)


@cli.command()
@click.argument("incident_id", metavar="ID")
@click.option(
    "--authority",
    metavar="AUTH",
    help="Who was notified: an authority id (cnpd, cnil, ...), 'controller' "
    "(a processor telling its controller), 'csirt' (NIS2), 'financial_supervisor' (DORA), "
    "'national_authority' (ePrivacy) or 'people' (Art. 34).",
)
@click.option(
    "--at",
    "at",
    required=True,
    metavar="TIME",
    help=f"When it was filed: {TIME_FORMS}; without offset: the incident's zone.",
)
@click.option("--reference", default="", help="The reference the recipient gave.")
@click.option(
    "--reasons-for-delay",
    default="",
    help="Required when a first filing is after its deadline and the law asks for the "
    "reasons (GDPR Art. 33(1); DORA Del. Reg. 2025/301 Art. 5(3)).",
)
@click.option(
    "--clock",
    "clock_id",
    metavar="CLOCK",
    help="The clock this filing answers (default: the next one for that recipient).",
)
@click.option(
    "--draft",
    "draft_version",
    type=int,
    metavar="VERSION",
    help="The draft version sent (default: the latest exported for that authority).",
)
@click.option(
    "--controller",
    "controller_id",
    metavar="CID",
    help="A processor's notice to one controller (its id in the controllers file), "
    "instead of --authority.",
)
@click.option("--json", "as_json", is_flag=True, help="Print one JSON document.")
@pass_state
def notified(
    state: State,
    incident_id: str,
    authority: str | None,
    at: str,
    reference: str,
    reasons_for_delay: str,
    clock_id: str | None,
    draft_version: int | None,
    controller_id: str | None,
    as_json: bool,
) -> None:
    """Record a notification that was filed (--authority) or a processor's notice to one
    controller (--controller); stops its clock."""
    if (authority is None) == (controller_id is None):
        raise InputError(Problem("notified", None, "give one of --authority or --controller"))
    if controller_id is not None:
        entry = state.services.record_controller_notified(
            incident_id, controller_id, at=at, reference=reference
        )
        _print_entry(entry, as_json)
        return
    assert authority is not None
    entry = state.services.record_filing(
        incident_id,
        authority=authority,
        at=at,
        clock_id=clock_id,
        reference=reference,
        reasons_for_delay=reasons_for_delay,
        draft_version=draft_version,
    )
    _print_entry(entry, as_json)


def _print_entry(entry: TimelineEntry, as_json: bool) -> None:
    if as_json:
        emit_json(entry_json(entry))
    else:
        click.echo(f"#{entry.seq} {shown(entry.content.text)}")
