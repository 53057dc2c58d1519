"""The Art. 34(3) grounds and the outcome that follow from the risk level.

Re-exported through :mod:`breachkit.core.risk.engine`; the level itself comes from
:mod:`breachkit.core.risk.rules`.
"""

from __future__ import annotations

from breachkit.core.enums import Role
from breachkit.core.risk import basis as b
from breachkit.core.risk.facts import Resolved
from breachkit.core.risk.kinds import Exposure
from breachkit.core.risk.model import IndividualContact, Outcome, Reason, RiskLevel, reason


def exemptions(r: Resolved, risk: RiskLevel) -> tuple[tuple[str, ...], list[Reason]]:
    """The Art. 34(3) grounds whose conditions the facts meet, and what to say about them.

    breachkit counts encryption and a recipient's deletion when it rates the risk, as EDPB
    01/2021 cases 09 and 10 do. Ground (a) is listed when the data were unintelligible, so
    that the register says why; a breach still rated high owes that to something the
    ground does not cover (unavailability, misuse), so (a) is then not listed. Ground (b)
    presupposes a high risk that subsequent measures stopped from materialising: breachkit
    never offers it for a breach it rates below high, where Art. 34(1) already asks for no
    communication.
    """
    unintelligible = r.confidentiality and r.encrypted and not r.misuse
    deleted = (
        r.exposure in (Exposure.TRUSTED, Exposure.LIMITED)
        and r.deletion_confirmed
        and not r.malicious
        and not r.misuse
    )
    if risk is RiskLevel.HIGH:
        if not (unintelligible or deleted):
            return (), []
        text = (
            "Encryption or the recipient's deletion protects the data's confidentiality, but "
            "the high risk comes from elsewhere (unavailability, alteration or misuse), which "
            "that ground does not remove"
        )
        basis = f"{b.ART_34_3_A}; {b.ART_34_3_B}"
        return (), [reason("exemptions", "raises", text, basis)]
    out: list[Reason] = []
    grounds: tuple[str, ...] = ()
    if unintelligible:
        grounds = ("34(3)(a)",)
        text = (
            "The affected data were unintelligible to anyone not authorised to read them, so "
            "even a high risk would not require telling the people"
        )
        out.append(
            reason("exemptions", "lowers", text, f"{b.ART_34_3_A}; {b.g0121('case No. 10')}")
        )
    if deleted:
        text = (
            "The recipient's confirmed deletion is already counted in the risk, which is not "
            "high: the people need not be told because Art. 34(1) does not ask for it, so the "
            "Art. 34(3)(b) exception, which presupposes a high risk, is not needed"
        )
        out.append(reason("exemptions", "lowers", text, b.ART_34_1))
    return grounds, out


def outcome(
    r: Resolved, risk: RiskLevel, contact: IndividualContact | None
) -> tuple[Outcome, tuple[str, ...], list[Reason]]:
    """What to do about the risk level; the Art. 34(3)(c) ground when it applies."""
    grounds: tuple[str, ...] = ()
    result = OUTCOMES[risk]
    if risk is RiskLevel.HIGH and contact is IndividualContact.DISPROPORTIONATE:
        result, grounds = Outcome.NOTIFY_AUTHORITY_AND_PUBLIC, ("34(3)(c)",)
    out = [reason(*line) for line in SAY[result]]
    role = ROLE_REMINDERS.get(r.role)
    if role is not None:
        out.append(reason("role", "raises", *role))
    return result, grounds, out


OUTCOMES = {
    RiskLevel.UNLIKELY: Outcome.RECORD_ONLY,
    RiskLevel.RISK: Outcome.NOTIFY_AUTHORITY,
    RiskLevel.HIGH: Outcome.NOTIFY_AUTHORITY_AND_SUBJECTS,
}
NOT_TOLD = (
    "risk",
    "lowers",
    "The risk is not high, so the law does not require telling the people, though telling "
    "them may help them protect themselves",
    b.ART_34_1,
)
SAY: dict[Outcome, tuple[tuple[str, str, str, str], ...]] = {
    Outcome.RECORD_ONLY: (
        (
            "risk",
            "lowers",
            "The breach is unlikely to result in a risk to people's rights and freedoms: no "
            "notification to the authority is needed, but the breach must be recorded in the "
            "breach register with its facts, effects and remedial action",
            f"{b.ART_33_1}; {b.ART_33_5}; {b.g0121('para. 15')}",
        ),
        (
            "risk",
            "lowers",
            "Nor do the people need to be told: that is required only for a high risk",
            b.ART_34_1,
        ),
    ),
    Outcome.NOTIFY_AUTHORITY: (
        (
            "risk",
            "raises",
            "The breach is likely to result in a risk to people's rights and freedoms: notify "
            "the supervisory authority without undue delay, within 72 hours of awareness where "
            "feasible",
            b.ART_33_1,
        ),
        NOT_TOLD,
    ),
    Outcome.NOTIFY_AUTHORITY_AND_SUBJECTS: (
        (
            "risk",
            "raises",
            "The breach is likely to result in a high risk to people's rights and freedoms: "
            "notify the supervisory authority and tell the people without undue delay",
            f"{b.ART_33_1}; {b.ART_34_1}",
        ),
    ),
    Outcome.NOTIFY_AUTHORITY_AND_PUBLIC: (
        (
            "response.individual_contact",
            "lowers",
            "The breach is likely to result in a high risk, and telling each person would "
            "involve disproportionate effort: notify the authority and inform the people by a "
            "public communication or an equally effective measure",
            f"{b.ART_33_1}; {b.ART_34_3_C}",
        ),
    ),
}
ROLE_REMINDERS = {
    Role.PROCESSOR: (
        "As processor, tell the controller without undue delay whatever the risk; the "
        "controller makes this assessment and notifies",
        b.ART_33_2,
    ),
    Role.JOINT_CONTROLLER: (
        "As joint controller, follow the arrangement that says which controller notifies and "
        "tells the people",
        b.ART_26,
    ),
}
