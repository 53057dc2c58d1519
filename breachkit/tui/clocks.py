"""The TUI's one door to the clock use-cases of the services.

Screens read clocks and record filings through these two functions only, so a change
in the services' signatures is absorbed here.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from breachkit.core.clocks.engine import ClockReading
from breachkit.core.clocks.ids import Recipient
from breachkit.core.timeline.chain import TimelineEntry
from breachkit.services.clocks import nearest_due

__all__ = ["default_recipient", "nearest_due", "read_clocks", "recipients", "record_filing"]

if TYPE_CHECKING:
    from breachkit.services import Services


def read_clocks(services: Services, incident_id: str) -> list[ClockReading]:
    """Every clock of the incident as it stands now (the services' clock)."""
    return list(services.clocks(incident_id))


def default_recipient(reading: ClockReading, lead_authority: str) -> str:
    """Whom a filing for the clock usually goes to (the rules' ``recipient``: the
    controller, the CSIRT, …), or the lead supervisory authority."""
    if not reading.recipient or reading.recipient == Recipient.AUTHORITY:
        return lead_authority
    return reading.recipient


def recipients(services: Services) -> list[str]:
    """Every recipient a filing may name (authority ids, ``controller``, ``csirt``, …)."""
    return services.recipients()


def record_filing(
    services: Services,
    incident_id: str,
    clock_id: str,
    *,
    authority: str,
    at: datetime,
    reference: str = "",
    reasons_for_delay: str = "",
    draft_version: int | None = None,
) -> TimelineEntry:
    """Record that the notification/report for ``clock_id`` was sent (InputError if a late
    filing has no reasons for the delay). A filing with an authority is linked to draft
    ``draft_version``, else to the latest draft exported for that authority."""
    return services.record_filing(
        incident_id,
        authority=authority,
        at=at,
        clock_id=clock_id,
        reference=reference,
        reasons_for_delay=reasons_for_delay,
        draft_version=draft_version,
    )
