"""Read the incident facts the way the risk engine needs them, filling every gap.

``None`` in :class:`IncidentFacts` means "not stated". Where the answer depends on a
fact that is not stated, the engine takes its worse *plausible* value and says so: each
such choice is an :class:`Assumed` with a sentence and the guideline it rests on.
Facts that follow from other facts (a ransomware attack is malicious, a lost device's data
are in unknown hands, an attacker who reached readable data had them) are inferred, not
assumed.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from breachkit.core.enums import (
    AvailabilityLoss,
    Backup,
    BreachType,
    Cause,
    DataCategory,
    Detail,
    Encryption,
    Exfiltration,
    Identifiability,
    PasswordStorage,
    Recipients,
    Role,
    ServiceImpact,
    SubjectGroup,
)
from breachkit.core.incident.model import BreachFacts, IncidentFacts
from breachkit.core.risk import basis as b
from breachkit.core.risk.kinds import (
    ACCIDENTS,
    ATTACKS,
    PHYSICAL,
    READS_DATA,
    SPECIAL,
    USES_PASSWORDS,
    Exposure,
    exposure_of,
)
from breachkit.core.risk.model import Reason, reason
from breachkit.core.risk.thresholds import LARGE_SCALE, QUICK_RESTORE_HOURS


@dataclass(frozen=True, slots=True)
class Assumed:
    """An unknown fact taken at its worse plausible value."""

    fact: str
    sentence: str
    basis: str

    def as_reason(self) -> Reason:
        return reason(self.fact, "assumed", self.sentence, self.basis)


@dataclass(frozen=True, slots=True)
class Resolved:
    """The facts with every gap filled; what the severity and the rules read."""

    role: Role
    confidentiality: bool
    integrity: bool
    availability: bool
    cause: Cause | None
    malicious: bool
    exfiltration: Exfiltration | None
    exposure: Exposure
    access_only: bool
    """The exposure rests on an attacker's access to the data, not on a known exfiltration
    or recipient: logs that show no outflow do not undo it (EDPB 01/2021 case No. 01)."""
    deletion_confirmed: bool
    categories: tuple[DataCategory, ...]
    categories_assumed: bool
    intelligible: tuple[DataCategory, ...]
    """The categories an unauthorised reader could actually read."""
    encrypted: bool
    """State-of-the-art encryption with a key not compromised (Art. 34(3)(a))."""
    hashed_credentials: bool
    detail: Detail
    revealing_context: bool
    already_public: bool
    groups: tuple[SubjectGroup, ...]
    identifiability: Identifiability
    data_subjects: int | None
    large_scale: bool
    availability_loss: AvailabilityLoss
    restored: bool
    quick_restore: bool
    service_impact: ServiceImpact
    misuse: bool
    undetected_days: float | None

    @property
    def unreadable(self) -> bool:
        """Data were exposed, but nothing in them can be read by whoever got them."""
        return self.confidentiality and not self.intelligible

    @property
    def special(self) -> bool:
        """Special categories are involved, stated or revealed by the context."""
        return self.revealing_context or any(c in SPECIAL for c in self.categories)


@dataclass(frozen=True, slots=True)
class Resolution:
    resolved: Resolved
    assumed: tuple[Assumed, ...]


GENERAL_BASIS = f"{b.g0121('para. 9')}; {b.ART_33_4}"
"""Assess at awareness without waiting for forensics; complete the notification later."""


@dataclass
class _Gaps:
    """The assumptions made so far, in the order they were made."""

    items: list[Assumed] = field(default_factory=list)

    def assume(self, fact: str, sentence: str, basis: str = GENERAL_BASIS) -> None:
        self.items.append(Assumed(fact, sentence, basis))


@dataclass(frozen=True, slots=True)
class _Disclosure:
    confidentiality: bool
    exfiltration: Exfiltration | None
    exposure: Exposure
    access_only: bool


def resolve(facts: IncidentFacts) -> Resolution:
    """Fill the gaps in ``facts`` with worse plausible values; say what was assumed."""
    gaps = _Gaps()
    br, da = facts.breach, facts.data
    malicious = _malicious(br, gaps)
    types = _types(br, gaps)
    disclosure = _disclosure(br, types, malicious, gaps)
    _deletion(br, disclosure.exposure, malicious, gaps)
    categories = tuple(da.categories)
    if not categories:
        gaps.assume(
            "data.categories",
            "The categories of data are not stated; breachkit assumes data as critical as "
            "financial or identity-document data, ENISA data score 3",
        )
    encrypted, hashed, intelligible = _readability(facts, disclosure, gaps)
    identifiability = da.identifiability
    if identifiability is None:
        identifiability = Identifiability.DIRECT
        gaps.assume(
            "data.identifiability",
            "How easily the people can be identified is not stated; breachkit assumes directly",
            f"{b.ENISA_EI}; {GENERAL_BASIS}",
        )
    availability, loss, impact, quick = _availability(facts, types, gaps)
    resolved = Resolved(
        role=facts.role,
        confidentiality=disclosure.confidentiality,
        integrity=BreachType.INTEGRITY in types,
        availability=availability,
        cause=br.cause,
        malicious=malicious,
        exfiltration=disclosure.exfiltration,
        exposure=disclosure.exposure,
        access_only=disclosure.access_only,
        deletion_confirmed=bool(br.recipient_confirmed_deletion),
        categories=categories,
        categories_assumed=not categories,
        intelligible=intelligible,
        encrypted=encrypted,
        hashed_credentials=hashed,
        detail=da.detail or Detail.ORDINARY,
        revealing_context=bool(da.revealing_context),
        already_public=bool(da.already_public),
        groups=tuple(da.subject_groups),
        identifiability=identifiability,
        data_subjects=da.data_subjects,
        large_scale=da.data_subjects is None or da.data_subjects >= LARGE_SCALE,
        availability_loss=loss,
        restored=bool(facts.protection.restored),
        quick_restore=quick,
        service_impact=impact,
        misuse=bool(br.misuse_observed),
        undetected_days=br.undetected_days,
    )
    _restoration(resolved, facts, gaps)
    return Resolution(resolved, tuple(gaps.items))


def _malicious(br: BreachFacts, gaps: _Gaps) -> bool:
    """Stated, or inferred from the cause; a cause that does not say is taken as deliberate."""
    if br.malicious is not None:
        return br.malicious
    if br.cause in ATTACKS:
        return True  # the cause is a deliberate act; the CB reason names it
    if br.cause in ACCIDENTS:
        return False
    what = "a theft rather than a loss" if br.cause is Cause.LOST_OR_STOLEN else "deliberate"
    gaps.assume(
        "breach.malicious",
        f"Whether the breach was deliberate is not stated; breachkit assumes it was {what}",
    )
    return True


def _types(br: BreachFacts, gaps: _Gaps) -> set[BreachType]:
    """The breached security properties, stated or shown by the other facts."""
    types = set(br.types)
    if br.exfiltration in (Exfiltration.CONFIRMED, Exfiltration.LIKELY):
        types.add(BreachType.CONFIDENTIALITY)
    if br.recipients not in (None, Recipients.NONE):
        types.add(BreachType.CONFIDENTIALITY)
    if br.availability_loss in (AvailabilityLoss.TEMPORARY, AvailabilityLoss.PERMANENT):
        types.add(BreachType.AVAILABILITY)
    if br.cause is Cause.RANSOMWARE:
        types.add(BreachType.AVAILABILITY)
    if not types:
        types.add(BreachType.CONFIDENTIALITY)
        gaps.assume(
            "breach.types",
            "The type of breach is not stated; breachkit assumes a loss of confidentiality",
        )
    return types


def attacker_reached_data(br: BreachFacts, malicious: bool) -> bool:
    """A deliberate act other than a theft or a misdelivery put someone inside the system.

    Such an actor could read whatever was stored readable there. Only ``exfiltration =
    "not_applicable"`` says the attack never reached the data (a denial of service), and
    not for ransomware, which reads every file it encrypts.
    """
    if not malicious or br.cause in PHYSICAL:
        return False
    return br.exfiltration is not Exfiltration.NOT_APPLICABLE or br.cause in READS_DATA


def _disclosure(
    br: BreachFacts, types: set[BreachType], malicious: bool, gaps: _Gaps
) -> _Disclosure:
    """Whether confidentiality was lost, and how far the data went."""
    reached = attacker_reached_data(br, malicious)
    exfiltration = br.exfiltration
    if exfiltration is Exfiltration.UNKNOWN or (
        exfiltration is None
        and br.recipients in (None, Recipients.NONE)
        and br.cause not in PHYSICAL
        and (BreachType.CONFIDENTIALITY in types or br.cause in ATTACKS)
    ):
        said = "is unknown" if exfiltration is Exfiltration.UNKNOWN else "is not stated"
        exfiltration = Exfiltration.LIKELY
        types.add(BreachType.CONFIDENTIALITY)
        gaps.assume(
            "breach.exfiltration",
            f"Whether data were exfiltrated {said}; breachkit assumes they were, since data can "
            "leave without a trace in the logs",
            b.g0121("case No. 01, para. 19"),
        )
    confidentiality = BreachType.CONFIDENTIALITY in types or reached
    recipients = br.recipients
    if confidentiality and recipients is None:
        if exfiltration is Exfiltration.RULED_OUT:
            recipients = Recipients.NONE
        else:
            recipients = Recipients.UNKNOWN
            gaps.assume(
                "breach.recipients",
                "Who obtained the data is not stated; breachkit assumes unknown third parties",
            )
    exposure = exposure_of(confidentiality, exfiltration, recipients)
    access_only = reached and exposure is Exposure.NONE
    if access_only:
        # Logs that show no outflow do not undo an attacker's access (EDPB 01/2021 case 01):
        # the insider is a known person, anyone else an unknown party.
        insider = br.cause is Cause.MALICIOUS_INSIDER
        exposure = Exposure.LIMITED if insider else Exposure.WIDE
    return _Disclosure(confidentiality, exfiltration, exposure, access_only)


def _deletion(br: BreachFacts, exposure: Exposure, malicious: bool, gaps: _Gaps) -> None:
    if (
        exposure in (Exposure.TRUSTED, Exposure.LIMITED)
        and br.recipient_confirmed_deletion is None
        and not malicious
    ):
        gaps.assume(
            "breach.recipient_confirmed_deletion",
            "Whether the recipient confirmed deleting the data is not stated; breachkit assumes "
            "they did not",
        )


def _readability(
    facts: IncidentFacts, disclosure: _Disclosure, gaps: _Gaps
) -> tuple[bool, bool, tuple[DataCategory, ...]]:
    """Encrypted (and the key safe), strongly hashed credentials, and what stays readable."""
    pr = facts.protection
    encryption, key_compromised = pr.encryption, pr.key_compromised
    if disclosure.confidentiality and disclosure.exposure is not Exposure.NONE:
        if encryption is None:
            encryption = Encryption.NONE
            gaps.assume(
                "protection.encryption",
                "Whether the data were encrypted is not stated; breachkit assumes they were not",
                f"{b.ART_34_3_A}; {GENERAL_BASIS}",
            )
        elif encryption is Encryption.STATE_OF_THE_ART and key_compromised is None:
            key_compromised = True
            gaps.assume(
                "protection.key_compromised",
                "Whether the encryption key was compromised is not stated; breachkit assumes it "
                "may have been",
                f"{b.ART_34_3_A}; {b.g0121('case No. 01, para. 20')}",
            )
    encrypted = encryption is Encryption.STATE_OF_THE_ART and key_compromised is False
    categories = tuple(facts.data.categories)
    has_credentials = DataCategory.CREDENTIALS in categories
    storage = pr.password_storage
    if has_credentials and storage is None and disclosure.confidentiality and not encrypted:
        gaps.assume(
            "protection.password_storage",
            "How the passwords were stored is not stated; breachkit assumes they can be used",
            f"{b.g0121('case No. 06')}; {GENERAL_BASIS}",
        )
    hashed = (
        has_credentials
        and storage is PasswordStorage.STRONG_SALTED_HASH
        and facts.breach.cause not in USES_PASSWORDS
    )
    if encrypted:
        return True, hashed, ()
    readable = categories or (DataCategory.FINANCIAL,)
    intelligible = tuple(c for c in readable if not (c is DataCategory.CREDENTIALS and hashed))
    return False, hashed, intelligible


def _availability(
    facts: IncidentFacts, types: set[BreachType], gaps: _Gaps
) -> tuple[bool, AvailabilityLoss, ServiceImpact, bool]:
    """Whether access was lost, for good or for a time, with what effect, and how quickly
    it came back."""
    br, pr = facts.breach, facts.protection
    loss = br.availability_loss or AvailabilityLoss.NONE
    impact = br.service_impact or ServiceImpact.NONE
    if BreachType.AVAILABILITY not in types:
        return False, AvailabilityLoss.NONE, impact, False
    if br.availability_loss is None:
        if pr.restored or pr.backup is Backup.AVAILABLE:
            loss = AvailabilityLoss.TEMPORARY
        else:
            loss = AvailabilityLoss.PERMANENT
            gaps.assume(
                "breach.availability_loss",
                "Whether the lost data can be recovered is not stated; breachkit assumes the "
                "loss is permanent",
                f"{b.WP250B}, example iv; {GENERAL_BASIS}",
            )
    if loss is AvailabilityLoss.NONE:
        return False, AvailabilityLoss.NONE, impact, False
    if br.service_impact is None:
        impact = ServiceImpact.SIGNIFICANT
        gaps.assume(
            "breach.service_impact",
            "The effect of the unavailability on the people is not stated; breachkit assumes "
            "it is significant",
            f"{b.g0121('case No. 03')}; {GENERAL_BASIS}",
        )
    hours = br.unavailable_hours
    quick = (
        loss is AvailabilityLoss.TEMPORARY
        and bool(pr.restored)
        and hours is not None
        and hours <= QUICK_RESTORE_HOURS
    )
    return True, loss, impact, quick


def _restoration(r: Resolved, facts: IncidentFacts, gaps: _Gaps) -> None:
    temporary = r.availability and r.availability_loss is AvailabilityLoss.TEMPORARY
    if (temporary or r.integrity) and facts.protection.restored is None:
        gaps.assume(
            "protection.restored",
            "Whether the data have been restored is not stated; breachkit assumes they have "
            "not been yet",
        )
