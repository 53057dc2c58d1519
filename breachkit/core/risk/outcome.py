"""The Art. 34(3) grounds and the outcome that follow from the risk level.

Re-exported through :mod:`breachkit.core.risk.engine`; the level itself comes from
:mod:`breachkit.core.risk.rules`.
"""

from __future__ import annotations

from breachkit.core.enums import Role
from breachkit.core.risk import basis as b
from breachkit.core.risk.facts import Exposure, Resolved
from breachkit.core.risk.model import IndividualContact, Outcome, Reason, RiskLevel, reason


def exemptions(r: Resolved, risk: RiskLevel) -> tuple[tuple[str, ...], list[Reason]]:
    """Art. 34(3)(a) and (b) grounds whose conditions the facts meet.

    breachkit already counts encryption and confirmed deletion when it rates the risk
    (as EDPB 01/2021 cases 09 and 10 do). A breach still rated high therefore owes that
    to something the ground does not cover (unavailability, misuse): the ground is then
    not listed, and a reason says why.
    """
    grounds: list[str] = []
    out: list[Reason] = []
    ground_a = r.confidentiality and r.encrypted and not r.misuse
    ground_b = (
        r.exposure in (Exposure.TRUSTED, Exposure.LIMITED)
        and r.deletion_confirmed
        and not r.malicious
        and not r.misuse
    )
    if risk is RiskLevel.HIGH:
        if ground_a or ground_b:
            out.append(
                reason(
                    "exemptions",
                    "raises",
                    "Encryption or the recipient's deletion protects the data's confidentiality, "
                    "but the high risk comes from elsewhere (unavailability or alteration), "
                    "which that ground does not remove",
                    f"{b.ART_34_3_A}; {b.ART_34_3_B}",
                )
            )
        return (), out
    if ground_a:
        grounds.append("34(3)(a)")
        out.append(
            reason(
                "exemptions",
                "lowers",
                "The affected data were unintelligible to anyone not authorised to read them, "
                "so even a high risk would not require telling the people",
                f"{b.ART_34_3_A}; {b.g0121('case No. 10')}",
            )
        )
    if ground_b:
        grounds.append("34(3)(b)")
        out.append(
            reason(
                "exemptions",
                "lowers",
                "The recipient's confirmed deletion is a subsequent measure that keeps a high "
                "risk from materialising",
                f"{b.ART_34_3_B}; {b.g0121('case No. 09')}",
            )
        )
    return tuple(grounds), out


def outcome(
    r: Resolved, risk: RiskLevel, contact: IndividualContact | None
) -> tuple[Outcome, tuple[str, ...], list[Reason]]:
    """What to do about the risk level; the Art. 34(3)(c) ground when it applies."""
    out: list[Reason] = []
    grounds: tuple[str, ...] = ()
    if risk is RiskLevel.UNLIKELY:
        result = Outcome.RECORD_ONLY
        out.append(
            reason(
                "risk",
                "lowers",
                "The breach is unlikely to result in a risk to people's rights and freedoms: "
                "no notification to the authority is needed, but the breach must be recorded "
                "in the breach register with its facts, effects and remedial action",
                f"{b.ART_33_1}; {b.ART_33_5}; {b.g0121('para. 15')}",
            )
        )
    elif risk is RiskLevel.RISK:
        result = Outcome.NOTIFY_AUTHORITY
        out.append(
            reason(
                "risk",
                "raises",
                "The breach is likely to result in a risk to people's rights and freedoms: "
                "notify the supervisory authority without undue delay, within 72 hours of "
                "awareness where feasible",
                b.ART_33_1,
            )
        )
        out.append(
            reason(
                "risk",
                "lowers",
                "The risk is not high, so the law does not require telling the people, though "
                "telling them may help them protect themselves",
                b.ART_34_1,
            )
        )
    elif contact is IndividualContact.DISPROPORTIONATE:
        result = Outcome.NOTIFY_AUTHORITY_AND_PUBLIC
        grounds = ("34(3)(c)",)
        out.append(
            reason(
                "response.individual_contact",
                "lowers",
                "The breach is likely to result in a high risk, and telling each person would "
                "involve disproportionate effort: notify the authority and inform the people "
                "by a public communication or an equally effective measure",
                f"{b.ART_33_1}; {b.ART_34_3_C}",
            )
        )
    else:
        result = Outcome.NOTIFY_AUTHORITY_AND_SUBJECTS
        out.append(
            reason(
                "risk",
                "raises",
                "The breach is likely to result in a high risk to people's rights and "
                "freedoms: notify the supervisory authority and tell the people without undue "
                "delay",
                f"{b.ART_33_1}; {b.ART_34_1}",
            )
        )
    if r.role is Role.PROCESSOR:
        out.append(
            reason(
                "role",
                "raises",
                "As processor, tell the controller without undue delay whatever the risk; the "
                "controller makes this assessment and notifies",
                b.ART_33_2,
            )
        )
    elif r.role is Role.JOINT_CONTROLLER:
        out.append(
            reason(
                "role",
                "raises",
                "As joint controller, follow the arrangement that says which controller "
                "notifies and tells the people",
                b.ART_26,
            )
        )
    return result, grounds, out
