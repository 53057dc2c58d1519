"""`breachkit export` / `breachkit import`: hand an incident over as one file."""

from __future__ import annotations

from pathlib import Path

import click

from breachkit.cli.main import State, cli, pass_state
from breachkit.cli.output import shown


@cli.command()
@click.argument("incident_id", metavar="ID")
@click.option(
    "-o",
    "--output",
    "target",
    required=True,
    metavar="BUNDLE",
    help="The bundle file to write, or a folder (DIR/) where it is named after the incident.",
)
@pass_state
def export(state: State, incident_id: str, target: str) -> None:
    """Write the incident, its whole timeline and its evidence into one bundle file."""
    path = state.services.export_bundle(incident_id, target)
    click.echo(f"wrote {shown(path)} (mode 0600: it holds personal data)")


@cli.command("import")
@click.argument("bundle", type=click.Path(dir_okay=False, path_type=Path))
@pass_state
def import_(state: State, bundle: Path) -> None:
    """Import a bundle after checking its chain and evidence; prints the incident's id here."""
    click.echo(state.services.import_bundle(bundle))
