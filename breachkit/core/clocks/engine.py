"""The deadline clocks of a breach: GDPR Art. 33/34, NIS2 Art. 23, Reg. 611/2013, DORA.

``compute_clocks(inputs, rules, now)`` reads each applicable clock at ``now``. What a
clock counts from, how long it runs and under which article is data (a
:class:`~breachkit.core.clocks.rules.RuleSet` parsed from ``breachkit/rules/clocks.toml``),
chosen by the day of awareness in the incident's zone, so a change of law is a new rule
entry, not new code. The arithmetic is in :mod:`breachkit.core.clocks.arithmetic`:

* hours are exact elapsed time (``--rule 1182-71`` starts them at the next full local
  hour, as Reg. 1182/71 Art. 3 counts; weekends and holidays never pause them);
* days and months are counted on the incident zone's wall clock (end-of-month clamp;
  a wall time that happens twice resolves to the earlier instant, one that does not
  exist to the moment the clocks jump).

States: ``pending`` (its anchor has not happened: no due time is invented), ``running``,
``due_soon`` (within the rule's ``due_soon_hours``), ``overdue``, ``met`` (filed by the
due time, or filed where there is no fixed period) and ``met_late``. Lateness is frozen
at the first filing for the clock; later filings are updates. Pure: no I/O, ``now`` is a
parameter, every datetime is aware and kept in UTC.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta, tzinfo

from breachkit.core.clocks.arithmetic import add_calendar, add_hours, start_1182_71
from breachkit.core.clocks.model import (
    RULE_1182_71,
    RULE_STRICT,
    ClockInputs,
    ClockReading,
    ClockState,
    Filing,
)
from breachkit.core.clocks.rules import CLOCK_IDS, ClockRule, Offset, RuleSet, parse_rules
from breachkit.core.enums import Nis2Entity, Role
from breachkit.core.errors import InputError, Problem
from breachkit.core.times import TimeValueError, load_zone, show, show_duration

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
_FACT_FILING = "fact:"
"""Marks a clock met by a recorded fact (``met_by``) rather than by a filing."""


# -- anchors ----------------------------------------------------------------------------

_FACTS: dict[str, tuple[str, str, Callable[[ClockInputs], datetime | None]]] = {
    "awareness": ("awareness", "aware_at", lambda i: i.facts.aware_at),
    "detection": ("detection", "detected_at", lambda i: i.facts.detected_at),
    "controller_informed": (
        "the controller's awareness (when the processor informed it)",
        "controller_informed_at",
        lambda i: i.facts.controller_informed_at,
    ),
    "high_risk": ("the decision that the risk is high", "high_risk_at", lambda i: i.high_risk_at),
    "major_classification": (
        "classification as a major incident",
        "dora_major_at",
        lambda i: i.dora_major_at,
    ),
}


@dataclass(frozen=True, slots=True)
class _Anchor:
    label: str
    at: datetime | None
    missing: str
    """How to say it has not happened."""


@dataclass(frozen=True, slots=True)
class _Context:
    inputs: ClockInputs
    zone: tzinfo
    rules: dict[str, ClockRule]
    filings: dict[str, tuple[Filing, ...]]

    def anchor(self, name: str) -> _Anchor:
        if name in _FACTS:
            label, field, get = _FACTS[name]
            at = get(self.inputs)
            return _Anchor(label, _utc(at), f"which is not recorded yet ({field})")
        kind, _, clock_id = name.partition(":")
        rule = self.rules.get(clock_id)
        title = _lower_first(rule.title if rule else clock_id)
        filed = self.filings.get(clock_id, ())
        if kind == "last_filing":
            return _Anchor(
                f"the last filing of the {title}",
                filed[-1].at if filed else None,
                "which has not happened yet",
            )
        return _Anchor(
            f"filing the {title}", filed[0].at if filed else None, "which has not happened yet"
        )


@dataclass(frozen=True, slots=True)
class _Due:
    anchor: _Anchor
    at: datetime | None
    how: str
    soon: timedelta


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


def _context(inputs: ClockInputs, rules: RuleSet) -> _Context:
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
    return _Context(inputs, zone, in_force, by_clock)


def _applicable(context: _Context) -> list[ClockRule]:
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
    return reading.id != "gdpr-art33", reading.due is None, due, CLOCK_IDS.index(reading.id)


def _read(rule: ClockRule, context: _Context, now: datetime) -> ClockReading:
    due = _due(rule, context)
    first = _first_filing(rule, context)
    state = _state(due, first, now)
    status = _status(state, due, first, now, context.zone)
    return ClockReading(
        id=rule.id,
        title=rule.title,
        basis=rule.basis,
        anchor=due.anchor.label,
        anchor_at=due.anchor.at,
        due=due.at,
        state=state,
        note=_note(due, first, status),
        filed_at=first.at if first else None,
        reference=first.reference if first else "",
        reasons_for_delay=first.reasons_for_delay if first else "",
        source=rule.source,
    )


def _due(rule: ClockRule, context: _Context) -> _Due:
    """When the clock is due, from what, and how that was counted."""
    anchor, prefix = _start(rule, context)
    cap = context.anchor(rule.cap_anchor) if rule.cap_anchor else None
    if anchor.at is None:
        return _unanchored(rule, anchor, cap, context)
    due, how = _primary(rule, anchor.label, anchor.at, context)
    if cap is not None and cap.at is not None and rule.cap_offset and due is not None:
        capped, _ = _add(cap.at, rule.cap_offset, context.zone)
        if capped < due:
            how = (
                f"Due {rule.cap_offset} after {cap.label}, which comes before "
                f"{rule.offset} after {anchor.label}."
            )
            return _Due(anchor, capped, f"{prefix} {how}".strip(), _cap_soon(rule))
        how += f" That is within the limit of {rule.cap_offset} after {cap.label}."
    return _Due(anchor, due, f"{prefix} {how}".strip(), timedelta(hours=rule.due_soon_hours))


def _start(rule: ClockRule, context: _Context) -> tuple[_Anchor, str]:
    """The anchor (the processor's one for processors; the fallback when missing)."""
    processor = context.inputs.facts.role is Role.PROCESSOR
    anchor = context.anchor(
        rule.processor_anchor if processor and rule.processor_anchor else rule.anchor
    )
    if anchor.at is None and rule.fallback_anchor:
        fallback = context.anchor(rule.fallback_anchor)
        if fallback.at is not None:
            return fallback, (
                f"No {anchor.label} time is recorded, so the clock runs from {fallback.label}."
            )
    return anchor, ""


def _unanchored(rule: ClockRule, anchor: _Anchor, cap: _Anchor | None, context: _Context) -> _Due:
    """Not anchored: pending, unless a cap (e.g. 24 h after awareness) already runs."""
    if cap is not None and cap.at is not None and rule.cap_offset and rule.offset:
        due, _ = _add(cap.at, rule.cap_offset, context.zone)
        how = (
            f"Due at the latest {rule.cap_offset} after {cap.label}; {anchor.label} "
            f"would bring it to {rule.offset} after that, if earlier."
        )
        return _Due(cap, due, how, _cap_soon(rule))
    return _Due(
        anchor,
        None,
        f"Not started: it runs from {anchor.label}, {anchor.missing}.",
        timedelta(hours=rule.due_soon_hours),
    )


def _cap_soon(rule: ClockRule) -> timedelta:
    return timedelta(hours=rule.cap_due_soon_hours or rule.due_soon_hours)


def _primary(
    rule: ClockRule, label: str, start_at: datetime, context: _Context
) -> tuple[datetime | None, str]:
    """The due time from the rule's own anchor and period, and how it was counted."""
    org = context.inputs.organisation
    window = org.notify_controller_within_hours if org else None
    if rule.contractual_window and window is not None:
        return (
            add_hours(start_at, window),
            f"Due {window:g} hours after {label}: the contractual window in the "
            f"organisation profile (the law says {rule.duty}).",
        )
    if rule.offset is None:
        return None, f"No fixed period: {rule.duty}."
    if rule.option_1182_71 and context.inputs.rule == RULE_1182_71:
        start = start_1182_71(start_at, context.zone)
        return (
            add_hours(start, rule.offset.amount),
            f"Due {rule.offset} after the start of the first full hour after "
            f"{label} ({show(start, context.zone)}), as Reg. 1182/71 Art. 3 counts: "
            "the hour in which it happened is not counted, and weekends and holidays do "
            "not pause it."
            + _dst_note(start, start + timedelta(hours=rule.offset.amount), context.zone),
        )
    at, note = _add(start_at, rule.offset, context.zone)
    if rule.offset.unit == "hours":
        how = (
            f"Due {rule.offset} after {label}, counted as elapsed time: nights, "
            "weekends and holidays do not pause it." + _dst_note(start_at, at, context.zone)
        )
    else:
        how = (
            f"Due {rule.offset} after {label}, counted in calendar {rule.offset.unit} "
            f"on the wall clock of {context.inputs.facts.timezone}."
        )
    return at, f"{how} {note}".strip()


def _add(at: datetime, offset: Offset, zone: tzinfo) -> tuple[datetime, str]:
    if offset.unit == "hours":
        return add_hours(at, offset.amount), ""
    if offset.unit == "days":
        shifted = add_calendar(at, zone, days=offset.amount)
    else:
        shifted = add_calendar(at, zone, months=offset.amount)
    return shifted.instant, shifted.note


def _dst_note(start: datetime, due: datetime, zone: tzinfo) -> str:
    begin, end = start.astimezone(zone), due.astimezone(zone)
    if begin.utcoffset() == end.utcoffset():
        return ""
    return (
        f" The clocks change in between, so the deadline shows {end:%H:%M} on the wall "
        f"clock, not {begin:%H:%M}."
    )


def _note(due: _Due, first: Filing | None, status: str) -> str:
    if first is not None and due.anchor.at is None and due.at is None:
        return (
            f"{status[:-1]}; {due.anchor.label} is not recorded, so whether it was on time "
            "cannot be told."
        )
    return f"{due.how} {status}".strip()


def _first_filing(rule: ClockRule, context: _Context) -> Filing | None:
    candidates = list(context.filings.get(rule.id, ()))
    if rule.met_by:
        fact = context.anchor(rule.met_by)
        if fact.at is not None:
            candidates.append(Filing(_FACT_FILING + rule.met_by, fact.at))
    return min(candidates, key=lambda f: f.at, default=None)


def _state(due: _Due, first: Filing | None, now: datetime) -> ClockState:
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


def _status(state: ClockState, due: _Due, first: Filing | None, now: datetime, zone: tzinfo) -> str:
    due_at = due.at
    if first is not None:
        when = f"Filed {show(first.at, zone)}"
        if first.clock_id.startswith(_FACT_FILING):
            field = _FACTS[first.clock_id.removeprefix(_FACT_FILING)][1]
            when = f"Done {show(first.at, zone)}, the time recorded as {field}"
        if due_at is None:
            return f"{when}."
        if first.at == due_at:
            return f"{when}, exactly at the deadline."
        if state is ClockState.MET:
            return f"{when}, {_span(due_at - first.at)} before the deadline."
        reasons = (
            "reasons for the delay are recorded"
            if first.reasons_for_delay
            else "the reasons for the delay must be given"
        )
        return f"{when}, {_span(first.at - due_at)} after the deadline; {reasons}."
    if state is ClockState.PENDING and due.anchor.at is not None:
        return f"It starts {show(due.anchor.at, zone)}."
    if state is ClockState.OVERDUE and due_at is not None:
        return f"Overdue by {_span(now - due_at)}: file now and give the reasons for the delay."
    if due_at is not None:
        return f"{_span(due_at - now)} left."
    if due.anchor.at is not None:
        return f"{show_duration(now - due.anchor.at)} since {due.anchor.label}."
    return ""


# -- helpers ----------------------------------------------------------------------------


def _aware(value: datetime, name: str) -> datetime:
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(f"{name} must be an aware datetime")
    return value.astimezone(UTC)


def _utc(value: datetime | None) -> datetime | None:
    return None if value is None else _aware(value, "time")


def _span(delta: timedelta) -> str:
    return "less than a minute" if delta < timedelta(minutes=1) else show_duration(delta)


def _lower_first(title: str) -> str:
    return title[:1].lower() + title[1:] if title[1:2].islower() else title
