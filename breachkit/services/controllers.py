"""Use-cases of a processor's breach: its controllers, their clocks, who was told.

The controllers file is read (adapters), checked (core) and put on the chain as a
``controllers.load`` record; each notice sent and each acknowledgment is a
``controller.notified`` / ``controller.acknowledged`` record. The tables
``controller_lists`` and ``controller_events`` are their projections (docs/timeline.md).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from breachkit.adapters.controllers_csv import load_controllers
from breachkit.core.controllers.clocks import (
    ACKNOWLEDGED,
    NOTIFIED,
    ControllerClock,
    ControllerCounts,
    ControllerEvent,
    controller_clocks,
    count,
    merge_lists,
    told_lines,
    told_summary,
)
from breachkit.core.controllers.model import Controller
from breachkit.core.enums import EntryKind, Role
from breachkit.core.errors import InputError, Problem
from breachkit.core.incident.chronology import Awareness, filing_problems
from breachkit.core.letters.people import BadRow
from breachkit.core.text import require_line
from breachkit.core.timeline.chain import EntryContent, TimelineEntry
from breachkit.core.timeline.changes import (
    ControllerAcknowledged,
    ControllerNotified,
    ControllersLoaded,
)
from breachkit.core.times import from_storage, show, utc_iso
from breachkit.services.base import Part, reads_once
from breachkit.services.views import IncidentView
from breachkit.store.incidents import IncidentRow
from breachkit.store.unit import Repositories


@dataclass(frozen=True, slots=True)
class LoadedControllers:
    """A controllers file read for an incident (recorded unless it was already)."""

    path: Path
    sha256: str
    controllers: tuple[Controller, ...]
    bad_rows: tuple[BadRow, ...]
    entry_seq: int | None
    """The ``controllers.load`` entry; None when this very file was already the last read."""


@dataclass(frozen=True, slots=True)
class ControllerBoard:
    """Every controller's clock and the counts, as of ``now``."""

    clocks: tuple[ControllerClock, ...]
    counts: ControllerCounts
    now: datetime


