"""What a clock counts from: the recorded facts and filings a rule's anchor names.

A fact anchor reads one time of the incident (``awareness`` = ``aware_at``). Awareness
of the *incident* (NIS2, DORA) falls back to awareness of the breach when the incident
file does not give it, and the reading says so: the incident may have been known
earlier, and then the deadline is earlier too. A filing anchor reads the first
(``filing:ID``) or the latest (``last_filing:ID``) filing of another clock.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, tzinfo

from breachkit.core.clocks.model import ClockInputs, Filing
from breachkit.core.clocks.rules import ClockRule


@dataclass(frozen=True, slots=True)
class Fact:
    label: str
    """How the anchor reads in a sentence ("awareness of the incident")."""
    key: str
    """Where it is recorded (the incident-file key, or how it is decided)."""
    get: Callable[[ClockInputs], datetime | None]
    fallback: str = ""
    """The fact anchor used when this one is not recorded (said in the note)."""


FACTS: dict[str, Fact] = {
    "awareness": Fact("awareness", "aware_at", lambda i: i.facts.aware_at),
    "incident_awareness": Fact(
        "awareness of the incident",
        "ict_incident.aware_at",
        lambda i: i.facts.ict_incident.aware_at,
        fallback="awareness",
    ),
    "detection": Fact("detection", "detected_at", lambda i: i.facts.detected_at),
    "controller_informed": Fact(
        "the controller's awareness (when the processor informed it)",
        "controller_informed_at",
        lambda i: i.facts.controller_informed_at,
    ),
    "high_risk": Fact(
        "the decision that the risk is high", "high_risk_at", lambda i: i.high_risk_at
    ),
    "major_classification": Fact(
        "classification as a major incident",
        "ict_incident.dora_major_at",
        lambda i: i.facts.ict_incident.dora_major_at,
    ),
    # issue 14: the services count the people told (letters, or a public notice)
    "people_told": Fact(
        "telling everyone concerned (letters to all the people affected, or a public notice)",
        "people_told_at",
        lambda i: i.people_told_at,
    ),
}


@dataclass(frozen=True, slots=True)
class Anchor:
    label: str
    at: datetime | None
    missing: str
    """How to say it has not happened."""
    note: str = ""
    """How it was found, when that took a choice (a fallback)."""
    key: str = ""
    """The incident-file key of a fact anchor; empty for filings."""


@dataclass(frozen=True, slots=True)
class Context:
    """One incident's inputs, prepared: its zone, the rules in force, filings by clock."""

    inputs: ClockInputs
    zone: tzinfo
    rules: dict[str, ClockRule]
    filings: dict[str, tuple[Filing, ...]]

    def anchor(self, name: str) -> Anchor:
        if name in FACTS:
            return self._fact(name)
        kind, _, clock_id = name.partition(":")
        rule = self.rules.get(clock_id)
        title = lower_first(rule.title if rule else clock_id)
        filed = self.filings.get(clock_id, ())
        if kind == "last_filing":
            return Anchor(
                f"the last filing of the {title}",
                filed[-1].at if filed else None,
                "which has not happened yet",
            )
        return Anchor(
            f"filing the {title}", filed[0].at if filed else None, "which has not happened yet"
        )

    def _fact(self, name: str) -> Anchor:
        fact = FACTS[name]
        at = fact.get(self.inputs)
        found = Anchor(fact.label, utc(at), f"which is not recorded yet ({fact.key})", key=fact.key)
        if at is not None or not fact.fallback:
            return found
        fallback = self._fact(fact.fallback)
        if fallback.at is None:
            return found
        note = (
            f"No time is recorded for {fact.label} ({fact.key}), so the clock runs from "
            f"{fallback.label} ({fallback.key}). If the incident was known earlier, record "
            f"{fact.key}: the deadline is then earlier too."
        )
        return Anchor(fallback.label, fallback.at, fallback.missing, note, fallback.key)


def utc(value: datetime | None) -> datetime | None:
    if value is None:
        return None
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError("time must be an aware datetime")
    return value.astimezone(UTC)


def lower_first(title: str) -> str:
    return title[:1].lower() + title[1:] if title[1:2].islower() else title
