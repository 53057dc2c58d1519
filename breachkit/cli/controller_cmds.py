"""`breachkit controllers ID` and `acknowledged`: a processor's controllers and their clocks."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

import click

from breachkit.cli.main import State, cli, pass_state
from breachkit.cli.output import emit_json, entry_json, out, safe, shown
from breachkit.core.text import counted
from breachkit.core.times import iso, show, show_duration

if TYPE_CHECKING:  # clocks and deadline print boards: they need not load the store
    from breachkit.core.controllers.clocks import ControllerClock
    from breachkit.services.controllers import ControllerBoard, LoadedControllers

STATE_STYLE = {
    "acknowledged": "green",
    "told": "green",
    "overdue": "bold white on red",
    "due soon": "bold black on yellow",
    "running": "bold",
    "no deadline": "dim",
}


def board_json(board: ControllerBoard, zone: ZoneInfo) -> dict[str, Any]:
    return {
        **board.counts.document(),
        "list": [clock_json(c, zone, board.now) for c in board.clocks],
    }


def clock_json(clock: ControllerClock, zone: ZoneInfo, now: datetime) -> dict[str, Any]:
    def when(value: datetime | None) -> str | None:
        return iso(value, zone) if value is not None else None

    left = clock.time_left(now)
    return {
        "id": clock.controller.id,
        "name": clock.controller.name,
        "language": clock.controller.language,
        "window_hours": clock.window_hours,
        "due": when(clock.due),
        "state": clock.state(now),
        "seconds_left": int(left.total_seconds()) if left is not None else None,
        "notified_at": when(clock.notified_at),
        "reference": clock.reference,
        "late": clock.late,
        "acknowledged_at": when(clock.acknowledged_at),
        "complementary": [iso(t, zone) for t in clock.complementary],
    }


def counts_line(board: ControllerBoard) -> str:
    c = board.counts
    text = f"{c.told}/{c.total} controllers told, {c.acknowledged} acknowledged"
    if c.overdue:
        text += f", [bold red]{c.overdue} overdue[/]"
    if c.told_late:
        text += f", {c.told_late} told after their window"
    return text


def print_board(board: ControllerBoard, zone: ZoneInfo, *, limit: int | None = None) -> None:
    """The controllers' clocks (Art. 33(2)): counts, then one line per controller."""
    out.print(f"[bold]Controllers (GDPR Art. 33(2))[/]: {counts_line(board)}")
    shown_clocks = board.clocks if limit is None else board.clocks[:limit]
    for clock in shown_clocks:
        state = clock.state(board.now)
        who = f"{safe(clock.controller.id)} {safe(clock.controller.name)}"
        line = f"  [{STATE_STYLE[state]}] {state} [/] {who}"
        if clock.notified_at is not None:
            line += f" — told {show(clock.notified_at, zone)}"
            line += " [bold red](late)[/]" if clock.late else ""
            if clock.acknowledged_at is not None:
                line += f", acknowledged {show(clock.acknowledged_at, zone)}"
        elif clock.due is not None:
            left = clock.due - board.now
            how = (
                f"{show_duration(left)} left"
                if left.total_seconds() >= 0
                else "overdue by " + show_duration(-left)
            )
            line += f" — due {show(clock.due, zone)} ({clock.window_hours:g} h; {how})"
        else:
            line += " — no contract window: without undue delay"
        out.print(line)
    if limit is not None and len(board.clocks) > limit:
        out.print(f"  [dim]… and {len(board.clocks) - limit} more (breachkit controllers ID)[/]")


@cli.command()
@click.argument("incident_id", metavar="ID")
@click.option(
    "--load",
    "path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Read a controllers file (CSV, docs/controllers.md) and record it.",
)
@click.option("--json", "as_json", is_flag=True, help="Print one JSON document.")
@pass_state
def controllers(state: State, incident_id: str, path: Path | None, as_json: bool) -> None:
    """A processor's controllers: each one's notice clock, who was told and acknowledged."""
    services = state.services
    view = services.incident(incident_id)
    loaded = services.load_controllers(view.id, path) if path is not None else None
    board = services.controller_board(view.id)
    if as_json:
        document: dict[str, Any] = {"id": view.id, "controllers": board_json(board, view.zone)}
        if loaded is not None:
            document["loaded"] = loaded_json(loaded)
        emit_json(document)
        return
    if loaded is not None:
        print_loaded(loaded)
    print_board(board, view.zone)


def loaded_json(loaded: LoadedControllers) -> dict[str, Any]:
    return {
        "file": str(loaded.path),
        "sha256": loaded.sha256,
        "controllers": len(loaded.controllers),
        "bad_rows": [{"line": b.line, "reason": b.reason} for b in loaded.bad_rows],
        "entry": loaded.entry_seq,
    }


def print_loaded(loaded: LoadedControllers) -> None:
    recorded = (
        f"recorded as entry #{loaded.entry_seq}"
        if loaded.entry_seq
        else "already recorded (same file)"
    )
    out.print(
        f"{counted(len(loaded.controllers), 'controller')} read from "
        f"{safe(str(loaded.path))}; {recorded}."
    )
    if loaded.bad_rows:
        out.print(f"[bold yellow]{counted(len(loaded.bad_rows), 'row')} could not be used:[/]")
        for bad in loaded.bad_rows[:20]:
            out.print(f"  line {bad.line}: {safe(bad.reason)}")


@cli.command()
@click.argument("incident_id", metavar="ID")
@click.option(
    "--controller", "controller_id", required=True, metavar="CID", help="The controller's id."
)
@click.option("--at", "at", required=True, metavar="TIME", help="When it acknowledged the notice.")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON document.")
@pass_state
def acknowledged(
    state: State, incident_id: str, controller_id: str, at: str, as_json: bool
) -> None:
    """Record that a controller acknowledged a processor's notice (Art. 33(2))."""
    entry = state.services.record_controller_acknowledged(incident_id, controller_id, at=at)
    if as_json:
        emit_json(entry_json(entry))
    else:
        click.echo(f"#{entry.seq} {shown(entry.content.text)}")
