"""The content of a notification draft: what the authority is told, and what is missing.

:func:`assemble` turns the incident's facts, the organisation profile, the person's risk
decision and the filings so far into a :class:`Draft`: every value a template can place
(already in the draft's language, dates and numbers formatted by a :class:`Formatter`),
a few flags for the template's logic, and the list of what the authority will ask for
that the facts or the profile do not give (:class:`Missing`). Nothing is invented: a
value that was not stated stays ``None`` and prints as "not stated" in the language.

Pure: no I/O, no clock (``now`` is in the request), standard library only.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from breachkit.core.drafts.model import (
    AUTHORITY_CLOCK,
    DecisionInfo,
    Draft,
    DraftRequest,
    Formatter,
    Missing,
    Phase,
    PriorFiling,
    Value,
)
from breachkit.core.drafts.needs import (
    FACT_NEEDS,
    MISSING_KEYS,
    PROFILE_KEYS,
    earlier_filing,
    is_late,
    missing_items,
    reasons_for_delay,
    untranslated_items,
)
from breachkit.core.drafts.prose import (
    derived_consequences,
    nature,
    people_informed_sentences,
    protection_in_place,
    recovery,
)
from breachkit.core.drafts.vocab import Vocabulary
from breachkit.core.enums import AvailabilityLoss, BreachType, ContactRole, Role, TitleForm
from breachkit.core.errors import InputError, Problem
from breachkit.core.incident.model import IncidentFacts
from breachkit.core.incident.text import TextIn
from breachkit.core.organisation.authorities import Authority
from breachkit.core.organisation.profile import Organisation
from breachkit.core.risk.kinds import SPECIAL

__all__ = [
    "AUTHORITY_CLOCK",
    "FACT_NEEDS",
    "MISSING_KEYS",
    "PROFILE_KEYS",
    "CrossBorder",
    "DecisionInfo",
    "Draft",
    "DraftRequest",
    "Formatter",
    "Missing",
    "Phase",
    "PriorFiling",
    "Value",
    "assemble",
    "choose_language",
    "cross_border",
    "default_phase",
]


def choose_language(
    authority: Authority, organisation_languages: tuple[str, ...], requested: str | None
) -> str:
    """``requested`` if the authority accepts it; else the first of the authority's
    languages the organisation writes in; else the authority's first language."""
    if requested:
        if requested not in authority.languages:
            raise InputError(
                Problem(
                    "draft",
                    "lang",
                    f"{authority.short} takes drafts in {' | '.join(authority.languages)}, "
                    f"not '{requested}'",
                )
            )
        return requested
    for language in authority.languages:
        if language in organisation_languages:
            return language
    return authority.languages[0]


def default_phase(authority_id: str, filings: tuple[PriorFiling, ...]) -> Phase:
    """Complementary once a notification to this authority is on record."""
    filed = any(f.authority == authority_id and f.clock_id == AUTHORITY_CLOCK for f in filings)
    return Phase.COMPLEMENTARY if filed else Phase.INITIAL


@dataclass(frozen=True, slots=True)
class CrossBorder:
    """Art. 56: the main establishment decides the lead authority; where the people live."""

    main_establishment: str
    lead: str
    countries: tuple[str, ...]
    cross_border: bool


def cross_border(organisation: Organisation, facts: IncidentFacts) -> CrossBorder:
    main = organisation.country
    countries = tuple(facts.data.countries)
    places = set(countries) | ({main} if main else set())
    return CrossBorder(main, organisation.lead_authority, countries, len(places) > 1)


def assemble(request: DraftRequest, vocab: Vocabulary, fmt: Formatter) -> Draft:
    """The draft's values in its language, and what is missing (see the module docstring)."""
    r = request
    facts, org = r.facts, r.organisation
    words = _Words(facts.text_in(r.language), vocab, fmt)
    sector, sector_here = org.sector_in(r.language)
    values: dict[str, Value] = {}
    values.update(_phase_values(r, vocab, fmt))
    values.update(_organisation_values(org, r.language, vocab, fmt))
    values["org_sector"] = (
        _text(sector)
        if sector_here or not sector
        else words.marked(sector, org.text_language or "en")
    )
    values.update(_breach_values(facts, words, vocab, fmt))
    values.update(_people_values(r, vocab, fmt))
    values.update(_response_values(r, words, vocab, fmt))
    values.update(_cross_border_values(r, vocab, fmt))
    late = is_late(r)
    reasons = reasons_for_delay(r) if late else ""
    values["delay_reasons"] = reasons or None
    consequences_derived = not words.text.has("consequences")
    flags = {
        "complementary": r.phase == Phase.COMPLEMENTARY,
        "late": late,
        "cross_border": cross_border(org, facts).cross_border,
        "processor": facts.role == Role.PROCESSOR,
        "consequences_derived": consequences_derived and values["consequences"] is not None,
        "special_categories": bool(set(facts.data.categories) & SPECIAL),
        "availability": BreachType.AVAILABILITY in facts.breach.types
        or facts.breach.availability_loss
        in (AvailabilityLoss.TEMPORARY, AvailabilityLoss.PERMANENT),
    }
    missing = missing_items(r, values, vocab, late)
    foreign = words.text.foreign
    if foreign:
        missing += tuple(untranslated_items(r, foreign, words.text.base_language, vocab))
    if sector and not sector_here:
        missing += tuple(untranslated_items(r, ("sector",), org.text_language or "en", vocab))
    flags["incomplete"] = bool(missing)
    return Draft(r.incident_id, r.authority.id, r.language, r.phase, values, flags, missing)


