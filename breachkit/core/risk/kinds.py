"""The groups the risk rules reason about: kinds of cause, of data and of people, and how
far the data went (:class:`Exposure`)."""

from __future__ import annotations

from enum import IntEnum

from breachkit.core.enums import Cause, DataCategory, Exfiltration, Recipients, SubjectGroup

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
USES_PASSWORDS = frozenset({Cause.CREDENTIAL_STUFFING, Cause.SOCIAL_ENGINEERING})
"""Attacks made with the people's own passwords (tried from other leaks, or tricked out of
them): the attacker has the passwords, however the organisation stored them."""
READS_DATA = frozenset({Cause.RANSOMWARE})
"""Attacks that cannot work without reading the data (ransomware reads what it encrypts)."""

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


def exposure_of(
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
