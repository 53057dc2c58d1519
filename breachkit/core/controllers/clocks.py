"""One notice clock per controller (GDPR Art. 33(2)), from the processor's awareness (pure).

Each controller's clock starts when the processor became aware and runs for that
controller's contract window (its row's ``window_hours``, else the profile's
``[processor] notify_controller_within_hours``); without a window the law's "without
undue delay" stands and there is no fixed deadline. Hours are exact elapsed time (a change
of the clocks moves the deadline on the wall clock, not in real time). The clock is met
by the first notice recorded for that controller; a complementary notice (Art. 33(4):
new facts) does not restart it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from breachkit.core.clocks.arithmetic import add_hours
from breachkit.core.controllers.model import Controller, from_document
from breachkit.core.text import counted

DUE_SOON = timedelta(hours=6)
NOTIFIED = "notified"
ACKNOWLEDGED = "acknowledged"


@dataclass(frozen=True, slots=True)
class ControllerEvent:
    """A controller told (``notified``) or acknowledging, as the chain records it."""

    controller: str
    event: str
    at: datetime
    reference: str = ""
    complementary: bool = False


@dataclass(frozen=True, slots=True)
class ControllerClock:
    controller: Controller
    window_hours: float | None
    due: datetime | None
    """None: no contract window ("without undue delay")."""
    notified_at: datetime | None
    reference: str
    acknowledged_at: datetime | None
    complementary: tuple[datetime, ...]

    @property
    def late(self) -> bool:
        """Told after its window closed."""
        return self.due is not None and self.notified_at is not None and self.notified_at > self.due

    def state(self, now: datetime) -> str:
        """``acknowledged``, ``told``, ``overdue``, ``due soon``, ``running`` or ``no deadline``."""
        if self.notified_at is not None:
            return ACKNOWLEDGED if self.acknowledged_at is not None else "told"
        if self.due is None:
            return "no deadline"
        if now > self.due:
            return "overdue"
        return "due soon" if self.due - now <= DUE_SOON else "running"

    def time_left(self, now: datetime) -> timedelta | None:
        return None if self.due is None or self.notified_at is not None else self.due - now


@dataclass(frozen=True, slots=True)
class ControllerCounts:
    total: int
    told: int
    acknowledged: int
    overdue: int
    told_late: int

    def document(self) -> dict[str, int]:
        return {
            "controllers": self.total,
            "told": self.told,
            "acknowledged": self.acknowledged,
            "overdue": self.overdue,
            "told_late": self.told_late,
        }


def merge_lists(lists: Iterable[Iterable[Mapping[str, Any]]]) -> tuple[Controller, ...]:
    """The controllers of every file read, in order; a later row replaces one with its id."""
    merged: dict[str, Controller] = {}
    for controllers in lists:
        for document in controllers:
            controller = from_document(document)
            merged.pop(controller.id, None)
            merged[controller.id] = controller
    return tuple(merged.values())


def controller_clocks(
    controllers: Iterable[Controller],
    events: Iterable[ControllerEvent],
    aware_at: datetime | None,
    default_window: float | None,
) -> tuple[ControllerClock, ...]:
    """Each controller's clock, in the order given."""
    told: dict[str, ControllerEvent] = {}
    later: dict[str, list[datetime]] = {}
    acknowledged: dict[str, datetime] = {}
    for event in sorted(events, key=lambda e: e.at):
        if event.event == NOTIFIED:
            if event.controller in told:
                later.setdefault(event.controller, []).append(event.at)
            else:
                told[event.controller] = event
        elif event.event == ACKNOWLEDGED:
            acknowledged.setdefault(event.controller, event.at)
    out = []
    for controller in controllers:
        window = controller.window_hours if controller.window_hours is not None else default_window
        due = add_hours(aware_at, window) if aware_at is not None and window is not None else None
        first = told.get(controller.id)
        out.append(
            ControllerClock(
                controller,
                window,
                due,
                first.at if first else None,
                first.reference if first else "",
                acknowledged.get(controller.id),
                tuple(later.get(controller.id, ())),
            )
        )
    return tuple(out)


def count(clocks: Iterable[ControllerClock], now: datetime) -> ControllerCounts:
    states = [(c, c.state(now)) for c in clocks]
    return ControllerCounts(
        total=len(states),
        told=sum(1 for c, _ in states if c.notified_at is not None),
        acknowledged=sum(1 for _, s in states if s == ACKNOWLEDGED),
        overdue=sum(1 for _, s in states if s == "overdue"),
        told_late=sum(1 for c, _ in states if c.late),
    )


def told_summary(counts: ControllerCounts) -> str:
    """``3 of 5 controllers told (2 acknowledged; 1 overdue)``, for reports and registers."""
    notes = [f"{counts.acknowledged} acknowledged"]
    if counts.told_late:
        notes.append(f"{counts.told_late} told after their window")
    if counts.overdue:
        notes.append(f"{counts.overdue} overdue")
    return f"{counts.told} of {counts.total} controllers told ({'; '.join(notes)})"


def told_lines(
    clocks: Iterable[ControllerClock], now: datetime, show: Callable[[datetime], str]
) -> tuple[str, ...]:
    """One line per controller: when it was told and acknowledged, or its deadline."""
    out = []
    for clock in clocks:
        c = clock.controller
        line = f"{c.id} {c.name}: "
        if clock.notified_at is not None:
            line += f"told {show(clock.notified_at)}"
            line += f", reference {clock.reference}" if clock.reference else ""
            line += " (after its window)" if clock.late else ""
            if clock.acknowledged_at is not None:
                line += f"; acknowledged {show(clock.acknowledged_at)}"
            else:
                line += "; not acknowledged yet"
            if clock.complementary:
                line += f"; {counted(len(clock.complementary), 'complementary notice')}"
        elif clock.due is not None:
            line += f"not told yet; due {show(clock.due)}"
            line += " (overdue)" if clock.state(now) == "overdue" else ""
        else:
            line += "not told yet (no contract window: without undue delay)"
        out.append(line)
    return tuple(out)