class ControllerServices(Part):
    def load_controllers(self, incident_id: str, path: Path) -> LoadedControllers:
        """Read a controllers file and record it on the incident's timeline."""
        read = load_controllers(path)
        good = read.read.controllers
        with self.store.transaction() as tx:
            view = self._processor_view(tx.incidents.get(incident_id))
            lists = tx.controller_lists.rows(view.id)
            if lists and lists[-1].sha256 == read.sha256:
                return LoadedControllers(path, read.sha256, good, read.read.bad_rows, None)
            now = self.clock.now()
            text = (
                f"Controllers file {path.name} read (SHA-256 {read.sha256}): "
                f"{len(good)} controller(s) to tell"
            )
            if read.read.bad_rows:
                text += f"; {len(read.read.bad_rows)} row(s) could not be used"
            change = ControllersLoaded(
                file=path.name,
                sha256=read.sha256,
                controllers=tuple(c.document() for c in good),
                bad_rows=len(read.read.bad_rows),
            )
            content = EntryContent(
                EntryKind.SYSTEM, text, utc_iso(now), utc_iso(now), self.actor, change.links()
            )
            entry = tx.record(view.id, content)
        return LoadedControllers(path, read.sha256, good, read.read.bad_rows, entry.seq)

    def _processor_view(self, row: IncidentRow) -> IncidentView:
        view = self.services.incident_part.view_of(row)
        if view.facts.role is not Role.PROCESSOR:
            raise InputError(
                Problem(
                    view.id,
                    "role",
                    f"the incident's role is {view.facts.role.value}: controllers are told by "
                    f"a processor (breachkit set {view.id} role processor)",
                )
            )
        return view

    def controllers(self, incident_id: str) -> tuple[Controller, ...]:
        """The controllers of every file read for the incident (a later row wins)."""
        view = self.services.incident(incident_id)
        return merge_lists(r.controllers for r in self.store.controller_lists.rows(view.id))

    def controller_events(self, incident_id: str) -> tuple[ControllerEvent, ...]:
        return tuple(
            ControllerEvent(r.controller, r.event, from_storage(r.at), r.reference, r.complementary)
            for r in self.store.controller_events.rows(incident_id)
        )

    @reads_once
    def controller_board(self, incident_id: str) -> ControllerBoard:
        """Each controller's notice clock (its window from the processor's awareness)."""
        view = self.services.incident(incident_id)
        org = self.incident_organisation(view.organisation)[0]
        window = org.notify_controller_within_hours if org else None
        return board_of(self.store, view, window, self.clock.now())

    def record_controller_notified(
        self, incident_id: str, controller_id: str, *, at: str | datetime, reference: str = ""
    ) -> TimelineEntry:
        """Record that a notice was sent to one controller (a later one is complementary)."""
        with self.store.transaction() as tx:
            view = self._processor_view(tx.incidents.get(incident_id))
            controller = self._known(view, controller_id)
            when = self._event_time(view, at, "notified")
            reference = require_line(reference, "notified", "reference").strip()
            events = [e for e in self.controller_events(view.id) if e.controller == controller.id]
            complementary = any(e.event == NOTIFIED for e in events)
            what = "Complementary notice" if complementary else "Notice"
            text = f"{what} sent to controller {controller.name} ({controller.id}) at " + show(
                when, view.zone
            )
            text += f", reference {reference}" if reference else ""
            change = ControllerNotified(controller.id, reference, complementary)
            content = EntryContent(
                EntryKind.NOTIFICATION,
                text,
                utc_iso(when),
                utc_iso(self.clock.now()),
                self.actor,
                change.links(),
            )
            return tx.record(view.id, content)

    def record_controller_acknowledged(
        self, incident_id: str, controller_id: str, *, at: str | datetime
    ) -> TimelineEntry:
        """Record that a controller acknowledged the notice (it must have been told)."""
        with self.store.transaction() as tx:
            view = self._processor_view(tx.incidents.get(incident_id))
            controller = self._known(view, controller_id)
            when = self._event_time(view, at, "acknowledged")
            told = [
                e.at
                for e in self.controller_events(view.id)
                if e.controller == controller.id and e.event == NOTIFIED
            ]
            if not told or when < min(told):
                why = (
                    "no notice to it is recorded (breachkit notified ID --controller CID)"
                    if not told
                    else f"that is before it was told ({show(min(told), view.zone)})"
                )
                raise InputError(
                    Problem("acknowledged", "at", f"controller {controller.id}: {why}")
                )
            text = f"Controller {controller.name} ({controller.id}) acknowledged the notice at "
            change = ControllerAcknowledged(controller.id)
            content = EntryContent(
                EntryKind.COMMUNICATION,
                text + show(when, view.zone),
                utc_iso(when),
                utc_iso(self.clock.now()),
                self.actor,
                change.links(),
            )
            return tx.record(view.id, content)

    def _known(self, view: IncidentView, controller_id: str) -> Controller:
        controllers = merge_lists(r.controllers for r in self.store.controller_lists.rows(view.id))
        found = next((c for c in controllers if c.id == controller_id.strip()), None)
        if found is None:
            known = ", ".join(c.id for c in controllers[:10]) or "none: read a controllers file"
            raise InputError(
                Problem(
                    "--controller",
                    None,
                    f"'{controller_id}' is not a controller of {view.id} (known: {known})",
                )
            )
        return found

    def _event_time(self, view: IncidentView, at: str | datetime, command: str) -> datetime:
        when = self.services.incident_change_part.instant(at, view.zone, "at")
        awareness = Awareness("aware_at", view.facts.aware_at)
        problems = filing_problems(when, self.clock.now(), view.zone, awareness)
        if problems:
            raise InputError([Problem(command, "at", p) for p in problems])
        return when


def board_of(
    repos: Repositories, view: IncidentView, default_window: float | None, now: datetime
) -> ControllerBoard:
    """The controllers' clocks from the tables (the report and the register use it too)."""
    controllers = merge_lists(r.controllers for r in repos.controller_lists.rows(view.id))
    events = [
        ControllerEvent(r.controller, r.event, from_storage(r.at), r.reference, r.complementary)
        for r in repos.controller_events.rows(view.id)
    ]
    clocks = controller_clocks(controllers, events, view.facts.aware_at, default_window)
    return ControllerBoard(clocks, count(clocks, now), now)


def told_record(
    repos: Repositories, view: IncidentView, now: datetime
) -> tuple[str, tuple[str, ...]]:
    """(how many controllers were told, one line per controller); empty without any."""
    org = view.organisation
    window = org.notify_controller_within_hours if org else None
    board = board_of(repos, view, window, now)
    if not board.clocks:
        return "", ()
    zone = view.zone
    return told_summary(board.counts), told_lines(board.clocks, now, lambda t: show(t, zone))


__all__ = ["ACKNOWLEDGED", "NOTIFIED", "ControllerBoard", "LoadedControllers"]