# -- values ------------------------------------------------------------------------------


def _text(value: str) -> str | None:
    value = value.strip()
    return value or None


class _Words:
    """The incident's free text for the draft's language; text that is only in another
    language is printed as it is, marked as not translated."""

    def __init__(self, text: TextIn, vocab: Vocabulary, fmt: Formatter) -> None:
        self.text, self.vocab, self.fmt = text, vocab, fmt

    def marked(self, value: str, language: str) -> str:
        mark = self.vocab.say("terms", "untranslated", language=self.fmt.language(language))
        return f"{mark} {value.strip()}"

    def one(self, key: str) -> str | None:
        value = _text(self.text.text(key))
        if value is not None and key in self.text.foreign:
            return self.marked(value, self.text.base_language)
        return value

    def many(self, key: str) -> tuple[str, ...] | None:
        items = _items(self.text.items(key))
        if items is not None and key in self.text.foreign:
            return tuple(self.marked(i, self.text.base_language) for i in items)
        return items


def _items(values: tuple[str, ...] | list[str]) -> tuple[str, ...] | None:
    items = tuple(v for v in values if v.strip())
    return items or None


def _when(value: datetime | None, fmt: Formatter) -> str | None:
    return fmt.datetime(value) if value is not None else None


def _count(value: float | None, fmt: Formatter) -> str | None:
    return fmt.number(value) if value is not None else None


def _phase_values(r: DraftRequest, vocab: Vocabulary, fmt: Formatter) -> dict[str, Value]:
    earlier = earlier_filing(r)
    return {
        "phase": r.phase.value,
        "phase_name": vocab.word("phase", r.phase.value),
        "earlier_reference": _text(earlier.reference) if earlier else None,
        "earlier_filed_at": _when(earlier.at, fmt) if earlier else None,
        "incident_id": r.incident_id,
    }


def _organisation_values(
    org: Organisation, language: str, vocab: Vocabulary, fmt: Formatter
) -> dict[str, Value]:
    dpo, rep = org.dpo, org.representative
    dpo_lines = [dpo.name, dpo.email, dpo.phone, *dpo.address]
    return {
        "org_name": _text(org.name),
        "org_registration": _text(org.registration),
        "org_address": _text("\n".join(org.address)),
        "org_country": fmt.country(org.country) if org.country else None,
        "org_sector": _text(org.sector),
        "org_website": _text(org.website),
        "dpo_name": _text(dpo.name),
        "dpo_role": org.dpo_title_in(language) or contact_role(org, vocab),
        "dpo_email": _text(dpo.email),
        "dpo_phone": _text(dpo.phone),
        "dpo_address": _text("\n".join(dpo.address)),
        "dpo": _text("\n".join(line for line in dpo_lines if line.strip())),
        "representative_name": _text(rep.name),
        "representative_title": _text(rep.title),
    }


def contact_role(org: Organisation, vocab: Vocabulary) -> str:
    """What the contact point is (Art. 33(3)(b)), in the form the profile says."""
    if org.dpo.role is ContactRole.CONTACT_POINT:
        return vocab.word("terms", "contact_point")
    form = org.dpo.title_form
    key = "contact_dpo" if form is TitleForm.NEUTRAL else f"contact_dpo_{form.value}"
    return vocab.word("terms", key)


def _breach_values(
    facts: IncidentFacts, words: _Words, vocab: Vocabulary, fmt: Formatter
) -> dict[str, Value]:
    b = facts.breach
    yes, no = vocab.word("terms", "yes"), vocab.word("terms", "no")
    exfiltration = vocab.word("exfiltration", b.exfiltration.value) if b.exfiltration else None
    recipients = vocab.word("recipients", b.recipients.value) if b.recipients else None
    cyber: str | None = None
    if b.cause is not None:
        cyber = yes if b.cause.value in _CYBER else no if b.cause.value in _NOT_CYBER else None
    return {
        "role": vocab.word("role", facts.role.value),
        "title": words.one("title"),
        "summary": words.one("summary"),
        "nature": nature(facts, vocab, fmt.number),
        "breach_types": _items([vocab.word("breach_type", t.value) for t in b.types]),
        "cause": vocab.word("cause", b.cause.value) if b.cause else None,
        "malicious": None if b.malicious is None else (yes if b.malicious else no),
        "cyber_incident": cyber,
        "exfiltration": exfiltration,
        "recipients": recipients,
        "exposure": " ".join(p for p in (exfiltration, recipients) if p) or None,
        "occurred_at": _when(facts.occurred_at, fmt),
        "detected_at": _when(facts.detected_at, fmt),
        "aware_at": _when(facts.aware_at, fmt),
        "controller_informed_at": _when(facts.controller_informed_at, fmt),
    }


