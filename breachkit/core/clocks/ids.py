"""The names of the clocks and of who receives each filing, as constants.

Every module that means "the GDPR 72 hours" says :data:`GDPR_ART33`, never the string.
Which recipient a clock's filing goes to is data (``recipient`` in
``breachkit/rules/clocks.toml``); the vocabulary of recipients is here.
"""

from __future__ import annotations

from enum import StrEnum

RULE_STRICT = "strict"
"""GDPR hours counted from the instant of awareness (the default, the stricter reading)."""
RULE_1182_71 = "1182-71"
"""GDPR hours counted as Reg. (EEC, Euratom) No 1182/71 Art. 3 counts them."""

GDPR_ART33 = "gdpr-art33"
"""Notification to the supervisory authority, GDPR Art. 33(1)."""
GDPR_ART33_2 = "gdpr-art33-2"
"""A processor's notice to its controller, GDPR Art. 33(2)."""
GDPR_ART34 = "gdpr-art34"
"""Communication to the people affected, GDPR Art. 34(1)."""
GDPR_ART33_4 = "gdpr-art33-4-complement"
"""Further information to the authority (phased notification), GDPR Art. 33(4)."""
NIS2_EARLY_WARNING = "nis2-early-warning"
NIS2_NOTIFICATION = "nis2-notification"
NIS2_FINAL_REPORT = "nis2-final-report"
EPRIVACY_INITIAL = "eprivacy-initial"
EPRIVACY_SECOND = "eprivacy-second"
DORA_INITIAL = "dora-initial"
DORA_INTERMEDIATE = "dora-intermediate"
DORA_FINAL = "dora-final"

CLOCK_IDS: tuple[str, ...] = (
    GDPR_ART33,
    GDPR_ART33_2,
    GDPR_ART34,
    GDPR_ART33_4,
    NIS2_EARLY_WARNING,
    NIS2_NOTIFICATION,
    NIS2_FINAL_REPORT,
    EPRIVACY_INITIAL,
    EPRIVACY_SECOND,
    DORA_INITIAL,
    DORA_INTERMEDIATE,
    DORA_FINAL,
)
"""Every clock id the engine knows, in display order."""

PHASE_CLOCKS: dict[str, str] = {"initial": GDPR_ART33, "complementary": GDPR_ART33_4}
"""The clock a filed notification draft of each phase stops."""


class Recipient(StrEnum):
    """Who receives a clock's filing (``recipient`` in the rules file).

    ``authority`` is the lead supervisory authority of the directory (``cnpd``, ``cnil``…);
    the other values are also the words ``breachkit notified --authority`` accepts.
    """

    AUTHORITY = "authority"
    CONTROLLER = "controller"
    PEOPLE = "people"
    CSIRT = "csirt"
    NATIONAL_AUTHORITY = "national_authority"
    FINANCIAL_SUPERVISOR = "financial_supervisor"


RECIPIENT_NAMES: dict[str, str] = {
    Recipient.AUTHORITY: "the supervisory authority",
    Recipient.CONTROLLER: "the controller",
    Recipient.PEOPLE: "the people affected",
    Recipient.CSIRT: "the CSIRT",
    Recipient.NATIONAL_AUTHORITY: "the competent national authority",
    Recipient.FINANCIAL_SUPERVISOR: "the DORA competent authority",
}
"""How a filing's recipient reads in a sentence ("Filed with the controller")."""
