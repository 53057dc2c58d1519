"""Review items and containment through the services: timeline, numbering, bundles."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from breachkit.core.errors import InputError, NotFoundError
from breachkit.core.review.items import ItemKind, ItemStatus
from breachkit.core.timesource import FixedClock
from breachkit.services import Services


def test_items_are_numbered_recorded_and_closed(services: Services) -> None:
    incident_id = services.create_demo()
    lesson = services.add_review_item(incident_id, "lesson", "Backups saved us")
    action = services.add_review_item(
        incident_id, "action", "Encrypt the HR share", owner="a.schmit", due=date(2027, 1, 31)
    )
    assert (lesson.number, lesson.kind) == (1, ItemKind.LESSON)
    assert (action.number, action.owner, action.due) == (2, "a.schmit", date(2027, 1, 31))
    done = services.close_review_item(incident_id, 2, "done", note="Rolled out", actor="a.s")
    assert done.status is ItemStatus.DONE and done.closing_note == "Rolled out"
    assert done.closed_by == "a.s" and done.closed_at == services.clock.now()
    kinds = [e.kind for e in services.timeline(incident_id)[-3:]]
    assert kinds == ["note", "decision", "action"]
    with pytest.raises(InputError):
        services.close_review_item(incident_id, 2, "dropped", note="again")
    with pytest.raises(NotFoundError):
        services.close_review_item(incident_id, 3, "done")
    with pytest.raises(InputError):
        services.add_review_item(incident_id, "action", "No owner", due="2027-01-01")
    assert services.verify(incident_id)[0].ok


def test_items_and_their_closing_survive_a_bundle(
    services: Services, clock: FixedClock, tmp_path: Path
) -> None:
    incident_id = services.create_demo()
    services.add_review_item(incident_id, "lesson", "Lesson")
    services.add_review_item(incident_id, "action", "Act", owner="x", due="2027-01-01")
    services.close_review_item(incident_id, 1, "dropped", note="superseded")
    bundle = services.export_bundle(incident_id, tmp_path / "b.zip")
    other = Services(tmp_path / "other.db", org_path=tmp_path / "none", clock=clock)
    imported = other.import_bundle(bundle)
    before = services.review_items(incident_id)
    after = other.review_items(imported)
    assert [(i.number, i.status, i.closing_note) for i in after] == [
        (i.number, i.status, i.closing_note) for i in before
    ]
    other.close()


def test_containment_from_the_milestone_or_the_playbook(services: Services) -> None:
    incident_id = services.create_demo()
    # The demo leaves "ransom-legal-advice" open in the contain phase: not contained yet.
    assert services.containment(incident_id) is None
    services.mark_step(incident_id, "ransom-legal-advice", "skipped", note="no contact")
    found = services.containment(incident_id)
    assert found is not None and found.seq is None and found.at == services.clock.now()
    aware = services.incident(incident_id).facts.aware_at
    first = services.mark_contained(incident_id, at=aware - timedelta(hours=7))
    second = services.mark_contained(incident_id, at=aware - timedelta(hours=6), note="really")
    found = services.containment(incident_id)
    assert found is not None and found.seq == second.seq != first.seq
    assert found.at == aware - timedelta(hours=6)
    assert second.text == "Breach contained: really"


def test_containment_cannot_be_in_the_future(services: Services) -> None:
    incident_id = services.create_demo()
    later = datetime.now(UTC) + timedelta(days=3650)
    with pytest.raises(InputError):
        services.mark_contained(incident_id, at=later)
