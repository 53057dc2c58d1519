"""Property: whatever changes are recorded, in whatever order, the tables equal the fold.

Random sequences of every kind of change go through the unit of work (as the services
record them); ``verify`` must then find nothing, ``rebuild`` must change nothing, and the
rows each table holds must be exactly those a replay of the chain yields.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from breachkit.core.incident.parse import parse_incident_text
from breachkit.core.timeline.chain import EntryContent
from breachkit.core.timeline.changes import (
    Change,
    EvidenceAdded,
    FactSet,
    FilingRecorded,
    LettersFinished,
    LettersStarted,
    MilestoneReached,
    ReviewAdded,
    ReviewClosed,
    StatusSet,
    StepMarked,
)
from breachkit.core.timeline.projection import ROW_TYPES
from breachkit.core.timesource import FixedClock
from breachkit.services import Services
from breachkit.store.projections import differences, replay

AT = "2026-11-19T12:00:00Z"
NOW = datetime(2026, 11, 19, 12, 0, tzinfo=UTC)
INCIDENT = (
    'title = "Laptop stolen"\ntimezone = "Europe/Luxembourg"\n'
    'aware_at = "2026-11-19T11:30:00+01:00"\n'
)
OPS = st.lists(
    st.tuples(
        st.sampled_from(
            ["fact", "step", "milestone", "lesson", "close", "filing", "start", "finish", "status"]
        ),
        st.one_of(st.none(), st.integers(0, 5000), st.text(max_size=8)),
    ),
    max_size=25,
)


def _change(services: Services, incident: str, op: str, value: object) -> Change | None:
    store = services.store
    if op == "fact":
        current = store.incidents.get(incident).facts.get("summary")
        new = None if value is None else str(value)
        return FactSet("summary", current, new) if new != current else None
    if op == "step":
        return StepMarked("gdpr-general", 1, "log-first-report", "done", str(value))
    if op == "milestone":
        return MilestoneReached("contained", str(value))
    if op == "lesson":
        return ReviewAdded("lesson", f"lesson {value}", "", None)
    if op == "close":
        open_items = [i for i in store.review_items.rows(incident) if i.status == "open"]
        return ReviewClosed(open_items[0].entry_seq, "dropped", "no") if open_items else None
    if op == "filing":
        return FilingRecorded("gdpr-art33", "cnpd", AT, str(value), "", False, None, None, "")
    if op == "start":
        return LettersStarted("p.csv", "ab" * 32, f"/out/{value}", "pdf", AT)
    if op == "finish":
        batches = [b for b in store.letter_batches.rows(incident) if b.entry_seq is None]
        return (
            LettersFinished(
                batches[0].start_seq,
                3,
                {"pdf": 3},
                0,
                "cd" * 32,
                "",
                "",
                3,
                {"pdf": 3},
                3,
                None,
                0,
                (),
            )
            if batches
            else None
        )
    if op == "status":
        return StatusSet("closed" if value else "open", "")
    return EvidenceAdded("ef" * 32, "f.log", 1, "")


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(OPS)
def test_the_tables_are_exactly_the_replayed_chain(
    tmp_path: Path, ops: list[tuple[str, object]]
) -> None:
    folder = tmp_path / f"p{abs(hash(tuple(map(str, ops))))}"
    folder.mkdir()
    services = Services(folder / "bk.db", org_path=folder / "none", clock=FixedClock(NOW))
    incident = services.create_incident(parse_incident_text(INCIDENT, "t", now=NOW))
    for op, value in ops:
        change = _change(services, incident, op, value)
        if change is None:
            continue
        with services.store.transaction() as tx:
            tx.record(incident, EntryContent("system", op, AT, AT, "p", change.links()))
    (report,) = services.verify(incident)
    assert report.ok, report.problems
    row = services.store.incidents.get(incident)
    replayed = replay(services.store.timeline.raw(incident))
    assert differences(services.store, row, replayed) == []
    for table in ROW_TYPES:
        assert services.store.tables[table].rows(incident) == replayed.rows[table], table
    assert services.rebuild(incident).changes == ()
    services.close()
