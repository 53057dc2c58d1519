"""`breachkit assess FILE|ID` and `breachkit decide ID`: the recommendation and the decision."""

from __future__ import annotations

from pathlib import Path

import click

from breachkit.cli.main import State, cli, pass_state
from breachkit.cli.output import emit_json, out, safe, shown
from breachkit.core.risk.engine import RiskAssessment

BANNER = {
    "record_only": "[bold black on green] RECORD ONLY [/] document it (Art. 33(5)); "
    "no notification",
    "notify_authority": "[bold black on yellow] NOTIFY THE AUTHORITY [/] within 72 hours (Art. 33)",
    "notify_authority_and_subjects": "[bold white on red] NOTIFY THE AUTHORITY AND TELL THE "
    "PEOPLE [/] (Art. 33 and 34)",
    "notify_authority_and_public": "[bold white on red] NOTIFY THE AUTHORITY AND INFORM THE "
    "PUBLIC [/] (Art. 33, 34(3)(c))",
}


def print_assessment(a: RiskAssessment) -> None:
    out.print(BANNER[a.outcome.value])
    s = a.severity
    out.print(
        f"risk: [bold]{a.risk.value}[/] · severity ({s.method}): SE = DPC × EI + CB = "
        f"{s.dpc:g} × {s.ei:g} + {s.cb:g} = [bold]{s.score:g}[/] ({s.level})"
    )
    out.print(f"  [dim]DPC {s.dpc:g}: {safe(s.dpc_basis)}[/]")
    out.print(f"  [dim]EI {s.ei:g}: {safe(s.ei_basis)}[/]")
    parts = ", ".join(f"{name} {value:g}" for name, value in s.cb_parts)
    out.print(f"  [dim]CB {s.cb:g}: {parts}[/]")
    out.print("\n[bold]Why[/]")
    for r in a.reasons:
        mark = {"raises": "▲", "lowers": "▼", "assumed": "?"}.get(r.direction, "·")
        out.print(f" {mark} {safe(r.text)}")
    if a.exemptions:
        out.print(f"\n[bold]Art. 34(3) grounds that apply[/]: {', '.join(a.exemptions)}")
    if a.assumptions:
        out.print("\n[bold]Assumed (facts not stated)[/]")
        for line in a.assumptions:
            out.print(f" ? {safe(line)}")
    if a.would_change:
        out.print("\n[bold]What would change the answer[/]")
        for line in a.would_change:
            out.print(f" → {safe(line)}")
    out.print("\n[dim]This is a recommendation: the DPO decides (breachkit decide).[/]")


@cli.command()
@click.argument("target", metavar="FILE|ID")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON document.")
@pass_state
def assess(state: State, target: str, as_json: bool) -> None:
    """Recommend: record only, notify the authority, or also tell the people — and why."""
    services = state.services
    path = Path(target)
    if path.suffix == ".toml" or path.is_file():
        assessment, notes = services.assess_file(path)
        for note in notes:
            click.echo(f"note: {shown(note)}", err=True)
        decisions = []
    else:
        assessment = services.assess_incident(target)
        decisions = services.decisions(target)
    if as_json:
        document = assessment.to_json()
        if decisions:
            last = decisions[-1]
            document["decision"] = {
                "seq": last.seq,
                "at": last.at.isoformat(),
                "actor": last.actor,
                "risk": last.risk,
                "outcome": last.outcome,
                "override": last.override,
                "justification": last.justification,
            }
        emit_json(document)
        return
    print_assessment(assessment)
    if decisions:
        last = decisions[-1]
        out.print(
            f"\n[bold]Decided[/] #{last.seq} by {safe(last.actor)}: risk {last.risk}, "
            f"{last.outcome}" + (" (override)" if last.override else "")
        )
        if (last.risk, last.outcome) != (assessment.risk.value, assessment.outcome.value):
            out.print(
                "[bold yellow]The facts have changed since: the recommendation now differs "
                "from the decision. Decide again.[/]"
            )


@cli.command()
@click.argument("incident_id", metavar="ID")
@click.option(
    "--risk",
    type=click.Choice(["unlikely", "risk", "high"]),
    help="The risk you decide (default: the recommendation's).",
)
@click.option(
    "--outcome",
    type=click.Choice(
        [
            "record_only",
            "notify_authority",
            "notify_authority_and_subjects",
            "notify_authority_and_public",
        ]
    ),
    help="What you decide to do (default: follows the risk).",
)
@click.option(
    "--not-a-breach",
    is_flag=True,
    help="Decide that this is not a personal data breach (needs a justification).",
)
@click.option("--justification", default="", help="Why; required when you override.")
@pass_state
def decide(
    state: State,
    incident_id: str,
    risk: str | None,
    outcome: str | None,
    not_a_breach: bool,
    justification: str,
) -> None:
    """Confirm or override the recommendation; recorded with the facts as they stand."""
    entry = state.services.decide(
        incident_id,
        risk=risk,
        outcome=outcome,
        justification=justification,
        not_a_breach=not_a_breach,
    )
    click.echo(f"#{entry.seq} {shown(entry.content.text)}")
