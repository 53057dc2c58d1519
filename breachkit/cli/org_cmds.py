"""`breachkit org init | show | check`: the organisation profile."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

import click

from breachkit.cli.main import State, cli, pass_state
from breachkit.cli.output import emit_json, out, safe, shown

if TYPE_CHECKING:
    from breachkit.services.organisation import AuthorityCheck


@cli.group()
def org() -> None:
    """The organisation profile every draft and letter takes its identity from."""


@org.command()
@click.option("--force", is_flag=True, help="Replace an existing profile.")
@pass_state
def init(state: State, force: bool) -> None:
    """Write a commented profile to fill in."""
    path = state.services.org_init(force=force)
    click.echo(f"wrote {shown(path)}\nFill it in, then run: breachkit org check")


@org.command("show")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON document.")
@pass_state
def show_org(state: State, as_json: bool) -> None:
    """The profile as breachkit reads it."""
    organisation = state.services.require_organisation()
    document = organisation.to_document()
    if organisation.smtp is not None:
        document["smtp"] = organisation.smtp.to_document()
    if as_json:
        emit_json({"path": str(state.org_path), **document})
        return
    out.print(f"[dim]{safe(str(state.org_path))}[/]")
    for table, values in document.items():
        out.print(f"[bold][{table}][/]")
        for key, value in values.items():
            shown = ", ".join(value) if isinstance(value, list) else value
            out.print(f"  {key} = {safe(str(shown)) if shown not in ('', []) else '[dim]—[/]'}")


@org.command()
@click.option("--json", "as_json", is_flag=True, help="Print one JSON document.")
@pass_state
def check(state: State, as_json: bool) -> None:
    """What each authority will need that the profile does not give.

    Exits 1 when the lead authority would be missing something.
    """
    services = state.services
    organisation = services.require_organisation()
    checks = services.org_check(organisation)
    smtp_notes = services.smtp_check(organisation)
    lead_missing = any(c.lead and c.missing for c in checks)
    if not organisation.lead_authority:
        lead_missing = True
    if as_json:
        emit_json(
            {
                "lead": organisation.lead_authority or None,
                "ok": not lead_missing,
                "authorities": [
                    {
                        "id": c.authority.id,
                        "lead": c.lead,
                        "missing": [{"key": n.key, "why": n.why} for n in c.missing],
                        "sector_not_in": list(c.sector_not_in),
                    }
                    for c in checks
                ],
                "smtp": {"configured": organisation.smtp is not None, "notes": smtp_notes},
            }
        )
    else:
        if not organisation.lead_authority:
            out.print(
                "[bold red]authority.lead is empty[/]: name your lead supervisory "
                "authority (GDPR Art. 56)."
            )
        for c in checks:
            label = f"{c.authority.short} ({c.authority.id})" + (" — lead" if c.lead else "")
            if not c.missing:
                out.print(f"[green]✓[/] {label}: everything its notification needs is there")
            else:
                out.print(f"[{'bold red' if c.lead else 'yellow'}]✗[/] {label}: missing")
                for need in c.missing:
                    out.print(f"    {need.key} — {need.why}")

        _print_sector_languages(checks, organisation.text_language or "en")
        if organisation.smtp is not None:
            out.print(f"[green]✓[/] \\[smtp] {safe(organisation.smtp.describe())}")
        for note in smtp_notes:
            out.print(f"[yellow]![/] {safe(note)}")
    if lead_missing:
        sys.exit(1)


def _print_sector_languages(checks: list[AuthorityCheck], own: str) -> None:
    """The languages the sector is not written in, with the drafts that would show it in
    the profile's own language (marked as untranslated)."""
    readers: dict[str, list[str]] = {}
    for c in checks:
        for language in c.sector_not_in:
            readers.setdefault(language, []).append(c.authority.short)
    if not readers:
        return
    out.print(
        f"[yellow]![/] The sector is written in {own} only; a draft in another language shows "
        f"it in {own}, marked as untranslated:"
    )
    for language, names in sorted(readers.items()):
        out.print(f"    text.{language}.sector — drafts in {language}: {safe(', '.join(names))}")
