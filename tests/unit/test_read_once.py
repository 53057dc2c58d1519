"""A use-case reads and parses the stored incident once, however many of its steps look
at the incident (issue 18: ``report_data`` parsed it six times, ``prepare_draft`` three)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest

from breachkit.services import Services
from breachkit.services.incidents import IncidentServices
from breachkit.store.incidents import IncidentRow

Parses = list[str]


@pytest.fixture
def parses(monkeypatch: pytest.MonkeyPatch) -> Iterator[Parses]:
    """Every parse of a stored incident, by incident id."""
    seen: Parses = []
    real = IncidentServices._parse_view

    def counting(self: IncidentServices, row: IncidentRow) -> Any:
        seen.append(row.id)
        return real(self, row)

    monkeypatch.setattr(IncidentServices, "_parse_view", counting)
    yield seen


def _once(parses: Parses, call: Callable[[], object]) -> None:
    parses.clear()
    call()
    assert len(parses) == len(set(parses)), parses


@pytest.mark.parametrize(
    "use_case",
    ["report_data", "prepare_draft", "clocks", "playbook_status", "containment"],
)
def test_one_use_case_parses_the_incident_once(
    services: Services, parses: Parses, use_case: str
) -> None:
    incident = services.create_demo()
    _once(parses, lambda: getattr(services, use_case)(incident))
    assert parses == [incident]


def test_the_register_parses_each_incident_once(services: Services, parses: Parses) -> None:
    first, second = services.create_demo(), services.create_demo()
    _once(parses, services.register_rows)
    assert sorted(parses) == sorted([first, second])


def test_a_change_made_after_a_use_case_is_seen_by_the_next(services: Services) -> None:
    incident = services.create_demo()
    services.report_data(incident)
    services.set_fact(incident, "title", "Renamed after the report")
    assert services.incident(incident).title == "Renamed after the report"
