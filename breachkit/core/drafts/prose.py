"""The sentences a draft writes from the facts, in the draft's language.

Only the facts are used; a fact that was not stated produces no sentence rather than
a guess. The words come from the language's :class:`~breachkit.core.drafts.vocab.Vocabulary`.
"""

from __future__ import annotations

from collections.abc import Callable

from breachkit.core.drafts.vocab import Vocabulary
from breachkit.core.enums import (
    AvailabilityLoss,
    BreachType,
    DataCategory,
    Encryption,
    Exfiltration,
    PasswordStorage,
    PeopleInformed,
    Recipients,
    ServiceImpact,
)
from breachkit.core.incident.model import IncidentFacts
from breachkit.core.risk.kinds import SPECIAL
from breachkit.core.risk.model import Outcome, RiskLevel

PUBLIC = Outcome.NOTIFY_AUTHORITY_AND_PUBLIC

_CONTACT = frozenset({DataCategory.IDENTITY, DataCategory.CONTACT})
_IDENTITY_PAPERS = frozenset(
    {DataCategory.NATIONAL_ID, DataCategory.OFFICIAL_DOCUMENT, DataCategory.BIOMETRIC}
)
_MONEY = frozenset({DataCategory.FINANCIAL, DataCategory.PAYMENT_CARD, DataCategory.BANK_ACCOUNT})

Number = Callable[[float], str]


def derived_consequences(
    facts: IncidentFacts, vocab: Vocabulary, number: Number
) -> tuple[str, ...]:
    """The likely consequences for the people that follow from the facts (Art. 33(3)(c))."""
    b, data, p = facts.breach, facts.data, facts.protection
    cats = set(data.categories)
    say = vocab.tables["consequence"]
    out: list[str] = []
    if b.misuse_observed:
        out.append(say["misuse"])
    if BreachType.CONFIDENTIALITY in b.types:
        contained = b.recipients == Recipients.TRUSTED or (
            b.recipients == Recipients.NONE
            and b.exfiltration in (Exfiltration.RULED_OUT, Exfiltration.NOT_APPLICABLE)
        )
        if p.encryption == Encryption.STATE_OF_THE_ART and p.key_compromised is False:
            out.append(say["limited_encrypted"])
        elif contained:
            out.append(say["limited_recipient"])
        elif cats or b.recipients is not None or b.exfiltration is not None:
            if cats & _CONTACT:
                out.append(say["phishing"])
            if cats & _IDENTITY_PAPERS:
                out.append(say["identity_theft"])
            if cats & _MONEY:
                out.append(say["financial_fraud"])
            if DataCategory.CREDENTIALS in cats:
                out.append(say["account_takeover"])
            if cats & SPECIAL:
                out.append(say["sensitive"])
            out.append(say["loss_of_control"])
    if BreachType.AVAILABILITY in b.types or b.availability_loss in (
        AvailabilityLoss.TEMPORARY,
        AvailabilityLoss.PERMANENT,
    ):
        if b.availability_loss == AvailabilityLoss.PERMANENT:
            out.append(say["unavailable_permanent"])
        elif b.unavailable_hours:
            out.append(say["unavailable_temporary"].format(hours=number(b.unavailable_hours)))
        else:
            out.append(say["unavailable_temporary_unknown"])
        if b.service_impact in (ServiceImpact.SIGNIFICANT, ServiceImpact.CRITICAL):
            out.append(say["service_disruption"])
    if BreachType.INTEGRITY in b.types:
        out.append(say["integrity"])
    return tuple(out)


def protection_in_place(facts: IncidentFacts, vocab: Vocabulary) -> tuple[str, ...]:
    """The technical protection the data had when the breach happened."""
    p = facts.protection
    say = vocab.tables["protection"]
    out: list[str] = []
    if p.encryption is not None:
        out.append(say[f"encryption_{p.encryption.value}"])
        if p.encryption != Encryption.NONE and p.key_compromised:
            out.append(say["key_compromised"])
    if p.password_storage not in (None, PasswordStorage.NOT_APPLICABLE):
        assert p.password_storage is not None
        out.append(say[f"password_{p.password_storage.value}"])
    if p.backup is not None:
        out.append(say[f"backup_{p.backup.value}"])
    return tuple(out)


def recovery(facts: IncidentFacts, vocab: Vocabulary) -> str | None:
    """Whether the data were restored (availability breaches)."""
    restored = facts.protection.restored
    if restored is None:
        return None
    return vocab.word("protection", "restored" if restored else "not_restored")


def nature(facts: IncidentFacts, vocab: Vocabulary, number: Number) -> str | None:
    """One paragraph: the kind of breach, its cause, what left the systems, who got it."""
    b = facts.breach
    if not b.types and b.cause is None:
        return None
    types = vocab.join([vocab.word("breach_type", t.value) for t in b.types])
    parts: list[str] = []
    if types and b.cause is not None:
        parts.append(
            vocab.say(
                "sentence", "nature", types=_capital(types), cause=vocab.word("cause", b.cause)
            )
        )
    elif types:
        parts.append(vocab.say("sentence", "nature_no_cause", types=_capital(types)))
    else:
        assert b.cause is not None
        parts.append(_capital(vocab.word("cause", b.cause)) + ".")
    if b.malicious is not None:
        parts.append(vocab.word("sentence", "malicious" if b.malicious else "not_malicious"))
    if b.exfiltration is not None:
        parts.append(vocab.word("exfiltration", b.exfiltration.value))
    if b.recipients is not None:
        parts.append(vocab.word("recipients", b.recipients.value))
    if b.unavailable_hours:
        parts.append(vocab.say("sentence", "unavailable_hours", hours=number(b.unavailable_hours)))
    return " ".join(parts)


def people_informed_sentences(
    facts: IncidentFacts,
    vocab: Vocabulary,
    *,
    risk: str | None,
    outcome: str | None,
    exemptions: tuple[str, ...],
) -> tuple[str, ...]:
    """Whether and how the people are told (Art. 34), or the ground for not telling them.

    ``risk``/``outcome`` are the person's recorded decision (None when there is none).
    Empty when neither the facts nor a decision answer the question.
    """
    say = vocab.tables["informed"]
    state = facts.response.people_informed
    grounds = tuple(dict.fromkeys(say[ground_key(g)] for g in exemptions if ground_key(g) in say))
    if state in (PeopleInformed.DONE, PeopleInformed.PLANNED):
        if outcome == PUBLIC:
            return (say["public"],)
        # Art. 34(1) asks it for a high risk only: told anyway, the draft says so
        voluntary = risk in (RiskLevel.RISK, RiskLevel.UNLIKELY)
        return (say[f"{state.value}{'_voluntary' if voluntary else ''}"],)
    if outcome == PUBLIC:
        return (say["public"],)
    if outcome == Outcome.NOTIFY_AUTHORITY_AND_SUBJECTS and state != PeopleInformed.NOT_REQUIRED:
        return (say["not_yet_high"],)
    if risk == RiskLevel.RISK:
        return (say["not_required_risk"], *grounds)
    if risk == RiskLevel.UNLIKELY:
        return (say["not_required_unlikely"],)
    if state == PeopleInformed.NOT_REQUIRED and grounds:
        return (say["not_required"], *grounds)
    return ()


def ground_key(ground: str) -> str:
    """``34(3)(a)`` -> ``ground_34_3_a`` (the vocabulary key)."""
    return "ground_" + "_".join(p for p in ground.replace("(", " ").replace(")", " ").split())


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]
