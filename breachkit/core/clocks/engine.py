"""The deadline clocks of a breach: GDPR Art. 33/34, NIS2 Art. 23, Reg. 611/2013, DORA.

``compute_clocks(inputs, rules, now)`` reads each applicable clock at ``now``. What a
clock counts from, how long it runs, under which article and who receives its filing is
data (a :class:`~breachkit.core.clocks.rules.RuleSet` parsed from
``breachkit/rules/clocks.toml``), chosen by the day of awareness in the incident's zone,
so a change of law is a new rule entry, not new code. What a clock counts from is in
:mod:`.anchors`, the due time in :mod:`.due`, the arithmetic in :mod:`.arithmetic`:

* hours are exact elapsed time (``--rule 1182-71`` starts them at the next full local
  hour, as Reg. 1182/71 Art. 3 counts; weekends and holidays never pause them);
* days and months are counted on the incident zone's wall clock (end-of-month clamp;
  a wall time that happens twice resolves to the earlier instant, one that does not
  exist to the moment the clocks jump).

States: ``pending`` (its anchor has not happened: no due time is invented), ``running``,
``due_soon`` (within the rule's ``due_soon_hours``), ``overdue``, ``met`` (filed by the
due time, or filed where there is no fixed period), ``met_late`` and ``recommended``
(an authority's recommended time, not law: never overdue, never late). Lateness is
frozen at the first filing for the clock; later filings are updates. Pure: no I/O,
``now`` is a parameter, every datetime is aware and kept in UTC.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

from breachkit.core.clocks import wording
from breachkit.core.clocks.anchors import Context
from breachkit.core.clocks.due import Due, due
from breachkit.core.clocks.ids import GDPR_ART33
from breachkit.core.clocks.model import (
    RULE_1182_71,
    RULE_STRICT,
    ClockInputs,
    ClockReading,
    ClockState,
    Filing,
)
from breachkit.core.clocks.rules import CLOCK_IDS, ClockRule, RuleSet, parse_rules
from breachkit.core.enums import Nis2Entity
from breachkit.core.errors import InputError, Problem
from breachkit.core.times import TimeValueError, load_zone

__all__ = [
    "CLOCK_IDS",
    "EXTRA_REGIMES",
    "RULE_1182_71",
    "RULE_STRICT",
    "ClockInputs",
    "ClockReading",
    "ClockRule",
    "ClockState",
    "Filing",
    "RuleSet",
    "compute_clocks",
    "filing_is_late",
    "parse_rules",
]

EXTRA_REGIMES = ("nis2", "eprivacy", "dora")
_INPUTS = "clock inputs"


# -- the engine -------------------------------------------------------------------------


def compute_clocks(inputs: ClockInputs, rules: RuleSet, now: datetime) -> list[ClockReading]:
    """Every clock that applies, read at ``now``: ``gdpr-art33`` first, then by due time."""
    now = _aware(now, "now")
    context = _context(inputs, rules)
    readings = [_read(rule, context, now) for rule in _applicable(context)]
    return sorted(readings, key=_order)


def filing_is_late(inputs: ClockInputs, rules: RuleSet, clock_id: str, at: datetime) -> bool:
    """Would a filing at ``at`` be a late first notification (so reasons must be given)?

    False when an earlier filing already stopped the clock (lateness is frozen at the
    first filing), when the clock has no due time or does not apply to this incident.
    """
    if clock_id not in CLOCK_IDS:
        raise InputError(
            Problem(
                _INPUTS,
                "clock_id",
                f"'{clock_id}' is not a clock (allowed: {' | '.join(CLOCK_IDS)})",
            )
        )
    at = _aware(at, "at")
    probe = replace(inputs, filings=(*inputs.filings, Filing(clock_id, at)))
    for reading in compute_clocks(probe, rules, at):
        if reading.id == clock_id:
            return reading.state is ClockState.MET_LATE and reading.filed_at == at
    return False


def _context(inputs: ClockInputs, rules: RuleSet) -> Context:
    if inputs.rule not in (RULE_STRICT, RULE_1182_71):
        raise InputError(
            Problem(
                _INPUTS,
                "rule",
                f"'{inputs.rule}' is not a counting rule (allowed: {RULE_STRICT} | {RULE_1182_71})",
            )
        )
    unknown = sorted(set(inputs.regimes) - set(EXTRA_REGIMES))
    if unknown:
        raise InputError(
            Problem(
                _INPUTS,
                "regimes",
                f"'{unknown[0]}' is not a regime (allowed: {' | '.join(EXTRA_REGIMES)})",
            )
        )
    try:
        zone = load_zone(inputs.facts.timezone)
    except TimeValueError as err:
        raise InputError(Problem(_INPUTS, "timezone", str(err))) from None
    aware = _aware(inputs.facts.aware_at, "aware_at")
    authority = inputs.organisation.lead_authority if inputs.organisation else ""
    in_force = rules.in_force(aware.astimezone(zone).date(), authority)
    filed: dict[str, list[Filing]] = {}
    for filing in inputs.filings:
        at = _aware(filing.at, f"filing {filing.clock_id}")
        filed.setdefault(filing.clock_id, []).append(replace(filing, at=at))
    by_clock = {cid: tuple(sorted(fs, key=lambda f: f.at)) for cid, fs in filed.items()}
    return Context(inputs, zone, in_force, by_clock)


def _applicable(context: Context) -> list[ClockRule]:
    inputs = context.inputs
    active = {"gdpr", *inputs.regimes}
    org = inputs.organisation
    if org is not None:
        active |= {
            name
            for name, on in (
                ("nis2", org.nis2 != Nis2Entity.NONE),
                ("eprivacy", org.eprivacy),
                ("dora", org.dora),
            )
            if on
        }
    role = inputs.facts.role.value
    return [
        rule
        for rule in context.rules.values()
        if rule.regime in active and (not rule.roles or role in rule.roles)
    ]


def _order(reading: ClockReading) -> tuple[bool, bool, datetime, int]:
    due = reading.due or datetime.max.replace(tzinfo=UTC)
    return reading.id != GDPR_ART33, reading.due is None, due, CLOCK_IDS.index(reading.id)


def _read(rule: ClockRule, context: Context, now: datetime) -> ClockReading:
    when = due(rule, context)
    first = _first_filing(rule, context)
    recommended = None
    if rule.recommended_by:
        recommended, when = when.at, replace(when, at=None)
        state = _recommended_state(when, first, now)
        status = wording.recommended_status(rule, recommended, first, now, context.zone)
    else:
        state = _state(when, first, now)
        status = wording.status(rule, state, when, first, now, context.zone)
    return ClockReading(
        id=rule.id,
        title=rule.title,
        basis=rule.basis,
        anchor=when.anchor.label,
        anchor_at=when.anchor.at,
        due=when.at,
        state=state,
        note=wording.note(when, first, status),
        filed_at=first.at if first else None,
        reference=first.reference if first else "",
        reasons_for_delay=first.reasons_for_delay if first else "",
        source=rule.source,
        recipient=rule.recipient.value,
        recommended_at=recommended,
        recommended_by=rule.recommended_by,
        late_reasons=rule.late_reasons,
    )


def _first_filing(rule: ClockRule, context: Context) -> Filing | None:
    candidates = list(context.filings.get(rule.id, ()))
    if rule.met_by:
        fact = context.anchor(rule.met_by)
        if fact.at is not None:
            candidates.append(Filing(wording.FACT_FILING + rule.met_by, fact.at))
    return min(candidates, key=lambda f: f.at, default=None)


def _state(due: Due, first: Filing | None, now: datetime) -> ClockState:
    if first is not None:
        late = due.at is not None and first.at > due.at
        return ClockState.MET_LATE if late else ClockState.MET
    if due.at is None:
        return ClockState.PENDING if due.anchor.at is None else ClockState.RUNNING
    if due.anchor.at is not None and now < due.anchor.at:
        return ClockState.PENDING
    if now > due.at:
        return ClockState.OVERDUE
    return ClockState.DUE_SOON if due.at - now <= due.soon else ClockState.RUNNING


def _recommended_state(due: Due, first: Filing | None, now: datetime) -> ClockState:
    """A recommendation is met by any filing and otherwise open: never overdue or late."""
    if first is not None:
        return ClockState.MET
    if due.anchor.at is None or now < due.anchor.at:
        return ClockState.PENDING
    return ClockState.RECOMMENDED


# -- helpers ----------------------------------------------------------------------------


def _aware(value: datetime, name: str) -> datetime:
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(f"{name} must be an aware datetime")
    return value.astimezone(UTC)
