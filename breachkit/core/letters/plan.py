"""What a letter to an affected person says, as keys: the content model (pure).

Art. 34(2) asks for the nature of the breach in clear and plain language, the contact
point, the likely consequences and the measures taken or proposed; authorities add the
data involved, the date, and advice on what the person can do (regulators.md §4). This
module decides *which* sentences and advice blocks a person gets, from the incident's
facts and the person's own data categories and country. The words themselves live in
the per-language text files (``notification_templates/letters/<lang>.toml``), which
:mod:`breachkit.core.letters.texts` checks against the keys defined here; the incident's
own measures and consequences come from its free text in the letter's language.

Advice never contradicts what was done: a block that asks the person to do something
the organisation has already done (:data:`SETTLED_BY`) is replaced by the block that
says it was done.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from breachkit.core.enums import (
    AvailabilityLoss,
    BreachType,
    Cause,
    DataCategory,
    Exfiltration,
    Mitigation,
    OtherParty,
    Recipients,
)
from breachkit.core.incident.model import IncidentFacts

C = DataCategory
SPECIAL = frozenset(
    {
        C.HEALTH,
        C.GENETIC,
        C.BIOMETRIC,
        C.RACIAL_ETHNIC,
        C.POLITICAL,
        C.RELIGIOUS,
        C.TRADE_UNION,
        C.SEX_LIFE,
        C.CRIMINAL,
    }
)
"""Art. 9 and 10 data: the 'sensitive' consequence and advice."""

CAUSES = tuple(c.value for c in Cause) + ("unknown",)
EXPOSURES = (
    "copied",
    "maybe_copied",
    "not_copied",
    "published",
    "seen_by_others",
    "deleted_by_recipient",
    "misused",
    "unavailable",
    "lost",
    "altered",
)
CONSEQUENCES = (
    "account_takeover",
    "account_takeover_reset",
    "card_fraud",
    "card_fraud_blocked",
    "bank_fraud",
    "identity_theft",
    "phishing",
    "sensitive",
    "location",
    "privacy",
    "unavailable",
    "was_unavailable",
    "lost",
    "inaccurate",
    "was_inaccurate",
)
ADVICE = (
    "passwords",
    "passwords_reset",
    "cards",
    "cards_blocked",
    "bank",
    "identity",
    "phishing",
    "sensitive",
    "availability",
    "availability_restored",
    "integrity",
    "general",
)
SETTLED_BY: dict[str, tuple[str, str]] = {
    # advice or consequence -> (what was done, the block that says so instead)
    "passwords": (Mitigation.PASSWORDS_RESET.value, "passwords_reset"),
    "account_takeover": (Mitigation.PASSWORDS_RESET.value, "account_takeover_reset"),
    "cards": (Mitigation.CARDS_BLOCKED.value, "cards_blocked"),
    "card_fraud": (Mitigation.CARDS_BLOCKED.value, "card_fraud_blocked"),
    "availability": ("restored", "availability_restored"),
    "unavailable": ("restored", "was_unavailable"),
    "inaccurate": ("restored", "was_inaccurate"),
}
"""A block that asks for, or fears, what the organisation has already done is replaced
by the block that says it was done (``restored`` is ``[protection] restored``)."""
COUNTRY_ADVICE = (
    "dk_credit_warning",
    "dk_identity_help",
    "dk_mitid",
    "fr_victim_help",
    "fr_creditors",
    "be_safeonweb",
)
"""Country blocks; each is backed by an official source named in docs/letters.md."""
MEASURES = (
    "passwords_reset",
    "cards_blocked",
    "restored",
    "police",
    "csirt",
    "nis_authority",
    "bank",
    "authority_reported",
    "authority_reporting",
)

_COPIED: dict[Exfiltration | None, str] = {
    Exfiltration.CONFIRMED: "copied",
    Exfiltration.RULED_OUT: "not_copied",
    Exfiltration.NOT_APPLICABLE: "",
}
"""The exposure a known exfiltration answer gives; any other answer: ``maybe_copied``."""

_CONSEQUENCE_OF: dict[DataCategory, str] = {
    C.CREDENTIALS: "account_takeover",
    C.PAYMENT_CARD: "card_fraud",
    C.BANK_ACCOUNT: "bank_fraud",
    C.FINANCIAL: "bank_fraud",
    C.NATIONAL_ID: "identity_theft",
    C.OFFICIAL_DOCUMENT: "identity_theft",
    C.CONTACT: "phishing",
    C.COMMUNICATIONS: "phishing",
    C.LOCATION: "location",
    C.IDENTITY: "privacy",
    C.EMPLOYMENT: "privacy",
    C.EDUCATION: "privacy",
    C.BEHAVIOURAL: "privacy",
    C.DEMOGRAPHIC: "privacy",
} | {c: "sensitive" for c in SPECIAL}

_ADVICE_OF: dict[DataCategory, str] = {
    C.CREDENTIALS: "passwords",
    C.PAYMENT_CARD: "cards",
    C.BANK_ACCOUNT: "bank",
    C.FINANCIAL: "bank",
    C.NATIONAL_ID: "identity",
    C.OFFICIAL_DOCUMENT: "identity",
    C.CONTACT: "phishing",
    C.COMMUNICATIONS: "phishing",
} | {c: "sensitive" for c in SPECIAL}

_PARTY_MEASURE = {
    OtherParty.POLICE: "police",
    OtherParty.CSIRT: "csirt",
    OtherParty.NIS_AUTHORITY: "nis_authority",
    OtherParty.BANK: "bank",
}


@dataclass(frozen=True, slots=True)
class LetterFacts:
    """What every letter of one batch says about the incident, derived once."""

    cause: str
    exposure: tuple[str, ...]
    categories: tuple[DataCategory, ...]
    confidentiality: bool
    availability: bool
    integrity: bool
    lost: bool
    measures: tuple[str, ...]
    """What was done, as keys of the ``[measure]`` sentences (the incident's own words
    come before them, from its free text in the letter's language)."""
    lead_authority: str
    authority_by_country: tuple[tuple[str, str], ...] = ()
    home_country: str = ""
    """The incident's only country of the people, if it names exactly one."""
    countries: tuple[str, ...] = ()
    done: tuple[str, ...] = ()
    """What was done that settles advice (:data:`SETTLED_BY`): mitigations, ``restored``."""
    cause_stated: bool = True


def letter_facts(
    facts: IncidentFacts,
    *,
    lead_authority: str,
    authority_by_country: Mapping[str, str],
    authority_reported: bool,
) -> LetterFacts:
    """Derive the letter-level facts. Facts not stated count as the worse case."""
    breach = facts.breach
    types = set(breach.types) or {BreachType.CONFIDENTIALITY}
    conf = BreachType.CONFIDENTIALITY in types
    avail = BreachType.AVAILABILITY in types
    integ = BreachType.INTEGRITY in types
    exposure: list[str] = []
    if conf:
        exposure.append(_COPIED.get(breach.exfiltration, "maybe_copied"))
        if breach.recipients is Recipients.PUBLIC:
            exposure.append("published")
        elif breach.recipients in (Recipients.IDENTIFIED, Recipients.TRUSTED):
            exposure.append("seen_by_others")
        if breach.recipient_confirmed_deletion:
            exposure.append("deleted_by_recipient")
        if breach.misuse_observed:
            exposure.append("misused")
    lost = avail and breach.availability_loss is AvailabilityLoss.PERMANENT
    if avail:
        exposure.append("lost" if lost else "unavailable")
    if integ:
        exposure.append("altered")
    response, protection = facts.response, facts.protection
    measures = [m.value for m in Mitigation if m in response.mitigations]
    if protection.restored:
        measures.append("restored")
    measures += [_PARTY_MEASURE[p] for p in response.other_parties if p in _PARTY_MEASURE]
    measures.append("authority_reported" if authority_reported else "authority_reporting")
    countries = facts.data.countries
    return LetterFacts(
        cause=breach.cause.value if breach.cause else "unknown",
        exposure=tuple(e for e in dict.fromkeys(exposure) if e),
        categories=facts.data.categories,
        confidentiality=conf,
        availability=avail,
        integrity=integ,
        lost=lost,
        measures=tuple(dict.fromkeys(measures)),
        lead_authority=lead_authority,
        authority_by_country=tuple(sorted(authority_by_country.items())),
        home_country=countries[0] if len(countries) == 1 else "",
        countries=countries,
        done=tuple(m.value for m in response.mitigations)
        + (("restored",) if protection.restored else ()),
        cause_stated=breach.cause is not None,
    )


@dataclass(frozen=True, slots=True)
class LetterPlan:
    """Which blocks one letter contains; equal plans give equal letter bodies."""

    language: str
    country: str
    categories: tuple[DataCategory, ...]
    consequences: tuple[str, ...]
    advice: tuple[str, ...]
    country_advice: tuple[str, ...]
    complaint_authority: str
    complaint_also_home: bool
    """True when the complaint authority is the lead one standing in for one breachkit
    does not know: say the person may also complain where they live or work (Art. 77(1))."""


def plan_letter(
    lf: LetterFacts,
    *,
    language: str,
    country: str = "",
    categories: Iterable[DataCategory] = (),
) -> LetterPlan:
    """The plan for one person: their language, country and (if known) their own data."""
    own = tuple(categories) or lf.categories
    where = country or lf.home_country
    return _plan(lf, language, (where,) if where else (), own, where)


def plan_notice(lf: LetterFacts, *, language: str) -> LetterPlan:
    """The public notice (Art. 34(3)(c)): every category, advice for every country."""
    return _plan(lf, language, lf.countries, lf.categories, "")


def _plan(
    lf: LetterFacts,
    language: str,
    countries: tuple[str, ...],
    categories: tuple[DataCategory, ...],
    country: str,
) -> LetterPlan:
    ordered = tuple(c for c in DataCategory if c in categories)
    consequences: set[str] = set()
    advice = {"general"}
    if lf.confidentiality:
        consequences |= {_CONSEQUENCE_OF[c] for c in ordered if c in _CONSEQUENCE_OF}
        advice |= {_ADVICE_OF[c] for c in ordered if c in _ADVICE_OF}
    if lf.availability:
        consequences.add("lost" if lf.lost else "unavailable")
        advice.add("availability")
    if lf.integrity:
        consequences.add("inaccurate")
        advice.add("integrity")
    if "identity_theft" in consequences or "bank_fraud" in consequences:
        consequences.discard("privacy")
    consequences, advice = settle(consequences, lf.done), settle(advice, lf.done)
    by_country = dict(lf.authority_by_country)
    authority = by_country.get(country, lf.lead_authority) if country else lf.lead_authority
    return LetterPlan(
        language=language,
        country=country,
        categories=ordered,
        consequences=tuple(k for k in CONSEQUENCES if k in consequences),
        advice=tuple(k for k in ADVICE if k in advice),
        country_advice=country_advice(countries, advice, lf.confidentiality),
        complaint_authority=authority,
        # The lead authority stands in for the person's own when breachkit does not know
        # the latter: then say that they may also complain where they live or work.
        complaint_also_home=authority == lf.lead_authority and by_country.get(country) != authority,
    )


def settle(keys: set[str], done: Iterable[str]) -> set[str]:
    """Replace each block whose worry or request was already dealt with (SETTLED_BY)."""
    finished = set(done)
    out = set()
    for key in keys:
        by, instead = SETTLED_BY.get(key, ("", ""))
        out.add(instead if by and by in finished else key)
    return out


def country_advice(
    countries: Iterable[str], advice: set[str], confidentiality: bool
) -> tuple[str, ...]:
    """Country blocks where they matter (sources in docs/letters.md).

    The Danish credit warning (kreditadvarsel) is for identity misuse: someone borrowing
    in the person's name with their CPR number or an identity document. Card or account
    data alone are not identity theft (skat.dk), so they do not call for it.
    """
    keys: set[str] = set()
    for country in countries:
        if country == "DK":
            if "identity" in advice:
                keys.add("dk_credit_warning")
                keys.add("dk_identity_help")
            if advice & {"phishing", "passwords", "passwords_reset", "bank"}:
                keys.add("dk_mitid")
        elif country == "FR":
            if confidentiality:
                keys.add("fr_victim_help")
            if "bank" in advice:
                keys.add("fr_creditors")
        elif country == "BE" and "phishing" in advice:
            keys.add("be_safeonweb")
    return tuple(k for k in COUNTRY_ADVICE if k in keys)
