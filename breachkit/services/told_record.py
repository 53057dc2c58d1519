"""When people were told, as the record says: letter batches and public notices.

Read by the clocks (the Art. 34 clock is met when everyone to be told has been) and by
the letters; kept apart from both so that either can import it. Both come from the
projections of the chain (``letter_batches``, ``letter_sends``, ``public_notices``),
read by single SELECTs (:mod:`breachkit.store.reads`): never a scan of the timeline.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from breachkit.core.times import from_storage

if TYPE_CHECKING:
    from breachkit.store.unit import Repositories


def told_record(
    repos: Repositories, incident_id: str
) -> tuple[list[tuple[datetime, int]], list[datetime]]:
    """(when each finished batch or send run was recorded, people told by then), and when
    a public notice was recorded."""
    batches = [
        (from_storage(at), told) for at, told in repos.reads.batches_people_told(incident_id)
    ]
    batches += [  # e-mails sent, bounces read (issue 17)
        (from_storage(at), told) for at, told in repos.reads.sends_people_told(incident_id)
    ]
    batches.sort()
    notices = [from_storage(at) for at in repos.reads.notice_times(incident_id)]
    return batches, notices


def people_told_at(repos: Repositories, incident_id: str, affected: int | None) -> datetime | None:
    """When everyone to be told had been told (letters or a public notice), or None."""
    batches, notices = told_record(repos, incident_id)
    if not batches and not notices:  # nobody told yet (the letters' code is not needed)
        return None
    from breachkit.core.letters.told import everyone_told_at

    return everyone_told_at(batches, affected, notices)
