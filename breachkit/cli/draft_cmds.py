"""`breachkit draft` and `drafts`: the notification each authority expects, in its language."""

from __future__ import annotations

import sys
from datetime import tzinfo
from pathlib import Path
from typing import Any

import click

from breachkit.cli.main import State, cli, pass_state
from breachkit.cli.output import emit_json, err, out, safe
from breachkit.core.times import iso, show
from breachkit.services.drafts import FORMATS, DraftExport, DraftIncomplete, DraftRecord


@cli.command()
@click.argument("incident_id", metavar="ID")
@click.option(
    "--authority",
    metavar="AUTH",
    help="The authority's directory id: cnpd, cnil, datatilsynet, apd, ico, dpc, generic "
    "(default: the lead authority in the organisation profile).",
)
@click.option(
    "--lang",
    "language",
    metavar="LL",
    help="The draft's language (default: the first of the authority's languages that the "
    "organisation writes in).",
)
@click.option(
    "--phase",
    type=click.Choice(["initial", "complementary"]),
    help="Initial or complementary notification (Art. 33(4)); default: complementary once "
    "a notification to this authority is on record.",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(FORMATS),
    help="pdf, md (the portal sheet, field by field) or json (default: from the file name).",
)
@click.option(
    "-o",
    "--output",
    required=True,
    metavar="PATH",
    help="The file to write, a folder (a name is chosen), or - for standard output (md, json).",
)
@click.option(
    "--reasons-for-delay",
    default="",
    help="Why the notification comes later than 72 hours after awareness (Art. 33(1)).",
)
@click.option(
    "--allow-incomplete",
    is_flag=True,
    help="Write the draft even if the authority will ask for more; it is marked incomplete.",
)
@click.option(
    "--templates",
    "templates_dir",
    type=click.Path(file_okay=False, path_type=Path),
    envvar="BREACHKIT_TEMPLATES",
    help="Your own templates folder, searched before the bundled templates.",
)
@click.option("--json", "as_json", is_flag=True, help="Print one JSON document about the export.")
@pass_state
def draft(
    state: State,
    incident_id: str,
    authority: str | None,
    language: str | None,
    phase: str | None,
    fmt: str | None,
    output: str,
    reasons_for_delay: str,
    allow_incomplete: bool,
    templates_dir: Path | None,
    as_json: bool,
) -> None:
    """Write the notification draft for a supervisory authority, in its form's order.

    Exits 1 listing what the authority will ask for that is missing, unless
    --allow-incomplete. The version counts changes of content: exporting unchanged content
    again, in any format, keeps the latest version. Every export is recorded on the
    timeline with its hashes.
    """
    if as_json and output == "-":
        raise click.UsageError("--json and -o - both write to standard output; choose one")
    try:
        result = state.services.export_draft(
            incident_id,
            output,
            fmt=fmt,
            authority=authority,
            language=language,
            phase=phase,
            reasons_for_delay=reasons_for_delay,
            allow_incomplete=allow_incomplete,
            templates_dir=templates_dir,
        )
    except DraftIncomplete as incomplete:
        if not as_json:
            raise
        emit_json(
            {
                "written": False,
                "complete": False,
                "missing": [
                    {"key": m.key, "why": m.why, "fix": m.fix, "label": m.label}
                    for m in incomplete.missing
                ],
            }
        )
        sys.exit(incomplete.exit_code)
    if result.path is None:
        click.echo(result.data, nl=False)
    if as_json:
        emit_json(_export_json(result))
        return
    _report(result, to_stderr=output == "-")


def _export_json(result: DraftExport) -> dict[str, Any]:
    prepared, record = result.prepared, result.record
    lead = prepared.lead
    return {
        "written": True,
        **_record_json(record),
        "path": str(result.path) if result.path else "-",
        "missing": [
            {"key": m.key, "why": m.why, "fix": m.fix, "label": m.label} for m in prepared.missing
        ],
        "lead_authority": lead.lead or None,
        "main_establishment": lead.main_establishment or None,
        "countries": list(lead.countries),
        "cross_border": lead.cross_border,
        "consequences_derived": prepared.content.draft.flags["consequences_derived"],
        "risk_decided": prepared.content.draft.values["risk"] is not None,
        "organisation_from": prepared.organisation_source,
    }


