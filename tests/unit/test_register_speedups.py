"""The register's shortcuts say what the long way said: ``to_document`` in one pass, the
engine's recommendation without ``would_change``."""

from __future__ import annotations

from dataclasses import asdict
from datetime import datetime
from enum import StrEnum
from typing import Any

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
