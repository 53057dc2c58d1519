"""The record as evidence: ``verify`` (chain, evidence, tables, a seal), ``seal``, ``rebuild``."""

from __future__ import annotations

import sys
from typing import Any

import click

from breachkit.cli.main import State, cli, pass_state
from breachkit.cli.output import emit_json, shown
from breachkit.core.text import counted
from breachkit.services import VerifyReport

JSON = click.option("--json", "as_json", is_flag=True, help="Print one JSON document.")


def _report_json(r: VerifyReport) -> dict[str, Any]:
    return {
        "id": r.incident_id,
        "ok": r.ok,
        "entries_checked": r.checked,
        "evidence_checked": r.evidence_checked,
        "first_bad_entry": r.chain_break.seq if r.chain_break else None,
        "problem": r.chain_break.problem if r.chain_break else None,
        "evidence_problems": [str(p) for p in r.evidence_problems],
        "record_problems": [{"entry": p.seq, "problem": p.problem} for p in r.record_problems],
        "table_problems": [
            {
                "table": p.table,
                "row": p.row,
                "field": p.field,
                "kind": p.kind,
                "found": p.actual,
                "chain_says": p.expected,
                "entry": p.source,
                "text": str(p),
            }
            for p in r.table_problems
        ],
        "seal_problem": r.seal_problem,
        "problems": r.problems,
    }


@cli.command()
@click.argument("incident_id", metavar="[ID]", required=False)
@click.option(
    "--seal",
    "seal",
    metavar="SEAL",
    help="A seal from `breachkit seal` (or a PDF footer's 'entry N · hash'): "
    "fail if today's chain no longer holds it.",
)
@JSON
@pass_state
def verify(state: State, incident_id: str | None, seal: str | None, as_json: bool) -> None:
    """Check the chain, the evidence files and that every table says what the chain says.

    Exit 1 naming each problem: the first bad entry, a changed evidence file, or a table
    row that differs from the chain (table, row, field, and the entry it comes from).
    """
    services = state.services
    if seal is not None:
        reports = [services.verify_seal(seal, incident_id)]
    else:
        reports = services.verify(incident_id)
    if as_json:
        emit_json(
            {"ok": all(r.ok for r in reports), "incidents": [_report_json(r) for r in reports]}
        )
    else:
        for r in reports:
            if r.ok:
                sealed = ", and holds the sealed entry" if seal is not None else ""
                click.echo(
                    f"{r.incident_id}: OK — {r.checked} entries, "
                    f"{counted(r.evidence_checked, 'evidence file')} unchanged, every table as the "
                    f"chain says{sealed}"
                )
                continue
            for problem in r.problems:
                click.echo(f"{r.incident_id}: {shown(problem)}")
        if not reports:
            click.echo("no incidents to verify")
    if not all(r.ok for r in reports):
        sys.exit(1)


@cli.command()
@click.argument("incident_id", metavar="ID")
@JSON
@pass_state
def seal(state: State, incident_id: str, as_json: bool) -> None:
    """The chain's head as one line to keep elsewhere (e-mail it, paste it in a ticket).

    Later, `breachkit verify ID --seal "<that line>"` fails if the database was put back
    to an older copy or the chain was rewritten.
    """
    head = state.services.seal(incident_id)
    if as_json:
        emit_json(
            {
                "seal": head.text,
                "id": head.incident_id,
                "uid": head.uid,
                "seq": head.seq,
                "hash": head.hash,
                "at": head.at,
            }
        )
        return
    click.echo(head.text)
    click.echo(
        f"({head.incident_id}, entry {head.seq}, recorded {head.at}. Keep this line somewhere "
        f'else; check it with: breachkit verify {head.incident_id} --seal "…")',
        err=True,
    )


@cli.command()
@click.argument("incident_id", metavar="ID")
@pass_state
def rebuild(state: State, incident_id: str) -> None:
    """Rebuild the tables from a verified chain, and say what changed.

    For a chain that verifies but tables that do not (a restore gone wrong, an edit with
    an SQL tool). The rebuild itself is recorded on the timeline. Exit 1, changing
    nothing, when the chain itself does not verify.
    """
    report = state.services.rebuild(incident_id)
    if not report.changes:
        click.echo(
            f"{report.incident_id}: every table already says what the chain says; nothing changed"
        )
        return
    click.echo(f"{report.incident_id}: {counted(len(report.changes), 'difference')} put right:")
    for change in report.changes:
        click.echo(f"  {shown(change)}")
    click.echo(f"Recorded as entry {report.entry_seq}.")