_CYBER = {"ransomware", "hacking", "malware", "credential_stuffing", "social_engineering"}
_NOT_CYBER = {"human_error", "lost_or_stolen", "misdelivery", "system_failure"}


def _people_values(r: DraftRequest, vocab: Vocabulary, fmt: Formatter) -> dict[str, Value]:
    data = r.facts.data
    special = [vocab.word("category", c.value) for c in data.categories if c in SPECIAL]
    return {
        "subject_groups": _items([vocab.word("group", g.value) for g in data.subject_groups]),
        "data_subjects": _count(data.data_subjects, fmt),
        "data_categories": _items([vocab.word("category", c.value) for c in data.categories]),
        "special_categories": (
            tuple(special) if special else vocab.word("terms", "none") if data.categories else None
        ),
        "records": _count(data.records, fmt),
        "identifiability": (
            vocab.word("identifiability", data.identifiability.value)
            if data.identifiability
            else None
        ),
        "countries": _items([fmt.country(c) for c in data.countries]),
    }


def _response_values(
    r: DraftRequest, words: _Words, vocab: Vocabulary, fmt: Formatter
) -> dict[str, Value]:
    facts = r.facts
    stated = words.one("consequences")
    consequences: Value = stated or _items(derived_consequences(facts, vocab, fmt.number))
    decision = r.decision
    informed = people_informed_sentences(
        facts,
        vocab,
        risk=decision.risk if decision else None,
        outcome=decision.outcome if decision else None,
        exemptions=r.exemptions,
    )
    risk = (
        vocab.say(
            "informed",
            "decision",
            risk=vocab.word("risk", decision.risk),
            when=fmt.datetime(decision.at),
        )
        if decision and decision.risk in vocab.tables["risk"]
        else None
    )
    return {
        "consequences": consequences,
        "risk": risk,
        "measures_before": _items(protection_in_place(facts, vocab)),
        "measures_taken": words.many("measures_taken"),
        "measures_proposed": words.many("measures_proposed"),
        "recovery": recovery(facts, vocab),
        "people_informed": " ".join(informed) or None,
        "other_parties": _other_parties(r, vocab, fmt),
    }


def _other_parties(r: DraftRequest, vocab: Vocabulary, fmt: Formatter) -> Value:
    """The parties told (facts), with when they were told where a filing is on record."""
    items: list[str] = []
    told = {f.authority: f for f in sorted(r.filings, key=lambda f: f.at, reverse=True)}
    for party in r.facts.response.other_parties:
        name = vocab.word("party", party.value)
        filing = told.pop(party.value, None)
        if filing is not None:
            name = vocab.say("sentence", "party_filed", party=name, when=fmt.datetime(filing.at))
        items.append(name)
    for key, filing in sorted(told.items(), key=lambda kv: kv[1].at):
        if key == r.authority.id or key == "controller":
            continue
        other = r.directory.get(key)
        name = other.short if other else vocab.word("party", key) if key == "csirt" else key
        items.append(vocab.say("sentence", "party_filed", party=name, when=fmt.datetime(filing.at)))
    return _items(items)


def _cross_border_values(r: DraftRequest, vocab: Vocabulary, fmt: Formatter) -> dict[str, Value]:
    info = cross_border(r.organisation, r.facts)
    lead = r.directory.get(info.lead)
    lead_name = _authority_name(lead, r.language) if lead else None
    main = fmt.country(info.main_establishment) if info.main_establishment else None
    countries = [fmt.country(c) for c in info.countries]
    if not countries:
        verdict = None
    elif info.cross_border:
        verdict = vocab.say("sentence", "cross_border_yes", countries=vocab.join(countries))
    else:
        verdict = vocab.say("sentence", "cross_border_no", country=countries[0])
    return {
        "main_establishment": main,
        "lead_authority": lead_name,
        "establishment": (
            vocab.say("sentence", "main_establishment", country=main, lead=lead_name)
            if main and lead_name
            else None
        ),
        "cross_border": verdict,
    }


def _authority_name(authority: Authority, language: str) -> str:
    """The authority's name in the draft's language, else in its own first language."""
    name = authority.name.get(language) or authority.name_in(authority.languages[0])
    return name if name == authority.short else f"{name} ({authority.short})"
