"""When a clock is due, from what, and how that was counted (one rule, one incident).

The due time is the anchor plus the rule's period (:mod:`.arithmetic`), or the
contract's window, or none at all ("without undue delay"). A cap ("and no later than
24 hours from awareness") brings it forward — but only while the anchor itself comes
before the cap's time: a deadline never precedes its own trigger, which is what
Del. Reg. (EU) 2025/301 Art. 5(2) says for an ICT-related incident classified as major
more than 24 hours after it became known (then the 4 hours run from classification).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta, tzinfo

from breachkit.core.clocks.anchors import Anchor, Context
from breachkit.core.clocks.arithmetic import add_calendar, add_hours, start_1182_71
from breachkit.core.clocks.model import RULE_1182_71
from breachkit.core.clocks.rules import ClockRule, Offset
from breachkit.core.enums import Role
from breachkit.core.times import show


@dataclass(frozen=True, slots=True)
class Due:
    anchor: Anchor
    at: datetime | None
    how: str
    soon: timedelta
    by_processor_anchor: bool = False
    """The clock is someone else's deadline seen by a processor (the controller's)."""


def due(rule: ClockRule, context: Context) -> Due:
    """When ``rule``'s clock is due for this incident, and how that was counted."""
    anchor, prefix, processor = _start(rule, context)
    cap = context.anchor(rule.cap_anchor) if rule.cap_anchor else None
    if anchor.at is None:
        return _unanchored(rule, anchor, cap, context)
    at, how = _primary(rule, anchor.label, anchor.at, context)
    soon = timedelta(hours=rule.due_soon_hours)
    if cap is not None and cap.at is not None and rule.cap_offset and at is not None:
        capped, _ = add(cap.at, rule.cap_offset, context.zone)
        prefix = " ".join(n for n in (prefix, cap.note) if n)
        if anchor.at > capped:
            how += (
                f" {_upper_first(anchor.label)} came after the limit of {rule.cap_offset} "
                f"after {cap.label} ({show(capped, context.zone)}), so the {rule.offset} "
                f"run from it alone ({rule.basis})."
            )
        elif capped < at:
            how = (
                f"Due {rule.cap_offset} after {cap.label}, which comes before "
                f"{rule.offset} after {anchor.label}."
            )
            return Due(anchor, capped, f"{prefix} {how}".strip(), _cap_soon(rule), processor)
        else:
            how += f" That is within the limit of {rule.cap_offset} after {cap.label}."
    return Due(anchor, at, f"{prefix} {how}".strip(), soon, processor)


def _start(rule: ClockRule, context: Context) -> tuple[Anchor, str, bool]:
    """The anchor (the processor's one for processors; the fallback when missing)."""
    processor = context.inputs.facts.role is Role.PROCESSOR and bool(rule.processor_anchor)
    anchor = context.anchor(rule.processor_anchor if processor else rule.anchor)
    if anchor.at is None and rule.fallback_anchor:
        fallback = context.anchor(rule.fallback_anchor)
        if fallback.at is not None:
            return (
                fallback,
                f"No {anchor.label} time is recorded, so the clock runs from {fallback.label}.",
                processor,
            )
    return anchor, anchor.note, processor


def _unanchored(rule: ClockRule, anchor: Anchor, cap: Anchor | None, context: Context) -> Due:
    """Not anchored: pending — unless a cap (e.g. 24 h after awareness) already runs."""
    soon = timedelta(hours=rule.due_soon_hours)
    capped = None
    if cap is not None and cap.at is not None and rule.cap_offset:
        capped, _ = add(cap.at, rule.cap_offset, context.zone)
    if rule.applies_if:
        how = (
            f"Applies only if {rule.applies_if}: {anchor.label} is not recorded yet "
            f"({anchor.key or anchor.missing})."
        )
        if rule.offset is not None:
            how += f" Once it is, the clock runs {rule.offset} from it"
            if capped is not None and cap is not None:
                how += (
                    f", and at the latest until {show(capped, context.zone)} "
                    f"({rule.cap_offset} after {cap.label}) if that comes first"
                )
            how += "."
        notes = " ".join(n for n in (cap.note if cap else "", how) if n)
        return Due(anchor, None, notes, soon)
    if capped is not None and cap is not None and rule.offset:
        how = (
            f"Due at the latest {rule.cap_offset} after {cap.label}; {anchor.label} "
            f"would bring it to {rule.offset} after that, if earlier."
        )
        return Due(cap, capped, f"{cap.note} {how}".strip(), _cap_soon(rule))
    return Due(anchor, None, f"Not started: it runs from {anchor.label}, {anchor.missing}.", soon)


def _cap_soon(rule: ClockRule) -> timedelta:
    return timedelta(hours=rule.cap_due_soon_hours or rule.due_soon_hours)


def _primary(
    rule: ClockRule, label: str, start_at: datetime, context: Context
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
    at, note = add(start_at, rule.offset, context.zone)
    if rule.offset.unit == "hours":
        counted = "counted as elapsed time: nights, weekends and holidays do not pause it."
        counted += _dst_note(start_at, at, context.zone)
    else:
        counted = (
            f"counted in calendar {rule.offset.unit} on the wall clock of "
            f"{context.inputs.facts.timezone}."
        )
    if rule.recommended_by:
        how = (
            f"No legal deadline: {rule.duty}. {_upper_first(rule.recommended_by)} recommends "
            f"it within {rule.offset} after {label}, {counted}"
        )
    else:
        how = f"Due {rule.offset} after {label}, {counted}"
    return at, f"{how} {note}".strip()


def add(at: datetime, offset: Offset, zone: tzinfo) -> tuple[datetime, str]:
    if offset.unit == "hours":
        return add_hours(at, offset.amount), ""
    if offset.unit == "days":
        shifted = add_calendar(at, zone, days=offset.amount)
    else:
        shifted = add_calendar(at, zone, months=offset.amount)
    return shifted.instant, shifted.note


def _dst_note(start: datetime, end: datetime, zone: tzinfo) -> str:
    begin, finish = start.astimezone(zone), end.astimezone(zone)
    if begin.utcoffset() == finish.utcoffset():
        return ""
    return (
        f" The clocks change in between, so the deadline shows {finish:%H:%M} on the wall "
        f"clock, not {begin:%H:%M}."
    )


def _upper_first(text: str) -> str:
    return text[:1].upper() + text[1:]
