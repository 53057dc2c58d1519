"""The register's shortcuts say what the long way said: ``to_document`` in one pass, the
engine's recommendation without ``would_change``."""

from __future__ import annotations

import gc
from dataclasses import asdict
from datetime import datetime
from enum import StrEnum
from pathlib import Path
from typing import Any

import pytest
from test_incident_file import FULL, parse

from breachkit.core.incident.model import IncidentFacts, _plain
from breachkit.core.playbooks import phase_progress
from breachkit.core.times import utc_iso
from breachkit.services import Services


def _as_before(value: Any) -> Any:
    """The conversion as it was: ``asdict`` first, then the incident file's shape."""
    if isinstance(value, dict):
        return {k: _as_before(v) for k, v in value.items() if v is not None and v != ()}
    if isinstance(value, list | tuple):
        return [_as_before(v) for v in value]
    if isinstance(value, StrEnum):
        return value.value
    if isinstance(value, datetime):
        return utc_iso(value)
    return value


def _check(facts: IncidentFacts) -> None:
    assert _plain(facts) == _as_before(asdict(facts))


def test_a_full_incident_file_converts_as_with_asdict() -> None:
    _check(parse(FULL).facts)


def test_the_demo_incident_converts_as_with_asdict(services: Services) -> None:
    incident = services.create_demo()
    _check(services.incident(incident).facts)


def test_recommend_is_assess_without_what_would_change(services: Services) -> None:
    from breachkit.core.risk.engine import assess, recommend

    facts = services.incident(services.create_demo()).facts
    full, quick = assess(facts), recommend(facts)
    assert (quick.risk, quick.outcome, quick.reasons) == (full.risk, full.outcome, full.reasons)


def test_the_register_says_containment_as_the_long_way_does(services: Services) -> None:
    """The register evaluates the playbook only where its steps can tell (issue 19): an
    incident with no step marked, one whose contain phase is closed, one with a milestone."""
    untouched, stepped, milestone = (services.create_demo() for _ in range(3))
    for step in services.playbook_status(stepped).steps:
        if step.step.phase == "contain" and step.applicable:
            services.mark_step(stepped, step.step.id, "done")
    services.mark_contained(milestone, at=services.clock.now(), actor="j.muller (on-call)")
    rows = {row.incident_id: row for row in services.register_rows()}
    for incident in (untouched, stepped, milestone):
        contained = services.containment(incident)
        assert rows[incident].contained_at == (contained.at if contained else None)
    assert rows[untouched].contained_at is None
    assert rows[stepped].contained_at is not None and rows[milestone].contained_at is not None


def test_the_contain_phase_alone_is_what_the_whole_evaluation_says(services: Services) -> None:
    incident = services.create_demo()
    view = services.incident(incident)
    steps = services.playbook_status(incident).steps
    for n, step in enumerate(steps):  # every other step marked: done, skipped, not applicable
        if n % 2:
            status = ("done", "skipped", "not_applicable")[n % 3]
            services.mark_step(incident, step.step.id, status, note="bench")
    chosen = services.incident_playbook(incident)
    progress = services.playbook_part.step_progress(incident, chosen.id)
    for phase in {s.step.phase for s in steps}:
        whole = [
            (s.status.value, s.at)
            for s in services.playbook_status(incident).steps
            if s.step.phase == phase and s.applicable
        ]
        alone = phase_progress(
            chosen, view.facts.to_document(), progress, phase, services.playbook_part.regimes(view)
        )
        assert alone == whole


def test_each_incidents_steps_in_one_read_are_its_own_reads(
    services: Services, incident_file: Path
) -> None:
    """The register reads every incident's marked steps and containment milestones at
    once (issue 19); for each incident and playbook they are what its own reads give:
    the same rows in the same order, and nothing for an incident without any."""
    from breachkit.core.review.summary import CONTAINED

    untouched = services.create_from_file(incident_file)[0]
    stepped, switched = services.create_demo(), services.create_demo()
    for incident in (stepped, switched):
        for n, step in enumerate(services.playbook_status(incident).steps[:6]):
            services.mark_step(incident, step.step.id, ("done", "skipped")[n % 2], note="bench")
    services.use_playbook(switched, "gdpr-general")
    for step in services.playbook_status(switched).steps[:3]:
        services.mark_step(switched, step.step.id, "done")
    services.mark_step(switched, services.playbook_status(switched).steps[0].step.id, "open")
    at = services.clock.now()
    services.mark_contained(switched, at=at, actor="j.muller (on-call)")
    services.mark_contained(switched, at=at, note="again", actor="j.muller (on-call)")
    store = services.store
    marked, milestones = store.steps.by_incident(), store.milestones.by_incident()
    assert untouched not in marked and untouched not in milestones
    assert set(marked) == {stepped, switched} and set(milestones) == {switched}
    for incident in (untouched, stepped, switched):
        assert marked.get(incident, []) == store.steps.rows(incident)
        contained = [m for m in milestones.get(incident, []) if m.milestone == CONTAINED]
        assert contained == store.milestones.of(incident, CONTAINED)
        for playbook in services.playbooks:
            mine = [s for s in marked.get(incident, []) if s.playbook_id == playbook]
            assert mine == store.steps.for_playbook(incident, playbook)
    assert len({s.playbook_id for s in marked[switched]}) == 2


