"""The human form of `breachkit show`: facts grouped as the incident file groups them."""

from __future__ import annotations

from typing import Any

from rich.table import Table

from breachkit.cli.output import out, safe
from breachkit.core.incident.model import TIME_FIELDS
from breachkit.core.times import show
from breachkit.services import FactChange, IncidentView


def _value(value: Any) -> str:
    if value is None or value == [] or value == "":
        return "[dim]not stated[/]"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        return safe(", ".join(str(v) for v in value))
    return safe(str(value))


def print_incident(view: IncidentView, history: list[FactChange]) -> None:
    facts = view.facts
    document = facts.to_document()
    out.print(f"[bold]{view.id}[/]  {safe(facts.title)}  [dim]({view.status})[/]")
    if facts.summary:
        out.print(safe(facts.summary))
    table = Table(box=None, show_header=False, padding=(0, 2))
    table.add_column(style="bold")
    table.add_column()
    table.add_row("role", facts.role.value)
    table.add_row("timezone", facts.timezone)
    for name in TIME_FIELDS:
        instant = getattr(facts, name)
        table.add_row(name, show(instant, view.zone) if instant else "[dim]not stated[/]")
    for section in ("breach", "data", "protection", "response"):
        table.add_row(safe(f"[{section}]"), "")
        for key, value in document.get(section, {}).items():
            table.add_row(f"  {key}", _value(value))
    org = view.organisation
    table.add_row("organisation", safe(org.name) if org and org.name else "[dim]no profile[/]")
    if org and org.lead_authority:
        table.add_row("lead authority", org.lead_authority)
    table.add_row("timeline", f"{view.entries} entries")
    out.print(table)
    if history:
        out.print("[bold]Fact changes[/]")
        for change in history:
            out.print(
                f"  #{change.entry_seq} {change.changed_at} {safe(change.actor)}: "
                f"{change.key}: {_value(change.old_value)} → {_value(change.new_value)}"
            )
