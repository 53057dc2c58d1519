"""The register's shortcuts say what the long way said: ``to_document`` in one pass, the
engine's recommendation without ``would_change``."""

from __future__ import annotations

from dataclasses import asdict
from datetime import datetime
from enum import StrEnum
from typing import Any

from test_incident_file import FULL, parse

from breachkit.core.incident.model import IncidentFacts, _plain
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
