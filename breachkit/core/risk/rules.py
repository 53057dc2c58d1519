"""From severity and likelihood to the risk level (the outcome is in risk_outcome).

ENISA's score measures how bad the consequences would be; it does not say how likely
they are. The GDPR asks for both (Recital 76). breachkit therefore rates, for each
security property that was breached, how likely harm is, using the mitigating and
aggravating facts the EDPB guidelines name, and combines the likeliest path with the
ENISA level:

    index = severity (low 0, medium 1, high 2, very high 3)
          + likelihood (remote -2, possible -1, likely 0, already happening +2)
          + 1 when 1,000 or more people are affected and harm is at least possible

    no realistic path to harm -> unlikely;  index <= -1 -> unlikely;
    index 0 or 1 -> risk;  index >= 2 -> high.

The table was calibrated on EDPB Guidelines 01/2021 cases and WP250 Annex B examples
(tests/unit/test_risk_scenarios.py); docs/risk.md lists where that needed a choice.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum

from breachkit.core.enums import AvailabilityLoss, Encryption, Exfiltration, ServiceImpact
from breachkit.core.incident.model import IncidentFacts
from breachkit.core.risk import basis as b
from breachkit.core.risk.facts import LARGE_SCALE, LONG_UNDETECTED_DAYS, Assumed, Exposure, Resolved
from breachkit.core.risk.model import Reason, RiskLevel, Severity, reason


class Likelihood(IntEnum):
    NONE = 0
    REMOTE = 1
    POSSIBLE = 2
    LIKELY = 3
    MATERIALISED = 4


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
EFFECT = {
    ServiceImpact.NONE: "no",
    ServiceImpact.MINOR: "minor",
    ServiceImpact.SIGNIFICANT: "significant",
    ServiceImpact.CRITICAL: "critical",
}
RISK_WORDS = {
    RiskLevel.UNLIKELY: "unlikely to result in a risk",
    RiskLevel.RISK: "likely to result in a risk",
    RiskLevel.HIGH: "likely to result in a high risk",
}


@dataclass(frozen=True, slots=True)
class Decision:
    risk: RiskLevel
    likelihood: Likelihood
    reasons: tuple[Reason, ...]
    assumed: tuple[Assumed, ...]


def confidentiality(r: Resolved, facts: IncidentFacts) -> tuple[Likelihood, list[Reason]]:
    """How likely the disclosure is to harm the people."""
    out: list[Reason] = []
    if not r.confidentiality or r.exposure is Exposure.NONE:
        if r.exfiltration is Exfiltration.RULED_OUT:
            out.append(
                reason(
                    "breach.exfiltration",
                    "lowers",
                    "Exfiltration is ruled out and no recipient is known, so no one obtained "
                    "the data",
                    b.g0121("case No. 01, paras. 16 and 21"),
                )
            )
        elif r.confidentiality:
            out.append(
                reason(
                    "breach.recipients",
                    "lowers",
                    "No one is known to have obtained the data",
                    f"{b.ENISA_CB}, confidentiality",
                )
            )
        return Likelihood.NONE, out
    if r.encrypted:
        out.append(
            reason(
                "protection.encryption",
                "lowers",
                "The data were encrypted with state-of-the-art encryption and the key was not "
                "compromised, so whoever obtained them cannot read them",
                f"{b.ART_34_3_A}; {b.g0121('case No. 01, para. 20, and case No. 10')}; "
                f"{b.WP250B}, example i",
            )
        )
        return Likelihood.NONE, out
    enc = facts.protection.encryption
    if enc is Encryption.WEAK:
        out.append(
            reason(
                "protection.encryption",
                "raises",
                "The data were only weakly encrypted, which does not make them unintelligible",
                f"{b.ART_34_3_A}; {b.g0121('case No. 01, para. 20')}",
            )
        )
    elif enc is Encryption.STATE_OF_THE_ART and facts.protection.key_compromised:
        out.append(
            reason(
                "protection.key_compromised",
                "raises",
                "The data were encrypted but the key was compromised, so the encryption does "
                "not protect them",
                f"{b.ART_34_3_A}; {b.g0121('case No. 01, para. 20')}",
            )
        )
    if r.hashed_credentials:
        out.append(
            reason(
                "protection.password_storage",
                "lowers",
                "The passwords were stored as strong salted hashes, so they cannot be used to "
                "log in",
                b.g0121("case No. 06"),
            )
        )
        if not r.intelligible:
            return Likelihood.NONE, out
    if r.exposure is Exposure.TRUSTED:
        if r.deletion_confirmed and not r.special:
            out.append(
                reason(
                    "breach.recipient_confirmed_deletion",
                    "lowers",
                    "The data went only to a trusted recipient bound to secrecy, who confirmed "
                    "deleting them",
                    f"{b.g0121('case No. 09')}; {b.ART_34_3_B}",
                )
            )
            return Likelihood.NONE, out
        text = (
            "The data went to a trusted recipient bound to secrecy who confirmed deleting them, "
            "but they include special categories, so breachkit does not treat that as harmless"
            if r.deletion_confirmed
            else "The data went to a trusted recipient bound to secrecy, who has not confirmed "
            "deleting them"
        )
        out.append(reason("breach.recipients", "lowers", text, b.g0121("case No. 09")))
        return Likelihood.REMOTE, out
    if r.exposure is Exposure.LIMITED:
        if r.malicious:
            out.append(
                reason(
                    "breach.recipients",
                    "raises",
                    "An identified person took the data deliberately and can be expected to use "
                    "them",
                    f"{b.g0121('case No. 08')}; {b.ENISA_CB}, confidentiality",
                )
            )
            return Likelihood.LIKELY, out
        if r.deletion_confirmed:
            out.append(
                reason(
                    "breach.recipient_confirmed_deletion",
                    "lowers",
                    "The data reached identified recipients by mistake, who confirmed deleting "
                    "them",
                    f"{b.g0121('case No. 13')}; {b.ART_34_3_B}",
                )
            )
            return Likelihood.REMOTE, out
        out.append(
            reason(
                "breach.recipients",
                "raises",
                "The data reached identified recipients by mistake, who have not confirmed "
                "deleting them",
                f"{b.g0121('cases No. 13 to 16')}; {b.ENISA_CB}, confidentiality",
            )
        )
        days = r.undetected_days
        if days is not None and days >= LONG_UNDETECTED_DAYS:
            out.append(
                reason(
                    "breach.undetected_days",
                    "raises",
                    f"The breach went unnoticed for {days:g} days, which makes misuse more likely",
                    f"{b.g0121('case No. 18')}; {b.g0922('severity of consequences')}",
                )
            )
            return Likelihood.LIKELY, out
        return Likelihood.POSSIBLE, out
    if r.exposure is Exposure.PUBLIC:
        text = "The data were published, so anyone can read and misuse them"
        basis = f"{b.WP250B}, example vi; {b.ENISA_CB}, confidentiality"
    else:
        stated = facts.breach.exfiltration
        how = {
            Exfiltration.CONFIRMED: "were exfiltrated and are",
            Exfiltration.LIKELY: "were probably exfiltrated and are",
        }.get(stated or Exfiltration.NOT_APPLICABLE, "may be")
        text = f"The data {how} in the hands of unknown third parties, who can misuse them"
        basis = f"{b.g0121('cases No. 04 and 05')}; {b.WP250B}, example ii; {b.ENISA_CB}"
    out.append(reason("breach.recipients", "raises", text, basis))
    return Likelihood.LIKELY, out


def availability(r: Resolved, facts: IncidentFacts) -> tuple[Likelihood, list[Reason]]:
    """How likely the loss of access is to harm the people."""
    if not r.availability:
        return Likelihood.NONE, []
    impact = r.service_impact
    permanent = r.availability_loss is AvailabilityLoss.PERMANENT
    hours = facts.breach.unavailable_hours
    if impact is ServiceImpact.CRITICAL:
        return Likelihood.MATERIALISED, [
            reason(
                "breach.service_impact",
                "raises",
                "The unavailability has already harmed the people, for example by postponing "
                "their care",
                f"{b.g0121('case No. 03')}; {b.WP250B}, example viii",
            )
        ]
    if permanent:
        likelihood = {
            ServiceImpact.NONE: Likelihood.REMOTE,
            ServiceImpact.MINOR: Likelihood.POSSIBLE,
            ServiceImpact.SIGNIFICANT: Likelihood.LIKELY,
        }[impact]
        text = f"The data are lost for good, with {EFFECT[impact]} effect on the people"
        basis = f"{b.WP250B}, example iv; {b.ENISA_CB}, availability; {b.g0922('permanence')}"
        return likelihood, [reason("breach.availability_loss", "raises", text, basis)]
    if r.quick_restore and impact in (ServiceImpact.NONE, ServiceImpact.MINOR):
        effect = "no" if impact is ServiceImpact.NONE else "only minor"
        return Likelihood.NONE, [
            reason(
                "breach.unavailable_hours",
                "lowers",
                f"The data were unavailable for {hours:g} hours only and were restored, with "
                f"{effect} effect on the people",
                f"{b.g0121('case No. 01, paras. 21 to 24')}; {b.WP250B}, example iii",
            )
        ]
    likelihood = {
        ServiceImpact.NONE: Likelihood.REMOTE,
        ServiceImpact.MINOR: Likelihood.REMOTE,
        ServiceImpact.SIGNIFICANT: Likelihood.POSSIBLE,
    }[impact]
    length = f"for {hours:g} hours" if hours is not None else "for an unstated time"
    done = "and have been restored" if r.restored else "and are not yet restored"
    direction = "lowers" if likelihood is Likelihood.REMOTE else "raises"
    text = f"The data were unavailable {length} {done}, with {EFFECT[impact]} effect on the people"
    basis = f"{b.g0121('cases No. 01 to 03')}; {b.ENISA_CB}, availability"
    return likelihood, [reason("breach.availability_loss", direction, text, basis)]


def integrity(r: Resolved) -> tuple[Likelihood, list[Reason]]:
    if not r.integrity:
        return Likelihood.NONE, []
    if r.restored:
        likelihood = Likelihood.POSSIBLE if r.malicious else Likelihood.REMOTE
        text = "The data were altered, and the correct data have been restored"
        direction = "lowers"
    else:
        likelihood = Likelihood.LIKELY
        text = "The data were altered and are not restored, so decisions may rest on wrong data"
        direction = "raises"
    basis = f"{b.ENISA_CB}, integrity; {b.g0922('type of breach')}"
    return likelihood, [reason("breach.types", direction, text, basis)]


def decide(r: Resolved, severity: Severity, facts: IncidentFacts) -> Decision:
    """Combine the likeliest path to harm with the ENISA level into a risk level."""
    paths = [confidentiality(r, facts), availability(r, facts), integrity(r)]
    out: list[Reason] = [item for _, reasons in paths for item in reasons]
    assumed: list[Assumed] = []
    likelihood = max(level for level, _ in paths)
    if r.misuse:
        likelihood = Likelihood.MATERIALISED
        out.append(
            reason(
                "breach.misuse_observed",
                "raises",
                "Misuse of the data has already been observed, so the harm is a fact, not a risk",
                f"{b.g0121('case No. 17')}; {b.g0922('severity of consequences')}",
            )
        )
    if likelihood is Likelihood.NONE:
        out.insert(
            0,
            reason(
                "likelihood",
                "lowers",
                f"Whatever the severity, {WORDS[likelihood]}",
                f"{b.RECITAL_76}; {b.G0922}",
            ),
        )
        return Decision(RiskLevel.UNLIKELY, likelihood, tuple(out), ())
    index = SEVERITY_INDEX[severity.level] + ADJUST[likelihood]
    if likelihood >= Likelihood.POSSIBLE:
        scale_basis = f"{b.RECITAL_75}; {b.g0922('number of affected individuals')}"
        count = r.data_subjects
        if count is None:
            assumed.append(
                Assumed(
                    "data.data_subjects",
                    "The number of people affected is not stated; breachkit assumes 1,000 or more",
                    f"{b.ART_33_4}; {scale_basis}",
                )
            )
            index += 1
        elif r.large_scale:
            index += 1
            out.append(
                reason(
                    "data.data_subjects",
                    "raises",
                    f"The breach affects about {count:,} people, a large number",
                    scale_basis,
                )
            )
        else:
            out.append(
                reason(
                    "data.data_subjects",
                    "lowers",
                    f"The breach affects about {count:,} people, fewer than {LARGE_SCALE:,}, so "
                    "the number does not raise the risk",
                    scale_basis,
                )
            )
    risk = RiskLevel.UNLIKELY if index <= -1 else RiskLevel.RISK if index <= 1 else RiskLevel.HIGH
    out.insert(
        0,
        reason(
            "likelihood",
            "raises" if risk is not RiskLevel.UNLIKELY else "lowers",
            f"The severity is {severity.level.replace('_', ' ')} and {WORDS[likelihood]}, so "
            f"the breach is {RISK_WORDS[risk]}",
            f"{b.RECITAL_76}; {b.G0922}",
        ),
    )
    return Decision(risk, likelihood, tuple(out), tuple(assumed))
