"""The deadline clocks: explicit cases for every clock, state, counting rule and time trap."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from breachkit.adapters.rules import load_clock_rules
from breachkit.core.clocks.arithmetic import add_calendar
from breachkit.core.clocks.engine import (
    CLOCK_IDS,
    ClockInputs,
    ClockReading,
    ClockState,
    Filing,
    RuleSet,
    compute_clocks,
    filing_is_late,
    parse_rules,
)
from breachkit.core.enums import Nis2Entity, Role
from breachkit.core.errors import InputError
from breachkit.core.incident.model import IncidentFacts
from breachkit.core.organisation.profile import Organisation
from breachkit.core.times import load_zone, parse_instant

RULES_PATH = Path(__file__).resolve().parents[2] / "breachkit" / "rules" / "clocks.toml"
RULES = load_clock_rules()
H = timedelta(hours=1)
US = timedelta(microseconds=1)


def local(text: str, zone: str = "Europe/Luxembourg") -> datetime:
    """An instant from wall-clock text in ``zone`` (or from text with an offset)."""
    return parse_instant(text, load_zone(zone)).instant


def wall(instant: datetime | None, zone: str = "Europe/Luxembourg") -> str:
    assert instant is not None
    return instant.astimezone(load_zone(zone)).isoformat(timespec="minutes")


def inputs(
    aware: str,
    zone: str = "Europe/Luxembourg",
    *,
    role: Role = Role.CONTROLLER,
    org: Organisation | None = None,
    detected: str | None = None,
    informed: str | None = None,
    **kwargs: Any,
) -> ClockInputs:
    facts = IncidentFacts(
        title="Test breach",
        aware_at=local(aware, zone),
        timezone=zone,
        role=role,
        detected_at=local(detected, zone) if detected else None,
        controller_informed_at=local(informed, zone) if informed else None,
    )
    return ClockInputs(facts=facts, organisation=org, **kwargs)


def span(start: datetime | None, end: datetime | None) -> timedelta:
    """The time from start to end, both known."""
    assert start is not None and end is not None
    return end - start


def read(
    clock_inputs: ClockInputs, clock_id: str, now: datetime | None = None, rules: RuleSet = RULES
) -> ClockReading:
    now = now or clock_inputs.facts.aware_at
    found = [r for r in compute_clocks(clock_inputs, rules, now) if r.id == clock_id]
    assert found, f"{clock_id} not among the clocks"
    return found[0]


def ids(clock_inputs: ClockInputs, now: datetime | None = None) -> list[str]:
    return [r.id for r in compute_clocks(clock_inputs, RULES, now or clock_inputs.facts.aware_at)]


def org(**kwargs: Any) -> Organisation:
    return Organisation(name="Example S.A.", **kwargs)


# -- the shipped rules ---------------------------------------------------------------------


def test_shipped_rules_cover_every_clock_with_basis_and_source() -> None:
    assert RULES.ids == CLOCK_IDS
    for rule in RULES.rules:
        assert rule.basis and rule.source and rule.title
    assert parse_rules(RULES_PATH.read_text(encoding="utf-8"), "clocks.toml").rules == RULES.rules


def test_gdpr_art33_basis_and_ordering() -> None:
    readings = compute_clocks(
        inputs("2026-11-19T11:30", org=org(nis2=Nis2Entity.ESSENTIAL, eprivacy=True, dora=True)),
        RULES,
        local("2026-11-19T12:00"),
    )
    assert readings[0].id == "gdpr-art33"
    assert readings[0].basis == "GDPR Art. 33(1)"
    dues = [r.due for r in readings[1:] if r.due is not None]
    assert dues == sorted(dues)
    undated = [r for r in readings[1:] if r.due is None]
    assert readings[-len(undated) :] == undated


def test_no_gdpr_clock_before_the_gdpr_applied() -> None:
    assert ids(inputs("2018-05-24T23:59")) == []
    assert "gdpr-art33" in ids(inputs("2018-05-25T00:00"))


# -- GDPR Art. 33(1): elapsed hours across DST, leap days, year end, weekends --------------


@pytest.mark.parametrize("zone", ["Europe/Luxembourg", "Europe/Paris", "Europe/Copenhagen"])
def test_72_hours_across_the_spring_change(zone: str) -> None:
    # Clocks go forward on Sunday 29 March 2026, 02:00 -> 03:00.
    reading = read(inputs("2026-03-27T18:30", zone), "gdpr-art33")
    assert reading.due is not None
    assert span(reading.anchor_at, reading.due) == 72 * H
    assert wall(reading.due, zone) == "2026-03-30T19:30+02:00"
    assert "shows 19:30 on the wall clock, not 18:30" in reading.note


@pytest.mark.parametrize("zone", ["Europe/Luxembourg", "Europe/Paris", "Europe/Copenhagen"])
def test_72_hours_across_the_autumn_change(zone: str) -> None:
    # Clocks go back on Sunday 25 October 2026, 03:00 -> 02:00.
    reading = read(inputs("2026-10-23T10:00", zone), "gdpr-art33")
    assert wall(reading.due, zone) == "2026-10-26T09:00+01:00"
    assert span(reading.anchor_at, reading.due) == 72 * H


def test_awareness_in_the_repeated_hour() -> None:
    first = read(inputs("2026-10-25T02:30"), "gdpr-art33")  # earlier instant (CEST)
    second = read(inputs("2026-10-25T02:30+01:00"), "gdpr-art33")
    assert wall(first.due) == "2026-10-28T01:30+01:00"
    assert wall(second.due) == "2026-10-28T02:30+01:00"


@pytest.mark.parametrize(
    ("aware", "due"),
    [
        ("2026-03-06T17:00", "2026-03-09T18:00-04:00"),  # second Sunday of March: 8 March 2026
        ("2026-10-30T17:00", "2026-11-02T16:00-05:00"),  # first Sunday of November: 1 Nov 2026
    ],
)
def test_72_hours_across_north_american_changes(aware: str, due: str) -> None:
    reading = read(inputs(aware, "America/New_York"), "gdpr-art33")
    assert wall(reading.due, "America/New_York") == due


def test_leap_day_is_counted() -> None:
    reading = read(inputs("2028-02-28T10:00"), "gdpr-art33")
    assert wall(reading.due) == "2028-03-02T10:00+01:00"
    assert wall(read(inputs("2027-02-28T10:00"), "gdpr-art33").due) == "2027-03-03T10:00+01:00"


def test_year_end() -> None:
    assert wall(read(inputs("2026-12-30T20:00"), "gdpr-art33").due) == "2027-01-02T20:00+01:00"


def test_weekend_does_not_pause_the_clock() -> None:
    reading = read(inputs("2026-11-20T18:00"), "gdpr-art33")  # a Friday evening
    assert wall(reading.due) == "2026-11-23T18:00+01:00"  # the Monday evening
    assert "weekends and holidays do not pause it" in reading.note


# -- Regulation 1182/71 Art. 3 counting ----------------------------------------------------


@pytest.mark.parametrize(
    ("aware", "due", "elapsed"),
    [
        ("2026-11-19T10:20", "2026-11-22T11:00+01:00", 72 * H + timedelta(minutes=40)),
        ("2026-11-19T10:00", "2026-11-22T11:00+01:00", 73 * H),  # exactly on the hour
        ("2026-11-19T10:59", "2026-11-22T11:00+01:00", 72 * H + timedelta(minutes=1)),
        ("2026-11-19T10:59:59.999999", "2026-11-22T11:00+01:00", 72 * H + US),
        ("2026-11-19T09:59:59.999999", "2026-11-22T10:00+01:00", 72 * H + US),
    ],
)
def test_1182_71_starts_at_the_next_full_hour(aware: str, due: str, elapsed: timedelta) -> None:
    reading = read(inputs(aware, rule="1182-71"), "gdpr-art33")
    assert wall(reading.due) == due
    assert span(reading.anchor_at, reading.due) == elapsed
    assert "1182/71" in reading.note


def test_1182_71_uses_the_local_hour_in_half_hour_zones() -> None:
    reading = read(inputs("2026-11-19T15:45", "Asia/Kolkata", rule="1182-71"), "gdpr-art33")
    assert wall(reading.due, "Asia/Kolkata") == "2026-11-22T16:00+05:30"
    assert reading.due is not None and reading.due.minute == 30  # 10:30 UTC


def test_1182_71_across_the_spring_change() -> None:
    reading = read(inputs("2026-03-27T19:20", rule="1182-71"), "gdpr-art33")
    assert wall(reading.due) == "2026-03-30T21:00+02:00"
    assert "shows 21:00 on the wall clock, not 20:00" in reading.note


def test_1182_71_only_changes_the_gdpr_clock() -> None:
    clock_inputs = inputs("2026-11-19T10:20", regimes=frozenset({"nis2"}), rule="1182-71")
    assert wall(read(clock_inputs, "nis2-notification").due) == "2026-11-22T10:20+01:00"


# -- processor chain -----------------------------------------------------------------------


def test_processor_with_contractual_window() -> None:
    clock_inputs = inputs(
        "2026-11-19T10:00", role=Role.PROCESSOR, org=org(notify_controller_within_hours=24)
    )
    reading = read(clock_inputs, "gdpr-art33-2")
    assert reading.basis == "GDPR Art. 33(2)"
    assert wall(reading.due) == "2026-11-20T10:00+01:00"
    assert "contractual window" in reading.note


def test_processor_without_window_has_no_fixed_due_time() -> None:
    clock_inputs = inputs("2026-11-19T10:00", role=Role.PROCESSOR)
    reading = read(clock_inputs, "gdpr-art33-2", local("2026-11-19T13:15"))
    assert reading.due is None and reading.state is ClockState.RUNNING
    assert "without undue delay" in reading.note
    assert "3 h 15 min since awareness" in reading.note
    assert reading.elapsed(local("2026-11-19T13:15")) == 3.25 * H
    assert reading.time_left(local("2026-11-19T13:15")) is None


def test_processor_controller_clock_waits_for_controller_informed_at() -> None:
    reading = read(inputs("2026-11-19T10:00", role=Role.PROCESSOR), "gdpr-art33")
    assert reading.state is ClockState.PENDING and reading.due is None
    assert "controller_informed_at" in reading.note


def test_processor_controller_clock_runs_from_controller_informed_at() -> None:
    clock_inputs = inputs(
        "2026-11-19T10:00",
        role=Role.PROCESSOR,
        informed="2026-11-19T16:00",
        org=org(notify_controller_within_hours=24),
    )
    controller = read(clock_inputs, "gdpr-art33")
    assert wall(controller.anchor_at) == "2026-11-19T16:00+01:00"
    assert wall(controller.due) == "2026-11-22T16:00+01:00"
    notice = read(clock_inputs, "gdpr-art33-2", local("2026-11-19T17:00"))
    assert notice.state is ClockState.MET
    assert notice.early_by == 18 * H
    assert "controller_informed_at" in notice.note


def test_controller_has_no_processor_clock() -> None:
    assert "gdpr-art33-2" not in ids(inputs("2026-11-19T10:00"))
    assert "gdpr-art33-2" not in ids(inputs("2026-11-19T10:00", role=Role.JOINT_CONTROLLER))


# -- Art. 34 and Art. 33(4) ----------------------------------------------------------------


def test_art34_runs_from_the_high_risk_decision() -> None:
    pending = read(inputs("2026-11-19T10:00"), "gdpr-art34")
    assert pending.state is ClockState.PENDING and pending.anchor_at is None
    assert "high_risk_at" in pending.note
    decided = inputs("2026-11-19T10:00", high_risk_at=local("2026-11-20T09:00"))
    running = read(decided, "gdpr-art34", local("2026-11-20T11:30"))
    assert running.state is ClockState.RUNNING and running.due is None
    assert "2 h 30 min since the decision that the risk is high" in running.note
    assert running.basis == "GDPR Art. 34(1)"


# -- calendar months ---------------------------------------------------------------------


def test_one_month_clamps_to_the_end_of_the_month() -> None:
    filed = inputs(
        "2028-01-29T10:00",
        regimes=frozenset({"nis2"}),
        filings=(Filing("nis2-notification", local("2028-01-31T10:00")),),
    )
    reading = read(filed, "nis2-final-report")
    assert wall(reading.due) == "2028-02-29T10:00+01:00"
    assert "no day 31" in reading.note
    filed = replace(
        filed,
        facts=replace(filed.facts, aware_at=local("2027-01-29T10:00")),
        filings=(Filing("nis2-notification", local("2027-01-31T10:00")),),
    )
    assert wall(read(filed, "nis2-final-report").due) == "2027-02-28T10:00+01:00"


def test_one_month_landing_in_the_spring_gap_is_the_moment_of_the_jump() -> None:
    filed = inputs(
        "2027-02-27T10:00",
        regimes=frozenset({"nis2"}),
        filings=(Filing("nis2-notification", local("2027-02-28T02:30")),),
    )
    reading = read(filed, "nis2-final-report")
    assert reading.due == datetime(2027, 3, 28, 1, 0, tzinfo=UTC)
    assert wall(reading.due) == "2027-03-28T03:00+02:00"
    assert "does not exist" in reading.note


def test_one_month_landing_in_the_repeated_hour_is_the_earlier_instant() -> None:
    shifted = add_calendar(local("2026-09-25T02:30"), load_zone("Europe/Luxembourg"), months=1)
    assert shifted.instant == datetime(2026, 10, 25, 0, 30, tzinfo=UTC)
    assert "earlier" in shifted.note


# -- states --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("now", "state"),
    [
        ("2026-11-19T09:00", ClockState.PENDING),  # before awareness
        ("2026-11-19T10:00", ClockState.RUNNING),
        ("2026-11-21T09:59:59.999999", ClockState.RUNNING),
        ("2026-11-21T10:00", ClockState.DUE_SOON),  # exactly 24 h left
        ("2026-11-22T10:00", ClockState.DUE_SOON),  # at the due time: not yet overdue
        ("2026-11-22T10:00:00.000001", ClockState.OVERDUE),
    ],
)
def test_states_over_time(now: str, state: ClockState) -> None:
    reading = read(inputs("2026-11-19T10:00"), "gdpr-art33", local(now))
    assert reading.state is state
    assert reading.time_left(local(now)) == span(local(now), reading.due)


def test_overdue_note_asks_for_reasons() -> None:
    reading = read(inputs("2026-11-19T10:00"), "gdpr-art33", local("2026-11-22T12:30"))
    assert reading.state is ClockState.OVERDUE
    assert "Overdue by 2 h 30 min" in reading.note
    assert reading.time_left(local("2026-11-22T12:30")) == -2.5 * H


def test_met_with_how_early() -> None:
    filed = inputs(
        "2026-11-19T10:00", filings=(Filing("gdpr-art33", local("2026-11-21T08:00"), "CNPD-1"),)
    )
    reading = read(filed, "gdpr-art33", local("2026-11-25T00:00"))
    assert reading.state is ClockState.MET
    assert reading.early_by == 26 * H and reading.lateness is None
    assert reading.reference == "CNPD-1"
    assert wall(reading.filed_at) == "2026-11-21T08:00+01:00"


# -- late filings --------------------------------------------------------------------------


def test_filing_is_late_after_the_due_time_only() -> None:
    clock_inputs = inputs("2026-11-19T10:00")
    due = local("2026-11-22T10:00")
    assert not filing_is_late(clock_inputs, RULES, "gdpr-art33", due - H)
    assert not filing_is_late(clock_inputs, RULES, "gdpr-art33", due)
    assert filing_is_late(clock_inputs, RULES, "gdpr-art33", due + US)


def test_met_late_records_reasons_or_asks_for_them() -> None:
    late = Filing("gdpr-art33", local("2026-11-22T15:00"), "REF", "Forensics took time")
    reading = read(inputs("2026-11-19T10:00", filings=(late,)), "gdpr-art33")
    assert reading.state is ClockState.MET_LATE
    assert reading.lateness == 5 * H and reading.early_by is None
    assert reading.reasons_for_delay == "Forensics took time"
    assert "reasons for the delay are recorded" in reading.note
    bare = read(
        inputs("2026-11-19T10:00", filings=(replace(late, reasons_for_delay=""),)), "gdpr-art33"
    )
    assert "reasons for the delay must be given" in bare.note


def test_lateness_is_frozen_at_the_first_filing() -> None:
    filings = (
        Filing("gdpr-art33", local("2026-11-23T10:00"), "second"),  # later update
        Filing("gdpr-art33", local("2026-11-22T11:00"), "first"),  # the notification
    )
    clock_inputs = inputs("2026-11-19T10:00", filings=filings)
    reading = read(clock_inputs, "gdpr-art33", local("2026-11-30T00:00"))
    assert reading.state is ClockState.MET_LATE
    assert reading.lateness == H and reading.reference == "first"
    # A further update is not a late notification: reasons were due with the first one.
    assert not filing_is_late(clock_inputs, RULES, "gdpr-art33", local("2026-11-24T10:00"))


def test_update_after_an_on_time_filing_is_not_late() -> None:
    clock_inputs = inputs(
        "2026-11-19T10:00", filings=(Filing("gdpr-art33", local("2026-11-20T10:00")),)
    )
    assert not filing_is_late(clock_inputs, RULES, "gdpr-art33", local("2026-11-25T10:00"))
    assert read(clock_inputs, "gdpr-art33", local("2026-11-30T00:00")).state is ClockState.MET


def test_filing_is_late_for_clocks_without_due_or_not_applicable() -> None:
    clock_inputs = inputs("2026-11-19T10:00")
    assert not filing_is_late(clock_inputs, RULES, "gdpr-art34", local("2026-12-30T10:00"))
    assert not filing_is_late(clock_inputs, RULES, "nis2-early-warning", local("2026-12-30T10:00"))
    with pytest.raises(InputError, match="not a clock"):
        filing_is_late(clock_inputs, RULES, "gdpr-art99", local("2026-12-30T10:00"))


def test_filings_with_other_offsets_are_compared_as_instants() -> None:
    filing = Filing("gdpr-art33", datetime.fromisoformat("2026-11-22T05:00:00-05:00"))
    reading = read(inputs("2026-11-19T10:00", filings=(filing,)), "gdpr-art33")
    assert reading.state is ClockState.MET_LATE and reading.lateness == H


# -- inputs --------------------------------------------------------------------------------


def test_bad_inputs_are_refused() -> None:
    with pytest.raises(InputError, match="rule"):
        compute_clocks(inputs("2026-11-19T10:00", rule="lenient"), RULES, local("2026-11-19T10:00"))
    with pytest.raises(InputError, match="regime"):
        compute_clocks(
            inputs("2026-11-19T10:00", regimes=frozenset({"pci"})), RULES, local("2026-11-19T10:00")
        )
    with pytest.raises(ValueError, match="aware"):
        compute_clocks(inputs("2026-11-19T10:00"), RULES, datetime(2026, 11, 19, 10))


# -- versioned rules -----------------------------------------------------------------------

VERSIONED = """\
version = 1

