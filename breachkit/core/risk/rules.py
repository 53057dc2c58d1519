"""From severity and likelihood to the risk level (the outcome is in :mod:`outcome`).

ENISA's score measures how bad the consequences would be; it does not say how likely
they are. The GDPR asks for both (Recital 76). breachkit therefore rates, for each
security property that was breached, how likely harm is (:mod:`confidentiality`,
:mod:`availability`), using the mitigating and aggravating facts the EDPB guidelines
name, and combines the likeliest path with the ENISA level on a scale of its own:

    index = severity (low 0, medium 1, high 2, very high 3)
          + likelihood (remote -2, possible -1, likely 0, already happening +2)
          + 1 when 1,000 or more people are affected and harm is at least possible

    no realistic path to harm -> unlikely;  index <= -1 -> unlikely;
    index 0 or 1 -> risk;  index >= 2 -> high;
    and at least risk when the people have already felt a loss of access.

The scale, its steps and the 1,000-person figure are breachkit's own, calibrated on the
EDPB 01/2021 cases (tests/unit/test_risk_cases.py); docs/risk.md lists the choices.
"""

from __future__ import annotations

from dataclasses import dataclass

from breachkit.core.incident.model import IncidentFacts
from breachkit.core.risk import basis as b
from breachkit.core.risk.availability import availability, felt, integrity
from breachkit.core.risk.confidentiality import confidentiality
from breachkit.core.risk.facts import Assumed, Resolved
from breachkit.core.risk.model import Likelihood, Reason, RiskLevel, Severity, reason
from breachkit.core.risk.thresholds import LARGE_SCALE, OWN

ADJUST = {
    Likelihood.REMOTE: -2,
    Likelihood.POSSIBLE: -1,
    Likelihood.LIKELY: 0,
    Likelihood.MATERIALISED: 2,
}
SEVERITY_INDEX = {"low": 0, "medium": 1, "high": 2, "very_high": 3}
WORDS = {
    Likelihood.NONE: "there is no realistic way for it to harm the people",
    Likelihood.REMOTE: "harm is remote",
    Likelihood.POSSIBLE: "harm is possible",
    Likelihood.LIKELY: "harm is likely",
    Likelihood.MATERIALISED: "harm is already happening",
}
RISK_WORDS = {
    RiskLevel.UNLIKELY: "unlikely to result in a risk",
    RiskLevel.RISK: "likely to result in a risk",
    RiskLevel.HIGH: "likely to result in a high risk",
}
COMBINATION = f"{b.RECITAL_76}; {b.G0922}"


@dataclass(frozen=True, slots=True)
class Decision:
    risk: RiskLevel
    likelihood: Likelihood
    reasons: tuple[Reason, ...]
    assumed: tuple[Assumed, ...]


def decide(r: Resolved, severity: Severity, facts: IncidentFacts) -> Decision:
    """Combine the likeliest path to harm with the ENISA level into a risk level."""
    paths = [confidentiality(r, facts), availability(r, facts), integrity(r)]
    out: list[Reason] = [item for _, reasons in paths for item in reasons]
    likelihood = max(level for level, _ in paths)
    if r.misuse:
        likelihood = Likelihood.MATERIALISED
        text = "Misuse of the data has already been observed, so the harm is a fact, not a risk"
        basis = f"{b.g0121('case No. 17')}; {b.g0922(b.CONSEQUENCES)}"
        out.append(reason("breach.misuse_observed", "raises", text, basis))
    if likelihood is Likelihood.NONE:
        text = f"Whatever the severity, {WORDS[likelihood]}"
        out.insert(0, reason("likelihood", "lowers", text, COMBINATION))
        return Decision(RiskLevel.UNLIKELY, likelihood, tuple(out), ())
    index = SEVERITY_INDEX[severity.level] + ADJUST[likelihood]
    scale, scale_reasons, assumed = _number_of_people(r, likelihood)
    out += scale_reasons
    index += scale
    risk = RiskLevel.UNLIKELY if index <= -1 else RiskLevel.RISK if index <= 1 else RiskLevel.HIGH
    floor = felt(r)
    if floor is not None and risk is RiskLevel.UNLIKELY:
        risk = RiskLevel.RISK
        out.append(floor)
    text = (
        f"The severity is {severity.level.replace('_', ' ')} and {WORDS[likelihood]}, which "
        f"breachkit's own scale combines into: the breach is {RISK_WORDS[risk]}"
    )
    out.insert(0, reason("likelihood", _direction(risk), text, COMBINATION))
    return Decision(risk, likelihood, tuple(out), assumed)


def _direction(risk: RiskLevel) -> str:
    return "lowers" if risk is RiskLevel.UNLIKELY else "raises"


def _number_of_people(
    r: Resolved, likelihood: Likelihood
) -> tuple[int, list[Reason], tuple[Assumed, ...]]:
    """+1 for a large number of people, once harm is at least possible."""
    if likelihood < Likelihood.POSSIBLE:
        return 0, [], ()
    basis = f"{b.RECITAL_75}; {b.g0922(b.NUMBER)}"
    large = f"the {LARGE_SCALE:,} people that breachkit counts as a large number ({OWN})"
    count = r.data_subjects
    if count is None:
        sentence = (
            f"The number of people affected is not stated; breachkit assumes at least {large}"
        )
        return 1, [], (Assumed("data.data_subjects", sentence, f"{b.ART_33_4}; {basis}"),)
    if r.large_scale:
        text = f"The breach affects about {count:,} people, at least {large}"
        return 1, [reason("data.data_subjects", "raises", text, basis)], ()
    text = (
        f"The breach affects about {count:,} people, fewer than {large}, so the number does "
        "not raise the risk"
    )
    return 0, [reason("data.data_subjects", "lowers", text, basis)], ()
