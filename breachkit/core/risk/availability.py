"""The availability and integrity paths: how likely the loss of access to the data, or
their alteration, is to harm the people.

Restoration in good time is what keeps an availability breach off the authority's desk
(WP250 Annex B, example iii; EDPB 01/2021 case No. 01). Data that were out of reach for
longer, with an effect the people felt, are notifiable even once restored (EDPB 01/2021
case No. 02: no electronic backup, restored by hand over several working days). "In good
time" is breachkit's own figure: :data:`~breachkit.core.risk.thresholds.QUICK_RESTORE_HOURS`.
"""

from __future__ import annotations

from breachkit.core.enums import AvailabilityLoss, ServiceImpact
from breachkit.core.incident.model import IncidentFacts
from breachkit.core.risk import basis as b
from breachkit.core.risk.facts import Resolved
from breachkit.core.risk.model import Likelihood, Reason, reason
from breachkit.core.risk.thresholds import OWN, QUICK_RESTORE_HOURS

Path = tuple[Likelihood, list[Reason]]

EFFECT = {
    ServiceImpact.NONE: "no",
    ServiceImpact.MINOR: "minor",
    ServiceImpact.SIGNIFICANT: "significant",
    ServiceImpact.CRITICAL: "critical",
}
CB_AVAIL = f"{b.ENISA_CB}, availability"
IN_GOOD_TIME = (
    f"the {QUICK_RESTORE_HOURS:g} hours that breachkit takes as restoring in good time ({OWN})"
)
PERMANENT = {
    ServiceImpact.NONE: Likelihood.REMOTE,
    ServiceImpact.MINOR: Likelihood.POSSIBLE,
    ServiceImpact.SIGNIFICANT: Likelihood.LIKELY,
}
TEMPORARY = {
    ServiceImpact.NONE: Likelihood.REMOTE,
    ServiceImpact.MINOR: Likelihood.REMOTE,
    ServiceImpact.SIGNIFICANT: Likelihood.POSSIBLE,
}


def availability(r: Resolved, facts: IncidentFacts) -> Path:
    """How likely the loss of access is to harm the people."""
    if not r.availability:
        return Likelihood.NONE, []
    impact = r.service_impact
    hours = facts.breach.unavailable_hours
    if impact is ServiceImpact.CRITICAL:
        text = (
            "The unavailability has already harmed the people, for example by postponing their care"
        )
        basis = f"{b.g0121('case No. 03')}; {b.WP250B}, example viii"
        return Likelihood.MATERIALISED, [reason("breach.service_impact", "raises", text, basis)]
    if r.availability_loss is AvailabilityLoss.PERMANENT:
        text = f"The data are lost for good, with {EFFECT[impact]} effect on the people"
        basis = f"{b.WP250B}, example iv; {CB_AVAIL}; {b.g0922(b.CONSEQUENCES)}"
        return PERMANENT[impact], [reason("breach.availability_loss", "raises", text, basis)]
    if r.quick_restore and impact in (ServiceImpact.NONE, ServiceImpact.MINOR):
        effect = "no" if impact is ServiceImpact.NONE else "only minor"
        text = (
            f"The data were unavailable for {hours:g} hours and were restored, within "
            f"{IN_GOOD_TIME}, with {effect} effect on the people"
        )
        basis = f"{b.WP250B}, example iii; {b.g0121('case No. 01')}"
        return Likelihood.NONE, [reason("breach.unavailable_hours", "lowers", text, basis)]
    likelihood = TEMPORARY[impact]
    text = (
        f"The data were unavailable {_length(hours)} "
        f"{'and have been restored' if r.restored else 'and are not yet restored'}, with "
        f"{EFFECT[impact]} effect on the people"
    )
    direction = "lowers" if likelihood is Likelihood.REMOTE else "raises"
    basis = f"{b.g0121('cases No. 01 to 03')}; {CB_AVAIL}"
    return likelihood, [reason("breach.availability_loss", direction, text, basis)]


def _length(hours: float | None) -> str:
    if hours is None:
        return "for an unstated time"
    if hours > QUICK_RESTORE_HOURS:
        return f"for {hours:g} hours, longer than {IN_GOOD_TIME},"
    return f"for {hours:g} hours"


def felt(r: Resolved) -> Reason | None:
    """A loss of access the people have already felt is a risk, not "unlikely to result in
    a risk": the authority must be told even when the data came back (EDPB 01/2021 case No.
    02). Restored in good time with at most a minor effect, it is not (WP250 Annex B, iii).
    """
    if not r.availability:
        return None
    impact = r.service_impact
    lasting = not r.quick_restore and impact is ServiceImpact.MINOR
    if not lasting and impact not in (ServiceImpact.SIGNIFICANT, ServiceImpact.CRITICAL):
        return None
    when = (
        "the data were lost for good"
        if r.availability_loss is AvailabilityLoss.PERMANENT
        else "the data were not back within " + IN_GOOD_TIME
        if not r.quick_restore
        else "the data came back quickly"
    )
    even = ", even though the data were restored" if r.restored else ""
    text = (
        f"The people have felt the loss of access ({EFFECT[impact]} effect) and {when}; an "
        "effect that has already happened is not unlikely to result in a risk, so the "
        f"authority must be notified{even}"
    )
    basis = f"{b.ART_33_1}; {b.g0121('case No. 02')}; {b.WP250B}, examples iii and iv"
    return reason("breach.service_impact", "raises", text, basis)


def integrity(r: Resolved) -> Path:
    """How likely the alteration is to harm the people."""
    if not r.integrity:
        return Likelihood.NONE, []
    basis = f"{b.ENISA_CB}, integrity; {b.g0922(b.TYPE)}"
    if r.restored:
        likelihood = Likelihood.POSSIBLE if r.malicious else Likelihood.REMOTE
        text = "The data were altered, and the correct data have been restored"
        return likelihood, [reason("breach.types", "lowers", text, basis)]
    text = "The data were altered and are not restored, so decisions may rest on wrong data"
    return Likelihood.LIKELY, [reason("breach.types", "raises", text, basis)]