[[clock]]
id = "gdpr-art33"
title = "Notification to the supervisory authority"
basis = "GDPR Art. 33(1)"
regime = "gdpr"
anchor = "awareness"
offset = "72 hours"
due_soon_hours = 24
effective_from = 2018-05-25
source = "Regulation (EU) 2016/679 Art. 33(1)"
recipient = "authority"

[[clock]]
id = "gdpr-art33"
title = "Notification to the supervisory authority"
basis = "GDPR Art. 33(1) as amended (test only)"
regime = "gdpr"
anchor = "awareness"
offset = "96 hours"
due_soon_hours = 24
effective_from = 2031-01-01
source = "test fixture: a hypothetical amendment"
recipient = "authority"

[[clock]]
id = "gdpr-art34"
title = "Communication to the people affected"
basis = "GDPR Art. 34(1)"
regime = "gdpr"
anchor = "high_risk"
offset = "none"
due_soon_hours = 24
effective_from = 2018-05-25
effective_until = 2031-01-01
source = "Regulation (EU) 2016/679 Art. 34(1)"
recipient = "people"
"""


def test_a_change_of_law_is_a_new_rule_entry() -> None:
    rules = parse_rules(VERSIONED, "versioned.toml")
    before = read(inputs("2030-12-31T23:30"), "gdpr-art33", rules=rules)
    after = read(inputs("2031-01-01T00:30"), "gdpr-art33", rules=rules)
    assert span(before.anchor_at, before.due) == 72 * H
    assert span(after.anchor_at, after.due) == 96 * H
    assert "96 hours" in after.note and after.basis.endswith("(test only)")


def test_rule_choice_uses_the_local_day_of_awareness() -> None:
    rules = parse_rules(VERSIONED, "versioned.toml")
    # 23:30 UTC on 31 December is already 1 January in Luxembourg.
    reading = read(inputs("2030-12-31T23:30:00+00:00"), "gdpr-art33", rules=rules)
    assert span(reading.anchor_at, reading.due) == 96 * H
    utc = read(inputs("2030-12-31T23:30:00+00:00", "UTC"), "gdpr-art33", rules=rules)
    assert span(utc.anchor_at, utc.due) == 72 * H


def test_effective_until_ends_a_rule() -> None:
    rules = parse_rules(VERSIONED, "versioned.toml")
    assert "gdpr-art34" in [
        r.id for r in compute_clocks(inputs("2030-12-31T10:00"), rules, local("2030-12-31T10:00"))
    ]
    assert "gdpr-art34" not in [
        r.id for r in compute_clocks(inputs("2031-01-01T10:00"), rules, local("2031-01-01T10:00"))
    ]


# -- bad rules files -----------------------------------------------------------------------


def _problem(text: str) -> tuple[int | None, str | None, str]:
    with pytest.raises(InputError) as caught:
        parse_rules(text, "bad.toml")
    problem = caught.value.problems[0]
    assert problem.source == "bad.toml"
    assert "bad.toml" in str(caught.value)
    return problem.line, problem.key, problem.message


def test_unknown_key_names_line_and_key() -> None:
    line, key, message = _problem(
        VERSIONED.replace('offset = "96 hours"', 'offset = "96 hours"\ngrace = 2')
    )
    assert (line, key) == (22, "clock[1].grace")
    assert "unknown key" in message


def test_bad_offset_names_line_and_key() -> None:
    line, key, message = _problem(VERSIONED.replace('"96 hours"', '"96 parsecs"'))
    assert (line, key) == (21, "clock[1].offset")
    assert "'96 parsecs' is not a period" in message


def test_bad_date_names_line_and_key() -> None:
    bad_day = VERSIONED.replace("2031-01-01\nsource", "2031-02-30\nsource", 1)
    line, key, message = _problem(bad_day)
    assert (line, key) == (23, "clock[1].effective_from")
    assert "not valid TOML" in message
    bad_text = VERSIONED.replace("2031-01-01\nsource", '"2031-02-30"\nsource', 1)
    line, key, message = _problem(bad_text)
    assert (line, key) == (23, "clock[1].effective_from")
    assert "not a date" in message


@pytest.mark.parametrize(
    ("change", "key", "words"),
    [
        (('anchor = "high_risk"', 'anchor = "breakfast"'), "clock[2].anchor", "not an anchor"),
        (('id = "gdpr-art34"', 'id = "gdpr-art99"'), "clock[2].id", "not a clock"),
        (
            ("effective_until = 2031-01-01", "effective_until = 2017-01-01"),
            "clock[2].effective_until",
            "after effective_from",
        ),
        (
            ("effective_from = 2031-01-01", "effective_from = 2018-05-25"),
            "clock[1].effective_from",
            "same authority",
        ),
        (("version = 1", "version = 2"), "version", "not supported"),
        (
            ('regime = "gdpr"\nanchor = "high_risk"', 'regime = "pci"\nanchor = "high_risk"'),
            "clock[2].regime",
            "not a regime",
        ),
    ],
)
def test_other_rule_problems(change: tuple[str, str], key: str, words: str) -> None:
    _, found_key, message = _problem(VERSIONED.replace(*change))
    assert found_key == key
    assert words in message


def test_missing_required_key_and_not_toml() -> None:
    _, key, message = _problem(VERSIONED.replace('basis = "GDPR Art. 34(1)"\n', ""))
    assert key == "clock[2].basis" and "required" in message
    line, _, message = _problem("version = 1\n[[clock]\n")
    assert line == 2 and "not valid TOML" in message


def test_lines_are_right_after_multi_line_notes_in_the_shipped_file() -> None:
    text = RULES_PATH.read_text(encoding="utf-8")
    anchor = 'id = "nis2-early-warning"'
    bad = text.replace(anchor, anchor.replace("nis2-early-warning", "nis2-early-warnings"))
    line = text[: text.index(anchor)].count("\n") + 1
    with pytest.raises(InputError) as caught:
        parse_rules(bad, "clocks.toml")
    (problem,) = caught.value.problems
    assert problem.line == line
    assert problem.key is not None and problem.key.endswith("].id")


def test_unknown_table_names_its_line() -> None:
    line, key, message = _problem("version = 1\n[organisation]\nname = 'x'\n")
    assert (line, key) == (2, "organisation")
    assert "unknown key" in message
