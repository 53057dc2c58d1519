"""Scenario suite for the risk engine: WP250 Annex B, our users' breaches, unknown facts.

The scenarios are data (tests/unit/data/risk_scenarios.toml): a small incident file each,
with the answer breachkit gives and, where a guideline speaks, the least outcome it
requires. Sources:

- WP250 rev.01 Annex B (examples of breaches and who to notify), kept in EDPB Guidelines
  9/2022: "WP250 Annex B (x)".
- The seed organisations (Luxembourg, French, Danish and Belgian cloud and managed-IT
  providers): "seed".
- The principles of issue 14 (access is not exfiltration; availability lost for days).

The 18 EDPB 01/2021 cases, each encoded twice, are in test_risk_cases.py.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from breachkit.core.incident.parse import parse_incident_text
from breachkit.core.risk.engine import Outcome, RiskAssessment, RiskLevel, assess

DATA = Path(__file__).parent / "data" / "risk_scenarios.toml"
HEAD = 'title = "Scenario"\naware_at = "2026-11-19T11:30:00+01:00"\n'


@dataclass(frozen=True)
class Scenario:
    id: str
    source: str
    note: str
    toml: str
    outcome: Outcome
    risk: RiskLevel
    exemptions: tuple[str, ...] = ()
    guideline: Outcome | None = None
    """The least outcome the guideline requires (None: the guideline does not say)."""
    individual_contact: str | None = None


def _scenario(raw: dict[str, Any]) -> Scenario:
    return Scenario(
        id=raw["id"],
        source=raw["source"],
        note=raw["note"],
        toml=raw["incident"],
        outcome=Outcome(raw["outcome"]),
        risk=RiskLevel(raw["risk"]),
        exemptions=tuple(raw.get("exemptions", ())),
        guideline=Outcome(raw["guideline"]) if "guideline" in raw else None,
        individual_contact=raw.get("individual_contact"),
    )


SCENARIOS = [_scenario(raw) for raw in tomllib.loads(DATA.read_text("utf-8"))["scenario"]]
IDS = [s.id for s in SCENARIOS]


def run(scenario: Scenario) -> RiskAssessment:
    facts = parse_incident_text(HEAD + scenario.toml, f"{scenario.id}.toml").facts
    return assess(facts, individual_contact=scenario.individual_contact)


@pytest.mark.parametrize("scenario", SCENARIOS, ids=IDS)
def test_scenario(scenario: Scenario) -> None:
    result = run(scenario)
    got = (result.outcome, result.risk, result.exemptions)
    assert got == (scenario.outcome, scenario.risk, scenario.exemptions), "\n".join(
        result.to_json()["reasons"]
    )


@pytest.mark.parametrize("scenario", SCENARIOS, ids=IDS)
def test_every_reason_cites_its_basis(scenario: Scenario) -> None:
    result = run(scenario)
    assert result.reasons
    for item in result.reasons:
        assert item.basis
        assert item.text.endswith(f"({item.basis}).")


def test_suite_is_large_enough_and_covers_every_outcome() -> None:
    assert len(SCENARIOS) >= 20
    assert {s.outcome for s in SCENARIOS} == set(Outcome)
    assert sum(s.source.startswith("WP250") for s in SCENARIOS) >= 7
    assert sum(s.source.startswith("seed") for s in SCENARIOS) >= 8
    assert len(set(IDS)) == len(IDS)


def test_unknown_exfiltration_says_what_would_change() -> None:
    scenario = next(s for s in SCENARIOS if s.id == "unknown-ransomware-exfiltration")
    result = run(scenario)
    assert any("exfiltrated" in a and "assumes" in a for a in result.assumptions)
    # Ransomware read the unencrypted data whatever the logs say: ruling exfiltration out
    # changes nothing, encryption at rest would have (EDPB 01/2021 case No. 01).
    assert not any(w.startswith("If exfiltration were ruled out") for w in result.would_change)


def test_minimal_file_lists_its_assumptions() -> None:
    scenario = next(s for s in SCENARIOS if s.id == "unknown-everything")
    result = run(scenario)
    facts = {f["fact"] for f in result.to_json()["factors"] if f["direction"] == "assumed"}
    assert {"breach.exfiltration", "data.categories", "data.data_subjects"} <= facts
    assert len(result.assumptions) == len(facts)
    # what knowing more would change: strong encryption would take the risk to unlikely
    (change,) = result.would_change
    assert change.startswith("If the data turned out to be encrypted")
    assert change.endswith(
        "would be unlikely (record_only) instead of high (notify_authority_and_subjects)."
    )
