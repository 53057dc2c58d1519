"""Timelines in and out at scale: streaming an incident's entries (``timeline``)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from breachkit.core.errors import InputError, Problem
from breachkit.core.timeline.chain import RawEntry
from breachkit.core.times import TimeValueError, utc_iso
from breachkit.services.incidents import IncidentServices
from breachkit.services.views import IncidentView


@dataclass(frozen=True, slots=True)
class TimelineRows:
    """The entries a ``timeline`` asks for, as stored, streaming from the database."""

    view: IncidentView
    count: int
    """How many entries ``rows`` yields."""
    rows: Iterator[RawEntry]


class TimelineIOServices(IncidentServices):
    def timeline_rows(
        self,
        incident_id: str,
        *,
        kinds: tuple[str, ...] = (),
        since: str | None = None,
        last: int | None = None,
    ) -> TimelineRows:
        """The incident's entries by seq: of ``kinds``, that happened at ``since`` (typed
        as for ``log --at``, in the incident's zone) or later, only the ``last`` of them.
        The rows stream: memory does not grow with the timeline."""
        view = self.incident(incident_id)
        after = None
        if since is not None:
            try:
                after = utc_iso(self.read_time(since, view.zone).instant)
            except TimeValueError as err:
                raise InputError(Problem("timeline", "since", str(err))) from None
        if last is not None and last < 0:
            raise InputError(Problem("timeline", "last", "must be 0 or more"))
        timeline = self.store.timeline
        count = timeline.count_selected(view.id, kinds=kinds, since=after)
        if last is not None:
            count = min(count, last)
        rows = timeline.selected_raw(view.id, kinds=kinds, since=after, last=last)
        return TimelineRows(view, count, rows)