def _record_json(record: DraftRecord) -> dict[str, Any]:
    return {
        "id": record.incident_id,
        "authority": record.authority,
        "language": record.language,
        "phase": record.phase,
        "version": record.version,
        "format": record.format,
        "complete": record.complete,
        "content_sha256": record.content_sha256,
        "file_sha256": record.file_sha256,
        "filename": record.filename,
        "generated_at": iso(record.generated_at),
        "entry_seq": record.entry_seq,
        "content_unchanged": record.unchanged,
        "content_first_version": record.first_version,
        "content_first_exported_at": iso(record.first_exported_at),
    }


def _report(result: DraftExport, *, to_stderr: bool) -> None:
    console = err if to_stderr else out
    prepared, record = result.prepared, result.record
    authority = prepared.authority
    where = str(result.path) if result.path else "standard output"
    state = "" if record.complete else " [bold red]INCOMPLETE[/]"
    console.print(
        f"[bold]{safe(authority.short)}[/] draft version {record.version}{state} "
        f"({record.language}, {record.phase}, {record.format}) written to {safe(where)}"
    )
    console.print(f"  {version_note(record, result.zone)}")
    console.print(f"  content SHA-256 {record.content_sha256}")
    console.print(f"  file SHA-256    {record.file_sha256} · timeline entry #{record.entry_seq}")
    for item in prepared.missing:
        console.print(f"  [red]missing[/] {safe(item.key)}: {safe(item.why)}")
    lead = prepared.lead
    if lead.lead:
        line = f"  lead authority (Art. 56): {safe(lead.lead)}"
        if lead.main_establishment:
            line += f", main establishment {lead.main_establishment}"
        if lead.lead != authority.id:
            line += f" [yellow]— this draft is for {safe(authority.id)}[/]"
        console.print(line)
    if lead.countries:
        kind = "cross-border" if lead.cross_border else "one country"
        console.print(f"  people concerned live in {', '.join(lead.countries)} ({kind})")
    if prepared.content.draft.flags["consequences_derived"]:
        console.print(
            "  [yellow]the likely consequences were derived from the facts: read them "
            "before filing[/]"
        )
    if prepared.content.draft.values["risk"] is None:
        console.print(
            "  [yellow]no risk decision is recorded, so the risk assessment says 'not stated': "
            f"record it with breachkit decide {safe(record.incident_id)}[/]"
        )
    if prepared.organisation_source == "incident":
        console.print("  [dim]organisation: the snapshot stored with the incident[/]")
    console.print(f"  file it: {safe(authority.channel)}")
    if authority.unverified:
        console.print(
            f"  [dim]directory entry checked {authority.checked.isoformat()}; not verified: "
            f"{safe('; '.join(authority.unverified))}[/]"
        )


def version_note(record: DraftRecord, zone: tzinfo) -> str:
    """Whether the export says anything new: versions count changes of content."""
    if record.unchanged:
        return (
            f"[bold]content unchanged[/] since version {record.first_version}, first exported "
            f"{show(record.first_exported_at, zone)}: the same draft, in another file"
        )
    if record.version > 1:
        return f"new content: version {record.version - 1} said something else"
    return "first version of this draft"


@cli.command()
@click.argument("incident_id", metavar="ID")
@click.option("--authority", metavar="AUTH", help="Only the drafts for this authority.")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON document.")
@pass_state
def drafts(state: State, incident_id: str, authority: str | None, as_json: bool) -> None:
    """Every notification draft exported for the incident, with its hashes."""
    records = state.services.drafts(incident_id, authority)
    if as_json:
        emit_json({"drafts": [_record_json(r) for r in records]})
        return
    if not records:
        out.print("no drafts exported yet")
        return
    zone = state.services.incident(incident_id).zone  # times as the incident shows them
    for r in records:
        state_ = "complete" if r.complete else "[red]INCOMPLETE[/]"
        same = f" [dim](content unchanged since v{r.first_version})[/]" if r.unchanged else ""
        out.print(
            f"[bold]{safe(r.authority)}[/] v{r.version} {r.language} {r.phase} "
            f"{r.format} {state_} · {show(r.generated_at, zone)} · {safe(r.filename)}{same}\n"
            f"    content {r.content_sha256}\n    file    {r.file_sha256}"
        )
