"""store.reads answers what the repositories answer, without their row classes (issue 19:
``clocks`` reads filings, the first high-risk decision and who was told through it)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from breachkit.core.timesource import FixedClock
from breachkit.services import Services


def test_quick_reads_say_what_the_repositories_say(tmp_path: Path) -> None:
    clock = FixedClock(datetime(2026, 11, 19, 12, tzinfo=UTC))
    services = Services(tmp_path / "s.db", org_path=tmp_path / "none.toml", clock=clock)
    incident_id = services.create_demo()
    services.decide(incident_id, actor="c.weber (DPO)")
    for hours in (3, 1, 2):  # recorded out of time order: by_time sorts them
        services.record_filing(
            incident_id,
            authority="cnpd",
            at=clock.now() - timedelta(hours=hours),
            reference=f"CNPD-{hours}",
        )
    store = services.store
    by_time = store.filings.by_time(incident_id)
    assert len(by_time) >= 3
    assert store.reads.filings_by_time(incident_id) == [
        (f.clock_id, f.filed_at, f.reference, f.reasons_for_delay) for f in by_time
    ]
    for risk in ("high", "low", "none"):
        assert store.reads.first_decision_at(incident_id, risk=risk) == (
            store.decisions.first_at(incident_id, risk=risk)
        )
    assert store.reads.has_controller_lists(incident_id) is False
    assert store.controller_lists.rows(incident_id) == []
    assert store.reads.notice_times(incident_id) == store.public_notices.times(incident_id)
    assert store.reads.batches_people_told(incident_id) == (
        store.letter_batches.people_told(incident_id)
    )
    services.close()
