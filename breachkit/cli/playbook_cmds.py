"""`breachkit playbook list | show | status | done | skip | na | reopen | use`."""

from __future__ import annotations

from typing import Any

import click

from breachkit.cli.main import State, cli, pass_state
from breachkit.cli.output import emit_json, out, safe, shown
from breachkit.core.playbooks import Playbook, PlaybookView, StepView

URGENCY = {
    "overdue": "[bold white on red] OVERDUE [/]",
    "due_soon": "[black on yellow] DUE SOON [/]",
}
MARK = {
    "done": "[green]✓[/]",
    "skipped": "[yellow]↷[/]",
    "not_applicable": "[dim]–[/]",
    "open": "[bold]○[/]",
}
JSON = click.option("--json", "as_json", is_flag=True, help="Print one JSON document.")


@cli.group()
def playbook() -> None:
    """Guided responses: which step is next, what is blocked, what was done."""


@playbook.command("list")
@JSON
@pass_state
def list_playbooks(state: State, as_json: bool) -> None:
    """Every playbook, bundled and your own."""
    books = state.services.playbooks.values()
    if as_json:
        emit_json(
            {
                "playbooks": [
                    {
                        "id": p.id,
                        "title": p.title,
                        "version": p.version,
                        "causes": list(p.applies_to_causes),
                        "roles": list(p.applies_to_roles),
                        "steps": len(p.steps),
                        "source": p.source,
                    }
                    for p in books
                ]
            }
        )
        return
    for p in books:
        applies = ", ".join(p.applies_to_causes) or "any cause"
        roles = ", ".join(p.applies_to_roles) or "any role"
        out.print(
            f"[bold]{p.id}[/]  {safe(p.title)}  [dim]({applies}; {roles}; {len(p.steps)} steps)[/]"
        )


@playbook.command("show")
@click.argument("playbook_id", metavar="PLAYBOOK")
@JSON
@pass_state
def show_playbook(state: State, playbook_id: str, as_json: bool) -> None:
    """A playbook's phases and steps, with their guidance."""
    book = state.services.playbook(playbook_id)
    if as_json:
        emit_json(_playbook_json(book))
        return
    out.print(f"[bold]{safe(book.title)}[/] ({book.id}, version {book.version})")
    out.print(safe(book.summary.strip()))
    for phase in book.phases:
        out.print(f"\n[bold underline]{safe(phase.title)}[/]")
        for step in (s for s in book.steps if s.phase == phase.id):
            clock = f" [dim]· clock {step.clock}[/]" if step.clock else ""
            out.print(f"  [bold]{step.id}[/] — {safe(step.title)} [dim]({step.owner})[/]{clock}")
            out.print(f"    {safe(' '.join(step.guidance.split()))}")
            if step.basis:
                out.print(f"    [dim]{safe(step.basis)}[/]")


@playbook.command("status")
@click.argument("incident_id", metavar="ID")
@JSON
@pass_state
def status(state: State, incident_id: str, as_json: bool) -> None:
    """Where the incident stands in its playbook: next steps first."""
    view = state.services.playbook_status(incident_id)
    if as_json:
        emit_json(_view_json(view))
        return
    book = view.playbook
    out.print(
        f"[bold]{safe(book.title)}[/] playbook ({book.id}): {view.done} of {view.total} steps done"
    )
    out.print("\n[bold]Next[/]")
    for step in view.next_steps[:8]:
        out.print(_line(step))
    for phase in book.phases:
        steps = [s for s in view.steps if s.step.phase == phase.id and s.applicable]
        if not steps:
            continue
        out.print(f"\n[bold underline]{safe(phase.title)}[/]")
        for step in steps:
            out.print(_line(step))


def _line(view: StepView) -> str:
    mark = MARK[view.status.value]
    urgency = f" {URGENCY[view.urgency]}" if view.urgency in URGENCY else ""
    blocked = (
        f" [dim](after {', '.join(view.blocked_by)})[/]"
        if view.blocked_by and view.status.value == "open"
        else ""
    )
    note = f" [dim]— {safe(view.note)}[/]" if view.note else ""
    return f"  {mark} {view.step.id}: {safe(view.step.title)}{urgency}{blocked}{note}"


def _mark(state: State, incident_id: str, step: str, status_: str, note: str) -> None:
    entry = state.services.mark_step(incident_id, step, status_, note=note)
    click.echo(f"#{entry.seq} {shown(entry.content.text)}")


@playbook.command("done")
@click.argument("incident_id", metavar="ID")
@click.argument("step")
@click.option("--note", default="", help="What was done, where the proof is.")
@pass_state
def done(state: State, incident_id: str, step: str, note: str) -> None:
    """Mark a step done (recorded on the timeline)."""
    _mark(state, incident_id, step, "done", note)


@playbook.command("skip")
@click.argument("incident_id", metavar="ID")
@click.argument("step")
@click.option("--reason", required=True, help="Why it is skipped (kept for Art. 33(5)).")
@pass_state
def skip(state: State, incident_id: str, step: str, reason: str) -> None:
    """Skip a step, with the reason."""
    _mark(state, incident_id, step, "skipped", reason)


@playbook.command("na")
@click.argument("incident_id", metavar="ID")
@click.argument("step")
@click.option("--reason", required=True, help="Why the step does not apply.")
@pass_state
def not_applicable(state: State, incident_id: str, step: str, reason: str) -> None:
    """Mark a step not applicable, with the reason."""
    _mark(state, incident_id, step, "not_applicable", reason)


@playbook.command("reopen")
@click.argument("incident_id", metavar="ID")
@click.argument("step")
@click.option("--note", default="", help="Why it is open again.")
@pass_state
def reopen(state: State, incident_id: str, step: str, note: str) -> None:
    """Open a step again."""
    _mark(state, incident_id, step, "open", note)


@playbook.command("use")
@click.argument("incident_id", metavar="ID")
@click.argument("playbook_id", metavar="PLAYBOOK")
@pass_state
def use(state: State, incident_id: str, playbook_id: str) -> None:
    """Follow another playbook for this incident (progress on each is kept)."""
    entry = state.services.use_playbook(incident_id, playbook_id)
    click.echo(f"#{entry.seq} {shown(entry.content.text)}")


def _playbook_json(book: Playbook) -> dict[str, Any]:
    return {
        "id": book.id,
        "title": book.title,
        "version": book.version,
        "summary": book.summary,
        "phases": [{"id": p.id, "title": p.title} for p in book.phases],
        "steps": [
            {
                "id": s.id,
                "phase": s.phase,
                "title": s.title,
                "owner": s.owner.value,
                "guidance": s.guidance,
                "basis": s.basis,
                "clock": s.clock,
                "after": list(s.after),
                "needs": list(s.needs),
                "produces": list(s.produces),
            }
            for s in book.steps
        ],
    }


def _view_json(view: PlaybookView) -> dict[str, Any]:
    def step(s: StepView) -> dict[str, Any]:
        return {
            "id": s.step.id,
            "phase": s.step.phase,
            "title": s.step.title,
            "status": s.status.value,
            "applicable": s.applicable,
            "urgency": s.urgency,
            "blocked_by": list(s.blocked_by),
            "note": s.note,
            "at": s.at.isoformat() if s.at else None,
            "actor": s.actor or None,
        }

    return {
        "playbook": view.playbook.id,
        "done": view.done,
        "total": view.total,
        "next": [s.step.id for s in view.next_steps],
        "blocked": [s.step.id for s in view.blocked],
        "steps": [step(s) for s in view.steps],
    }