def test_a_playbook_chosen_by_hand_is_read_alone_as_with_the_row(services: Services) -> None:
    chosen, not_chosen = services.create_demo(), services.create_demo()
    services.use_playbook(chosen, "ransomware")
    for incident in (chosen, not_chosen):
        row = services.store.incidents.get(incident)
        assert services.store.incidents.playbook_id(incident) == row.playbook_id
    assert services.store.incidents.playbook_id(chosen) == "ransomware"


def test_a_phase_whose_steps_ask_no_facts_evaluates_without_them(services: Services) -> None:
    """The register skips the facts document where no step of the contain phase asks a
    fact: for every bundled playbook and phase, the answer is the same."""
    from breachkit.core.playbooks import phase_reads_facts

    view = services.incident(services.create_demo())
    document = view.facts.to_document()
    for playbook in services.playbooks.values():
        for phase in {s.phase for s in playbook.steps}:
            for regimes in (frozenset(), frozenset({"nis2"})):
                full = phase_progress(playbook, document, (), phase, regimes)
                if not phase_reads_facts(playbook, phase):
                    assert phase_progress(playbook, {}, (), phase, regimes) == full
    social = services.playbooks["social-engineering"]
    assert phase_reads_facts(social, "contain")
    assert not phase_reads_facts(services.playbooks["gdpr-general"], "contain")


def test_one_organisation_snapshot_is_parsed_once_a_read(
    services: Services, incident_file: Path
) -> None:
    """Incidents opened under the same profile keep the same snapshot text: inside one
    read it is parsed once and shared (it is immutable); each incident's own snapshot
    is still its own, and outside such a read every view parses its own."""
    from dataclasses import replace

    first, second = services.create_demo(), services.create_demo()
    org = services.incident(first).organisation
    assert org is not None
    other = services.create_incident(
        services.load_incident_file(incident_file),
        organisation=replace(org, name="Someone Else SA"),
    )
    with services.views_read_once():
        views = [services.incident(i) for i in (first, second, other)]
    assert views[0].organisation is views[1].organisation
    assert views[2].organisation is not None and views[2].organisation.name == "Someone Else SA"
    alone = [services.incident(i).organisation for i in (first, second)]
    assert alone[0] == alone[1] == views[0].organisation and alone[0] is not alone[1]


def test_rows_read_ahead_are_each_incidents_own_rows(
    services: Services, incident_file: Path
) -> None:
    """Inside ``read_ahead`` every table the register reads answers from one read of all
    incidents (issue 19): the same rows, in the same order, as each incident's own read;
    a condition still asks the table; outside, the table is asked again."""
    from breachkit.store.repo import read_ahead

    plain = services.create_from_file(incident_file)[0]
    decided, filed = services.create_demo(), services.create_demo()
    services.decide(decided, actor="c.weber (DPO)")
    services.decide(decided, actor="c.weber (DPO)")
    services.record_filing(filed, authority="cnpd", at=services.clock.now(), reference="R-1")
    store = services.store
    repos = (
        store.decisions,
        store.filings,
        store.letter_batches,
        store.controller_lists,
        store.controller_events,
    )
    incidents = (plain, decided, filed)
    own = {(r.table, i): r.rows(i) for r in repos for i in incidents}
    assert own[("decisions", decided)] and own[("filings", filed)]
    with read_ahead(*repos), read_ahead(store.decisions):  # nested: the outer read stands
        for repo in repos:
            for incident in incidents:
                assert repo.rows(incident) == own[(repo.table, incident)]
        assert store.filings.by_time(filed) == own[("filings", filed)]
        assert store.decisions.latest(decided) == own[("decisions", decided)][-1]
        services.decide(plain, actor="c.weber (DPO)")  # not seen inside: reading only
        assert store.decisions.rows(plain) == []
    assert len(store.decisions.rows(plain)) == 1


def test_bulk_work_holds_the_collector_back_and_restores_it() -> None:
    """Inside ``bulk_work`` the collector waits for more new objects and skips what was
    there before (issue 19); nested, after an error, the settings come back as they were
    and nothing stays frozen."""
    from breachkit.services.bulk import YOUNG_THRESHOLD, bulk_work

    before = gc.get_threshold()
    with bulk_work():
        assert gc.get_threshold()[0] == YOUNG_THRESHOLD and gc.get_freeze_count() > 0
        with pytest.raises(RuntimeError), bulk_work():
            raise RuntimeError("a failed export")
        assert gc.get_threshold()[0] == YOUNG_THRESHOLD  # the outer block still holds it
    assert gc.get_threshold() == before and gc.get_freeze_count() == 0


def test_bulk_work_never_lowers_the_command_lines_threshold() -> None:
    """The command line starts at a higher threshold (breachkit.startup); a register
    exported from it must not make the collector run more often."""
    from breachkit.services.bulk import bulk_work
    from breachkit.startup import YOUNG, collect_as_usual, collect_less

    collect_less()
    try:
        with bulk_work():
            assert gc.get_threshold()[0] == YOUNG
        assert gc.get_threshold()[0] == YOUNG
    finally:
        collect_as_usual()
