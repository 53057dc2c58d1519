"""The human form of `breachkit show`: facts grouped as the incident file groups them."""

from __future__ import annotations

from datetime import datetime
from typing import Any

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
    rows = [("role", facts.role.value), ("timezone", facts.timezone)]
    for name in TIME_FIELDS:
        instant = getattr(facts, name)
        rows.append((name, show(instant, view.zone) if instant else "[dim]not stated[/]"))
    for section in ("breach", "data", "protection", "response"):
        rows.append((safe(f"[{section}]"), ""))
        rows += [(f"  {key}", _value(value)) for key, value in document.get(section, {}).items()]
    org = view.organisation
    rows.append(("organisation", safe(org.name) if org and org.name else "[dim]no profile[/]"))
    if org and org.lead_authority:
        rows.append(("lead authority", org.lead_authority))
    rows.append(("timeline", f"{view.entries} entries"))
    out.table([(f"[bold]{key}[/]", value) for key, value in rows], indent=2)
    if history:
        out.print("[bold]Fact changes[/]")
        for change in history:
            at = show(datetime.fromisoformat(change.changed_at), view.zone)
            out.print(
                f"  #{change.entry_seq} {at} {safe(change.actor)}: "
                f"{change.key}: {_value(change.old_value)} → {_value(change.new_value)}"
            )
