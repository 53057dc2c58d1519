"""After-action review in the core: containment, metrics, clocks, items, register rows."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest

from breachkit.core.clocks.engine import ClockReading, ClockState
from breachkit.core.errors import InputError
from breachkit.core.incident.model import IncidentFacts
from breachkit.core.incident.parse import parse_incident_document
from breachkit.core.review.items import (
    ItemKind,
    ItemStatus,
    ReviewItem,
    check_new_item,
    check_transition,
)
from breachkit.core.review.register import DecisionRecord, people_informed, register_row
from breachkit.core.review.summary import (
    Containment,
    FilingRecord,
    LetterBatch,
    clock_verdict,
    compute_metrics,
    containment,
    intervals,
)

T0 = datetime(2026, 11, 18, 10, 0, tzinfo=UTC)
NOW = datetime(2026, 12, 4, 12, 0, tzinfo=UTC)


def facts(**extra: object) -> IncidentFacts:
    document: dict[str, object] = {
        "title": "Ransomware on FS01",
        "timezone": "Europe/Luxembourg",
        "occurred_at": "2026-11-18T00:35:00Z",
        "detected_at": "2026-11-18T01:44:00Z",
        "aware_at": "2026-11-18T10:00:00Z",
        "breach": {"types": ["confidentiality"], "cause": "ransomware", "malicious": True},
        "data": {"categories": ["identity"], "data_subjects": 1240, "records": 5800},
        "response": {"measures_taken": ["FS01 isolated"], "consequences": "Shares offline"},
    }
    document.update(extra)
    return parse_incident_document(document, "test").facts


def reading(state: ClockState, *, due: datetime | None, filed: datetime | None = None,
            clock_id: str = "gdpr-art33", reasons: str = "") -> ClockReading:  # fmt: skip
    return ClockReading(
        id=clock_id,
        title="Notification to the supervisory authority",
        basis="GDPR Art. 33(1)",
        anchor="awareness",
        anchor_at=T0,
        due=due,
        state=state,
        note="",
        filed_at=filed,
        reasons_for_delay=reasons,
    )


def filing(at: datetime, clock_id: str = "gdpr-art33", seq: int = 10) -> FilingRecord:
    return FilingRecord(clock_id, "cnpd", "CNPD", at, "REF-1", "", "c.weber", seq)


def decision(**changes: Any) -> DecisionRecord:
    values: dict[str, Any] = {
        "seq": 9,
        "at": T0 + timedelta(hours=20),
        "actor": "c.weber (DPO)",
        "personal_data_breach": True,
        "risk": "high",
        "outcome": "notify_authority_and_subjects",
        "recommended_risk": "high",
        "recommended_outcome": "notify_authority_and_subjects",
        "override": False,
        "justification": "",
        "reasons": ("The breach is likely to result in a high risk (GDPR Art. 34(1)).",),
        "exemptions": (),
    }
    values.update(changes)
    return DecisionRecord(**values)


# -- containment ---------------------------------------------------------------------------


def test_the_latest_recorded_milestone_gives_containment() -> None:
    first, second = T0 - timedelta(hours=8), T0 - timedelta(hours=7)
    found = containment([(12, first), (30, second)], [("open", None)])
    assert found == Containment(second, "recorded as a milestone, timeline entry 30", 30)


def test_without_a_milestone_the_closed_contain_phase_gives_containment() -> None:
    steps = [
        ("done", T0 + timedelta(hours=1)),
        ("skipped", T0 + timedelta(hours=3)),
        ("not_applicable", None),
    ]
    found = containment([], steps)
    assert found is not None and found.at == T0 + timedelta(hours=3) and found.seq is None


@pytest.mark.parametrize(
    "steps",
    [
        [("done", T0), ("open", None)],  # a step still open
        [("skipped", T0)],  # nothing actually done
        [("not_applicable", None)],  # nothing counts
        [],
    ],
)
def test_containment_is_unknown_otherwise(steps: list[tuple[str, datetime | None]]) -> None:
    assert containment([], steps) is None


# -- intervals and clocks --------------------------------------------------------------------


def test_intervals_between_the_four_events() -> None:
    f = facts()
    assert f.detected_at is not None
    contained = Containment(f.detected_at + timedelta(minutes=19), "x")
    found = {i.key: i for i in intervals(f.occurred_at, f.detected_at, f.aware_at, contained)}
    assert found["occurrence_to_detection"].text() == "1 h 09 min"
    assert found["detection_to_awareness"].text() == "8 h 16 min"
    assert found["detection_to_containment"].text() == "19 min"
    negative = found["awareness_to_containment"]
    assert negative.duration == -timedelta(hours=7, minutes=57)
    assert negative.text() == "−7 h 57 min (containment came before awareness)"


def test_an_interval_with_an_unknown_end_says_why() -> None:
    found = {i.key: i for i in intervals(None, None, T0, None)}
    assert found["occurrence_to_detection"].duration is None
    assert "occurred_at" in found["occurrence_to_detection"].text()
    assert "breachkit contained" in found["awareness_to_containment"].text()


def test_clock_verdicts() -> None:
    due = T0 + timedelta(hours=72)
    met = clock_verdict(reading(ClockState.MET, due=due, filed=due - timedelta(hours=25)), NOW)
    assert met.verdict == "met, 1 d 01 h 00 min before the deadline" and not met.late
    late = clock_verdict(
        reading(ClockState.MET_LATE, due=due, filed=due + timedelta(hours=2), reasons="x"), NOW
    )
    assert late.verdict == "late by 2 h 00 min" and late.late
    overdue = clock_verdict(reading(ClockState.OVERDUE, due=NOW - timedelta(hours=3)), NOW)
    assert overdue.verdict.startswith("overdue by 3 h 00 min") and overdue.late
    running = clock_verdict(reading(ClockState.RUNNING, due=NOW + timedelta(hours=5)), NOW)
    assert running.verdict == "open: 5 h 00 min left"
    no_due = clock_verdict(reading(ClockState.RUNNING, due=None), NOW)
    assert "no fixed due time" in no_due.verdict
    pending = clock_verdict(reading(ClockState.PENDING, due=None), NOW)
    assert pending.verdict == "not started: it runs from awareness"


def test_metrics_measure_each_filing_from_awareness_and_against_its_clock() -> None:
    f = facts()
    due = f.aware_at + timedelta(hours=72)
    readings = [
        reading(ClockState.MET, due=due, filed=f.aware_at + timedelta(hours=47)),
        reading(ClockState.RUNNING, due=None, clock_id="gdpr-art34"),
    ]
    filings = [
        filing(f.aware_at + timedelta(hours=47)),
        filing(f.aware_at + timedelta(hours=80), "gdpr-art33-4-complement", 20),
    ]
    letters = [  # 1,302 files (PDF and e-mail) for 651 people of the 1,240 affected
        LetterBatch(
            T0, T0 + timedelta(hours=30), 1302, 8, "pdf+eml", "ab" * 32, "s.csv", "x", 5,
            people=651, people_told=651, channels="e-mail 651, PDF 651",
        )
    ]  # fmt: skip
    metrics = compute_metrics(f, None, filings, readings, NOW, letters)
    first, second = metrics.filings
    assert first.since_awareness == timedelta(hours=47) and first.late_by is None
    assert first.due == due
    assert second.due is None and second.late_by is None
    art34 = next(c for c in metrics.clocks if c.clock_id == "gdpr-art34")
    # Files are not people, and half the people are not everyone: the clock is still open.
    assert art34.verdict.startswith("open: no fixed due time")
    assert "partly: 651 of 1,240 people affected told (e-mail 651, PDF 651)" in art34.verdict
    assert "589 not yet" in art34.verdict and not art34.late


def test_a_filing_after_its_due_time_is_late_by_the_difference() -> None:
    f = facts()
    due = f.aware_at + timedelta(hours=72)
    late = f.aware_at + timedelta(hours=74)
    readings = [reading(ClockState.MET_LATE, due=due, filed=late)]
    metrics = compute_metrics(f, None, [filing(late)], readings, NOW)
    assert metrics.filings[0].late_by == timedelta(hours=2)


# -- review items ----------------------------------------------------------------------------


def item(
    kind: ItemKind, status: ItemStatus = ItemStatus.OPEN, due: date | None = None
) -> ReviewItem:
    return ReviewItem(1, kind, "text", "owner", due, status, T0, "actor", 5)


def test_new_items_are_checked() -> None:
    check_new_item("lesson", "We learned", "", None)
    check_new_item("action", "Encrypt", "a.schmit", "2027-01-31")
    for args, key in [
        (("lesson", "  ", "", None), "text"),
        (("action", "Encrypt", "", "2027-01-31"), "owner"),
        (("action", "Encrypt", "x", None), "due"),
        (("action", "Encrypt", "x", "31/01/2027"), "due"),
        (("idea", "x", "", None), "kind"),
    ]:
        with pytest.raises(InputError) as err:
            check_new_item(*args)
        assert err.value.problems[0].key == key


def test_transitions() -> None:
    assert check_transition(item(ItemKind.ACTION), "done", "") is ItemStatus.DONE
    assert check_transition(item(ItemKind.LESSON), "dropped", "superseded") is ItemStatus.DROPPED
    for it, status, note in [
        (item(ItemKind.LESSON), "done", ""),  # lessons are not done
        (item(ItemKind.ACTION), "dropped", ""),  # dropping needs a reason
        (item(ItemKind.ACTION, ItemStatus.DONE), "dropped", "x"),  # already closed
        (item(ItemKind.ACTION), "open", ""),
        (item(ItemKind.ACTION), "finished", ""),
    ]:
        with pytest.raises(InputError):
            check_transition(it, status, note)


def test_only_open_actions_past_their_date_are_overdue() -> None:
    today = date(2026, 12, 4)
    assert item(ItemKind.ACTION, due=date(2026, 12, 3)).overdue(today)
    assert not item(ItemKind.ACTION, due=today).overdue(today)
    assert not item(ItemKind.ACTION, ItemStatus.DONE, date(2026, 12, 1)).overdue(today)
    assert not item(ItemKind.LESSON, due=date(2026, 12, 1)).overdue(today)


# -- people informed and the register ----------------------------------------------------------


def test_people_informed_says_what_was_done_or_the_ground() -> None:
    f = facts()
    batch = LetterBatch(T0, T0 + timedelta(days=1), 1302, 8, "pdf", "", "s.csv", "x", 5)
    assert people_informed(f, decision(), [batch]).startswith("1,302 letter files")  # uncounted
    counted = replace(batch, people=1240, people_told=1240, channels="post 1,240")
    assert people_informed(f, decision(), [counted]).startswith(
        "yes: 1,240 of 1,240 people affected told (post 1,240)"
    )
    half = replace(counted, people=620, people_told=620)
    assert people_informed(f, decision(), [half]).startswith("partly: 620 of 1,240")
    second = replace(half, seq=9, people_told=1240, finished_at=T0 + timedelta(days=2))
    assert people_informed(f, decision(), [half, second]).startswith("yes: 1,240 of 1,240")
    assert people_informed(f, None, []) == "not decided: no risk decision recorded"
    assert "Art. 34(1)" in people_informed(f, decision(), [])
    public = decision(outcome="notify_authority_and_public")
    assert "Art. 34(3)(c)" in people_informed(f, public, [])
    risk = decision(risk="risk", outcome="notify_authority", exemptions=("34(3)(a)",))
    assert people_informed(f, risk, []) == (
        "not required: the risk is not high (Art. 34(1)); Art. 34(3)(a) would also apply"
    )
    no_breach = decision(personal_data_breach=False, risk="unlikely", outcome="record_only")
    assert "not to be a personal data breach" in people_informed(f, no_breach, [])


def test_register_row_of_a_decided_and_notified_incident() -> None:
    f = facts()
    row = register_row(
        incident_id="BK-2026-0001",
        status="open",
        facts=f,
        decision=decision(),
        recommended=("high", "notify_authority_and_subjects"),
        filings=[filing(T0 + timedelta(hours=47))],
        letters=[],
        contained=Containment(T0 - timedelta(hours=8), "x"),
    )
    assert row.personal_data_breach is True
    assert row.risk == "high" and row.decided_by == "c.weber (DPO)"
    assert row.nature == "confidentiality breach; cause: ransomware; malicious"
    assert row.data_subjects == 1240 and row.records == 5800
    assert row.measures_taken == ("FS01 isolated",) and row.consequences == "Shares offline"
    assert row.filings[0].reference == "REF-1"
    assert row.contained_at == T0 - timedelta(hours=8)
    assert row.reasons


def test_register_row_without_a_decision_says_so_and_gives_the_recommendation() -> None:
    row = register_row(
        incident_id="BK-2026-0002",
        status="open",
        facts=facts(),
        decision=None,
        recommended=("risk", "notify_authority"),
        filings=[],
        letters=[],
        contained=None,
    )
    assert row.personal_data_breach is None
    assert row.risk == "not decided (recommended: risk)"
    assert row.people_informed == "not decided: no risk decision recorded"
