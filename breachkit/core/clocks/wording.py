"""What a clock reading says about where it stands, in its own regime's words.

What to do once a clock is overdue, and whether a late filing must give its reasons,
come from the rule (``if_overdue``, ``late_reasons``): the GDPR asks for the reasons
for the delay (Art. 33(1)), DORA for an explanation to the competent authority
(Del. Reg. (EU) 2025/301 Art. 5(3)); NIS2 Art. 23 asks for neither. A recommended
time (an authority's guidance) is never called overdue or late.
"""

from __future__ import annotations

from datetime import datetime, timedelta, tzinfo

from breachkit.core.clocks.anchors import FACTS
from breachkit.core.clocks.due import Due
from breachkit.core.clocks.model import ClockState, Filing
from breachkit.core.clocks.rules import ClockRule
from breachkit.core.times import show, show_duration

FACT_FILING = "fact:"
"""Marks a clock met by a recorded fact (``met_by``) rather than by a filing."""


def note(due: Due, first: Filing | None, status: str) -> str:
    """The reading's note: how the due time was counted, then where the clock stands."""
    if first is not None and due.anchor.at is None and due.at is None:
        return (
            f"{status[:-1]}; {due.anchor.label} is not recorded, so whether it was on time "
            "cannot be told."
        )
    return f"{due.how} {status}".strip()


def status(
    rule: ClockRule,
    state: ClockState,
    due: Due,
    first: Filing | None,
    now: datetime,
    zone: tzinfo,
) -> str:
    """Where a legal clock stands at ``now``."""
    if first is not None:
        return _filed(rule, state, due.at, first, zone)
    if state is ClockState.PENDING and due.anchor.at is not None:
        return f"It starts {show(due.anchor.at, zone)}."
    if state is ClockState.OVERDUE and due.at is not None:
        if due.by_processor_anchor:
            return (
                f"Overdue by {span(now - due.at)}: this is the controller's deadline, counted "
                f"from {due.anchor.label}; the controller files and gives the reasons for "
                "the delay. Make sure it has everything it needs from you."
            )
        return f"Overdue by {span(now - due.at)}: {rule.if_overdue}."
    if due.at is not None:
        return f"{span(due.at - now)} left."
    if due.anchor.at is not None:
        return f"{show_duration(now - due.anchor.at)} since {due.anchor.label}."
    return ""


def recommended_status(
    rule: ClockRule, recommended: datetime | None, first: Filing | None, now: datetime, zone: tzinfo
) -> str:
    """Where a clock with a recommended time stands: never "overdue", never "late"."""
    by = rule.recommended_by
    if first is not None:
        when = f"Filed {show(first.at, zone)}"
        if recommended is None:
            return f"{when}."
        if first.at <= recommended:
            return f"{when}, within the time {by} recommends."
        return (
            f"{when}, {span(first.at - recommended)} after the time {by} recommends; "
            "not a legal deadline, so not late in law."
        )
    if recommended is None:
        return ""
    if now <= recommended:
        return (
            f"Recommended by {by} by {show(recommended, zone)} ({span(recommended - now)} "
            "left); not a legal deadline."
        )
    return (
        f"The time {by} recommends passed {span(now - recommended)} ago "
        f"({show(recommended, zone)}); not a legal deadline: {rule.if_overdue}."
    )


def _filed(
    rule: ClockRule, state: ClockState, due_at: datetime | None, first: Filing, zone: tzinfo
) -> str:
    when = f"Filed {show(first.at, zone)}"
    if first.clock_id.startswith(FACT_FILING):
        key = FACTS[first.clock_id.removeprefix(FACT_FILING)].key
        when = f"Done {show(first.at, zone)}, the time recorded as {key}"
    if due_at is None:
        return f"{when}."
    if first.at == due_at:
        return f"{when}, exactly at the deadline."
    if state is ClockState.MET:
        return f"{when}, {span(due_at - first.at)} before the deadline."
    late = f"{when}, {span(first.at - due_at)} after the deadline"
    if not rule.late_reasons:
        return f"{late}."
    if first.reasons_for_delay:
        return f"{late}; reasons for the delay are recorded."
    return f"{late}; the reasons for the delay must be given ({rule.late_reasons})."


def span(delta: timedelta) -> str:
    return "less than a minute" if delta < timedelta(minutes=1) else show_duration(delta)
