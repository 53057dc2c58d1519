"""The values the clock engine takes and gives: filings, inputs, readings and states.

Re-exported by :mod:`breachkit.core.clocks.engine`; import them from there.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from typing import TYPE_CHECKING

from breachkit.core.clocks.ids import RULE_1182_71 as RULE_1182_71
from breachkit.core.clocks.ids import RULE_STRICT as RULE_STRICT
from breachkit.core.incident.model import IncidentFacts

if TYPE_CHECKING:  # a deadline without an incident needs no profile (start-up)
    from breachkit.core.organisation.profile import Organisation


class ClockState(StrEnum):
    PENDING = "pending"
    RUNNING = "running"
    DUE_SOON = "due_soon"
    OVERDUE = "overdue"
    MET = "met"
    MET_LATE = "met_late"
    RECOMMENDED = "recommended"
    """Open, with a time an authority recommends but the law does not set: never overdue."""


@dataclass(frozen=True, slots=True)
class Filing:
    """A notification or report sent for a clock (the first one stops the clock)."""

    clock_id: str
    at: datetime
    reference: str = ""
    reasons_for_delay: str = ""


@dataclass(frozen=True, slots=True)
class ClockInputs:
    """Everything a clock reading depends on, apart from ``now``."""

    facts: IncidentFacts
    organisation: Organisation | None = None
    rule: str = RULE_STRICT
    """``strict`` (awareness + elapsed hours) or ``1182-71`` (Reg. 1182/71 Art. 3)."""
    regimes: frozenset[str] = frozenset()
    """Extra regimes asked for on top of the profile's: ``nis2``, ``eprivacy``, ``dora``."""
    filings: tuple[Filing, ...] = ()
    high_risk_at: datetime | None = None
    people_told_at: datetime | None = None
    """When everyone to be told had been told (letters to all the people affected, or a
    public notice): the services count it (issue 14) and the Art. 34 clock is met by it."""


@dataclass(frozen=True, slots=True)
class ClockReading:
    """One clock as it stands at ``now``."""

    id: str
    title: str
    basis: str
    anchor: str
    anchor_at: datetime | None
    due: datetime | None
    state: ClockState
    note: str
    filed_at: datetime | None = None
    reference: str = ""
    reasons_for_delay: str = ""
    source: str = ""
    recipient: str = ""
    """Who receives the filing (:class:`~breachkit.core.clocks.ids.Recipient` value)."""
    recommended_at: datetime | None = None
    """The time an authority recommends (``recommended`` clocks); never a deadline."""
    recommended_by: str = ""
    late_reasons: str = ""
    """The rule that a late first filing gives its reasons; empty when none applies."""

    def time_left(self, now: datetime) -> timedelta | None:
        """``due - now`` (negative when overdue); None without a due time."""
        return None if self.due is None else self.due - now

    def elapsed(self, now: datetime) -> timedelta | None:
        """Time since the anchor; None when not anchored."""
        return None if self.anchor_at is None else now - self.anchor_at

    @property
    def lateness(self) -> timedelta | None:
        """How late the first filing was (``met_late`` only)."""
        if self.state is ClockState.MET_LATE and self.due and self.filed_at:
            return self.filed_at - self.due
        return None

    @property
    def early_by(self) -> timedelta | None:
        """How early the first filing was (``met`` with a due time only)."""
        if self.state is ClockState.MET and self.due and self.filed_at:
            return self.due - self.filed_at
        return None
