"""Fact changes (typed, text, cleared) and timeline paging/filtering in SQL."""

from __future__ import annotations

import pytest

from breachkit.core.errors import InputError
from breachkit.services import Services


@pytest.fixture
def demo(services: Services) -> str:
    return services.create_demo()


def test_text_stays_text_and_clearing_goes_back_to_not_stated(
    services: Services, demo: str
) -> None:
    services.set_fact(demo, "title", "2026", as_text=True)
    assert services.incident(demo).facts.title == "2026"
    entry = services.set_fact(demo, "breach.exfiltration", None)
    assert entry is not None and "(not stated)" in entry.content.text
    assert services.incident(demo).facts.breach.exfiltration is None
    assert services.fact_history(demo)[-1].new_value is None
    assert services.set_fact(demo, "breach.exfiltration", None) is None  # unchanged
    with pytest.raises(InputError, match="required key is missing"):
        services.set_fact(demo, "aware_at", None)


def test_kind_filter_and_paging_backwards(services: Services, demo: str) -> None:
    everything = services.timeline(demo)
    decisions = services.timeline(demo, kinds=("decision",))
    assert decisions == [e for e in everything if e.content.kind == "decision"]
    last_three = services.timeline(demo, before=everything[-1].seq, limit=3, newest_first=True)
    assert [e.seq for e in last_three] == [e.seq for e in everything[-4:-1]][::-1]
