"""`breachkit notices ID`: a processor's notice to every controller (GDPR Art. 33(2))."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from breachkit.cli.main import State, cli, pass_state
from breachkit.cli.output import emit_json, err, out, safe
from breachkit.core.text import counted
from breachkit.services.notices import NoticeProgress, NoticeRun


@cli.command()
@click.argument("incident_id", metavar="ID")
@click.option(
    "--controllers",
    "controllers_file",
    type=click.Path(dir_okay=False, path_type=Path),
    required=True,
    help="The controllers CSV (id, name, email or address, language, window_hours, ...).",
)
@click.option(
    "--out",
    "out_dir",
    type=click.Path(file_okay=False, path_type=Path),
    required=True,
    help="Output folder (created 0700). Run again with the same folder to continue.",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["pdf", "eml", "both"]),
    default="both",
    show_default=True,
    help="One PDF per controller, one e-mail (.eml) per controller, or both; always a JSON.",
)
@click.option(
    "--complementary",
    is_flag=True,
    help="New facts (Art. 33(4)): a complementary notice to every controller already told.",
)
@click.option(
    "--next-update",
    metavar="TIME",
    help="Promise the next notice by this time (printed in every notice).",
)
@click.option("--from", "sender", default="", help="E-mail sender address (default: the DPO's).")
@click.option(
    "--templates",
    type=click.Path(file_okay=False, path_type=Path),
    help="Your own words (notices/<lang>.toml, language/<lang>.toml), searched first.",
)
@click.option("--json", "as_json", is_flag=True, help="Print one JSON document at the end.")
@pass_state
def notices(
    state: State,
    incident_id: str,
    controllers_file: Path,
    out_dir: Path,
    fmt: str,
    complementary: bool,
    next_update: str | None,
    sender: str,
    templates: Path | None,
    as_json: bool,
) -> None:
    """Write a notice to every controller of a processor's breach, in its language.

    Each notice gives that controller what Art. 33(3) asks for, with its own figures;
    each comes as a PDF and/or an e-mail (exactly one recipient) and as JSON (for the
    controller's own breachkit: new --from-notice). A manifest records each file's
    SHA-256; a run that is stopped continues with the same command, every notice once.
    """

    def report(p: NoticeProgress) -> None:
        if err.is_terminal and not as_json:
            err.print(f"notices: {p.done}/{p.total}", end="\r")

    try:
        run = state.services.write_notices(
            incident_id,
            controllers_file,
            out_dir,
            fmt=fmt,
            complementary=complementary,
            next_update=next_update,
            sender=sender,
            templates=templates,
            progress=report,
        )
    except KeyboardInterrupt:
        click.echo(
            "interrupted: the notices written so far are kept and listed in the manifest;"
            " run the same command again to continue",
            err=True,
        )
        sys.exit(130)
    if as_json:
        emit_json(_document(run))
        return
    _print(run)


def _document(run: NoticeRun) -> dict[str, Any]:
    return {
        "incident": run.incident_id,
        "complementary": run.complementary,
        "controllers": run.controllers,
        "outputs": run.outputs,
        "bad_rows": [{"line": b.line, "reason": b.reason} for b in run.bad_rows],
        "out_dir": str(run.out_dir),
        "manifest": str(run.manifest),
        "manifest_sha256": run.manifest_sha256,
        "entry": run.entry_seq,
        "resumed": run.resumed,
        "elapsed_seconds": round(run.elapsed, 3),
    }


def _print(run: NoticeRun) -> None:
    what = "a complementary notice" if run.complementary else "a notice"
    outputs = ", ".join(f"{k} {v:,}" for k, v in sorted(run.outputs.items()))
    again = " (continued)" if run.resumed else ""
    out.print(
        f"[bold green]✓[/] {counted(run.controllers, 'controller')} given {what} each in "
        f"{run.elapsed:.1f} s{again}: {outputs}."
    )
    if run.bad_rows:
        out.print(f"[bold yellow]{counted(len(run.bad_rows), 'row')} got no notice[/]:")
        for bad in run.bad_rows[:10]:
            out.print(f"  line {bad.line}: {safe(bad.reason)}")
    out.print(f"Manifest: {safe(str(run.manifest))}  SHA-256 {run.manifest_sha256}")
    if run.entry_seq:
        out.print(f"Recorded on the timeline as entry #{run.entry_seq}.")
    out.print(
        "[dim]Send them, then record each one: breachkit notified ID --controller CID --at TIME[/]"
    )
