"""Times that cannot be true: the one place the ordering and plausibility rules live.

Every door that takes a time — the incident file, ``breachkit set``, the TUI wizard and
fact editor, ``breachkit log`` and ``breachkit notified`` — asks this module, so a time
is refused for the same reason, in the same words, wherever it is typed. Each problem
names both times it compares, shown in the incident's zone. Pure: ``now`` is a
parameter, and the checks against it run only when a door passes it (facts already
stored are not re-judged against a later "now").

The rules:

* nothing has happened after ``now`` (a few minutes of slack for clocks that differ);
* a breach is seen (``detected_at``, the first signal) no earlier than it began
  (``occurred_at``), and the controller becomes aware (``aware_at``) no earlier than
  the first signal and no earlier than the breach began;
* a processor tells its controller no earlier than it became aware itself;
* an ICT-related incident is classified as major no earlier than it became known;
* a filing is sent no earlier than the awareness its clock counts from (the incident's
  for NIS2 and DORA, the breach's otherwise) and no earlier than the draft it sent.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta, tzinfo

from breachkit.core.times import show

FUTURE_SLACK = timedelta(minutes=5)
"""How far "now" may be off between two machines before a time counts as in the future."""

INCIDENT_REGIMES = ("nis2", "dora")
"""Regimes whose clocks count from awareness of the incident, not of the breach."""


@dataclass(frozen=True, slots=True)
class Order:
    """``later`` must not come before ``earlier``; ``why`` says what that would mean."""

    later: str
    earlier: str
    why: str
    key: str
    """The key the problem is reported against."""


FACT_ORDER = (
    Order("aware_at", "occurred_at", "awareness cannot precede the breach", "aware_at"),
    Order("detected_at", "occurred_at", "a breach cannot be seen before it began", "detected_at"),
    Order(
        "aware_at",
        "detected_at",
        "the first signal (detected_at) cannot come after awareness",
        "detected_at",
    ),
    Order(
        "controller_informed_at",
        "aware_at",
        "the processor told the controller before it knew of the breach",
        "controller_informed_at",
    ),
    Order(
        "ict_incident.dora_major_at",
        "ict_incident.aware_at",
        "an incident cannot be classified before it is known",
        "ict_incident.dora_major_at",
    ),
)


def fact_problems(
    times: Mapping[str, datetime | None], zone: tzinfo, now: datetime | None = None
) -> list[tuple[str, str]]:
    """(key, message) for every fact time that contradicts another one or ``now``."""
    found: list[tuple[str, str]] = []
    for rule in FACT_ORDER:
        later, earlier = times.get(rule.later), times.get(rule.earlier)
        if later is not None and earlier is not None and later < earlier:
            found.append((rule.key, _before(rule, later, earlier, zone)))
    if now is not None:
        for key, at in times.items():
            if at is not None and at > now + FUTURE_SLACK:
                found.append((key, _future(at, now, zone)))
    return found


def entry_problems(at: datetime, now: datetime, zone: tzinfo, name: str = "") -> list[str]:
    """Messages for a timeline entry's time: it cannot have happened after ``now``."""
    return [_future(at, now, zone, name)] if at > now + FUTURE_SLACK else []


@dataclass(frozen=True, slots=True)
class Awareness:
    """The awareness a clock counts from: its key, its time, and what to do if wrong."""

    key: str
    at: datetime
    hint: str = ""


def awareness_for(
    regime: str, breach_aware: datetime, incident_aware: datetime | None
) -> Awareness:
    """The awareness a clock of ``regime`` counts from: the incident's for NIS2 and DORA
    when it is recorded, else the breach's."""
    if regime not in INCIDENT_REGIMES:
        return Awareness("aware_at", breach_aware)
    if incident_aware is not None:
        return Awareness("ict_incident.aware_at", incident_aware)
    return Awareness(
        "aware_at",
        breach_aware,
        " (if the incident itself was known earlier, record ict_incident.aware_at first)",
    )


def filing_problems(
    at: datetime,
    now: datetime,
    zone: tzinfo,
    awareness: Awareness,
    draft: tuple[int, datetime] | None = None,
) -> list[str]:
    """Messages for a filing sent at ``at``: not in the future, not before the awareness
    its clock counts from, not before the draft version it says it sent (``draft`` =
    version and when it was generated)."""
    found = entry_problems(at, now, zone, "the filing time")
    if at < awareness.at:
        found.append(
            f"the filing time {show(at, zone)} is before the incident's {awareness.key} "
            f"{show(awareness.at, zone)}: nothing can be notified before it is known"
            + awareness.hint
        )
    if draft is not None and at < draft[1]:
        found.append(
            f"the filing time {show(at, zone)} is before draft version {draft[0]} was "
            f"generated ({show(draft[1], zone)}): a filing cannot send a draft that did not "
            "exist yet"
        )
    return found


def _before(rule: Order, later: datetime, earlier: datetime, zone: tzinfo) -> str:
    if rule.key == rule.earlier:  # said of the key's own time
        return f"{show(earlier, zone)} is after {rule.later} {show(later, zone)}: {rule.why}"
    return f"{show(later, zone)} is before {rule.earlier} {show(earlier, zone)}: {rule.why}"


def _future(at: datetime, now: datetime, zone: tzinfo, name: str = "") -> str:
    named = f"{name} " if name else ""
    return f"{named}{show(at, zone)} is in the future (now is {show(now, zone)})"
