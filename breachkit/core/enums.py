"""The closed vocabularies of the incident file and organisation profile (spec v1)."""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    CONTROLLER = "controller"
    PROCESSOR = "processor"
    JOINT_CONTROLLER = "joint_controller"


class BreachType(StrEnum):
    CONFIDENTIALITY = "confidentiality"
    INTEGRITY = "integrity"
    AVAILABILITY = "availability"


class Cause(StrEnum):
    RANSOMWARE = "ransomware"
    HACKING = "hacking"
    MALWARE = "malware"
    CREDENTIAL_STUFFING = "credential_stuffing"
    MALICIOUS_INSIDER = "malicious_insider"
    HUMAN_ERROR = "human_error"
    LOST_OR_STOLEN = "lost_or_stolen"
    MISDELIVERY = "misdelivery"
    SOCIAL_ENGINEERING = "social_engineering"
    SYSTEM_FAILURE = "system_failure"
    OTHER = "other"


class Exfiltration(StrEnum):
    CONFIRMED = "confirmed"
    LIKELY = "likely"
    UNKNOWN = "unknown"
    RULED_OUT = "ruled_out"
    NOT_APPLICABLE = "not_applicable"


class Recipients(StrEnum):
    NONE = "none"
    TRUSTED = "trusted"
    IDENTIFIED = "identified"
    UNKNOWN = "unknown"
    PUBLIC = "public"


class AvailabilityLoss(StrEnum):
    NONE = "none"
    TEMPORARY = "temporary"
    PERMANENT = "permanent"


class ServiceImpact(StrEnum):
    NONE = "none"
    MINOR = "minor"
    SIGNIFICANT = "significant"
    CRITICAL = "critical"


class DataCategory(StrEnum):
    IDENTITY = "identity"
    CONTACT = "contact"
    DEMOGRAPHIC = "demographic"
    FINANCIAL = "financial"
    PAYMENT_CARD = "payment_card"
    BANK_ACCOUNT = "bank_account"
    CREDENTIALS = "credentials"
    NATIONAL_ID = "national_id"
    OFFICIAL_DOCUMENT = "official_document"
    LOCATION = "location"
    COMMUNICATIONS = "communications"
    BEHAVIOURAL = "behavioural"
    EMPLOYMENT = "employment"
    EDUCATION = "education"
    HEALTH = "health"
    GENETIC = "genetic"
    BIOMETRIC = "biometric"
    RACIAL_ETHNIC = "racial_ethnic"
    POLITICAL = "political"
    RELIGIOUS = "religious"
    TRADE_UNION = "trade_union"
    SEX_LIFE = "sex_life"
    CRIMINAL = "criminal"


class SubjectGroup(StrEnum):
    CUSTOMERS = "customers"
    EMPLOYEES = "employees"
    JOB_APPLICANTS = "job_applicants"
    USERS = "users"
    PATIENTS = "patients"
    CHILDREN = "children"
    STUDENTS = "students"
    VULNERABLE = "vulnerable"
    PUBLIC = "public"
    OTHER = "other"


class Identifiability(StrEnum):
    DIRECT = "direct"
    INDIRECT = "indirect"
    PSEUDONYMISED = "pseudonymised"


class Detail(StrEnum):
    """How much the data reveal about each person (``[data] detail``).

    ENISA (2013) adjusts the data score for the volume and nature of the data per person;
    breachkit asks it as one question. ``trivial``: a passing detail that hints at a
    category without revealing it (a dietary preference, the items of one order);
    ``extensive``: a full file per person (a medical record, a complete case history).
    """

    TRIVIAL = "trivial"
    ORDINARY = "ordinary"
    EXTENSIVE = "extensive"


class Encryption(StrEnum):
    NONE = "none"
    WEAK = "weak"
    STATE_OF_THE_ART = "state_of_the_art"


class PasswordStorage(StrEnum):
    NOT_APPLICABLE = "not_applicable"
    PLAINTEXT = "plaintext"
    WEAK_HASH = "weak_hash"
    STRONG_SALTED_HASH = "strong_salted_hash"


class Backup(StrEnum):
    NONE = "none"
    AVAILABLE = "available"
    ALSO_AFFECTED = "also_affected"


class PeopleInformed(StrEnum):
    NOT_YET = "not_yet"
    PLANNED = "planned"
    DONE = "done"
    NOT_REQUIRED = "not_required"


class IndividualContact(StrEnum):
    """Whether the people can be told one by one (``[response] individual_contact``).

    ``disproportionate`` is the Art. 34(3)(c) case: a public communication instead.
    """

    POSSIBLE = "possible"
    DISPROPORTIONATE = "disproportionate"


class OtherParty(StrEnum):
    POLICE = "police"
    CSIRT = "csirt"
    NIS_AUTHORITY = "nis_authority"
    BANK = "bank"
    INSURER = "insurer"
    OTHER = "other"


class Mitigation(StrEnum):
    """What the organisation did that changes what the people should do
    (``[response] mitigations``): the letters' advice follows it."""

    PASSWORDS_RESET = "passwords_reset"
    """The passwords of the accounts concerned were reset: each person sets a new one."""
    CARDS_BLOCKED = "cards_blocked"
    """The payment cards concerned were blocked by their issuers and are being replaced."""


class ContactRole(StrEnum):
    """Who the Art. 33(3)(b) contact point is (``[dpo] role`` in the profile)."""

    DPO = "dpo"
    CONTACT_POINT = "contact_point"


class TitleForm(StrEnum):
    """The form of the contact point's title in languages that mark it (fr, de)."""

    NEUTRAL = "neutral"
    FEMININE = "feminine"
    MASCULINE = "masculine"


class Nis2Entity(StrEnum):
    NONE = "none"
    IMPORTANT = "important"
    ESSENTIAL = "essential"


class EntryKind(StrEnum):
    """Kinds of timeline entry. Corrections are entries of any kind that point back."""

    NOTE = "note"
    ACTION = "action"
    DECISION = "decision"
    EVIDENCE = "evidence"
    NOTIFICATION = "notification"
    COMMUNICATION = "communication"
    FACT_CHANGE = "fact-change"
    PLAYBOOK = "playbook"
    ASSESSMENT = "assessment"
    DOCUMENT = "document"
    CORRECTION = "correction"
    SYSTEM = "system"


# Kinds a person may log by hand; the others are written by breachkit itself.
MANUAL_KINDS = (
    EntryKind.NOTE,
    EntryKind.ACTION,
    EntryKind.DECISION,
    EntryKind.NOTIFICATION,
    EntryKind.COMMUNICATION,
)
