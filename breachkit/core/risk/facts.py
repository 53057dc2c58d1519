"""Read the incident facts the way the risk engine needs them, filling every gap.

``None`` in :class:`IncidentFacts` means "not stated". Where the answer depends on a
fact that is not stated, the engine takes its worse *plausible* value and says so: each
such choice is an :class:`Assumed` with a sentence and the guideline it rests on.
Facts that follow from other facts (a ransomware attack is malicious, a lost device's data
are in unknown hands) are inferred, not assumed.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum

from breachkit.core.enums import (
    AvailabilityLoss,
    Backup,
    BreachType,
    Cause,
    DataCategory,
    Encryption,
    Exfiltration,
    Identifiability,
    PasswordStorage,
    Recipients,
    Role,
    ServiceImpact,
    SubjectGroup,
)
from breachkit.core.incident.model import IncidentFacts
from breachkit.core.risk import basis as b
from breachkit.core.risk.model import Reason, reason

LARGE_SCALE = 1000
"""From this many people, the number of people raises the risk (our threshold; see docs)."""
QUICK_RESTORE_HOURS = 24.0
"""Restored within this many hours counts as "restored quickly" (our threshold; see docs)."""
LONG_UNDETECTED_DAYS = 30.0
"""Exposure unnoticed this long makes misuse more likely (our threshold; see docs)."""

ATTACKS = frozenset(
    {
        Cause.RANSOMWARE,
        Cause.HACKING,
        Cause.MALWARE,
        Cause.CREDENTIAL_STUFFING,
        Cause.MALICIOUS_INSIDER,
        Cause.SOCIAL_ENGINEERING,
    }
)
"""Causes that are deliberate, and where data may leave without a trace."""
ACCIDENTS = frozenset({Cause.HUMAN_ERROR, Cause.MISDELIVERY, Cause.SYSTEM_FAILURE})
PHYSICAL = frozenset({Cause.LOST_OR_STOLEN, Cause.MISDELIVERY})
"""Causes where the data travel as an object: who holds them is what matters, not logs."""

SPECIAL = frozenset(
    {
        DataCategory.HEALTH,
        DataCategory.GENETIC,
        DataCategory.BIOMETRIC,
        DataCategory.RACIAL_ETHNIC,
        DataCategory.POLITICAL,
        DataCategory.RELIGIOUS,
        DataCategory.TRADE_UNION,
        DataCategory.SEX_LIFE,
        DataCategory.CRIMINAL,
    }
)
"""Art. 9(1) special categories, and Art. 10 criminal-offence data."""
VULNERABLE = frozenset({SubjectGroup.CHILDREN, SubjectGroup.PATIENTS, SubjectGroup.VULNERABLE})


class Exposure(IntEnum):
    """Who could read the data (ENISA's "scope of disclosure")."""

    NONE = 0
    TRUSTED = 1
    LIMITED = 2
    WIDE = 3
    PUBLIC = 4


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
    deletion_confirmed: bool
    categories: tuple[DataCategory, ...]
    categories_assumed: bool
    intelligible: tuple[DataCategory, ...]
    """The categories an unauthorised reader could actually read."""
    encrypted: bool
    """State-of-the-art encryption with a key not compromised (Art. 34(3)(a))."""
    hashed_credentials: bool
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
        return any(c in SPECIAL for c in self.categories)


@dataclass(frozen=True, slots=True)
class Resolution:
    resolved: Resolved
    assumed: tuple[Assumed, ...]


GENERAL_BASIS = f"{b.g0121('para. 9')}; {b.ART_33_4}"
"""Assess at awareness without waiting for forensics; complete the notification later."""


def resolve(facts: IncidentFacts) -> Resolution:
    """Fill the gaps in ``facts`` with worse plausible values; say what was assumed."""
    br, da, pr = facts.breach, facts.data, facts.protection
    assumed: list[Assumed] = []

    def assume(fact: str, sentence: str, basis: str = GENERAL_BASIS) -> None:
        assumed.append(Assumed(fact, sentence, basis))

    types = set(br.types)
    cause = br.cause

    # --- malicious intent ---------------------------------------------------------------
    if br.malicious is not None:
        malicious = br.malicious
    elif cause in ATTACKS:
        malicious = True  # the cause is a deliberate act; the CB reason names it
    elif cause in ACCIDENTS:
        malicious = False
    else:
        malicious = True
        what = "a theft rather than a loss" if cause is Cause.LOST_OR_STOLEN else "deliberate"
        assume(
            "breach.malicious",
            f"Whether the breach was deliberate is not stated; breachkit assumes it was {what}",
        )

    # --- which security properties were breached ---------------------------------------
    exfil_stated = br.exfiltration
    if exfil_stated in (Exfiltration.CONFIRMED, Exfiltration.LIKELY):
        types.add(BreachType.CONFIDENTIALITY)
    if br.recipients not in (None, Recipients.NONE):
        types.add(BreachType.CONFIDENTIALITY)
    if br.availability_loss in (AvailabilityLoss.TEMPORARY, AvailabilityLoss.PERMANENT):
        types.add(BreachType.AVAILABILITY)
    if cause is Cause.RANSOMWARE:
        types.add(BreachType.AVAILABILITY)
    if not types:
        types.add(BreachType.CONFIDENTIALITY)
        assume(
            "breach.types",
            "The type of breach is not stated; breachkit assumes a loss of confidentiality",
        )

    # --- exfiltration: unknown is taken as likely -----------------------------------------
    exfiltration = exfil_stated
    if exfil_stated is Exfiltration.UNKNOWN or (
        exfil_stated is None
        and cause not in PHYSICAL
        and (BreachType.CONFIDENTIALITY in types or cause in ATTACKS)
    ):
        exfiltration = Exfiltration.LIKELY
        types.add(BreachType.CONFIDENTIALITY)
        said = "is unknown" if exfil_stated is Exfiltration.UNKNOWN else "is not stated"
        assume(
            "breach.exfiltration",
            f"Whether data were exfiltrated {said}; breachkit assumes they were, since data can "
            "leave without a trace in the logs",
            b.g0121("para. 19 and case No. 02"),
        )

    confidentiality = BreachType.CONFIDENTIALITY in types

    # --- who obtained the data ----------------------------------------------------------
    recipients = br.recipients
    if confidentiality and recipients is None:
        if exfiltration is Exfiltration.RULED_OUT:
            recipients = Recipients.NONE
        else:
            recipients = Recipients.UNKNOWN
            assume(
                "breach.recipients",
                "Who obtained the data is not stated; breachkit assumes unknown third parties",
            )
    exposure = _exposure(confidentiality, exfiltration, recipients)

    deletion_confirmed = bool(br.recipient_confirmed_deletion)
    if (
        exposure in (Exposure.TRUSTED, Exposure.LIMITED)
        and br.recipient_confirmed_deletion is None
        and not malicious
    ):
        assume(
            "breach.recipient_confirmed_deletion",
            "Whether the recipient confirmed deleting the data is not stated; breachkit assumes "
            "they did not",
        )

    # --- the data -----------------------------------------------------------------------
    categories = tuple(da.categories)
    categories_assumed = not categories
    if categories_assumed:
        assume(
            "data.categories",
            "The categories of data are not stated; breachkit assumes data as critical as "
            "financial or identity-document data, ENISA data score 3",
        )

    encryption = pr.encryption
    key_compromised = pr.key_compromised
    if confidentiality and exposure is not Exposure.NONE:
        if encryption is None:
            encryption = Encryption.NONE
            assume(
                "protection.encryption",
                "Whether the data were encrypted is not stated; breachkit assumes they were not",
                f"{b.ART_34_3_A}; {GENERAL_BASIS}",
            )
        elif encryption is Encryption.STATE_OF_THE_ART and key_compromised is None:
            key_compromised = True
            assume(
                "protection.key_compromised",
                "Whether the encryption key was compromised is not stated; breachkit assumes it "
                "may have been",
                f"{b.ART_34_3_A}; {b.g0121('case No. 01, para. 20')}",
            )
    encrypted = encryption is Encryption.STATE_OF_THE_ART and key_compromised is False

    storage = pr.password_storage
    has_credentials = DataCategory.CREDENTIALS in categories
    if has_credentials and storage is None and confidentiality and not encrypted:
        assume(
            "protection.password_storage",
            "How the passwords were stored is not stated; breachkit assumes they can be used",
            f"{b.g0121('case No. 06')}; {GENERAL_BASIS}",
        )
    hashed_credentials = has_credentials and storage is PasswordStorage.STRONG_SALTED_HASH
    if encrypted:
        intelligible: tuple[DataCategory, ...] = ()
    else:
        readable = categories or (DataCategory.FINANCIAL,)
        intelligible = tuple(
            c for c in readable if not (c is DataCategory.CREDENTIALS and hashed_credentials)
        )

    identifiability = da.identifiability
    if identifiability is None:
        identifiability = Identifiability.DIRECT
        assume(
            "data.identifiability",
            "How easily the people can be identified is not stated; breachkit assumes directly",
            f"{b.ENISA_EI}; {GENERAL_BASIS}",
        )

    large_scale = da.data_subjects is None or da.data_subjects >= LARGE_SCALE
    # The assumption on the number of people is added by the rules, where it is used.

    # --- availability -------------------------------------------------------------------
    availability = BreachType.AVAILABILITY in types
    restored = bool(pr.restored)
    loss = br.availability_loss or AvailabilityLoss.NONE
    service_impact = br.service_impact or ServiceImpact.NONE
    quick = False
    if availability:
        if br.availability_loss is None:
            if pr.restored or pr.backup is Backup.AVAILABLE:
                loss = AvailabilityLoss.TEMPORARY
            else:
                loss = AvailabilityLoss.PERMANENT
                assume(
                    "breach.availability_loss",
                    "Whether the lost data can be recovered is not stated; breachkit assumes "
                    "the loss is permanent",
                    f"{b.WP250B}, example iv; {GENERAL_BASIS}",
                )
        if loss is AvailabilityLoss.NONE:
            availability = False
        elif br.service_impact is None:
            service_impact = ServiceImpact.SIGNIFICANT
            assume(
                "breach.service_impact",
                "The effect of the unavailability on the people is not stated; breachkit "
                "assumes it is significant",
                f"{b.g0121('case No. 03')}; {GENERAL_BASIS}",
            )
        hours = br.unavailable_hours
        quick = loss is AvailabilityLoss.TEMPORARY and (
            restored and hours is not None and hours <= QUICK_RESTORE_HOURS
        )
    integrity = BreachType.INTEGRITY in types
    temporary = availability and loss is AvailabilityLoss.TEMPORARY
    if (temporary or integrity) and pr.restored is None:
        assume(
            "protection.restored",
            "Whether the data have been restored is not stated; breachkit assumes they have "
            "not been yet",
        )

    resolved = Resolved(
        role=facts.role,
        confidentiality=confidentiality,
        integrity=integrity,
        availability=availability,
        cause=cause,
        malicious=malicious,
        exfiltration=exfiltration,
        exposure=exposure,
        deletion_confirmed=deletion_confirmed,
        categories=categories,
        categories_assumed=categories_assumed,
        intelligible=intelligible,
        encrypted=encrypted,
        hashed_credentials=hashed_credentials,
        groups=tuple(da.subject_groups),
        identifiability=identifiability,
        data_subjects=da.data_subjects,
        large_scale=large_scale,
        availability_loss=loss if availability else AvailabilityLoss.NONE,
        restored=restored,
        quick_restore=quick,
        service_impact=service_impact,
        misuse=bool(br.misuse_observed),
        undetected_days=br.undetected_days,
    )
    return Resolution(resolved, tuple(assumed))


def _exposure(
    confidentiality: bool, exfiltration: Exfiltration | None, recipients: Recipients | None
) -> Exposure:
    """How far the data went: the wider of what the exfiltration and the recipients say."""
    if not confidentiality:
        return Exposure.NONE
    by_recipients = {
        None: Exposure.NONE,
        Recipients.NONE: Exposure.NONE,
        Recipients.TRUSTED: Exposure.TRUSTED,
        Recipients.IDENTIFIED: Exposure.LIMITED,
        Recipients.UNKNOWN: Exposure.WIDE,
        Recipients.PUBLIC: Exposure.PUBLIC,
    }[recipients]
    if exfiltration in (Exfiltration.CONFIRMED, Exfiltration.LIKELY) and by_recipients in (
        Exposure.NONE,
    ):
        # Data left, but nobody is named as having them: someone unknown has them.
        return Exposure.WIDE
    return by_recipients
